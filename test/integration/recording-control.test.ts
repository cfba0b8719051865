import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // This file reads what the handlers log (vitest.config.ts silences logs elsewhere).
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

import { ConnectRecordingControl } from '../../lambdas/aws/connect-recording-control';
import { IO_BUDGETS } from '../../lambdas/contracts/io-budgets';
import { instanceIdFromArn, RecordingControlError } from '../../lambdas/core/recording/control';
import { logger, metrics } from '../../lambdas/edge/powertools';
import { createHandler, RECORDING_METRICS } from '../../lambdas/recording-control/handler';
import { captureOutput } from '../support/capture-output';
import {
  type FakeConnect,
  RESUME_PATH,
  STOP_PATH,
  SUSPEND_PATH,
  startFakeConnect,
} from '../support/fake-connect';

const CONTEXT = { functionName: 'recording-control', awsRequestId: 'test' } as Context;
const fixture = readFileSync(new URL('../fixtures/payment/payment-event.json', import.meta.url), 'utf8');
const INSTANCE_ID = '0e3f6a1c-0000-4000-8000-00000000c0de';
const CONTACT_ID = '5ca1ab1e-0000-4000-8000-0000000b0001';
const INITIAL_CONTACT_ID = '5ca1ab1e-0000-4000-8000-0000000b0000';
const CALLER_NUMBER_TRACES = ['5555550142', '555-0142'];

/** A Connect event for this contact; `consent` replaces the fixture's GRANTED (null removes it). */
function event(parameters: Record<string, string>, consent: string | null = 'GRANTED') {
  const e = JSON.parse(fixture);
  e.Details.ContactData.ContactId = CONTACT_ID;
  e.Details.ContactData.InitialContactId = INITIAL_CONTACT_ID;
  e.Details.Parameters = parameters;
  if (consent === null) delete e.Details.ContactData.Attributes.consent;
  else e.Details.ContactData.Attributes.consent = consent;
  return e;
}

/** What Connect answers when it refuses the request for the contact (see REFUSAL_ERRORS). */
const refusals = {
  InvalidRequestException: { status: 400, errorType: 'InvalidRequestException' },
  ResourceNotFoundException: { status: 404, errorType: 'ResourceNotFoundException' },
} as const;

