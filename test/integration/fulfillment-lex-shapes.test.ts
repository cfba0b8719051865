import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // This file reads what the handlers log (vitest.config.ts silences logs elsewhere).
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

import { DynamoOrderStore, seedCatalog } from '../../lambdas/aws/dynamo-order-store';
import { DynamoTurnLog } from '../../lambdas/aws/dynamo-turn-log';
import { isValidLexResponse, type LexResponse } from '../../lambdas/edge/lex';
import { logger } from '../../lambdas/edge/powertools';
import { createHandler, type FulfillmentHandler } from '../../lambdas/fulfillment/handler';
import { captureOutput } from '../support/capture-output';
import { freshTables } from '../support/dynamo';

/**
 * The fulfillment handler on real-shaped Lex V2 events (test/fixtures/lex/realistic): null maps
 * and values, and the fields Lex sends that we do not read. None may become the "malformed event"
 * answer (an ElicitIntent without an intent), which would drop what the caller just said.
 */

const CONTEXT = { functionName: 'fulfillment', awsRequestId: 'lex-shapes' } as Context;
const load = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(`test/fixtures/lex/realistic/${file}`, 'utf8'));
const text = (r: LexResponse) => r.messages?.map((m) => m.content).join(' ') ?? '';

describe('fulfillment Lambda on real-shaped Lex events', () => {
  let handler: FulfillmentHandler;
  const captured: string[] = [];

  beforeAll(async () => {
    const local = await freshTables();
    const db = DynamoDBDocumentClient.from(local.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    await seedCatalog(db, local.names.catalog);
    handler = createHandler({
      orders: new DynamoOrderStore(db, local.names),
      maxOrderQuantity: 5,
      turns: new DynamoTurnLog(db, local.names.turns),
      turnRetentionDays: 365,
    });
    captureOutput(captured);
  });

  afterAll(() => {
    vi.restoreAllMocks();
  });

  const invoke = async (event: unknown): Promise<LexResponse> => {
    const response = await handler(event, CONTEXT);
    expect(isValidLexResponse(response), JSON.stringify(response)).toBe(true);
    return response;
  };

  it('asks again for a product Lex could not resolve (null interpretedValue, null maps)', async () => {
    // Prepare
    const event = load('PlaceOrder.null-fields.en-US.json');
    // Act
    const response = await invoke(event);
    // Assess
    expect(response.sessionState.intent?.name).toBe('PlaceOrder');
    expect(response.sessionState.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'Product' });
  });

  it('closes a goodbye whose slots and confirmation state are null', async () => {
    // Prepare
    const event = load('Goodbye.null-slots.zh-CN.json');
    // Act
    const response = await invoke(event);
    // Assess
    expect(response.sessionState.dialogAction.type).toBe('Close');
    expect(response.sessionState.intent).toMatchObject({ name: 'Goodbye', state: 'Fulfilled' });
  });

  it('reads back an order whose quantity came by DTMF, with every extra Lex field present', async () => {
    // Prepare
    const event = load('PlaceOrder.realistic-dtmf.en-US.json');
    // Act
    const response = await invoke(event);
    // Assess
    expect(response.sessionState.dialogAction.type).toBe('ConfirmIntent');
    expect(text(response)).toMatch(/2 Smart plug/);
    expect(response.sessionState.sessionAttributes.pendingQuote).toBeDefined();
  });

  it('answers a price question with interpretations, transcriptions and active contexts present', async () => {
    // Prepare
    const event = load('ProductPrice.realistic.zh-CN.json');
    // Act
    const response = await invoke(event);
    // Assess
    expect(response.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(text(response)).toContain('元');
  });

  it('never logs the event, even when the environment asks Powertools to log events', async () => {
    // Prepare: what POWERTOOLS_LOGGER_LOG_EVENT=true does; only the handler's pinned option can stop it.
    vi.spyOn(logger, 'getLogEvent').mockReturnValue(true);
    const event = load('PlaceOrder.realistic-dtmf.en-US.json');
    const marker = 'spoken-marker-7f3a1c';
    event.inputTranscript = marker;
    captured.length = 0;
    // Act
    await invoke(event);
    // Assess
    expect(captured.join('\n')).not.toContain(marker);
  });
});
