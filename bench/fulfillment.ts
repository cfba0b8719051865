import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { DynamoOrderStore, seedCatalog } from '../lambdas/aws/dynamo-order-store';
import { DynamoTurnLog } from '../lambdas/aws/dynamo-turn-log';
import { createHandler } from '../lambdas/fulfillment/handler';
import { createTables, localDynamoClient, startDynamoLocal } from '../local/dynamo-local';

/**
 * Fulfillment benchmark, measured side by side in one run against DynamoDB Local:
 *  1. turn time of the real handler vs the raw DynamoDB round trips that turn needs (paired,
 *     interleaved samples; median ratio, target <= 1.5);
 *  2. DynamoDB calls per intent, counted with an SDK middleware (target: 1 read for info
 *     intents, 1 transaction for an order);
 */

/** Options of {@link benchFulfillment}. */
export interface FulfillmentBenchOptions {
  /** Timed pairs per measured turn. @default 300 */
  readonly iterations?: number;
  /** Use this DynamoDB Local instead of starting one. */
  readonly endpoint?: string;
  /** Where the report goes. @default console.log */
  readonly print?: (line: string) => void;
}

/** One timed comparison. */
export interface TurnTiming {
  readonly turn: string;
  readonly handlerMedianMs: number;
  readonly rawMedianMs: number;
  /** Median of the per-pair ratios handler / raw. */
  readonly medianRatio: number;
}

/** Everything the benchmark measured. */
export interface FulfillmentBenchResult {
  readonly timings: readonly TurnTiming[];
  /** DynamoDB commands per intent turn, e.g. `{ "ProductInfo": ["GetItemCommand"] }`. */
  readonly callsPerTurn: Readonly<Record<string, readonly string[]>>;
}