/** The adapter against the fake, with the function's own budget. */
const adapter = (fake: FakeConnect) =>
  new ConnectRecordingControl({
    region: 'us-east-1',
    endpoint: fake.endpoint,
    credentials: async () => ({ accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' }),
    budget: IO_BUDGETS['recording-control'],
  });

describe('recording-control Lambda (against a local server speaking Connect REST-JSON)', () => {
  let connect: FakeConnect;
  const captured: string[] = [];
  /** Metric names emitted (EMF output is disabled in tests, so the emitter is observed instead). */
  const emitted: string[] = [];
  let handler: ReturnType<typeof createHandler>;

  beforeAll(async () => {
    connect = await startFakeConnect();
    handler = createHandler({ recording: adapter(connect) });
    captureOutput(captured, { console: false });
    vi.spyOn(metrics, 'singleMetric').mockImplementation(
      () =>
        ({
          addDimension: () => undefined,
          addMetric: (name: string) => {
            emitted.push(name);
          },
        }) as any,
    );
    logger.setLogLevel('DEBUG');
  });

  afterEach(() => {
    connect.reset();
  });

  afterAll(async () => {
    logger.setLogLevel('INFO');
    vi.restoreAllMocks();
    await connect.close();
  });

  it('suspends the current contact with the instance, contact and initial contact ids', async () => {
    // Prepare
    connect.answer(SUSPEND_PATH, { status: 200 });
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'suspend' }), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'true' });
    expect(emitted).toEqual([RECORDING_METRICS.suspended]);
    const calls = connect.calls(SUSPEND_PATH);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual({
      InstanceId: INSTANCE_ID,
      ContactId: CONTACT_ID,
      InitialContactId: INITIAL_CONTACT_ID,
    });
    expect(connect.calls(RESUME_PATH)).toHaveLength(0);
  });

  it('stops the recording for good when the caller withdraws (StopContactRecording)', async () => {
    // Prepare
    connect.answer(STOP_PATH, { status: 200 });
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'stop' }, 'WITHDRAWN'), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'true' });
    expect(emitted).toEqual([RECORDING_METRICS.stopped]);
    expect(connect.calls(STOP_PATH)).toEqual([
      { InstanceId: INSTANCE_ID, ContactId: CONTACT_ID, InitialContactId: INITIAL_CONTACT_ID },
    ]);
  });

  it('answers ok false and alarms when a stop fails for a recorded contact', async () => {
    connect.answer(STOP_PATH, { status: 500, errorType: 'InternalServiceException' });
    emitted.length = 0;
    const result = await handler(event({ action: 'stop' }, 'WITHDRAWN'), CONTEXT);
    expect(result).toEqual({ ok: 'false' });
    expect(emitted).toContain(RECORDING_METRICS.stopFailure);
  });

  it.each(['suspend', 'resume'])(
    'never sends a %s to Connect once consent is withdrawn (the recording is stopped)',
    async (action) => {
      // Prepare
      connect.answer(SUSPEND_PATH, { status: 200 });
      connect.answer(RESUME_PATH, { status: 200 });
      // Act
      const result = await handler(event({ action }, 'WITHDRAWN'), CONTEXT);
      // Assess
      expect(result).toEqual({ ok: 'true' });
      expect(connect.requests).toEqual([]);
    },
  );

  it('resumes, passing an explicit recording type when the flow names one', async () => {
    // Prepare
    connect.answer(RESUME_PATH, { status: 200 });
    // Act
    const result = await handler(event({ action: 'resume', recordingType: 'IVR' }), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'true' });
    expect(connect.calls(RESUME_PATH)[0]).toMatchObject({
      ContactRecordingType: 'IVR',
      ContactId: CONTACT_ID,
    });
  });

  it('uses the contact id as initial contact id when Connect sends none', async () => {
    // Prepare
    connect.answer(SUSPEND_PATH, { status: 200 });
    const e = event({ action: 'suspend' });
    delete e.Details.ContactData.InitialContactId;
    // Act
    await handler(e, CONTEXT);
    // Assess
    expect(connect.calls(SUSPEND_PATH)[0]).toMatchObject({
      InitialContactId: CONTACT_ID,
    });
  });

  it('fails a resume without throwing: ok false, failure metric and an error log without caller data', async () => {
    // Prepare
    connect.answer(RESUME_PATH, refusals.InvalidRequestException);
    const before = captured.length;
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'resume' }), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'false' });
    const lines = captured.slice(before).join('\n');
    expect(lines).toContain('recording resume failed');
    expect(lines).toContain('InvalidRequestException');
    expect(emitted).toEqual([RECORDING_METRICS.resumeFailure]);
    for (const trace of CALLER_NUMBER_TRACES) expect(lines).not.toContain(trace);
  });

  it.each([
    ['DECLINED', 'suspend', 'InvalidRequestException'],
    ['DECLINED', 'resume', 'InvalidRequestException'],
    ['DECLINED', 'suspend', 'ResourceNotFoundException'],
    ['NO_INPUT', 'suspend', 'InvalidRequestException'],
    ['INVALID', 'resume', 'ResourceNotFoundException'],
    [null, 'suspend', 'InvalidRequestException'],
  ] as const)(
    'answers ok true with the not-recorded metric when consent is %s and Connect refuses %s with %s',
    async (consent, action, refusal) => {
      // Prepare: the flow never enabled recording for this caller, so Connect has nothing to act on
      const path = action === 'suspend' ? SUSPEND_PATH : RESUME_PATH;
      connect.answer(path, refusals[refusal]);
      const before = captured.length;
      emitted.length = 0;
      // Act
      const result = await handler(event({ action }, consent), CONTEXT);
      // Assess
      expect(result).toEqual({ ok: 'true' });
      expect(emitted).toEqual([RECORDING_METRICS.notRecorded]);
      expect(connect.calls(path)).toHaveLength(1);
      const lines = captured.slice(before).join('\n');
      expect(lines).toContain('contact not recorded');
      expect(lines).not.toContain('failed');
      for (const trace of CALLER_NUMBER_TRACES) expect(lines).not.toContain(trace);
    },
  );

  it('fails a refused suspend for a caller who consented: ok false, so no card digit is collected', async () => {
    // Prepare: Connect also answers ResourceNotFoundException for recorded contacts (after a transfer)
    connect.answer(SUSPEND_PATH, refusals.ResourceNotFoundException);
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'suspend' }, 'GRANTED'), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'false' });
    expect(emitted).toEqual([RECORDING_METRICS.suspendFailure]);
  });

  it.each([
    ['a dropped connection', { reset: true } as const],
    ['an internal service error', { status: 500, errorType: 'InternalServiceException' }],
  ])(
    'fails a suspend for a declining caller on %s: ok false, the state is unknown',
    async (_name, answer) => {
      // Prepare
      connect.answer(SUSPEND_PATH, answer);
      emitted.length = 0;
      // Act
      const result = await handler(event({ action: 'suspend' }, 'DECLINED'), CONTEXT);
      // Assess
      expect(result).toEqual({ ok: 'false' });
      expect(emitted).toEqual([RECORDING_METRICS.suspendFailure]);
    },
  );

  it('suspends a declining caller normally when Connect accepts the request', async () => {
    // Prepare
    connect.answer(SUSPEND_PATH, { status: 200 });
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'suspend' }, 'DECLINED'), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'true' });
    expect(emitted).toEqual([RECORDING_METRICS.suspended]);
  });

  it('fails a suspend on a dropped connection with ok false and the suspend-failure metric', async () => {
    // Prepare
    connect.answer(SUSPEND_PATH, { reset: true });
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'suspend' }), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'false' });
    expect(emitted).toEqual([RECORDING_METRICS.suspendFailure]);
  });

  it.each<[string, unknown]>([
    ['an unknown action', event({ action: 'restart' })],
    ['no action', event({})],
    ['an unknown recording type', event({ action: 'suspend', recordingType: 'VIDEO' })],
    ['a malformed event', { Name: 'ContactFlowEvent' }],
    [
      'an event without instance ARN',
      (() => {
        const e = event({ action: 'suspend' });
        delete e.Details.ContactData.InstanceARN;
        return e;
      })(),
    ],
  ])('rejects %s with ok false and calls nothing', async (_name, payload) => {
    // Prepare
    connect.answer(SUSPEND_PATH, { status: 200 });
    // Act
    const result = await handler(payload, CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'false' });
    expect(connect.requests).toHaveLength(0);
  });

  it('falls back to the configured instance id when the event has no instance ARN', async () => {
    // Prepare
    connect.answer(SUSPEND_PATH, { status: 200 });
    const withFallback = createHandler({ recording: adapter(connect), instanceId: 'fallback-instance' });
    const e = event({ action: 'suspend' });
    delete e.Details.ContactData.InstanceARN;
    // Act
    const result = await withFallback(e, CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'true' });
    expect(connect.calls(SUSPEND_PATH)[0]?.InstanceId).toBe('fallback-instance');
  });
});

