import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { transcriptRecordSchema } from '../../lambdas/contracts/lake';
import { freshTables } from '../support/dynamo';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const { createHandler } = await import('../../lambdas/transcript-redact/handler');
const { rawTranscriptKey, transcriptionJobName } = await import('../../lambdas/contracts/transcription');
const { FolderObjectStore } = await import('../../local/aws/folder-store');
const { FolderRecordingStore } = await import('../../local/aws/recording-store');
const { LocalVault } = await import('../../local/aws/vault');
const { parseWav, pcm16Channel, pcm16Wav } = await import('../../lambdas/core/audio/wav');
const { LocalAnalytics } = await import('../../local/analytics/duckdb');
const { DynamoConsentLedger, DynamoConsentLookup } = await import('../../lambdas/aws/dynamo-consent-ledger');
const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
type Transcriber = import('../../lambdas/core/transcription/ports').Transcriber;
type ConsentLookup = import('../../lambdas/core/transcription/ports').ConsentLookup;
type Ledger = InstanceType<typeof DynamoConsentLedger>;

/**
 * The lake writer: a raw Transcribe output with seeded personal data goes through the real redact
 * handler (folder-backed stores stand in for S3; Transcribe, which has no local engine, is a fake
 * port; the consent ledger is DynamoDB Local) and the lake row holds none of it.
 */

const CONTEXT = { functionName: 'transcript-redact', awsRequestId: 'test-request' } as Context;
const CONTACT = '6f1c2a9e-0d4b-4c1e-9a7b-2b8f3c4d5e6f';
const JOB = transcriptionJobName(CONTACT);
const STAGED_KEY = `connect/phone-robot-dev/CallRecordings/2026/11/01/${CONTACT}_20261101T23:59_UTC.wav`;
const MEDIA = `s3://staging/${STAGED_KEY}`;
/** 90 s of a steady tone on both channels: any silenced stretch shows as zeros. */
const RECORDING = pcm16Wav(
  [0, 1].map(() => Int16Array.from({ length: 90 * 8000 }, (_, i) => Math.round(3000 * Math.sin(i / 5)))),
  8000,
);
/** Seeded values: a mainland mobile, a checksum-valid fake PRC ID, a Luhn-valid test card (all synthetic). */
const SEEDED = { phone: '13800138000', id: '11010519491231002X', card: '6222021234567890128' };

function zhOutput(): object {
  return {
    jobName: JOB,
    accountId: '111122223333',
    status: 'COMPLETED',
    results: {
      transcripts: [{ transcript: '...' }],
      audio_segments: [
        {
          id: 0,
          transcript: '您好，请问有什么可以帮您？',
          start_time: '0.5',
          end_time: '2.0',
          channel_label: 'ch_1',
          items: [],
        },
        {
          id: 1,
          transcript: `我的手机号是${SEEDED.phone}，身份证${SEEDED.id}。`,
          start_time: '30.0',
          end_time: '36.0',
          channel_label: 'ch_0',
          items: [],
        },
        {
          id: 2,
          transcript: '卡号是6222 0212 3456 7890 128，有效期二八年',
          start_time: '75.25',
          end_time: '80',
          channel_label: 'ch_0',
          items: [],
        },
      ],
    },
  };
}

function enOutputFromItems(): object {
  const word = (content: string, start: number, channel: string) => ({
    start_time: String(start),
    end_time: String(start + 0.3),
    type: 'pronunciation',
    channel_label: channel,
    alternatives: [{ confidence: '0.99', content }],
  });
  const dot = (channel: string) => ({
    type: 'punctuation',
    channel_label: channel,
    alternatives: [{ content: '.' }],
  });
  const said = 'my card number is 4111 1111 1111 1111 and my phone is 555 0123'.split(' ');
  return {
    jobName: JOB,
    results: {
      transcripts: [{ transcript: '...' }],
      channel_labels: {
        number_of_channels: 2,
        channels: [
          {
            channel_label: 'ch_0',
            items: [...said.map((w, i) => word(w, 5 + i * 0.4, 'ch_0')), dot('ch_0')],
          },
          { channel_label: 'ch_1', items: [word('Thank', 1, 'ch_1'), word('you', 1.3, 'ch_1'), dot('ch_1')] },
        ],
      },
    },
  };
}

