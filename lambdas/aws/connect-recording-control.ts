import { createHash, createHmac } from 'node:crypto';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { IoBudget } from '../contracts/io-budgets';
import {
  type ContactRef,
  type RecordingAction,
  type RecordingControl,
  RecordingControlError,
  type RecordingKind,
} from '../core/recording/control';

/**
 * Amazon Connect's `SuspendContactRecording`, `ResumeContactRecording` and `StopContactRecording`, called over Connect's
 * REST-JSON API (`POST /contact/suspend-recording`, `POST /contact/resume-recording`,
 * `POST /contact/stop-recording`, body
 * `{InstanceId, ContactId, InitialContactId, ContactRecordingType?}`) with the AWS SDK's own
 * SigV4 signer and Node.js HTTP handler.
 *
 * Why not `@aws-sdk/client-connect`: its request schemas cover every Connect operation in one
 * module of about 200 KB that no bundler can split, which would be half of this caller-facing
 * function. A test sends the same requests through the SDK client and through this adapter to a
 * local server and checks that method, path, headers and body agree, and that the signature
 * verifies.
 */

/** SHA-256 and HMAC-SHA256 for the signer, from Node's crypto (what `@smithy/hash-node` does). */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** Errors worth another attempt: throttling and Connect's own failures (the request may not have been handled). */
const RETRYABLE = new Set(['ThrottlingException', 'InternalServiceException', 'ServiceUnavailableException']);

/** Options of {@link ConnectRecordingControl}. */
export interface ConnectRecordingControlOptions {
  /** Region of the Connect instance. @default AWS_REGION */
  readonly region?: string;
  /** @default `https://connect.<region>.amazonaws.com`, or AWS_ENDPOINT_URL_CONNECT / AWS_ENDPOINT_URL as the SDK reads them */
  readonly endpoint?: string;
  /** @default the Lambda environment's credentials */
  readonly credentials?: AwsCredentialIdentityProvider;
  /** Timeouts, attempts and retry delay. */
  readonly budget: IoBudget;
}

/** The Amazon Connect adapter of {@link RecordingControl}. */
export class ConnectRecordingControl implements RecordingControl {
  private readonly url: URL;
  private readonly signer: SignatureV4;
  private readonly http: NodeHttpHandler;
  private readonly budget: IoBudget;

  constructor(options: ConnectRecordingControlOptions) {
    const region = options.region ?? process.env.AWS_REGION ?? '';
    if (!region) throw new Error('the Connect region is not known: set AWS_REGION');
    this.url = new URL(
      options.endpoint ??
        process.env.AWS_ENDPOINT_URL_CONNECT ??
        process.env.AWS_ENDPOINT_URL ??
        `https://connect.${region}.amazonaws.com`,
    );
    this.signer = new SignatureV4({
      service: 'connect',
      region,
      credentials: options.credentials ?? fromEnv(),
      sha256: NodeSha256,
    });
    this.budget = options.budget;
    this.http = new NodeHttpHandler({
      connectionTimeout: options.budget.connectionTimeoutMs,
      requestTimeout: options.budget.requestTimeoutMs,
      // Otherwise a passed requestTimeout is only logged and the request goes on waiting.
      throwOnRequestTimeout: true,
    });
  }

  suspend(contact: ContactRef, kind?: RecordingKind): Promise<void> {
    return this.call('suspend', '/contact/suspend-recording', contact, kind);
  }

  resume(contact: ContactRef, kind?: RecordingKind): Promise<void> {
    return this.call('resume', '/contact/resume-recording', contact, kind);
  }

  stop(contact: ContactRef, kind?: RecordingKind): Promise<void> {
    return this.call('stop', '/contact/stop-recording', contact, kind);
  }

  private async call(
    action: RecordingAction,
    path: string,
    contact: ContactRef,
    kind: RecordingKind | undefined,
  ): Promise<void> {
    const body = JSON.stringify({
      InstanceId: contact.instanceId,
      ContactId: contact.contactId,
      InitialContactId: contact.initialContactId,
      ...(kind ? { ContactRecordingType: kind } : {}),
    });
    let last: { name: string; cause?: unknown } = { name: 'Unknown' };
    for (let attempt = 1; attempt <= this.budget.maxAttempts; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, this.budget.retryDelayMs));
      try {
        const outcome = await this.send(path, body);
        if (outcome === undefined) return;
        last = { name: outcome };
        if (!RETRYABLE.has(outcome)) break;
      } catch (error) {
        // No answer (timeout, connection refused or reset): the request may not have arrived.
        last = { name: error instanceof Error ? error.name : 'Unknown', cause: error };
      }
    }
    throw new RecordingControlError(action, last.name, { cause: last.cause });
  }

  /** One signed request; undefined on success, else the error name Connect answered. */
  private async send(path: string, body: string): Promise<string | undefined> {
    const request = new HttpRequest({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      ...(this.url.port ? { port: Number(this.url.port) } : {}),
      path,
      headers: {
        host: this.url.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
    const signed = await this.signer.sign(request);
    const { response } = await this.http.handle(signed as HttpRequest);
    const text = await readBody(response.body);
    if (response.statusCode >= 200 && response.statusCode < 300) return undefined;
    // REST-JSON errors name their type in x-amzn-ErrorType ("Name:namespace") or the body.
    const header = Object.entries(response.headers).find(
      ([k]) => k.toLowerCase() === 'x-amzn-errortype',
    )?.[1];
    let fromBody: string | undefined;
    try {
      const parsed = JSON.parse(text) as { __type?: string; code?: string };
      fromBody = parsed.__type ?? parsed.code;
    } catch {
      fromBody = undefined;
    }
    const raw = header ?? fromBody ?? `Http${response.statusCode}`;
    return raw.split(':')[0]?.split('#').at(-1) ?? raw;
  }
}

async function readBody(stream: unknown): Promise<string> {
  if (!stream || typeof (stream as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function') return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