describe('recording-control port', () => {
  it('reads the instance id out of an instance ARN and rejects other ARNs', () => {
    // Prepare / Act / Assess
    expect(instanceIdFromArn(`arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE_ID}`)).toBe(
      INSTANCE_ID,
    );
    expect(instanceIdFromArn(`arn:aws-cn:connect:cn-north-1:111122223333:instance/${INSTANCE_ID}`)).toBe(
      INSTANCE_ID,
    );
    expect(instanceIdFromArn('arn:aws:s3:::bucket')).toBeUndefined();
    expect(instanceIdFromArn(undefined)).toBeUndefined();
  });

  it('rejects with a typed error naming the action and the error class', async () => {
    // Prepare
    const connect = await startFakeConnect();
    connect.answer(SUSPEND_PATH, refusals.InvalidRequestException);
    const control = adapter(connect);
    // Act
    const attempt = control.suspend({ instanceId: 'i', contactId: 'c', initialContactId: 'c' });
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(RecordingControlError);
    await expect(attempt).rejects.toMatchObject({
      action: 'suspend',
      errorName: 'InvalidRequestException',
      refused: true,
    });
    await connect.close();
  });

  it.each([
    ['InvalidRequestException', true],
    ['ResourceNotFoundException', true],
    ['InternalServiceException', false],
    ['ThrottlingException', false],
    ['Error', false],
  ])('classifies %s as refused=%s', (errorName, refused) => {
    // Prepare / Act
    const error = new RecordingControlError('resume', errorName);
    // Assess
    expect(error.refused).toBe(refused);
  });
});

