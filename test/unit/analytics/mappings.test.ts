import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LAKE_SCHEMAS, LAKE_TABLES, PART_FILE_PATTERN } from '../../../lambdas/contracts/lake';
import {
  contactIdOfJob,
  parseRecordingKey,
  rawTranscriptKey,
  transcriptionJobName,
} from '../../../lambdas/contracts/transcription';
import { callerHmac } from '../../../lambdas/core/caller-id';
import { ctrPartition, toLakeCtr } from '../../../lambdas/core/lake/ctr';
import {
  toLakeRow as mapChange,
  streamLakeObjects,
  type TableChange,
} from '../../../lambdas/core/lake/table-stream';
import { tableChangeOf } from '../../../lambdas/edge/dynamodb-stream';
import { LAKE_COLUMNS } from '../../../lib/constructs/analytics-lake/schema';

const KEY = Buffer.from('unit-test-synthetic-hmac-key', 'utf8');
const CONTACT = '0c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

/** A Connect CTR as it arrives on the Kinesis stream (synthetic, trimmed; Connect sends more fields). */
const rawCtr = () => ({
  AWSAccountId: '111122223333',
  AWSContactTraceRecordFormatVersion: '2017-03-10',
  Agent: null,
  AgentConnectionAttempts: 0,
  Attributes: {
    consent: 'GRANTED',
    locale: 'en-US',
    intents: 'ProductInfo,PlaceOrder,Goodbye',
    callback: '+1 555 0142',
  },
  Channel: 'VOICE',
  ContactId: CONTACT,
  CustomerEndpoint: { Address: '+15550142', Type: 'TELEPHONE_NUMBER' },
  DisconnectReason: 'CUSTOMER_DISCONNECT',
  DisconnectTimestamp: '2026-11-01T23:59:58Z',
  InitialContactId: null,
  InitiationMethod: 'INBOUND',
  InitiationTimestamp: '2026-11-01T23:58:00Z',
  ConnectedToSystemTimestamp: '2026-11-01T23:58:01Z',
  InstanceARN: 'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000',
  LastUpdateTimestamp: '2026-11-02T00:00:30Z',
  PreviousContactId: null,
  Queue: null,
  Recording: {
    DeletionReason: null,
    Location: 'vault/connect/x/CallRecordings/2026/11/01/x.wav',
    Status: 'AVAILABLE',
    Type: 'AUDIO',
  },
  SystemEndpoint: { Address: '+15550100', Type: 'TELEPHONE_NUMBER' },
  TransferredToEndpoint: null,
});

