import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that speaks the part of Amazon Connect's REST-JSON API the recording
 * adapter uses (`POST /contact/suspend-recording`, `/contact/resume-recording`, `/contact/stop-recording`): it records
 * each request and answers what a test told it to, in Connect's error format (status code,
 * `x-amzn-ErrorType` header, `{"message"}` body), or drops the connection.
 */

/** Paths of the operations. */
export const SUSPEND_PATH = '/contact/suspend-recording';
export const RESUME_PATH = '/contact/resume-recording';
export const STOP_PATH = '/contact/stop-recording';

/** How the server answers a path. */
export type FakeAnswer =
  | { readonly status: 200 }
  | { readonly status: number; readonly errorType: string }
  | { readonly reset: true };

/** One request the server received. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
  readonly raw: string;
}

/** The running fake. */
export interface FakeConnect {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly requests: FakeRequest[];
  /** Sets how the server answers `path` from now on (default 200 `{}`). */
  answer(path: string, answer: FakeAnswer): void;
  /** The request bodies received for `path`. */
  calls(path: string): Record<string, unknown>[];
  /** Forgets requests and answers. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. */
export async function startFakeConnect(): Promise<FakeConnect> {
  const requests: FakeRequest[] = [];
  const answers = new Map<string, FakeAnswer>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      requests.push({
        method: req.method ?? '',
        path,
        headers: req.headers,
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
        raw,
      });
      const answer = answers.get(path) ?? { status: 200 };
      if ('reset' in answer) {
        req.socket.destroy();
        return;
      }
      if (answer.status === 200) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const { errorType } = answer as { errorType: string };
      res
        .writeHead(answer.status, {
          'content-type': 'application/json',
          'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazonaws.connect/`,
        })
        .end(JSON.stringify({ message: `${errorType} (fake)` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    answer: (path, answer) => answers.set(path, answer),
    calls: (path) => requests.filter((r) => r.path === path).map((r) => r.body),
    reset: () => {
      requests.length = 0;
      answers.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
