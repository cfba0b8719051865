import { readFileSync } from 'node:fs';
import {
  ConnectClient,
  InternalServiceException,
  InvalidRequestException,
  ResourceNotFoundException,
  ResumeContactRecordingCommand,
  SuspendContactRecordingCommand,
} from '@aws-sdk/client-connect';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectRecordingControl } from '../../lambdas/aws/connect-recording-control';
import { instanceIdFromArn, RecordingControlError } from '../../lambdas/core/recording/control';
import { logger, metrics } from '../../lambdas/edge/powertools';
import { createHandler, RECORDING_METRICS } from '../../lambdas/recording-control/handler';
import { captureOutput } from '../support/capture-output';

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
  InvalidRequestException: () =>
    new InvalidRequestException({ message: 'The request is not valid.', $metadata: {} }),
  ResourceNotFoundException: () =>
    new ResourceNotFoundException({ message: 'The specified resource was not found.', $metadata: {} }),
} as const;

describe('recording-control Lambda (Connect mocked: it has no local engine)', () => {
  const connect = mockClient(ConnectClient);
  const captured: string[] = [];
  /** Metric names emitted (EMF output is disabled in tests, so the emitter is observed instead). */
  const emitted: string[] = [];
  const handler = createHandler({
    recording: new ConnectRecordingControl(new ConnectClient({ region: 'us-east-1' })),
  });

  beforeAll(() => {
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

  afterAll(() => {
    logger.setLogLevel('INFO');
    vi.restoreAllMocks();
    connect.restore();
  });

  it('suspends the current contact with the instance, contact and initial contact ids', async () => {
    // Prepare
    connect.on(SuspendContactRecordingCommand).resolves({});
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'suspend' }), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'true' });
    expect(emitted).toEqual([RECORDING_METRICS.suspended]);
    const calls = connect.commandCalls(SuspendContactRecordingCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      InstanceId: INSTANCE_ID,
      ContactId: CONTACT_ID,
      InitialContactId: INITIAL_CONTACT_ID,
    });
    expect(connect.commandCalls(ResumeContactRecordingCommand)).toHaveLength(0);
  });

  it('resumes, passing an explicit recording type when the flow names one', async () => {
    // Prepare
    connect.on(ResumeContactRecordingCommand).resolves({});
    // Act
    const result = await handler(event({ action: 'resume', recordingType: 'IVR' }), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'true' });
    expect(connect.commandCalls(ResumeContactRecordingCommand)[0]?.args[0].input).toMatchObject({
      ContactRecordingType: 'IVR',
      ContactId: CONTACT_ID,
    });
  });

  it('uses the contact id as initial contact id when Connect sends none', async () => {
    // Prepare
    connect.on(SuspendContactRecordingCommand).resolves({});
    const e = event({ action: 'suspend' });
    delete e.Details.ContactData.InitialContactId;
    // Act
    await handler(e, CONTEXT);
    // Assess
    expect(connect.commandCalls(SuspendContactRecordingCommand)[0]?.args[0].input).toMatchObject({
      InitialContactId: CONTACT_ID,
    });
  });

  it('fails a resume without throwing: ok false, failure metric and an error log without caller data', async () => {
    // Prepare
    connect
      .on(ResumeContactRecordingCommand)
      .rejects(new InvalidRequestException({ message: 'contact not recording', $metadata: {} }));
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
      const command = action === 'suspend' ? SuspendContactRecordingCommand : ResumeContactRecordingCommand;
      connect.on(command).rejects(refusals[refusal]());
      const before = captured.length;
      emitted.length = 0;
      // Act
      const result = await handler(event({ action }, consent), CONTEXT);
      // Assess
      expect(result).toEqual({ ok: 'true' });
      expect(emitted).toEqual([RECORDING_METRICS.notRecorded]);
      expect(connect.commandCalls(command)).toHaveLength(1);
      const lines = captured.slice(before).join('\n');
      expect(lines).toContain('contact not recorded');
      expect(lines).not.toContain('failed');
      for (const trace of CALLER_NUMBER_TRACES) expect(lines).not.toContain(trace);
    },
  );

  it('fails a refused suspend for a caller who consented: ok false, so no card digit is collected', async () => {
    // Prepare: Connect also answers ResourceNotFoundException for recorded contacts (after a transfer)
    connect.on(SuspendContactRecordingCommand).rejects(refusals.ResourceNotFoundException());
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'suspend' }, 'GRANTED'), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'false' });
    expect(emitted).toEqual([RECORDING_METRICS.suspendFailure]);
  });

  it.each([
    ['a network error', () => new Error('socket hang up')],
    ['an internal service error', () => new InternalServiceException({ message: 'x', $metadata: {} })],
  ])('fails a suspend for a declining caller on %s: ok false, the state is unknown', async (_name, error) => {
    // Prepare
    connect.on(SuspendContactRecordingCommand).rejects(error());
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'suspend' }, 'DECLINED'), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'false' });
    expect(emitted).toEqual([RECORDING_METRICS.suspendFailure]);
  });

  it('suspends a declining caller normally when Connect accepts the request', async () => {
    // Prepare
    connect.on(SuspendContactRecordingCommand).resolves({});
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'suspend' }, 'DECLINED'), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'true' });
    expect(emitted).toEqual([RECORDING_METRICS.suspended]);
  });

  it('fails a suspend on a network error with ok false and the suspend-failure metric', async () => {
    // Prepare
    connect.on(SuspendContactRecordingCommand).rejects(new Error('socket hang up'));
    emitted.length = 0;
    // Act
    const result = await handler(event({ action: 'suspend' }), CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'false' });
    expect(emitted).toEqual([RECORDING_METRICS.suspendFailure]);
  });

  it.each<[string, unknown]>([
    ['an unknown action', event({ action: 'stop' })],
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
    connect.on(SuspendContactRecordingCommand).resolves({});
    // Act
    const result = await handler(payload, CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'false' });
    expect(connect.calls()).toHaveLength(0);
  });

  it('falls back to the configured instance id when the event has no instance ARN', async () => {
    // Prepare
    connect.on(SuspendContactRecordingCommand).resolves({});
    const withFallback = createHandler({
      recording: new ConnectRecordingControl(new ConnectClient({ region: 'us-east-1' })),
      instanceId: 'fallback-instance',
    });
    const e = event({ action: 'suspend' });
    delete e.Details.ContactData.InstanceARN;
    // Act
    const result = await withFallback(e, CONTEXT);
    // Assess
    expect(result).toEqual({ ok: 'true' });
    expect(connect.commandCalls(SuspendContactRecordingCommand)[0]?.args[0].input.InstanceId).toBe(
      'fallback-instance',
    );
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
    const connect = mockClient(ConnectClient);
    connect
      .on(SuspendContactRecordingCommand)
      .rejects(new InvalidRequestException({ message: 'x', $metadata: {} }));
    const control = new ConnectRecordingControl(new ConnectClient({ region: 'us-east-1' }));
    // Act
    const attempt = control.suspend({ instanceId: 'i', contactId: 'c', initialContactId: 'c' });
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(RecordingControlError);
    await expect(attempt).rejects.toMatchObject({
      action: 'suspend',
      errorName: 'InvalidRequestException',
      refused: true,
    });
    connect.restore();
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
