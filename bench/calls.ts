import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CATALOG, type Catalog } from '../lambdas/contracts/catalog';
import type { TableName } from '../lambdas/contracts/tables';
import { parseConfig } from '../lib/config';
import { createTables, localDynamoClient, startDynamoLocal } from '../local/dynamo-local';
import { LocalDataStore } from '../local/lake';
import { languageKeys, type ScenarioStep, ScriptedCaller } from '../local/scenario';
import { Simulator, seedLocalData } from '../local/simulator';

/**
 * `npm run bench -- calls`: N scripted calls, `concurrency` at a time, through the real flow,
 * handlers and local Lex stand-in on DynamoDB Local (lake and vault written to a temp folder).
 * Every call consents (or declines) and orders 2 units of one product; afterwards the tables are
 * counted: exactly one ledger item per call, exactly one order per call, stock decremented by
 * exactly what was ordered. Nothing lost, nothing duplicated.
 */

/** Options of {@link benchCalls}. */
export interface CallsBenchOptions {
  /** Calls to run. @default 400 */
  readonly calls?: number;
  /** Calls in flight at once. @default 16 */
  readonly concurrency?: number;
}

/** What the benchmark measured. */
export interface CallsBenchResult {
  readonly calls: number;
  readonly seconds: number;
  readonly callsPerSecond: number;
  readonly ledgerItems: number;
  readonly orders: number;
  readonly problems: readonly string[];
}

const QUANTITY = 2;
/** Calls in flight at once by default: above ~16 DynamoDB Local queues requests on 2 cores. */
const DEFAULT_CONCURRENCY = 16;
/** Unmeasured scripted calls before the measured run. */
const WARMUP_CALLS = 50;

async function countItems(client: DynamoDBClient, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

function script(i: number, catalog: Catalog): { locale: 'en-US' | 'zh-CN'; steps: ScenarioStep[] } {
  const product = catalog.products[i % catalog.products.length];
  if (!product) throw new Error('empty catalog');
  const consent = i % 3 === 0 ? '2' : '1';
  if (i % 2 === 0) {
    return {
      locale: 'en-US',
      steps: [
        { press: consent },
        { say: `I would like to order ${QUANTITY} ${product.names['en-US']}` },
        { say: 'yes' },
        { expect: 'order is placed' },
        { hangup: true },
      ],
    };
  }
  return {
    locale: 'zh-CN',
    steps: [
      { press: consent },
      { say: `我要订${QUANTITY}个${product.names['zh-CN']}` },
      { say: '是的' },
      { expect: '订单' },
      { hangup: true },
    ],
  };
}

/** Runs the benchmark and checks the tables afterwards. */
export async function benchCalls(options: CallsBenchOptions = {}): Promise<CallsBenchResult> {
  const calls = options.calls ?? 400;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const config = parseConfig({});
  const dynamo = await startDynamoLocal();
  const client = localDynamoClient(dynamo.endpoint);
  try {
    const tables: Record<TableName, string> = await createTables(
      client,
      `bench-${randomBytes(3).toString('hex')}`,
    );
    // Plenty of stock so that every order succeeds and the stock arithmetic can be checked exactly.
    const catalog: Catalog = {
      ...CATALOG,
      products: CATALOG.products.map((p) => ({ ...p, stock: 1_000_000 })),
    };
    await seedLocalData(client, tables, catalog);
    const store = new LocalDataStore(mkdtempSync(join(tmpdir(), 'phone-robot-bench-')), 'bench');
    const sim = Simulator.create({ config, dynamo: client, tables, store });

    const problems: string[] = [];
    const contactIds: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < calls; i = next++) {
        const { locale, steps } = script(i, catalog);
        const caller = new ScriptedCaller([...languageKeys(config, locale), ...steps]);
        const number = `+1555${String(100 + (i % 100)).padStart(4, '0')}`;
        const summary = await sim.call(caller, { callerNumber: number, contactId: `bench-${i}` });
        caller.finish(summary.disconnectReason);
        contactIds.push(summary.contactId);
        if (caller.failures.length > 0) problems.push(`call ${i}: ${caller.failures.join('; ')}`);
        if (summary.ordersCreated.length !== 1)
          problems.push(`call ${i}: ${summary.ordersCreated.length} orders`);
      }
    };
    // Warm-up outside the measurement: DynamoDB Local's JVM and node's JIT reach steady state only
    // after some hundreds of requests; the first calls of a cold JVM run several times slower.
    // Warm-up calls are the same scripted calls; the checks below count them separately.
    for (let w = 0; w < WARMUP_CALLS; w++) {
      const { locale, steps } = script(w, catalog);
      const caller = new ScriptedCaller([...languageKeys(config, locale), ...steps]);
      await sim.call(caller, { callerNumber: '+15550199', contactId: `bench-warmup-${w}` });
    }
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;

    const ledger = (await countItems(client, tables.consentLedger)).filter(
      (i) => !(i.contactId as { S: string }).S.startsWith('bench-warmup'),
    );
    const orders = (await countItems(client, tables.orders)).filter(
      (o) => !(o.contactId as { S: string } | undefined)?.S.startsWith('bench-warmup'),
    );
    const products = await countItems(client, tables.catalog);
    const ledgerIds = new Set(ledger.map((i) => (i.contactId as { S: string }).S));
    const orderContacts = orders.map((o) => (o.contactId as { S: string } | undefined)?.S);
    if (ledger.length !== calls)
      problems.push(`consent ledger holds ${ledger.length} items for ${calls} calls`);
    if (contactIds.some((id) => !ledgerIds.has(id))) problems.push('a call has no consent ledger item');
    if (orders.length !== calls)
      problems.push(`orders table holds ${orders.length} orders for ${calls} calls`);
    if (new Set(orderContacts).size !== orders.length) problems.push('some call created more than one order');
    const stockLeft = products.reduce((sum, p) => sum + Number((p.stock as { N: string }).N), 0);
    const expectedLeft = catalog.products.length * 1_000_000 - (calls + WARMUP_CALLS) * QUANTITY;
    if (stockLeft !== expectedLeft) problems.push(`stock left ${stockLeft}, expected ${expectedLeft}`);
    return {
      calls,
      seconds,
      callsPerSecond: calls / seconds,
      ledgerItems: ledger.length,
      orders: orders.length,
      problems,
    };
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

/** Runs the benchmark and prints the result; returns false when a check failed. */
export async function runCallsBench(options: CallsBenchOptions = {}): Promise<boolean> {
  const r = await benchCalls(options);
  console.log(
    [
      `calls: ${r.calls} scripted calls (consent + order with confirmation), concurrency ${options.concurrency ?? DEFAULT_CONCURRENCY}, ${cpus().length} CPUs`,
      `calls: ${r.seconds.toFixed(2)} s, ${r.callsPerSecond.toFixed(1)} calls/s`,
      `calls: consent ledger items ${r.ledgerItems}/${r.calls}, orders ${r.orders}/${r.calls}, stock arithmetic ${r.problems.some((p) => p.startsWith('stock')) ? 'WRONG' : 'exact'}`,
      r.problems.length === 0
        ? 'calls: OK - nothing lost, nothing duplicated'
        : `calls: FAILED\n  ${r.problems.slice(0, 20).join('\n  ')}`,
    ].join('\n'),
  );
  return r.problems.length === 0;
}