class FakeTranscriber implements Transcriber {
  constructor(private readonly languageCode: string) {}
  async start(): Promise<boolean> {
    throw new Error('not used');
  }
  async get(jobName: string) {
    return {
      jobName,
      status: 'COMPLETED' as const,
      languageCode: this.languageCode,
      mediaUri: MEDIA,
      failureReason: undefined,
    };
  }
}

const event = (jobName = JOB) => ({
  version: '0',
  id: 'e1',
  source: 'aws.transcribe',
  'detail-type': 'Transcribe Job State Change',
  account: '111122223333',
  region: 'us-east-1',
  time: '2026-11-02T00:05:00Z',
  resources: [],
  detail: { TranscriptionJobName: jobName, TranscriptionJobStatus: 'COMPLETED' },
});

let root: string;
let raw: InstanceType<typeof FolderObjectStore>;
let lake: InstanceType<typeof FolderObjectStore>;
let staging: InstanceType<typeof FolderRecordingStore>;
let vault: InstanceType<typeof LocalVault>;
let turnOutcomes: { outcome: string; at: string }[] = [];
let ledger: Ledger;
let consent: ConsentLookup;
const grant = (contactId: string) =>
  ledger.appendOnce({
    contactId,
    decision: 'GRANTED',
    noticeVersion: '2026-12-01',
    noticeSha256: 'c'.repeat(64),
    locale: 'zh-CN',
    decidedAt: '2026-11-01T23:58:00.000Z',
  });
beforeAll(async () => {
  const { client, names } = await freshTables();
  ledger = new DynamoConsentLedger(client, names.consentLedger);
  consent = new DynamoConsentLookup(DynamoDBDocumentClient.from(client), names.consentLedger);
  await grant(CONTACT);
});
const deps = (languageCode: string) => ({
  transcriber: new FakeTranscriber(languageCode),
  consent,
  raw,
  lake,
  staging,
  vault,
  turns: { turns: async () => turnOutcomes },
});
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'phone-robot-redact-'));
  raw = new FolderObjectStore(join(root, 'work'));
  lake = new FolderObjectStore(join(root, 'lake'));
  staging = new FolderRecordingStore(join(root, 'staging'), 'staging');
  vault = new LocalVault(join(root, 'vault'), 365);
  turnOutcomes = [];
  await staging.put(STAGED_KEY, RECORDING);
});
/** Seconds of the vault's redacted recording that are silent on both channels. */
const silentSeconds = async (from: number, to: number): Promise<boolean> => {
  const file = await new FolderRecordingStore(join(root, 'vault'), 'vault').get(STAGED_KEY);
  if (!file) throw new Error('no redacted recording in the vault');
  const wav = parseWav(file);
  return [0, 1].every((c) =>
    pcm16Channel(wav, c)
      .subarray(from * 8000, to * 8000)
      .every((x) => x === 0),
  );
};

const lakeLines = (date: string): Record<string, unknown>[] => {
  const file = join(root, 'lake', 'transcripts', `dt=${date}`, `part-${CONTACT}.jsonl`);
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
};

