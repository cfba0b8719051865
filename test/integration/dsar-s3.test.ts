import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectRetentionCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3Lake, S3VaultRecordings } from '../../lambdas/aws/s3-dsar';

// S3 has no local engine: the adapters are tested against SDK mocks (the DynamoDB side runs on
// DynamoDB Local in dsar.test.ts).
const s3 = mockClient(S3Client);
const H = 'f'.repeat(64);
const subject = { callerHmac: H, contactIds: new Set(['c-1']) };
/** The part of the SDK's streaming body the adapter uses. */
const body = (text: string) => ({ transformToString: async () => text }) as any;
const lines = (...rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

const OBJECTS: Record<string, string> = {
  'lake/transcripts/dt=2026-11-30/part-a.jsonl': lines({ contactId: 'c-1', seq: 0, content: 'mine' }),
  'lake/transcripts/dt=2026-11-30/part-b.jsonl': lines(
    { contactId: 'c-1', seq: 1, content: 'mine too' },
    { contactId: 'c-2', seq: 0, content: 'someone else' },
  ),
  'lake/orders/dt=2026-11-30/part-a.jsonl': lines({ orderId: 'o-1', callerHmac: H, contactId: 'c-1' }),
  'lake/ctr/dt=2026-11-30/part-a.jsonl': lines({ ContactId: 'c-9', Attributes: { locale: 'en-US' } }),
  'lake/README.txt': 'not a part file',
};

beforeEach(() => {
  s3.reset();
  s3.on(ListObjectsV2Command).resolves({ Contents: Object.keys(OBJECTS).map((Key) => ({ Key })) });
  for (const [Key, text] of Object.entries(OBJECTS)) {
    s3.on(GetObjectCommand, { Key }).callsFake(() => ({ Body: body(text) }));
  }
});

describe('S3Lake', () => {
  it("finds the caller's rows in every lake table and skips other files", async () => {
    // Act
    const found = await new S3Lake(new S3Client({}), 'lake-bucket', 'lake/').find(subject);
    // Assess
    expect(found.map((f) => [f.table, f.location, f.rows.length])).toEqual([
      ['transcripts', 's3://lake-bucket/lake/transcripts/dt=2026-11-30/part-a.jsonl', 1],
      ['transcripts', 's3://lake-bucket/lake/transcripts/dt=2026-11-30/part-b.jsonl', 1],
      ['orders', 's3://lake-bucket/lake/orders/dt=2026-11-30/part-a.jsonl', 1],
    ]);
  });

  it('deletes objects left empty, rewrites mixed ones, and nulls order links', async () => {
    // Act
    const result = await new S3Lake(new S3Client({}), 'lake-bucket', 'lake/').erase(subject);
    // Assess
    expect(result).toMatchObject({ rowsDeleted: 2, rowsMinimised: 1 });
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      'lake/transcripts/dt=2026-11-30/part-a.jsonl',
    ]);
    const puts = Object.fromEntries(
      s3.commandCalls(PutObjectCommand).map((c) => [c.args[0].input.Key, String(c.args[0].input.Body)]),
    );
    expect(puts['lake/transcripts/dt=2026-11-30/part-b.jsonl']).toBe(
      lines({ contactId: 'c-2', seq: 0, content: 'someone else' }),
    );
    expect(JSON.parse(puts['lake/orders/dt=2026-11-30/part-a.jsonl'] ?? '{}')).toEqual({
      orderId: 'o-1',
      callerHmac: null,
      contactId: null,
    });
    expect(Object.keys(puts)).not.toContain('lake/ctr/dt=2026-11-30/part-a.jsonl');
  });
});

describe('S3VaultRecordings', () => {
  it('lists the contact recordings with their Object Lock retention end, without reading them', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves({
      Contents: [
        { Key: 'connect/robot/CallRecordings/2026/11/30/c-1_20261130T0900_UTC.wav' },
        { Key: 'connect/robot/CallRecordings/2026/11/30/c-2_20261130T0901_UTC.wav' },
      ],
    });
    s3.on(GetObjectRetentionCommand).resolves({
      Retention: { Mode: 'COMPLIANCE', RetainUntilDate: new Date('2027-11-30T00:00:00.000Z') },
    });
    // Act
    const found = await new S3VaultRecordings(new S3Client({}), 'vault').find(new Set(['c-1']));
    // Assess
    expect(found).toEqual([
      {
        contactId: 'c-1',
        location: 's3://vault/connect/robot/CallRecordings/2026/11/30/c-1_20261130T0900_UTC.wav',
        retainUntil: '2027-11-30T00:00:00.000Z',
      },
    ]);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });
});
