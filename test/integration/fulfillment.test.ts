import { readFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoOrderStore, seedCatalog } from '../../lambdas/aws/dynamo-order-store';
import { DynamoTurnLog } from '../../lambdas/aws/dynamo-turn-log';
import { callerHmac } from '../../lambdas/core/caller-id';
import { isValidLexResponse, type LexResponse } from '../../lambdas/edge/lex';
import { createHandler, type FulfillmentHandler } from '../../lambdas/fulfillment/handler';
import { captureOutput } from '../support/capture-output';
import { DELIVERY_ANSWERS } from '../support/delivery';
import { freshTables, type LocalTables } from '../support/dynamo';

// These tests read what the handlers log: keep logging on (vitest.config.ts silences it elsewhere).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

/** Synthetic caller numbers (+1 555 01xx, 138 0013 8000): they must never appear in any log line. */
const CALLERS = ['+1 555 0142', '+1 555 0143', '+86 138 0013 8000'] as const;
const KEY = Buffer.from('phone-robot-test-hmac-key');
const [ALICE, BOB, CHEN] = CALLERS.map((n) => callerHmac(n, KEY)) as [string, string, string];
const CONTEXT = { functionName: 'fulfillment', awsRequestId: 'test' } as Context;

/** Every byte written to stdout/stderr while this file runs (Powertools writes there). */
const captured: string[] = [];
let restoreOutput: () => void = () => undefined;

type Locale = 'en-US' | 'zh-CN';
interface EventOptions {
  source?: 'DialogCodeHook' | 'FulfillmentCodeHook';
  slots?: Record<string, string | undefined>;
  confirmation?: 'None' | 'Confirmed' | 'Denied';
  attrs?: Record<string, string | undefined>;
  sessionId?: string;
}

/** A Lex event from the fixture of `intent`, with slots, confirmation and attributes replaced. */
function lexEvent(intent: string, locale: Locale, options: EventOptions = {}): Record<string, unknown> {
  const event = JSON.parse(readFileSync(`test/fixtures/lex/${intent}.${locale}.json`, 'utf8'));
  const state = event.sessionState;
  if (options.slots) {
    // An order's delivery details are in its slots by the read-back (unless a test says otherwise).
    const slots = intent === 'PlaceOrder' ? { ...DELIVERY_ANSWERS[locale], ...options.slots } : options.slots;
    state.intent.slots = Object.fromEntries(
      Object.entries(slots).map(([k, v]) => [
        k,
        v === undefined
          ? null
          : { shape: 'Scalar', value: { originalValue: v, interpretedValue: v, resolvedValues: [v] } },
      ]),
    );
  }
  if (options.confirmation) state.intent.confirmationState = options.confirmation;
  if (options.source) event.invocationSource = options.source;
  if (options.sessionId) event.sessionId = options.sessionId;
  for (const [k, v] of Object.entries(options.attrs ?? {})) {
    if (v === undefined) delete state.sessionAttributes[k];
    else state.sessionAttributes[k] = v;
  }
  // A caller reading their number aloud must not leak it into logs either.
  event.inputTranscript = `${event.inputTranscript} my number is ${CALLERS[0]}`;
  return event;
}

const text = (r: LexResponse) => r.messages?.map((m) => m.content).join(' ') ?? '';

