import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoConsentLedger } from '../../lambdas/aws/dynamo-consent-ledger';
import { DynamoOrderStore, seedCatalog } from '../../lambdas/aws/dynamo-order-store';
import { DynamoTurnLog } from '../../lambdas/aws/dynamo-turn-log';
import { createHandler as createConsentHandler } from '../../lambdas/consent/handler';
import { noticeRef } from '../../lambdas/contracts/notices';
import { StaticHmacKey } from '../../lambdas/core/caller-id';
import { encodeQuote } from '../../lambdas/core/orders/service';
import { createHandler as createFulfillmentHandler } from '../../lambdas/fulfillment/handler';
import { freshTables, type LocalTables } from '../support/dynamo';

/**
 * Fields a function stores or echoes have limits: a forged event with a huge channel, contact id
 * or session attribute gets a clear rejection and nothing is written (a 500,000-character
 * Channel once made the consent Lambda throw; a 300,000-character contact id was copied into an
 * order item).
 */
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const CONTEXT = { functionName: 'oversized', awsRequestId: 'oversized' } as Context;
const load = (path: string) => JSON.parse(readFileSync(`test/fixtures/${path}`, 'utf8'));

let local: LocalTables;
let doc: DynamoDBDocumentClient;
const items = async (table: string) =>
  (await doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];

beforeAll(async () => {
  local = await freshTables();
  doc = DynamoDBDocumentClient.from(local.client);
  await seedCatalog(doc, local.names.catalog);
});

describe('oversized event fields', () => {
  const consent = () =>
    createConsentHandler({
      ledger: new DynamoConsentLedger(local.client, local.names.consentLedger),
      hmacKey: new StaticHmacKey(Buffer.from('oversized-test-key')),
      notices: { 'en-US': noticeRef('2026-11-01', 'notice') },
      defaultLocale: 'en-US',
    });

  it.each([
    ['Channel', (e: any) => (e.Details.ContactData.Channel = 'V'.repeat(500_000))],
    ['ContactId', (e: any) => (e.Details.ContactData.ContactId = 'c'.repeat(300_000))],
    ['InstanceARN', (e: any) => (e.Details.ContactData.InstanceARN = `arn:${'x'.repeat(100_000)}`)],
    ['an attribute value', (e: any) => (e.Details.ContactData.Attributes.consent = 'G'.repeat(40_000))],
  ])(
    'rejects a consent event with an oversized %s: MALFORMED_EVENT, nothing in the ledger',
    async (_f, mutate) => {
      // Prepare
      const event = load('connect/consent-granted.json');
      mutate(event);
      // Act
      const result = await consent()(event, CONTEXT);
      // Assess
      expect(result).toEqual({ error: 'MALFORMED_EVENT' });
      expect(await items(local.names.consentLedger)).toEqual([]);
    },
  );

  it.each([
    ['a contactId session attribute', { contactId: 'c'.repeat(300_000) }],
    ['a contactId that is no contact id', { contactId: 'c-1; DROP TABLE orders' }],
    ['a session attribute value', { note: 'n'.repeat(10_000) }],
  ])('rejects a Lex turn with %s: a polite sentence, no order', async (_f, attrs) => {
    // Prepare
    const handler = createFulfillmentHandler({
      orders: new DynamoOrderStore(doc, local.names),
      maxOrderQuantity: 5,
      turns: new DynamoTurnLog(doc, local.names.turns),
      turnRetentionDays: 365,
    });
    const event = load('lex/PlaceOrder.en-US.json');
    event.invocationSource = 'FulfillmentCodeHook';
    event.sessionState.intent.confirmationState = 'Confirmed';
    event.sessionState.intent.slots = {
      Product: {
        shape: 'Scalar',
        value: {
          originalValue: 'smart plug',
          interpretedValue: 'Smart plug',
          resolvedValues: ['Smart plug'],
        },
      },
      Quantity: {
        shape: 'Scalar',
        value: { originalValue: '1', interpretedValue: '1', resolvedValues: ['1'] },
      },
    };
    event.sessionState.sessionAttributes = {
      ...event.sessionState.sessionAttributes,
      pendingQuote: encodeQuote({
        sku: 'PL-100',
        quantity: 1,
        currency: 'USD',
        unitPriceMinor: 1499,
        totalMinor: 1499,
      }),
      ...attrs,
    };
    // Act
    const result = await handler(event, CONTEXT);
    // Assess
    expect(result.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(result.messages?.[0]?.content).toMatch(/nothing has been changed/);
    expect(await items(local.names.orders)).toEqual([]);
  });
});