const CONTEXT = { functionName: 'fulfillment-bench', awsRequestId: 'bench' } as Context;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/lex/${name}.json`, 'utf8'));

/** Runs `fn` with stdout swallowed: the JSON log lines are still built (real cost), not printed. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

/** A PlaceOrder event of its own session (a new order, never an idempotent replay). */
function orderEvent(sessionId: string, phase: 'dialog' | 'fulfill', quote?: string) {
  const event = fixture('PlaceOrder.en-US');
  event.sessionId = sessionId;
  event.invocationSource = phase === 'dialog' ? 'DialogCodeHook' : 'FulfillmentCodeHook';
  event.sessionState.intent.confirmationState = phase === 'dialog' ? 'None' : 'Confirmed';
  if (quote) event.sessionState.sessionAttributes.pendingQuote = quote;
  else delete event.sessionState.sessionAttributes.pendingQuote;
  return event;
}

function countCalls(client: DynamoDBClient, calls: string[]): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'benchCountCalls' },
  );
}

/** Runs the benchmark and prints the report; returns the numbers for callers such as bench/run.ts. */
export async function benchFulfillment(
  options: FulfillmentBenchOptions = {},
): Promise<FulfillmentBenchResult> {
  const iterations = options.iterations ?? 300;
  const print = options.print ?? ((line: string) => console.log(line));
  const dynamo = options.endpoint ? undefined : await startDynamoLocal();
  const client = localDynamoClient(options.endpoint ?? dynamo?.endpoint ?? '');
  const calls: string[] = [];
  countCalls(client, calls);
  try {
    const tables = await createTables(client, `bench${randomUUID().slice(0, 8)}`);
    const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    await seedCatalog(db, tables.catalog);
    // Enough stock that the timed orders never run out.
    await db.send(
      new UpdateCommand({
        TableName: tables.catalog,
        Key: { sku: 'HS-100' },
        UpdateExpression: 'SET stock = :n',
        ExpressionAttributeValues: { ':n': 10_000_000 },
      }),
    );
    const handler = createHandler({
      orders: new DynamoOrderStore(db, tables),
      maxOrderQuantity: 20,
      turns: new DynamoTurnLog(db, tables.turns),
      turnRetentionDays: 365,
    });

    // 1. DynamoDB calls per intent turn.
    const callsPerTurn: Record<string, string[]> = {};
    const measureCalls = async (label: string, event: unknown) => {
      calls.length = 0;
      const r = await quietly(() => handler(event, CONTEXT));
      callsPerTurn[label] = [...calls];
      return r;
    };
    for (const intent of ['ProductInfo', 'ProductPrice', 'RecommendProduct', 'TalkToAgent', 'Goodbye']) {
      await measureCalls(intent, fixture(`${intent}.en-US`));
    }
    const readBack = await measureCalls('PlaceOrder (read-back turn)', orderEvent('calls-1', 'dialog'));
    const quote = readBack.sessionState.sessionAttributes.pendingQuote;
    const placed = await measureCalls(
      'PlaceOrder (fulfillment turn)',
      orderEvent('calls-1', 'fulfill', quote),
    );
    const statusEvent = fixture('OrderStatus.en-US');
    statusEvent.sessionState.intent.slots.OrderNumber.value.interpretedValue =
      placed.sessionState.sessionAttributes.lastOrderId;
    await measureCalls('OrderStatus', statusEvent);

    // 2. Paired timings: handler turn vs the raw round trips it needs, interleaved (ABBA order).
    const pair = async (
      label: string,
      turn: (i: number) => Promise<unknown>,
      raw: (i: number) => Promise<unknown>,
    ): Promise<TurnTiming> => {
      const h: number[] = [];
      const r: number[] = [];
      const ratios: number[] = [];
      const time = async (fn: () => Promise<unknown>) => {
        const t0 = performance.now();
        await fn();
        return performance.now() - t0;
      };
      await quietly(async () => {
        for (let i = -30; i < iterations; i++) {
          let th: number;
          let tr: number;
          if (i % 2 === 0) {
            th = await time(() => turn(i));
            tr = await time(() => raw(i));
          } else {
            tr = await time(() => raw(i));
            th = await time(() => turn(i));
          }
          if (i < 0) continue; // warm-up
          h.push(th);
          r.push(tr);
          ratios.push(th / tr);
        }
      });
      return { turn: label, handlerMedianMs: median(h), rawMedianMs: median(r), medianRatio: median(ratios) };
    };
    const infoEvent = fixture('ProductInfo.en-US');
    const unitPrice = 4999;
    const timings = [
      await pair(
        'ProductInfo',
        () => handler(infoEvent, CONTEXT),
        () => db.send(new GetCommand({ TableName: tables.catalog, Key: { sku: 'HS-100' } })),
      ),
      await pair(
        'PlaceOrder fulfillment',
        (i) => handler(orderEvent(`bench-h-${i}-${randomUUID()}`, 'fulfill', quote), CONTEXT),
        (i) => {
          const orderId = `raw-${i}-${randomUUID()}`;
          const at = new Date().toISOString();
          const item = {
            orderId,
            sku: 'HS-100',
            quantity: 2,
            currency: 'USD',
            unitPriceMinor: unitPrice,
            totalMinor: 2 * unitPrice,
            status: 'PENDING_PAYMENT',
            locale: 'en-US',
            createdAt: at,
            updatedAt: at,
          };
          return db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tables.idempotency,
                    Item: { key: `raw#${orderId}`, result: item, expiresAt: 1 },
                    ConditionExpression: 'attribute_not_exists(#k)',
                    ExpressionAttributeNames: { '#k': 'key' },
                  },
                },
                {
                  Put: {
                    TableName: tables.orders,
                    Item: item,
                    ConditionExpression: 'attribute_not_exists(orderId)',
                  },
                },
                {
                  Update: {
                    TableName: tables.catalog,
                    Key: { sku: 'HS-100' },
                    UpdateExpression: 'SET stock = stock - :q',
                    ConditionExpression: 'attribute_exists(sku) AND stock >= :q AND prices.#c = :u',
                    ExpressionAttributeNames: { '#c': 'USD' },
                    ExpressionAttributeValues: { ':q': 2, ':u': unitPrice },
                  },
                },
              ],
            }),
          );
        },
      ),
    ];

    print(
      `fulfillment bench: ${iterations} paired samples per turn, DynamoDB Local, logs built but not printed`,
    );
    print('');
    print('turn time vs raw DynamoDB round trips (target: median ratio <= 1.5)');
    for (const t of timings) {
      const ok = t.medianRatio <= 1.5 ? 'ok' : 'OVER TARGET';
      print(
        `  ${t.turn.padEnd(24)} handler ${t.handlerMedianMs.toFixed(2)} ms   raw ${t.rawMedianMs.toFixed(2)} ms   median ratio ${t.medianRatio.toFixed(2)}  ${ok}`,
      );
    }
    print('');
    print('DynamoDB calls per turn (target: 1 read for info intents, 1 transaction for an order)');
    for (const [turn, list] of Object.entries(callsPerTurn)) {
      print(`  ${turn.padEnd(32)} ${list.length}  ${list.join(', ') || '-'}`);
    }
    return { timings, callsPerTurn };
  } finally {
    client.destroy();
    await dynamo?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchFulfillment().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
