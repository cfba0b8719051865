import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CallerFacingFunction, IO_BUDGETS, worstInvocationMs } from '../../lambdas/contracts/io-budgets';
import { eventsReachingAws, PLACEHOLDER_ENV } from '../support/caller-facing';

/**
 * Every caller-facing function, wired exactly as Lambda loads it (its index.ts: environment
 * contract, SDK clients with their I/O budget), against an endpoint that accepts TCP
 * connections and never answers. Each must answer the way its caller copes with (a polite
 * sentence, ok false, an error the flow's error branch takes) instead of hanging past Connect's
 * or Lex's patience. The test bound is the budget's worst case plus slack: a liveness check, not
 * a timing assertion (`npm run bench -- io` prints the measured times).
 */

const CONTEXT = { functionName: 'black-hole', awsRequestId: 'black-hole' } as Context;
const SLACK_MS = 5_000;

let server: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = createServer((socket) => {
    // Accept, read, never answer.
    sockets.push(socket);
    socket.on('data', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, PLACEHOLDER_ENV, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Loads a function's index.ts afresh (its SDK clients are built at import). */
async function invoke(fn: CallerFacingFunction) {
  vi.resetModules();
  const before = sockets.length;
  const { handler } = (await import(`../../lambdas/${fn}/index.ts`)) as {
    handler: (event: unknown, context: Context) => Promise<unknown>;
  };
  const answer = handler(eventsReachingAws()[fn], CONTEXT);
  // The endpoint was reached: the answer comes from the budget, not from a shortcut.
  return { answer, connections: () => sockets.length - before };
}

const bound = (fn: CallerFacingFunction) => worstInvocationMs(IO_BUDGETS[fn]) + SLACK_MS;

describe('caller-facing functions against an endpoint that never answers', () => {
  it(
    'consent: fails the invocation within its budget, so the flow takes its error branch (recording off, apology)',
    async () => {
      const { answer, connections } = await invoke('consent');
      await expect(answer).rejects.toThrow();
      expect(connections()).toBeGreaterThan(0);
    },
    bound('consent'),
  );

  it(
    'fulfillment: answers "try again in a few minutes, nothing changed", the session still open',
    async () => {
      const { answer, connections } = await invoke('fulfillment');
      const r = (await answer) as {
        sessionState: { dialogAction: { type: string } };
        messages: { content: string }[];
      };
      expect(r.sessionState.dialogAction.type).toBe('ElicitIntent');
      expect(r.messages[0]?.content).toMatch(/nothing has been changed\. Please try again in a few minutes/);
      expect(connections()).toBeGreaterThan(0);
    },
    bound('fulfillment'),
  );

  it(
    'payment: answers ERROR, nothing charged, so the flow tells the caller and resumes recording',
    async () => {
      const { answer, connections } = await invoke('payment');
      const r = (await answer) as Record<string, string>;
      expect(r.result).toBe('ERROR');
      expect(r.unconfirmed).toBeUndefined();
      expect(connections()).toBeGreaterThan(0);
    },
    bound('payment'),
  );

  it(
    'recording-control: answers ok false, so the flow never collects card digits',
    async () => {
      const { answer, connections } = await invoke('recording-control');
      expect(await answer).toEqual({ ok: 'false' });
      expect(connections()).toBeGreaterThan(0);
    },
    bound('recording-control'),
  );

  it(
    'survey: answers caseOpened false, so the caller hears a plain thank-you (no case is promised)',
    async () => {
      const { answer, connections } = await invoke('survey');
      expect(await answer).toEqual({ caseOpened: 'false' });
      expect(connections()).toBeGreaterThan(0);
    },
    bound('survey'),
  );
});
