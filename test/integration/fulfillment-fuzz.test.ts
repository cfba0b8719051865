import { readdirSync, readFileSync } from 'node:fs';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore, seedCatalog } from '../../lambdas/aws/dynamo-order-store';
import { DynamoTurnLog } from '../../lambdas/aws/dynamo-turn-log';
import { CATALOG } from '../../lambdas/contracts/catalog';
import { CatalogIndex } from '../../lambdas/core/orders/catalog-index';
import { parseQuantity } from '../../lambdas/core/orders/service';
import { isValidLexResponse } from '../../lambdas/edge/lex';
import { createHandler, type FulfillmentHandler } from '../../lambdas/fulfillment/handler';
import { freshTables, type LocalTables } from '../support/dynamo';

const CONTEXT = { functionName: 'fulfillment', awsRequestId: 'fuzz' } as Context;
const FIXTURES = readdirSync('test/fixtures/lex')
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(`test/fixtures/lex/${f}`, 'utf8')) as Record<string, unknown>);
const index = new CatalogIndex();
const WRITE_COMMANDS = /Put|Update|Delete|TransactWrite|BatchWrite/;

/** Paths whose corruption must make the event unparseable. */
const REQUIRED_PATHS: readonly (readonly string[])[] = [
  ['invocationSource'],
  ['sessionId'],
  ['bot'],
  ['bot', 'localeId'],
  ['sessionState'],
  ['sessionState', 'intent'],
  ['sessionState', 'intent', 'name'],
];

/** Wrong-typed or empty replacements for a required field (never a valid value for it). */
const wrongValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(''),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.constant('Bogus\u0000Hook'),
);

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) return;
    node = next as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** A fixture with one required field broken. */
const brokenStructure = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.constantFrom(...REQUIRED_PATHS), wrongValue)
  .map(([fixture, path, value]) => {
    const event = structuredClone(fixture);
    setPath(event, path, value);
    return event;
  });

/** A spoken product that resolves to nothing in the catalog. */
const unknownProduct = fc.string({ maxLength: 40 }).filter((s) => index.skuFor([s]) === undefined);
/** A spoken quantity that is not a valid quantity. */
const badQuantity = fc
  .oneof(fc.string({ maxLength: 12 }), fc.integer().map(String), fc.double().map(String))
  .filter((s) => !parseQuantity(s, 5).ok);
const slot = (v: string) => ({
  shape: 'Scalar',
  value: { originalValue: v, interpretedValue: v, resolvedValues: [v] },
});

/** Well-formed events whose slot values are garbage: every one must be re-elicited or refused. */
const garbageSlots = fc
  .record({
    fixture: fc.constantFrom(...FIXTURES),
    intent: fc.constantFrom(
      'PlaceOrder',
      'ProductInfo',
      'ProductPrice',
      'RecommendProduct',
      'OrderStatus',
      'CancelOrder',
      'PayOrder',
      'NoSuchIntent',
    ),
    source: fc.constantFrom('DialogCodeHook', 'FulfillmentCodeHook'),
    confirmation: fc.constantFrom('None', 'Confirmed', 'Denied'),
    product: unknownProduct,
    quantity: fc.option(badQuantity),
    knownProduct: fc.constantFrom(...CATALOG.products.map((p) => p.names['en-US'])),
    orderNumber: fc.string({ maxLength: 10 }),
    budget: fc.string({ maxLength: 10 }),
    category: fc.string({ maxLength: 20 }),
    quote: fc.string({ maxLength: 30 }),
    callerHmac: fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[0-9a-f]{64}$/)),
  })
  .map((r) => {
    const event = structuredClone(r.fixture) as Record<string, any>;
    event.invocationSource = r.source;
    const intent = event.sessionState.intent;
    intent.name = r.intent;
    intent.confirmationState = r.confirmation;
    // A valid product is only ever paired with an invalid quantity, so no order can be placed.
    const useKnown = r.quantity !== null;
    intent.slots = {
      Product: slot(useKnown ? r.knownProduct : r.product),
      Quantity: r.quantity === null ? null : slot(r.quantity),
      OrderNumber: slot(r.orderNumber),
      Budget: slot(r.budget),
      Category: slot(r.category),
    };
    event.sessionState.sessionAttributes = {
      ...event.sessionState.sessionAttributes,
      pendingQuote: r.quote,
      callerHmac: r.callerHmac,
    };
    return event;
  });

