import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoConsentLedger } from '../../lambdas/aws/dynamo-consent-ledger';
import { createHandler } from '../../lambdas/consent/handler';
import { noticeRef } from '../../lambdas/contracts/notices';
import { callerHmac, StaticHmacKey } from '../../lambdas/core/caller-id';
import { freshTables, type LocalTables } from '../support/dynamo';

// Handlers log and emit metrics through Powertools singletons created at import: silence them.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

/**
 * Real-shaped Connect events (test/fixtures/connect): nulls where Connect sends nulls, fields our
 * schema does not type (SegmentAttributes, Tags, MediaStreams), numbers in Parameters, and the
 * three ways a withheld caller arrives. Each must end in a ledger item, never in MALFORMED_EVENT,
 * because a "malformed" answer writes no proof of consent for a real call.
 */

const HMAC_KEY = Buffer.from('test-only-caller-hmac-key', 'utf8');
const FIXED_NOW = new Date('2026-11-02T09:30:00.000Z');
const NOTICES = {
  'en-US': noticeRef('2026-11-01', 'This call may be recorded ...'),
  'zh-CN': noticeRef('2026-11-01', '本次通话可能会被录音……'),
};
const CONTEXT = { functionName: 'consent', awsRequestId: 'local-test' } as Context;

type Fixture = { Details: { ContactData: { ContactId: string } } };
const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`../fixtures/connect/${name}`, import.meta.url), 'utf8')) as Fixture;

describe('consent Lambda on real-shaped Connect events', () => {
  let tables: LocalTables;
  let doc: DynamoDBDocumentClient;
  let handler: ReturnType<typeof createHandler>;

  beforeAll(async () => {
    tables = await freshTables();
    doc = DynamoDBDocumentClient.from(tables.client);
    handler = createHandler({
      ledger: new DynamoConsentLedger(tables.client, tables.names.consentLedger),
      hmacKey: new StaticHmacKey(HMAC_KEY),
      notices: NOTICES,
      defaultLocale: 'en-US',
      clock: () => FIXED_NOW,
    });
  });

  const ledgerItem = async (contactId: string) =>
    (
      await doc.send(
        new GetCommand({
          TableName: tables.names.consentLedger,
          Key: { contactId, event: 'DECISION' },
          ConsistentRead: true,
        }),
      )
    ).Item;

  it.each([
    ['withheld-endpoint-null.json', 'CustomerEndpoint null'],
    ['withheld-address-null.json', 'Address null'],
    ['withheld-address-anonymous.json', 'Address "anonymous"'],
    ['withheld-keypad-placeholder.json', 'Address +266696687 ("ANONYMOUS" on the keypad)'],
  ])('records consent for a withheld caller (%s: %s) without a caller HMAC', async (file) => {
    // Prepare
    const event = fixture(file);
    const contactId = event.Details.ContactData.ContactId;
    // Act
    const result = await handler(event, CONTEXT);
    // Assess
    expect(result).not.toHaveProperty('error');
    expect(result).toEqual({
      consent: 'GRANTED',
      noticeVersion: '2026-11-01',
      callerHmac: '',
      locale: 'en-US',
      // No callback is offered to a withheld caller ID (lambdas/contracts/callback.ts).
      callerId: 'WITHHELD',
    });
    const item = await ledgerItem(contactId);
    expect(item).toMatchObject({ contactId, decision: 'GRANTED', locale: 'en-US', channel: 'VOICE' });
    expect(item).not.toHaveProperty('callerHmac');
  });

  it('gives two withheld callers no shared identity', async () => {
    // Prepare
    const first = fixture('withheld-keypad-placeholder.json');
    const second = fixture('withheld-address-anonymous.json');
    first.Details.ContactData.ContactId = '5ca1ab1e-0000-4000-8000-0000000000c1';
    second.Details.ContactData.ContactId = '5ca1ab1e-0000-4000-8000-0000000000c2';
    // Act
    const results = [await handler(first, CONTEXT), await handler(second, CONTEXT)];
    // Assess
    expect(results.map((r) => ('callerHmac' in r ? r.callerHmac : 'error'))).toEqual(['', '']);
    expect(await ledgerItem('5ca1ab1e-0000-4000-8000-0000000000c1')).not.toHaveProperty('callerHmac');
    expect(await ledgerItem('5ca1ab1e-0000-4000-8000-0000000000c2')).not.toHaveProperty('callerHmac');
  });

  it('records the decision of a full real-shaped event with Queue null, Tags, MediaStreams and numeric parameters', async () => {
    // Prepare
    const event = fixture('full-real-shape.json');
    const contactId = event.Details.ContactData.ContactId;
    // Act
    const result = await handler(event, CONTEXT);
    // Assess
    const hmac = callerHmac('+8613800138000', HMAC_KEY);
    expect(result).toEqual({
      consent: 'DECLINED',
      noticeVersion: '2026-11-01',
      callerHmac: hmac,
      locale: 'zh-CN',
      callerId: 'KNOWN',
    });
    expect(await ledgerItem(contactId)).toEqual({
      contactId,
      event: 'DECISION',
      decision: 'DECLINED',
      noticeVersion: '2026-11-01',
      noticeSha256: NOTICES['zh-CN'].sha256,
      locale: 'zh-CN',
      callerHmac: hmac,
      decidedAt: '2026-11-02T09:30:00.000Z',
      channel: 'VOICE',
      instanceArn: 'arn:aws:connect:us-east-1:111122223333:instance/0e3f6a1c-0000-4000-8000-00000000c0de',
    });
  });
});
