import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectInputDecryptor, StaticPrivateKeys } from '../../lambdas/aws/connect-input-decryptor';
import { DynamoPaymentStore } from '../../lambdas/aws/dynamo-payment-store';
import type { PaymentGateway } from '../../lambdas/core/payment/gateway';
import { SandboxGateway } from '../../lambdas/core/payment/sandbox-gateway';
import { logger } from '../../lambdas/edge/powertools';
import { createHandler } from '../../lambdas/payment/handler';
import { captureOutput } from '../support/capture-output';
import { freshTables, type LocalTables } from '../support/dynamo';
import {
  CARD_TRACES,
  connectEncrypt,
  DIGIT_RUN,
  generateTestKeyPair,
  TEST_CARDS,
} from '../unit/payment/support';

// These tests read what the handlers log: keep logging on (vitest.config.ts silences it elsewhere).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

const HMAC = 'b'.repeat(64);
const CONTEXT = { functionName: 'payment', awsRequestId: 'log-scan' } as Context;
const fixture = readFileSync(new URL('../fixtures/payment/payment-event.json', import.meta.url), 'utf8');
const KEY = generateTestKeyPair('6f1c0d1e-0000-4000-8000-0000000c0de9');
const STRANGER = generateTestKeyPair('6f1c0d1e-0000-4000-8000-0000000c0dea');

describe('payment Lambda logs', () => {
  let tables: LocalTables;
  let doc: DynamoDBDocumentClient;
  const captured: string[] = [];
  const ciphertexts: string[] = [];

  beforeAll(async () => {
    tables = await freshTables();
    doc = DynamoDBDocumentClient.from(tables.client);
    // Every channel a line can take: Powertools writes to stdout/stderr (console under POWERTOOLS_DEV).
    captureOutput(captured);
    logger.setLogLevel('DEBUG');
  });

  afterAll(() => {
    logger.setLogLevel('INFO');
    vi.restoreAllMocks();
  });

  let orderSeq = 300_000;
  const seedOrder = async () => {
    const orderId = String(++orderSeq);
    await doc.send(
      new PutCommand({
        TableName: tables.names.orders,
        Item: {
          orderId,
          callerHmac: HMAC,
          sku: 'TEA-001',
          quantity: 1,
          currency: 'USD',
          unitPriceMinor: 1250,
          totalMinor: 1250,
          status: 'PENDING_PAYMENT',
          locale: 'en-US',
          createdAt: '2026-11-02T09:00:00.000Z',
          updatedAt: '2026-11-02T09:00:00.000Z',
        },
      }),
    );
    return orderId;
  };

  let contactSeq = 0;
  const event = async (orderId: string, card: string, expiry = '1230', key = KEY) => {
    const e = JSON.parse(fixture);
    e.Details.ContactData.ContactId = `5ca1ab1e-0000-4000-8000-${String(++contactSeq).padStart(12, '0')}`;
    e.Details.ContactData.Attributes.callerHmac = HMAC;
    const encryptedCard = await connectEncrypt(card, key);
    const encryptedExpiry = await connectEncrypt(expiry, key);
    ciphertexts.push(encryptedCard, encryptedExpiry);
    e.Details.Parameters = { orderId, encryptedCard, encryptedExpiry };
    return e;
  };

  it('never writes a card number, an expiry input or a ciphertext to any log line, on any path', async () => {
    // Prepare
    const make = (gateway: PaymentGateway) =>
      createHandler({
        store: new DynamoPaymentStore(doc, tables.names),
        decryptor: new ConnectInputDecryptor(new StaticPrivateKeys([KEY])),
        gateway,
        clock: () => new Date('2026-11-02T09:30:00.000Z'),
        duplicateWait: { attempts: 200, sleep: () => new Promise((r) => setTimeout(r, 10)) },
      });
    const handler = make(new SandboxGateway());
    const down = make({
      name: 'down',
      charge: () => Promise.reject(new Error(`card ${TEST_CARDS.approve} timed out`)),
      lookup: () => Promise.reject(new Error('lookup timed out')),
    });
    const raced = await event(await seedOrder(), TEST_CARDS.approve);
    // Act: every card outcome, a race, decrypt failure, unreachable gateway, not payable, malformed
    for (const card of Object.values(TEST_CARDS))
      await handler(await event(await seedOrder(), card), CONTEXT);
    await handler(await event(await seedOrder(), TEST_CARDS.approve, '0125'), CONTEXT);
    await Promise.all(Array.from({ length: 5 }, () => handler(structuredClone(raced), CONTEXT)));
    await handler(await event(await seedOrder(), TEST_CARDS.approve, '1230', STRANGER), CONTEXT);
    await down(await event(await seedOrder(), TEST_CARDS.approve), CONTEXT);
    await handler(await event('999999', TEST_CARDS.approveAmex), CONTEXT);
    await handler({ Name: 'ContactFlowEvent', Details: { Parameters: { card: 42 } } }, CONTEXT);
    // Assess: the capture saw our lines, and none of them carries card data
    const text = captured.join('\n');
    for (const expected of [
      'payment answered',
      'payment failed',
      'needs reconciliation',
      'malformed Connect event',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('"last4":"1111"');
    for (const trace of CARD_TRACES) expect(text).not.toContain(trace);
    expect(text).not.toMatch(DIGIT_RUN);
    expect(text).not.toMatch(/"(?:expiry|encryptedCard|encryptedExpiry|card)"/);
    for (const ciphertext of ciphertexts) expect(text).not.toContain(ciphertext.slice(0, 40));
    expect(text).not.toContain('PRIVATE KEY');
  });
});