describe('CTR -> lake row', () => {
  it('replaces the caller number by its HMAC and keeps only layout fields', () => {
    // Act
    const row = toLakeCtr(rawCtr(), KEY);
    // Assess
    expect(LAKE_SCHEMAS.ctr.safeParse(row).success).toBe(true);
    expect(row.CustomerEndpoint).toEqual({ Type: 'TELEPHONE_NUMBER' });
    expect(row.Attributes.callerHmac).toBe(callerHmac('+15550142', KEY));
    expect(JSON.stringify(row)).not.toMatch(/555\s?0142/);
    expect(row).not.toHaveProperty('AWSAccountId');
    expect(ctrPartition(row)).toBe('2026-11-01');
  });

  it('drops a custom attribute that holds a phone number instead of copying it', () => {
    const row = toLakeCtr(rawCtr(), KEY);
    expect(row.Attributes).not.toHaveProperty('callback');
    expect(row.Attributes.intents).toBe('ProductInfo,PlaceOrder,Goodbye');
  });

  it('copies the post-call survey answers only with values the flow can set', () => {
    // Prepare
    const answered = {
      ...rawCtr(),
      Attributes: { surveyScore: '2', surveyResolved: 'no', surveyCase: 'true' },
    };
    const odd = { ...rawCtr(), Attributes: { surveyScore: '7', surveyResolved: 'maybe', surveyCase: 'yes' } };
    // Act
    const kept = toLakeCtr(answered, KEY).Attributes;
    const dropped = toLakeCtr(odd, KEY).Attributes;
    // Assess
    expect(kept).toMatchObject({ surveyScore: '2', surveyResolved: 'no', surveyCase: 'true' });
    expect(dropped).not.toHaveProperty('surveyScore');
    expect(dropped).not.toHaveProperty('surveyResolved');
    expect(dropped).not.toHaveProperty('surveyCase');
  });

  it('copies the callback attributes only with values the flow can set', () => {
    for (const callback of ['QUEUED', 'DECLINED', 'NO_NUMBER', 'FAILED']) {
      const row = toLakeCtr({ ...rawCtr(), Attributes: { callerId: 'KNOWN', callback } }, KEY);
      expect(row.Attributes).toMatchObject({ callerId: 'KNOWN', callback });
    }
    // A mutated flow that copied the number itself into the attribute: dropped, not kept.
    const odd = toLakeCtr({ ...rawCtr(), Attributes: { callerId: '+15550123', callback: 'queued' } }, KEY);
    expect(odd.Attributes).not.toHaveProperty('callerId');
    expect(odd.Attributes).not.toHaveProperty('callback');
  });

  it.each([
    ['a withheld number (no endpoint)', null],
    ['the ANONYMOUS keypad placeholder', { Address: '+266696687', Type: 'TELEPHONE_NUMBER' }],
    ['the word anonymous', { Address: 'anonymous', Type: 'TELEPHONE_NUMBER' }],
  ])('gives %s no caller HMAC, so anonymous callers never share an identity', (_, endpoint) => {
    // Prepare
    const raw = {
      ...rawCtr(),
      CustomerEndpoint: endpoint,
      Attributes: { consent: 'DECLINED', callerHmac: '' },
    };
    // Act
    const row = toLakeCtr(raw, KEY);
    // Assess
    expect(row.Attributes).not.toHaveProperty('callerHmac');
    expect(LAKE_SCHEMAS.ctr.safeParse(row).success).toBe(true);
  });

  it('rejects a record that is not a contact record, naming fields but not values', () => {
    expect(() => toLakeCtr({ ContactId: CONTACT, CustomerEndpoint: { Address: '+15550142' } }, KEY)).toThrow(
      /not a contact record: .*Channel/,
    );
    expect(() => toLakeCtr({ CustomerEndpoint: { Address: '+15550142' } }, KEY)).not.toThrow(/15550142/);
  });
});

/** The stream record through the edge conversion the lake-feed handler uses, then the mapping. */
const toLakeRow = (table: 'orders' | 'consents', record: DynamoDBRecord) =>
  mapChange(table, tableChangeOf(record) as TableChange);

const streamRecord = (
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Record<string, unknown>,
  seq: string,
): DynamoDBRecord => ({
  eventName,
  eventSourceARN: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2026-11-01T00:00:00.000',
  dynamodb: {
    ApproximateCreationDateTime: 1_793_577_600,
    SequenceNumber: seq,
    NewImage: marshall(item, { removeUndefinedValues: true }) as never,
  },
});

const order = {
  orderId: '482913',
  callerHmac: 'a'.repeat(64),
  contactId: CONTACT,
  sku: 'PL-100',
  quantity: 2,
  currency: 'USD',
  unitPriceMinor: 1499,
  totalMinor: 2998,
  status: 'CANCELLED',
  locale: 'en-US',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-03T09:00:00.000Z',
  idempotencyKey: 'k',
};

