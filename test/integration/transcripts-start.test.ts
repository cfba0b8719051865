import {
  ConflictException,
  StartTranscriptionJobCommand,
  TranscribeClient,
} from '@aws-sdk/client-transcribe';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshTables } from '../support/dynamo';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const { createHandler } = await import('../../lambdas/transcription-start/handler');
const { AwsTranscriber } = await import('../../lambdas/aws/transcribe');
const { DynamoConsentLedger, DynamoConsentLookup } = await import('../../lambdas/aws/dynamo-consent-ledger');

/**
 * The start handler over the real consent ledger (DynamoDB Local) and the AWS Transcribe adapter
 * (SDK mock: Transcribe has no local engine).
 */

const CONTEXT = { functionName: 'transcription-start', awsRequestId: 'test' } as Context;
const SETTINGS = {
  outputBucket: 'work-bucket',
  outputKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000001',
  dataAccessRoleArn: 'arn:aws:iam::111122223333:role/TranscribeAccessRole',
};
const transcribe = mockClient(TranscribeClient);
let doc: DynamoDBDocumentClient;
let ledger: string;
let writer: InstanceType<typeof DynamoConsentLedger>;

const recordingEvent = (contactId: string) => ({
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: {
    bucket: { name: 'staging-bucket' },
    object: { key: `connect/phone-robot-dev/CallRecordings/2026/11/01/${contactId}_20261101T09:15_UTC.wav` },
  },
});
const decide = (contactId: string, decision: 'GRANTED' | 'DECLINED', locale: 'en-US' | 'zh-CN') =>
  writer.appendOnce({
    contactId,
    decision,
    locale,
    noticeVersion: '2026-11-01',
    noticeSha256: 'c'.repeat(64),
    decidedAt: '2026-11-01T09:14:00.000Z',
  });
const handler = () =>
  createHandler({
    consent: new DynamoConsentLookup(doc, ledger),
    transcriber: new AwsTranscriber(new TranscribeClient({ region: 'us-east-1' }), SETTINGS),
    staging: { bucket: 'staging-bucket', delete: async (key: string) => void deleted.push(key) },
  });
const deleted: string[] = [];

beforeAll(async () => {
  const { client, names } = await freshTables();
  doc = DynamoDBDocumentClient.from(client);
  ledger = names.consentLedger;
  writer = new DynamoConsentLedger(client, ledger);
});
beforeEach(() => {
  transcribe.reset();
  transcribe.on(StartTranscriptionJobCommand).resolves({});
});

describe('transcription start', () => {
  it('starts an en-US job with Transcribe redaction, the data-access role and an idempotent name', async () => {
    // Prepare
    const id = 'a1b2c3d4-0000-4000-8000-000000000001';
    await decide(id, 'GRANTED', 'en-US');
    // Act
    const outcome = await handler()(recordingEvent(id), CONTEXT);
    // Assess
    expect(outcome).toEqual({ kind: 'STARTED', jobName: `phone-robot-${id}`, locale: 'en-US' });
    const input = transcribe.commandCalls(StartTranscriptionJobCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      TranscriptionJobName: `phone-robot-${id}`,
      LanguageCode: 'en-US',
      Media: { MediaFileUri: `s3://staging-bucket/${recordingEvent(id).detail.object.key}` },
      OutputBucketName: 'work-bucket',
      OutputKey: `raw/phone-robot-${id}.json`,
      OutputEncryptionKMSKeyId: SETTINGS.outputKeyArn,
      Settings: { ChannelIdentification: true },
      ContentRedaction: { RedactionType: 'PII', RedactionOutput: 'redacted' },
      JobExecutionSettings: { AllowDeferredExecution: true, DataAccessRoleArn: SETTINGS.dataAccessRoleArn },
    });
  });

  it('starts a zh-CN job without Transcribe redaction (unsupported; our redactor runs later)', async () => {
    const id = 'a1b2c3d4-0000-4000-8000-000000000002';
    await decide(id, 'GRANTED', 'zh-CN');
    await handler()(recordingEvent(id), CONTEXT);
    const input = transcribe.commandCalls(StartTranscriptionJobCommand)[0]?.args[0].input;
    expect(input?.LanguageCode).toBe('zh-CN');
    expect(input?.ContentRedaction).toBeUndefined();
  });

  it('treats a job that already exists as started (retries are idempotent)', async () => {
    const id = 'a1b2c3d4-0000-4000-8000-000000000003';
    await decide(id, 'GRANTED', 'en-US');
    transcribe
      .on(StartTranscriptionJobCommand)
      .rejects(new ConflictException({ message: 'The requested job name already exists.', $metadata: {} }));
    const outcome = await handler()(recordingEvent(id), CONTEXT);
    expect(outcome).toMatchObject({ kind: 'ALREADY_STARTED' });
  });

  it('refuses to transcribe a contact whose ledger decision is not GRANTED', async () => {
    const id = 'a1b2c3d4-0000-4000-8000-000000000004';
    await decide(id, 'DECLINED', 'en-US');
    const outcome = await handler()(recordingEvent(id), CONTEXT);
    expect(outcome).toEqual({ kind: 'REFUSED', contactId: id, reason: 'NOT_GRANTED' });
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)).toHaveLength(0);
    // The staged recording is deleted at once: it never reaches the vault.
    expect(deleted).toContain(recordingEvent(id).detail.object.key);
  });

  it('refuses to transcribe a contact that withdrew its GRANTED consent', async () => {
    const id = 'a1b2c3d4-0000-4000-8000-000000000006';
    await decide(id, 'GRANTED', 'en-US');
    await writer.appendWithdrawal({
      contactId: id,
      withdrawnAt: '2026-11-01T09:15:00.000Z',
      via: 'CALLER',
      locale: 'en-US',
      noticeVersion: '2026-11-01',
    });
    const outcome = await handler()(recordingEvent(id), CONTEXT);
    expect(outcome).toEqual({ kind: 'REFUSED', contactId: id, reason: 'WITHDRAWN' });
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)).toHaveLength(0);
    expect(deleted).toContain(recordingEvent(id).detail.object.key);
  });

  it('refuses a recording whose ledger item is unreadable (tampered) instead of guessing', async () => {
    const id = 'a1b2c3d4-0000-4000-8000-000000000007';
    await doc.send(
      new PutCommand({ TableName: ledger, Item: { contactId: id, event: 'DECISION', decision: 'GRANTED' } }),
    );
    await expect(handler()(recordingEvent(id), CONTEXT)).rejects.toMatchObject({ failure: 'CORRUPT' });
    expect(transcribe.commandCalls(StartTranscriptionJobCommand)).toHaveLength(0);
  });

  it('refuses a recording without any ledger entry', async () => {
    const outcome = await handler()(recordingEvent('a1b2c3d4-0000-4000-8000-000000000099'), CONTEXT);
    expect(outcome).toMatchObject({ kind: 'REFUSED', reason: 'NO_CONSENT_ON_RECORD' });
  });

  it('rethrows throttling so Lambda retries with backoff', async () => {
    const id = 'a1b2c3d4-0000-4000-8000-000000000005';
    await decide(id, 'GRANTED', 'en-US');
    transcribe
      .on(StartTranscriptionJobCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(handler()(recordingEvent(id), CONTEXT)).rejects.toThrow(/Rate exceeded/);
  });

  it('rejects an event that is not an S3 Object Created event', async () => {
    await expect(handler()({ source: 'aws.s3', detail: {} }, CONTEXT)).rejects.toMatchObject({
      name: 'MalformedEventError',
    });
  });
});
