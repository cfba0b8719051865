import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { DynamoOrderStore, seedCatalog } from '../lambdas/aws/dynamo-order-store';
import { DynamoTurnLog } from '../lambdas/aws/dynamo-turn-log';
import { CATALOG, type Catalog, catalogItem, type Product } from '../lambdas/contracts/catalog';
import { createHandler } from '../lambdas/fulfillment/handler';
import { createTables, localDynamoClient, startDynamoLocal } from '../local/dynamo-local';

/**
 * DynamoDB reads of one recommendation turn, for the shipped catalog (12 products) and for a
 * synthetic one of 10,000 products in the same categories, through the real code hook on
 * DynamoDB Local: the number of calls and the read capacity DynamoDB reports for them
 * (ReturnConsumedCapacity) must not grow with the catalog. A small catalog can read less than the
 * bound (a category with fewer matching products than the query's limit); a large one reads the
 * bound exactly.
 */

const CONTEXT = { functionName: 'bench-recommend', awsRequestId: 'bench' } as Context;
const LARGE = 10_000;

interface Reads {
  calls: string[];
  units: number;
}

/** Counts commands and sums the capacity DynamoDB reports for them. */
function meter(client: DynamoDBClient, reads: Reads): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      reads.calls.push(String(context.commandName));
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
      reads.units += consumed?.CapacityUnits ?? 0;
      return out;
    },
    { step: 'initialize', name: 'benchMeter' },
  );
}

/** A synthetic catalog of `count` products spread over the shipped categories (names are SKUs). */
function syntheticCatalog(count: number): Catalog {
  const products: Product[] = [];
  const categories = CATALOG.categories.map((c) => c.id);
  for (let i = 0; i < count; i++) {
    const letters = String.fromCharCode(
      65 + (Math.floor(i / 1000 / 26) % 26),
      65 + (Math.floor(i / 1000) % 26),
    );
    const sku = `${letters}-${String(i % 1000).padStart(3, '0')}`;
    const usd = 500 + ((i * 7919) % 30_000);
    products.push({
      sku,
      category: categories[i % categories.length] as string,
      prices: { USD: usd, CNY: usd * 7 },
      stock: i % 5 === 0 ? 0 : 10,
      names: { 'en-US': sku, 'zh-CN': sku },
      synonyms: { 'en-US': [], 'zh-CN': [] },
      descriptions: { 'en-US': 'a synthetic product', 'zh-CN': '测试产品' },
    });
  }
  return { categories: CATALOG.categories, products };
}

/** A RecommendProduct turn with the given slots. */
function turn(slots: { Category?: string; Budget?: string }) {
  const event = JSON.parse(readFileSync('test/fixtures/lex/RecommendProduct.en-US.json', 'utf8'));
  event.sessionId = `bench-${randomUUID()}`;
  event.sessionState.intent.slots = Object.fromEntries(
    Object.entries(slots).map(([k, v]) => [
      k,
      { shape: 'Scalar', value: { originalValue: v, interpretedValue: v, resolvedValues: [v] } },
    ]),
  );
  return event;
}

const QUERIES: readonly [string, { Category?: string; Budget?: string }][] = [
  ['audio under $60', { Category: 'audio', Budget: '60' }],
  ['anything under $50', { Budget: '50' }],
  ['anything', {}],
];

/** Runs the benchmark; resolves whether both catalogs need the same calls and the small one reads no more. */
export async function benchRecommend(
  print: (line: string) => void = (l) => console.log(l),
): Promise<boolean> {
  const dynamo = await startDynamoLocal();
  const client = localDynamoClient(dynamo.endpoint);
  const reads: Reads = { calls: [], units: 0 };
  meter(client, reads);
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    const small = await createTables(client, `rs${randomUUID().slice(0, 6)}`);
    await seedCatalog(db, small.catalog);
    const large = await createTables(client, `rl${randomUUID().slice(0, 6)}`);
    const items = syntheticCatalog(LARGE).products.map((p) => catalogItem(p));
    for (let i = 0; i < items.length; i += 25) {
      await db.send(
        new BatchWriteCommand({
          RequestItems: { [large.catalog]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    }
    const results: Record<string, Record<string, Reads>> = {};
    for (const [label, tables] of [
      [`${CATALOG.products.length} products`, small],
      [`${LARGE.toLocaleString('en-US')} products`, large],
    ] as const) {
      const handler = createHandler({
        orders: new DynamoOrderStore(db, tables),
        maxOrderQuantity: 20,
        turns: new DynamoTurnLog(db, tables.turns),
        turnRetentionDays: 365,
      });
      results[label] = {};
      for (const [name, slots] of QUERIES) {
        reads.calls = [];
        reads.units = 0;
        await handler(turn(slots), CONTEXT);
        (results[label] as Record<string, Reads>)[name] = { calls: [...reads.calls], units: reads.units };
      }
    }
    const [a, b] = Object.keys(results) as [string, string];
    print(`recommend: DynamoDB reads per recommendation turn (code hook on DynamoDB Local)`);
    print('');
    print(`query                  ${a.padEnd(26)} ${b.padEnd(26)} same calls   small <= large`);
    let bounded = true;
    for (const [name] of QUERIES) {
      const x = results[a]?.[name] as Reads;
      const y = results[b]?.[name] as Reads;
      const sameCalls = x.calls.length === y.calls.length && x.calls.every((c) => c === 'QueryCommand');
      const within = x.units <= y.units;
      bounded = bounded && sameCalls && within;
      const cell = (r: Reads) => `${r.calls.length} × Query, ${r.units} RCU`.padEnd(26);
      print(
        `${name.padEnd(22)} ${cell(x)} ${cell(y)} ${(sameCalls ? 'yes' : 'NO').padEnd(12)} ${within ? 'yes' : 'NO'}`,
      );
    }
    return bounded;
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