describe('the Connect adapter sends what the AWS SDK sends', () => {
  const credentials = async () => ({ accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' });
  const ref = { instanceId: INSTANCE_ID, contactId: CONTACT_ID, initialContactId: INITIAL_CONTACT_ID };

  it.each([
    ['suspend', SUSPEND_PATH],
    ['resume', RESUME_PATH],
  ] as const)(
    '%s: same method, path, content type and body; same signing scope; a signature that verifies',
    async (action, path) => {
      // Prepare
      const { ConnectClient, ResumeContactRecordingCommand, SuspendContactRecordingCommand } = await import(
        '@aws-sdk/client-connect'
      );
      const { SignatureV4 } = await import('@smithy/signature-v4');
      const { HttpRequest } = await import('@smithy/core/protocols');
      const { Sha256 } = await import('@aws-crypto/sha256-js');
      const fake = await startFakeConnect();
      const sdk = new ConnectClient({
        region: 'us-east-1',
        endpoint: fake.endpoint,
        credentials,
        maxAttempts: 1,
      });
      const input = {
        InstanceId: ref.instanceId,
        ContactId: ref.contactId,
        InitialContactId: ref.initialContactId,
        ContactRecordingType: 'IVR' as const,
      };
      // Act
      await sdk.send(
        action === 'suspend'
          ? new SuspendContactRecordingCommand(input)
          : new ResumeContactRecordingCommand(input),
      );
      await adapter(fake)[action](ref, 'IVR');
      // Assess
      const [bySdk, byAdapter] = fake.requests;
      expect(byAdapter?.method).toBe(bySdk?.method);
      expect(byAdapter?.path).toBe(path);
      expect(bySdk?.path).toBe(path);
      expect(byAdapter?.headers['content-type']).toBe(bySdk?.headers['content-type']);
      expect(byAdapter?.body).toEqual(bySdk?.body);
      const scope = (auth: unknown) =>
        /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(auth))?.slice(1);
      expect(scope(byAdapter?.headers.authorization)).toEqual(scope(bySdk?.headers.authorization));
      expect(scope(byAdapter?.headers.authorization)).toEqual(['us-east-1', 'connect']);
      // The adapter's signature, recomputed over what the server received.
      const signedHeaders =
        /SignedHeaders=([^,]+)/.exec(String(byAdapter?.headers.authorization))?.[1]?.split(';') ?? [];
      const amzDate = String(byAdapter?.headers['x-amz-date']);
      const signingDate = new Date(
        `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
      );
      const url = new URL(fake.endpoint);
      const again = await new SignatureV4({
        service: 'connect',
        region: 'us-east-1',
        credentials,
        sha256: Sha256,
      }).sign(
        new HttpRequest({
          method: 'POST',
          protocol: url.protocol,
          hostname: url.hostname,
          port: Number(url.port),
          path,
          headers: Object.fromEntries(signedHeaders.map((h) => [h, String(byAdapter?.headers[h])])),
          body: byAdapter?.raw,
        }),
        { signingDate },
      );
      expect(again.headers.authorization).toBe(byAdapter?.headers.authorization);
      sdk.destroy();
      await fake.close();
    },
  );
});