describe('redact handler -> lake (zh-CN, which Transcribe cannot redact)', () => {
  it('writes redacted rows with none of the seeded ID, phone or card number, and deletes the raw output', async () => {
    // Prepare
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    const handler = createHandler(deps('zh-CN'));
    // Act
    const outcome = await handler(event(), CONTEXT);
    // Assess
    expect(outcome).toMatchObject({ kind: 'WRITTEN', contactId: CONTACT, lines: 3 });
    // The recording started 23:59 UTC; lines after midnight land in the next day's partition.
    const rows = [...lakeLines('2026-11-01'), ...lakeLines('2026-11-02')];
    expect(rows.map((r) => transcriptRecordSchema.safeParse(r).success)).toEqual([true, true, true]);
    const text = JSON.stringify(rows);
    for (const value of Object.values(SEEDED)) expect(text).not.toContain(value);
    expect(text.replace(/[\s-]/g, '')).not.toMatch(/\d{11,}/);
    expect(rows.map((r) => r.participant)).toEqual(['SYSTEM', 'CUSTOMER', 'CUSTOMER']);
    expect(rows[1]?.content).toMatch(/\[PHONE\].*\[ID_NUMBER\]/);
    expect(rows[2]?.content).toMatch(/\[CARD\]/);
    expect(rows.map((r) => r.redactions)).toEqual([0, 2, 1]);
    expect(rows.map((r) => r.timestamp)).toEqual([
      '2026-11-01T23:59:00.500Z',
      '2026-11-01T23:59:30.000Z',
      '2026-11-02T00:00:15.250Z',
    ]);
    expect(existsSync(join(root, 'work', rawTranscriptKey(JOB)))).toBe(false);
    // No word timings in this output: the segments holding PII are silenced whole (plus guards)
    // on both channels, the greeting is kept; the staged original is gone.
    expect(await silentSeconds(30, 36)).toBe(true);
    expect(await silentSeconds(75.25, 80)).toBe(true);
    expect(await silentSeconds(0.5, 2)).toBe(false);
    expect(await staging.get(STAGED_KEY)).toBeUndefined();
    expect(outcome).toMatchObject({ recording: { kind: 'REDACTED', spans: 2, written: true } });
  });

  it('writes no recording when silencing fails: the staged original stays for the retry, the vault empty', async () => {
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    await staging.put(STAGED_KEY, new Uint8Array([1, 2, 3, 4]));
    await expect(createHandler(deps('zh-CN'))(event(), CONTEXT)).rejects.toMatchObject({
      reason: 'UNSUPPORTED_AUDIO',
    });
    expect(existsSync(join(root, 'vault'))).toBe(false);
    expect(await staging.get(STAGED_KEY)).toBeDefined();
    expect(existsSync(join(root, 'work', rawTranscriptKey(JOB)))).toBe(true);
  });

  it('is idempotent when the vault write already happened (a retry after a crash before cleanup)', async () => {
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    await createHandler(deps('zh-CN'))(event(), CONTEXT);
    // The crash: the staged original and the raw output back as before the cleanup.
    await staging.put(STAGED_KEY, RECORDING);
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    const retry = await createHandler(deps('zh-CN'))(event(), CONTEXT);
    expect(retry).toMatchObject({ kind: 'WRITTEN', recording: { kind: 'REDACTED', written: false } });
    expect(await staging.get(STAGED_KEY)).toBeUndefined();
    expect(await silentSeconds(30, 36)).toBe(true);
  });

  it('is idempotent: a retry after success finds no raw output and writes nothing new', async () => {
    // Prepare
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    const handler = createHandler(deps('zh-CN'));
    await handler(event(), CONTEXT);
    // Act
    const retry = await handler(event(), CONTEXT);
    // Assess
    expect(retry).toEqual({ kind: 'ALREADY_DONE', contactId: CONTACT });
    expect(lakeLines('2026-11-01')).toHaveLength(2);
  });

  it('gives the lake rows the transcripts table of the named queries reads', async () => {
    // Prepare
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    await createHandler(deps('zh-CN'))(event(), CONTEXT);
    const analytics = await LocalAnalytics.open({ lakeDir: join(root, 'lake') });
    try {
      // Act
      const result = await analytics.run('SELECT dt, participant, redactions FROM transcripts ORDER BY seq');
      // Assess
      expect(result.rows).toEqual([
        { dt: '2026-11-01', participant: 'SYSTEM', redactions: 0 },
        { dt: '2026-11-01', participant: 'CUSTOMER', redactions: 2 },
        { dt: '2026-11-02', participant: 'CUSTOMER', redactions: 1 },
      ]);
    } finally {
      analytics.close();
    }
  });
});