describe('fulfillment Lambda under malformed Lex events', () => {
  let local: LocalTables;
  let db: DynamoDBDocumentClient;
  let handler: FulfillmentHandler;
  const writes: string[] = [];
  let stockBefore: unknown[];

  beforeAll(async () => {
    local = await freshTables();
    local.client.middlewareStack.add(
      (next, context) => async (args) => {
        const table = String((args.input as { TableName?: unknown }).TableName ?? '');
        // A turn record per understood turn is by design (counts only); every other write is a bug.
        if (WRITE_COMMANDS.test(String(context.commandName)) && table !== local.names.turns) {
          writes.push(table ? `${String(context.commandName)} ${table}` : String(context.commandName));
        }
        return next(args);
      },
      { step: 'initialize', name: 'countWrites' },
    );
    db = DynamoDBDocumentClient.from(local.client);
    await seedCatalog(db, local.names.catalog);
    writes.length = 0;
    stockBefore = await Promise.all(
      CATALOG.products.map(
        async (p) =>
          (await db.send(new GetCommand({ TableName: local.names.catalog, Key: { sku: p.sku } }))).Item
            ?.stock,
      ),
    );
    handler = createHandler({
      orders: new DynamoOrderStore(db, local.names),
      maxOrderQuantity: 5,
      turns: new DynamoTurnLog(db, local.names.turns),
      turnRetentionDays: 365,
    });
  });

  it('rejects 1,200 malformed events with valid Lex responses, no crash and no write', async () => {
    // Prepare
    const events = fc.oneof(
      { arbitrary: fc.anything({ withObjectString: true, withNullPrototype: true }), weight: 1 },
      { arbitrary: brokenStructure, weight: 2 },
      { arbitrary: garbageSlots, weight: 3 },
    );
    let runs = 0;
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(events, async (event) => {
        runs++;
        const writesBefore = writes.length;
        const response = await handler(event, CONTEXT);
        expect(writes.length, JSON.stringify(event)).toBe(writesBefore);
        expect(isValidLexResponse(response), JSON.stringify(response)).toBe(true);
        expect(response.messages?.length ?? 0).toBeGreaterThan(0);
      }),
      { numRuns: 1200 },
    );
    expect(runs).toBeGreaterThanOrEqual(1000);
    expect(writes).toEqual([]);
    const scan = async (t: string) =>
      (await db.send(new ScanCommand({ TableName: t, Select: 'COUNT' }))).Count;
    expect(await scan(local.names.orders)).toBe(0);
    expect(await scan(local.names.idempotency)).toBe(0);
    const stockAfter = await Promise.all(
      CATALOG.products.map(
        async (p) =>
          (await db.send(new GetCommand({ TableName: local.names.catalog, Key: { sku: p.sku } }))).Item
            ?.stock,
      ),
    );
    expect(stockAfter).toEqual(stockBefore);
  });

  it('still places an order for a well-formed event, so the fuzz above could have caught a write', async () => {
    // Prepare
    const fixture = FIXTURES.find(
      (f) => (f.sessionState as any).intent.name === 'PlaceOrder' && (f.bot as any).localeId === 'en_US',
    );
    // Act
    const response = await handler(structuredClone(fixture), CONTEXT);
    // Assess
    expect(response.sessionState.sessionAttributes.lastOrderId).toMatch(/^[1-9]\d{5}$/);
    expect(writes).toEqual(['TransactWriteItemsCommand']);
  });
});