describe('table stream -> lake rows', () => {
  it('maps an order change to the orders row, partitioned by its event time', () => {
    // Act
    const row = toLakeRow('orders', streamRecord('MODIFY', order, '100'));
    const [object] = streamLakeObjects('orders', row ? [row] : [], '100');
    // Assess
    expect(LAKE_SCHEMAS.orders.safeParse(row).success).toBe(true);
    expect(row).toMatchObject({ eventName: 'MODIFY', status: 'CANCELLED', eventTimestamp: order.updatedAt });
    expect(row).not.toHaveProperty('idempotencyKey');
    expect(object?.key).toBe('orders/dt=2026-11-03/part-s100.jsonl');
    expect(object?.key).toMatch(PART_FILE_PATTERN);
  });

  it('keeps only inserts of the append-only ledger and ignores removals', () => {
    const consent = {
      contactId: CONTACT,
      event: 'DECISION',
      decision: 'GRANTED',
      noticeVersion: '2026-11-01',
      noticeSha256: 'b'.repeat(64),
      locale: 'zh-CN',
      decidedAt: '2026-11-01T10:00:00.000Z',
      channel: 'VOICE',
    };
    expect(toLakeRow('consents', streamRecord('INSERT', consent, '1'))).toMatchObject({
      decision: 'GRANTED',
      callerHmac: null,
    });
    expect(toLakeRow('consents', streamRecord('MODIFY', consent, '2'))).toBeUndefined();
    expect(toLakeRow('orders', streamRecord('REMOVE', order, '3'))).toBeUndefined();
  });

  it('maps a withdrawal event to a WITHDRAWN row partitioned by its own time', () => {
    const withdrawal = {
      contactId: CONTACT,
      event: 'WITHDRAWN',
      withdrawnAt: '2026-11-02T08:00:00.000Z',
      via: 'STAFF',
      locale: 'zh-CN',
      noticeVersion: '2026-11-01',
      callerHmac: 'a'.repeat(64),
      requestId: 'req-1',
    };
    const row = toLakeRow('consents', streamRecord('INSERT', withdrawal, '5'));
    expect(row).toMatchObject({
      event: 'WITHDRAWN',
      decision: null,
      noticeSha256: null,
      decidedAt: null,
      withdrawnAt: '2026-11-02T08:00:00.000Z',
      withdrawnVia: 'STAFF',
      callerHmac: 'a'.repeat(64),
    });
    expect(row).not.toHaveProperty('requestId');
  });

  it('rejects an item that does not fit the layout', () => {
    expect(() => toLakeRow('orders', streamRecord('INSERT', { ...order, quantity: 0 }, '4'))).toThrow(
      /quantity/,
    );
  });
});

describe('transcription names', () => {
  it('derives one job name and raw key per contact, and back', () => {
    const job = transcriptionJobName(CONTACT);
    expect(job).toBe(`phone-robot-${CONTACT}`);
    expect(contactIdOfJob(job)).toBe(CONTACT);
    expect(rawTranscriptKey(job)).toBe(`raw/phone-robot-${CONTACT}.json`);
    expect(contactIdOfJob('other-job')).toBeUndefined();
  });

  it('reads contact and start time from a Connect recording key, URL-encoded or not', () => {
    const key = `connect/phone-robot-dev/CallRecordings/2026/11/01/${CONTACT}_20261101T09:15_UTC.wav`;
    expect(parseRecordingKey(key)).toEqual({ contactId: CONTACT, recordedAt: '2026-11-01T09:15:00.000Z' });
    expect(parseRecordingKey(key.replace(':', '%3A'))).toEqual({
      contactId: CONTACT,
      recordedAt: '2026-11-01T09:15:00.000Z',
    });
    expect(parseRecordingKey('connect/phone-robot-dev/Reports/summary.csv')).toBeUndefined();
  });

  it('rejects a contact id that cannot name a job', () => {
    expect(() => transcriptionJobName('../../etc')).toThrow(/not a Connect contact id/);
  });
});

describe('lake column model', () => {
  it('has exactly the fields of the layout schemas, in the Glue and DuckDB tables', () => {
    for (const table of LAKE_TABLES) {
      const shape = (LAKE_SCHEMAS[table] as unknown as { shape: Record<string, unknown> }).shape;
      expect(LAKE_COLUMNS[table].map((c) => c.name).sort(), table).toEqual(Object.keys(shape).sort());
    }
  });
});