describe('redact handler with keepOriginalRecording (an auditor-only originals vault)', () => {
  const withOriginals = () => ({ ...deps('zh-CN'), originals: new LocalVault(join(root, 'originals'), 30) });
  const kept = () => new FolderRecordingStore(join(root, 'originals'), 'originals').get(STAGED_KEY);

  it('keeps the original byte for byte beside the redacted copy, then deletes the staged one', async () => {
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    const outcome = await createHandler(withOriginals())(event(), CONTEXT);
    expect(outcome).toMatchObject({ recording: { kind: 'REDACTED', written: true, originalKept: true } });
    expect(Buffer.from((await kept()) ?? []).equals(Buffer.from(RECORDING))).toBe(true);
    expect(await silentSeconds(30, 36)).toBe(true);
    expect(await staging.get(STAGED_KEY)).toBeUndefined();
    // Locked for the originals' own retention.
    const until = new LocalVault(join(root, 'originals'), 30).retainUntil(STAGED_KEY);
    expect(until).toBeDefined();
    expect((Date.parse(until ?? '') - Date.now()) / 86_400_000).toBeCloseTo(30, 0);
  });

  it('writes the missing original on a retry after a crash between the two vault writes', async () => {
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    await createHandler(deps('zh-CN'))(event(), CONTEXT);
    // The crash: the redacted copy is in, the original not yet, the staged original still there.
    await staging.put(STAGED_KEY, RECORDING);
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    const retry = await createHandler(withOriginals())(event(), CONTEXT);
    expect(retry).toMatchObject({ recording: { kind: 'REDACTED', written: false, originalKept: true } });
    expect(Buffer.from((await kept()) ?? []).equals(Buffer.from(RECORDING))).toBe(true);
    expect(await staging.get(STAGED_KEY)).toBeUndefined();
  });

  it('keeps no original when silencing fails or consent is no longer granted', async () => {
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    await staging.put(STAGED_KEY, new Uint8Array([1, 2, 3, 4]));
    await expect(createHandler(withOriginals())(event(), CONTEXT)).rejects.toMatchObject({
      reason: 'UNSUPPORTED_AUDIO',
    });
    expect(existsSync(join(root, 'originals'))).toBe(false);

    const withdrawn = '0b7e4a1c-5d2f-4e8a-9c3b-7a1d2e3f4a5b';
    const job = transcriptionJobName(withdrawn);
    await grant(withdrawn);
    await ledger.appendWithdrawal({
      contactId: withdrawn,
      withdrawnAt: '2026-11-02T00:01:00.000Z',
      via: 'CALLER',
      locale: 'zh-CN',
      noticeVersion: '2026-12-01',
    });
    await raw.put(rawTranscriptKey(job), JSON.stringify(zhOutput()));
    await staging.put(STAGED_KEY, RECORDING);
    const outcome = await createHandler(withOriginals())(event(job), CONTEXT);
    expect(outcome).toMatchObject({ kind: 'DISCARDED', reason: 'WITHDRAWN' });
    expect(existsSync(join(root, 'originals'))).toBe(false);
  });
});