describe('fulfillment Lambda on DynamoDB Local', () => {
  let local: LocalTables;
  let db: DynamoDBDocumentClient;
  let handler: FulfillmentHandler;
  const calls: string[] = [];
  const turnPuts: string[] = [];

  const invoke = async (event: unknown): Promise<LexResponse> => {
    const response = await handler(event, CONTEXT);
    expect(isValidLexResponse(response), JSON.stringify(response)).toBe(true);
    return response;
  };

  /** Runs PlaceOrder the way Lex does: dialog turn, read-back, "yes", fulfillment. */
  const order = async (caller: string | undefined, sku: string, quantity: string, sessionId: string) => {
    const attrs = { callerHmac: caller, pendingQuote: undefined };
    // A caller whose line was not identified has no "this number" to agree to: they say no.
    const slots = { Product: sku, Quantity: quantity, ...(caller ? {} : { UpdatesPhone: 'no' }) };
    const readBack = await invoke(
      lexEvent('PlaceOrder', 'en-US', {
        source: 'DialogCodeHook',
        slots,
        confirmation: 'None',
        attrs,
        sessionId,
      }),
    );
    const quote = readBack.sessionState.sessionAttributes.pendingQuote;
    return invoke(
      lexEvent('PlaceOrder', 'en-US', {
        source: 'FulfillmentCodeHook',
        slots,
        confirmation: 'Confirmed',
        attrs: { ...attrs, pendingQuote: quote },
        sessionId,
      }),
    );
  };

  const stock = async (sku: string) =>
    (await db.send(new GetCommand({ TableName: local.names.catalog, Key: { sku } }))).Item?.stock as number;
  const count = async (table: string) =>
    (await db.send(new ScanCommand({ TableName: table, Select: 'COUNT' }))).Count ?? 0;

  beforeAll(async () => {
    restoreOutput = captureOutput(captured, { console: false, passThrough: true });
    local = await freshTables();
    countCalls(local.client, calls, local.names.turns, turnPuts);
    db = DynamoDBDocumentClient.from(local.client, { marshallOptions: { removeUndefinedValues: true } });
    await seedCatalog(db, local.names.catalog);
    handler = createHandler({
      orders: new DynamoOrderStore(db, local.names),
      maxOrderQuantity: 5,
      turns: new DynamoTurnLog(db, local.names.turns),
      turnRetentionDays: 365,
    });
  });

  afterAll(() => {
    restoreOutput();
  });

  it('answers product info and price with one read each, in the caller locale', async () => {
    // Prepare
    calls.length = 0;
    // Act
    const info = await invoke(lexEvent('ProductInfo', 'zh-CN'));
    const infoCalls = [...calls];
    calls.length = 0;
    const price = await invoke(lexEvent('ProductPrice', 'en-US'));
    // Assess
    expect(text(info)).toContain('专业语音耳机');
    expect(text(info)).toContain('349.00元');
    expect(text(price)).toContain('$14.99');
    expect(infoCalls).toEqual(['GetItemCommand']);
    expect(calls).toEqual(['GetItemCommand']);
  });

  it('recommends in-stock products within budget and category', async () => {
    const r = await invoke(
      lexEvent('RecommendProduct', 'en-US', { slots: { Category: 'audio', Budget: '45' } }),
    );
    expect(text(r)).toContain('Mini smart speaker');
    expect(text(r)).not.toContain('Quiet Max');
    const none = await invoke(
      lexEvent('RecommendProduct', 'en-US', { slots: { Category: 'robots', Budget: '5' } }),
    );
    expect(text(none)).toMatch(/don't have anything/);
  });

  it('runs the full order lifecycle: read-back, one transaction, status, pay hand-off, cancel, stock restored', async () => {
    // Prepare
    const before = await stock('HS-100');
    // Act: read-back
    const readBack = await invoke(
      lexEvent('PlaceOrder', 'en-US', {
        source: 'DialogCodeHook',
        slots: { Product: 'voice pro', Quantity: '2' },
        attrs: { callerHmac: ALICE, pendingQuote: undefined },
        sessionId: 'life-1',
      }),
    );
    // Assess: the total is read back and nothing is written yet
    expect(readBack.sessionState.dialogAction.type).toBe('ConfirmIntent');
    expect(text(readBack)).toContain('$99.98 in total');
    expect(await count(local.names.orders)).toBe(0);
    // Act: the caller says yes; the dialog hook delegates, then fulfillment places the order
    const confirmed = {
      slots: { Product: 'voice pro', Quantity: '2' },
      confirmation: 'Confirmed' as const,
      attrs: { callerHmac: ALICE, pendingQuote: readBack.sessionState.sessionAttributes.pendingQuote },
      sessionId: 'life-1',
    };
    const delegated = await invoke(
      lexEvent('PlaceOrder', 'en-US', { ...confirmed, source: 'DialogCodeHook' }),
    );
    calls.length = 0;
    const placed = await invoke(
      lexEvent('PlaceOrder', 'en-US', { ...confirmed, source: 'FulfillmentCodeHook' }),
    );
    // Assess
    expect(delegated.sessionState.dialogAction.type).toBe('Delegate');
    expect(calls).toEqual(['TransactWriteItemsCommand']);
    // The caller stays in the bot: the order number is read out and the next question asked.
    expect(placed.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(text(placed)).toMatch(/anything else/);
    const orderId = placed.sessionState.sessionAttributes.lastOrderId ?? '';
    expect(orderId).toMatch(/^[1-9]\d{5}$/);
    expect(text(placed)).toContain(orderId.split('').join(' '));
    expect(await stock('HS-100')).toBe(before - 2);
    const stored = (await db.send(new GetCommand({ TableName: local.names.orders, Key: { orderId } }))).Item;
    expect(stored).toMatchObject({
      status: 'PENDING_PAYMENT',
      totalMinor: 9998,
      currency: 'USD',
      callerHmac: ALICE,
    });

    // Act / Assess: status for the owner, "not found" for another caller
    const status = await invoke(
      lexEvent('OrderStatus', 'en-US', { slots: { OrderNumber: orderId }, attrs: { callerHmac: ALICE } }),
    );
    expect(text(status)).toContain('waiting for payment');
    const snoop = await invoke(
      lexEvent('OrderStatus', 'en-US', { slots: { OrderNumber: orderId }, attrs: { callerHmac: BOB } }),
    );
    expect(snoop.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(text(snoop)).toMatch(/couldn't find order/);

    // Act / Assess: pay hand-off to the flow
    const pay = await invoke(
      lexEvent('PayOrder', 'en-US', { slots: { OrderNumber: orderId }, attrs: { callerHmac: ALICE } }),
    );
    expect(pay.sessionState.sessionAttributes).toMatchObject({
      nextStep: 'PAYMENT',
      paymentOrderId: orderId,
      paymentAmountMinor: '9998',
      paymentCurrency: 'USD',
    });

    // Act / Assess: cancel asks first, then cancels and restores stock once
    const cancelAsk = await invoke(
      lexEvent('CancelOrder', 'en-US', {
        source: 'DialogCodeHook',
        slots: { OrderNumber: orderId },
        attrs: { callerHmac: ALICE },
      }),
    );
    expect(cancelAsk.sessionState.dialogAction.type).toBe('ConfirmIntent');
    const cancelEvent = lexEvent('CancelOrder', 'en-US', {
      slots: { OrderNumber: orderId },
      confirmation: 'Confirmed',
      attrs: { callerHmac: ALICE },
    });
    const [c1, c2] = await Promise.all([invoke(cancelEvent), invoke(cancelEvent)]);
    expect(text(c1)).toMatch(/is cancelled/);
    expect(text(c2)).toMatch(/is cancelled/);
    expect(await stock('HS-100')).toBe(before);
    const after = await invoke(
      lexEvent('OrderStatus', 'zh-CN', { slots: { OrderNumber: orderId }, attrs: { callerHmac: ALICE } }),
    );
    expect(text(after)).toContain('已取消');
  });

  it('rejects cancelling a shipped order', async () => {
    // Prepare
    const placed = await order(CHEN, 'Smart bulb', '1', 'ship-1');
    const orderId = placed.sessionState.sessionAttributes.lastOrderId;
    await db.send(
      new UpdateCommand({
        TableName: local.names.orders,
        Key: { orderId },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'SHIPPED' },
      }),
    );
    const before = await stock('BL-100');
    // Act
    const r = await invoke(
      lexEvent('CancelOrder', 'en-US', {
        slots: { OrderNumber: orderId },
        confirmation: 'Confirmed',
        attrs: { callerHmac: CHEN },
      }),
    );
    // Assess
    expect(r.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(text(r)).toMatch(/can no longer be cancelled/);
    expect(await stock('BL-100')).toBe(before);
  });

  it('rejects cancelling an order while a payment attempt holds it, and cancels once the lock has expired', async () => {
    // Prepare: a payment Lambda claimed the order (it may be charging right now)
    const placed = await order(CHEN, 'Smart bulb', '1', 'pay-race-1');
    const orderId = placed.sessionState.sessionAttributes.lastOrderId;
    const lockFor = async (secondsFromNow: number) =>
      db.send(
        new UpdateCommand({
          TableName: local.names.orders,
          Key: { orderId },
          UpdateExpression: 'SET paymentLock = :k, paymentLockExpiresAt = :until',
          ExpressionAttributeValues: {
            ':k': `pay#${orderId}#contact#digest`,
            ':until': Math.floor(Date.now() / 1000) + secondsFromNow,
          },
        }),
      );
    await lockFor(3600);
    const before = await stock('BL-100');
    const cancel = () =>
      invoke(
        lexEvent('CancelOrder', 'en-US', {
          slots: { OrderNumber: orderId },
          confirmation: 'Confirmed',
          attrs: { callerHmac: CHEN },
        }),
      );
    // Act
    const during = await cancel();
    const statusDuring = (await db.send(new GetCommand({ TableName: local.names.orders, Key: { orderId } })))
      .Item?.status;
    await lockFor(-3600);
    const after = await cancel();
    // Assess: nothing changed while the payment held the order; the cancel went through afterwards
    expect(text(during)).toMatch(/nothing has been changed/);
    expect(statusDuring).toBe('PENDING_PAYMENT');
    expect(text(after)).toMatch(/is cancelled/);
    expect(await stock('BL-100')).toBe(before + 1);
  });

  it('places an order without a caller HMAC but keeps it out of the caller index, and refuses status', async () => {
    // Act
    const placed = await order(undefined, 'Smart plug', '1', 'anon-1');
    const orderId = placed.sessionState.sessionAttributes.lastOrderId;
    const status = await invoke(
      lexEvent('OrderStatus', 'en-US', { slots: { OrderNumber: orderId }, attrs: { callerHmac: undefined } }),
    );
    // Assess
    expect(orderId).toMatch(/^[1-9]\d{5}$/);
    const stored = (await db.send(new GetCommand({ TableName: local.names.orders, Key: { orderId } }))).Item;
    expect(stored).toBeDefined();
    expect(stored?.callerHmac).toBeUndefined();
    expect(text(status)).toMatch(/can't verify/);
  });

  it.each([
    ['flux capacitor', '1', 'Product', /couldn't find that product/],
    ['Smart plug', '0', 'Quantity', /at least one/],
    ['Smart plug', '-2', 'Quantity', /at least one/],
    ['Smart plug', '6', 'Quantity', /up to 5 units/],
    ['Smart plug', 'a few', 'Quantity', /whole number/],
    ['Smart plug', '1.5', 'Quantity', /whole number/],
  ])(
    'rejects product %s quantity %s by re-eliciting %s politely',
    async (product, quantity, slot, message) => {
      // Prepare
      const orders = await count(local.names.orders);
      // Act
      const r = await invoke(
        lexEvent('PlaceOrder', 'en-US', {
          slots: { Product: product, Quantity: quantity },
          confirmation: 'Confirmed',
        }),
      );
      // Assess
      expect(r.sessionState.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: slot });
      expect(text(r)).toMatch(message);
      expect(await count(local.names.orders)).toBe(orders);
    },
  );

  it('rejects a tampered read-back price by quoting again instead of ordering', async () => {
    // Prepare
    const orders = await count(local.names.orders);
    // Act
    const r = await invoke(
      lexEvent('PlaceOrder', 'en-US', {
        slots: { Product: 'Desk robot', Quantity: '1' },
        confirmation: 'Confirmed',
        attrs: { pendingQuote: 'RB-100|1|USD|1' },
        sessionId: 'tamper-1',
      }),
    );
    // Assess
    expect(r.sessionState.dialogAction.type).toBe('ConfirmIntent');
    expect(text(r)).toMatch(/price has just changed.*\$199\.99/);
    expect(await count(local.names.orders)).toBe(orders);
  });

  it('creates exactly one order for 20 concurrent identical fulfillment calls', async () => {
    // Prepare
    const before = await stock('CH-100');
    const readBack = await invoke(
      lexEvent('PlaceOrder', 'en-US', {
        source: 'DialogCodeHook',
        slots: { Product: 'charger', Quantity: '3' },
        attrs: { callerHmac: BOB, pendingQuote: undefined },
        sessionId: 'retry-1',
      }),
    );
    const event = lexEvent('PlaceOrder', 'en-US', {
      slots: { Product: 'charger', Quantity: '3' },
      confirmation: 'Confirmed',
      attrs: { callerHmac: BOB, pendingQuote: readBack.sessionState.sessionAttributes.pendingQuote },
      sessionId: 'retry-1',
    });
    const orders = await count(local.names.orders);
    // Act
    const responses = await Promise.all(Array.from({ length: 20 }, () => invoke(event)));
    // Assess
    const ids = new Set(responses.map((r) => r.sessionState.sessionAttributes.lastOrderId));
    expect(responses.every((r) => text(r).includes('order is placed'))).toBe(true);
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[1-9]\d{5}$/);
    expect(await count(local.names.orders)).toBe(orders + 1);
    expect(await stock('CH-100')).toBe(before - 3);
  });

  it('sells the last unit exactly once when callers race for it', async () => {
    // Prepare
    await db.send(
      new UpdateCommand({
        TableName: local.names.catalog,
        Key: { sku: 'SP-300' },
        UpdateExpression: 'SET stock = :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const orders = await count(local.names.orders);
    // Act
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        invoke(
          lexEvent('PlaceOrder', 'en-US', {
            slots: { Product: 'Studio speaker', Quantity: '1' },
            confirmation: 'Confirmed',
            attrs: { callerHmac: i % 2 ? ALICE : BOB, pendingQuote: 'SP-300|1|USD|12999' },
            sessionId: `race-${i}`,
          }),
        ),
      ),
    );
    // Assess
    const won = responses.filter((r) => r.sessionState.sessionAttributes.lastOrderId !== undefined);
    expect(won).toHaveLength(1);
    for (const r of responses.filter((x) => x !== won[0])) expect(text(r)).toMatch(/sold out/);
    expect(await count(local.names.orders)).toBe(orders + 1);
    expect(await stock('SP-300')).toBe(0);
  });

  it.each([
    ['ProvisionedThroughputExceededException', 'TransactWriteCommand', 'HS-100|1|CNY|34900'],
    ['ThrottlingException', 'GetCommand', undefined],
    ['NetworkError', 'TransactWriteCommand', 'HS-100|1|CNY|34900'],
  ])('fails politely on %s during %s and writes nothing', async (errorName, failingCommand, pendingQuote) => {
    // Prepare: a real client whose send fails for one command (the one place a fake is fine)
    const tables = await freshTables();
    const real = DynamoDBDocumentClient.from(tables.client);
    await seedCatalog(real, tables.names.catalog);
    const failing = DynamoDBDocumentClient.from(tables.client);
    const send = failing.send.bind(failing) as (c: unknown) => Promise<unknown>;
    failing.send = (async (command: { constructor: { name: string } }) => {
      if (command.constructor.name === failingCommand) {
        throw Object.assign(new Error(errorName === 'NetworkError' ? 'socket hang up' : 'Rate exceeded'), {
          name: errorName === 'NetworkError' ? 'Error' : errorName,
          code: errorName === 'NetworkError' ? 'ECONNRESET' : undefined,
        });
      }
      return send(command);
    }) as typeof failing.send;
    const flaky = createHandler({
      orders: new DynamoOrderStore(failing, tables.names),
      maxOrderQuantity: 5,
      turns: new DynamoTurnLog(failing, tables.names.turns),
      turnRetentionDays: 365,
    });
    // Act
    const r = await flaky(
      lexEvent('PlaceOrder', 'zh-CN', {
        slots: { Product: '专业语音耳机', Quantity: '1' },
        confirmation: 'Confirmed',
        attrs: { pendingQuote },
      }),
      CONTEXT,
    );
    // Assess
    expect(isValidLexResponse(r)).toBe(true);
    // The session stays open so the caller can try again or ask something else.
    expect(r.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(text(r)).toContain('没有任何改动');
    const scan = async (t: string) => (await real.send(new ScanCommand({ TableName: t }))).Items ?? [];
    expect(await scan(tables.names.orders)).toHaveLength(0);
    expect(await scan(tables.names.idempotency)).toHaveLength(0);
    const hs = (await real.send(new GetCommand({ TableName: tables.names.catalog, Key: { sku: 'HS-100' } })))
      .Item;
    expect(hs?.stock).toBe(120);
  });

  it('answers agent, goodbye and fallback turns without touching the order tables, one turn record each', async () => {
    calls.length = 0;
    turnPuts.length = 0;
    const agent = await invoke(lexEvent('TalkToAgent', 'zh-CN'));
    const bye = await invoke(lexEvent('Goodbye', 'en-US'));
    const fallback = await invoke(lexEvent('FallbackIntent', 'zh-CN'));
    expect(agent.sessionState.sessionAttributes.nextStep).toBe('AGENT');
    expect(text(bye)).toMatch(/Goodbye/);
    expect(fallback.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(calls).toEqual([]);
    expect(turnPuts).toEqual(['PutItemCommand', 'PutItemCommand', 'PutItemCommand']);
  });

  it('never logs a seeded caller number', () => {
    // Assess (runs last in this file): all output captured since beforeAll
    const all = captured.join('');
    expect(all.length).toBeGreaterThan(0);
    for (const number of CALLERS) {
      // The subscriber part (last 7 digits) in any spacing: "5550100", "555 0100", "555-0100", ...
      const subscriber = number.replace(/\D/g, '').slice(-7);
      const anySpacing = new RegExp(subscriber.split('').join('[\\s().-]{0,2}'));
      expect(all).not.toContain(number);
      expect(all).not.toMatch(anySpacing);
    }
  });
});

/**
 * Records the name of every DynamoDB command sent through `client` (SDK middleware); puts to the
 * turns table (one turn record per turn, by design) go to `turnPuts` instead.
 */
function countCalls(client: DynamoDBClient, calls: string[], turnsTable: string, turnPuts: string[]): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const table = (args.input as { TableName?: unknown }).TableName;
      if (table === turnsTable) turnPuts.push(String(context.commandName));
      else calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countDynamoCalls' },
  );
}