describe('redact handler -> lake (en-US, segments rebuilt from channel items)', () => {
  it('redacts a card number spoken word by word and keeps channel roles', async () => {
    // Prepare
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(enOutputFromItems()));
    const handler = createHandler(deps('en-US'));
    // Act
    await handler(event(), CONTEXT);
    // Assess
    const rows = lakeLines('2026-11-01');
    expect(rows.map((r) => r.participant)).toEqual(['SYSTEM', 'CUSTOMER']);
    expect(rows[0]?.content).toBe('Thank you.');
    expect(rows[1]?.content).toMatch(/^my card number is \[CARD\]/);
    expect(JSON.stringify(rows)).not.toMatch(/4111/);
    // The card's four words (5+4*0.4 .. 5+7*0.4+0.3 s) are silent, the first words are not.
    expect(await silentSeconds(6.6, 8.1)).toBe(true);
    expect(await silentSeconds(5, 6.2)).toBe(false);
  });

  it('silences the caller utterance with digits of a SENSITIVE_DIGITS contact the redactor found nothing in', async () => {
    const word = (content: string, start: number) => ({
      start_time: String(start),
      end_time: String(start + 0.3),
      type: 'pronunciation',
      channel_label: 'ch_0',
      alternatives: [{ content }],
    });
    const said = 'it is 4 1 1 1'.split(' ');
    await raw.put(
      rawTranscriptKey(JOB),
      JSON.stringify({
        jobName: JOB,
        results: {
          transcripts: [{ transcript: '...' }],
          channel_labels: {
            channels: [
              {
                channel_label: 'ch_0',
                items: [word('hello', 1), ...said.map((w, i) => word(w, 10 + i * 0.4))],
              },
              { channel_label: 'ch_1', items: [] },
            ],
          },
        },
      }),
    );
    turnOutcomes = [{ outcome: 'SENSITIVE_DIGITS', at: '2026-11-02T00:00:12.000Z' }];
    const outcome = await createHandler(deps('en-US'))(event(), CONTEXT);
    expect(outcome).toMatchObject({ recording: { kind: 'REDACTED', sensitiveTurns: true, fallback: true } });
    expect(await silentSeconds(10, 12.3)).toBe(true);
    expect(await silentSeconds(1, 1.3)).toBe(false);
  });
});

describe('redact handler failures', () => {
  it('rejects a job phone-robot did not start', async () => {
    const handler = createHandler(deps('en-US'));
    await expect(handler(event('someone-elses-job'), CONTEXT)).rejects.toMatchObject({
      name: 'TranscriptError',
      reason: 'NOT_OUR_JOB',
    });
  });

  it('fails on a malformed raw output, keeping it for the retry and writing nothing to the lake', async () => {
    // Prepare
    await raw.put(rawTranscriptKey(JOB), JSON.stringify({ jobName: JOB, results: { nope: true } }));
    const handler = createHandler(deps('zh-CN'));
    // Act
    const attempt = handler(event(), CONTEXT);
    // Assess
    await expect(attempt).rejects.toMatchObject({ reason: 'MALFORMED_OUTPUT' });
    await expect(attempt).rejects.not.toThrow(/13800138000/);
    expect(existsSync(join(root, 'work', rawTranscriptKey(JOB)))).toBe(true);
    expect(existsSync(join(root, 'lake', 'transcripts'))).toBe(false);
  });

  it('discards the transcript of a contact that withdrew while the job ran: raw output deleted, no lake row', async () => {
    // Prepare
    const withdrawn = '6f1c2a9e-0d4b-4c1e-9a7b-2b8f3c4d5e70';
    const job = transcriptionJobName(withdrawn);
    await grant(withdrawn);
    await ledger.appendWithdrawal({
      contactId: withdrawn,
      withdrawnAt: '2026-11-02T00:01:00.000Z',
      via: 'CALLER',
      locale: 'zh-CN',
      noticeVersion: '2026-12-01',
    });
    await raw.put(rawTranscriptKey(job), JSON.stringify(zhOutput()));
    // Act
    const outcome = await createHandler(deps('zh-CN'))(event(job), CONTEXT);
    // Assess
    expect(outcome).toEqual({ kind: 'DISCARDED', contactId: withdrawn, reason: 'WITHDRAWN' });
    expect(existsSync(join(root, 'work', rawTranscriptKey(job)))).toBe(false);
    expect(existsSync(join(root, 'lake', 'transcripts'))).toBe(false);
    // Nothing in the vault; the staged recording is deleted too.
    expect(existsSync(join(root, 'vault'))).toBe(false);
    expect(await staging.get(STAGED_KEY)).toBeUndefined();
  });

  it('rejects an unsupported language instead of guessing', async () => {
    await raw.put(rawTranscriptKey(JOB), JSON.stringify(zhOutput()));
    const handler = createHandler(deps('fr-FR'));
    await expect(handler(event(), CONTEXT)).rejects.toMatchObject({ reason: 'UNSUPPORTED_LANGUAGE' });
  });
});
