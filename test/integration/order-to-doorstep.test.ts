import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore } from '../../lambdas/aws/dynamo-order-store';
import type { Order } from '../../lambdas/core/orders/store';
import { parseConfig } from '../../lib/config';
import { readJsonLines } from '../../local/aws/order-bus';
import { DELIVERY_STREETS, deliverySteps } from '../support/delivery';
import { freshTables } from '../support/dynamo';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

/**
 * From order to doorstep, offline, in both locales, through the real flow, handlers and DynamoDB
 * Local: a caller orders and pays; the order event reaches the fulfilment queue; staff ship it
 * with `npm run orders -- ship` (the command, as a child process on the same database); the
 * caller's next call hears "shipped" with the day, without giving the number. A paid order that
 * is cancelled is refunded by the refund handler through the same sandbox that charged it, and
 * the caller's next call hears that the payment was refunded.
 */

const config = parseConfig({});
type Modules = {
  sim: typeof import('../../local/simulator');
  scenario: typeof import('../../local/scenario');
  lake: typeof import('../../local/lake');
};
let m: Modules;
let simulator: import('../../local/simulator').Simulator;
let store: DynamoOrderStore;
let dataDir: string;
let endpoint: string;
let prefix: string;

beforeAll(async () => {
  m = {
    sim: await import('../../local/simulator'),
    scenario: await import('../../local/scenario'),
    lake: await import('../../local/lake'),
  };
  const local = await freshTables();
  endpoint = local.endpoint;
  prefix = local.names.orders.replace(/-orders$/, '');
  await m.sim.seedLocalData(local.client, local.names);
  dataDir = mkdtempSync(join(tmpdir(), 'phone-robot-doorstep-'));
  store = new DynamoOrderStore(DynamoDBDocumentClient.from(local.client), local.names);
  simulator = m.sim.Simulator.create({
    config,
    dynamo: local.client,
    tables: local.names,
    store: new m.lake.LocalDataStore(dataDir, 'test'),
  });
});

async function call(locale: 'en-US' | 'zh-CN', caller: string, steps: unknown[]) {
  const scenario = m.scenario.scenarioSchema.parse({ name: 'doorstep', locale, caller, steps });
  const result = await m.scenario.runScenario(simulator, config, scenario);
  expect(result.failures, result.heard.join('\n')).toEqual([]);
  return result;
}

/** `npm run orders -- <args>` on the test's database, as staff would run it. */
function orders(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/orders.ts', ...args, '--dynamo-endpoint', endpoint, '--table-prefix', prefix],
      { encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const latestOf = async (caller: string): Promise<Order> => {
  const [latest] = await store.ordersOfCaller(simulator.hmacOf(caller), 1);
  if (!latest) throw new Error(`no order for ${caller}`);
  return latest;
};

const LINES = {
  'en-US': {
    language: '1',
    order: 'I want to buy two smart plugs',
    confirm: 'Shall I place the order',
    onFile: 'same name and address as your last order, in Springfield',
    yes: 'yes',
    placed: 'order number is (\\d[\\d ]+\\d)',
    pay: 'pay for order {{orderNumber}}',
    approved: 'payment was approved',
    status: 'what is the status of my order',
    shipped: 'was shipped on [A-Z][a-z]+ \\d{1,2}',
    cancel: 'cancel my order',
    confirmCancel: 'Do you want me to cancel order',
    cancelled: 'is cancelled\\. Your payment will be refunded',
    refunded: 'your payment was refunded on [A-Z][a-z]+ \\d{1,2}',
    bye: 'goodbye',
  },
  'zh-CN': {
    language: '1',
    order: '我要买两个智能插座',
    confirm: '下单',
    onFile: '上次订单的收件人和地址（杭州市）',
    yes: '是的',
    placed: '订单号是?((?:\\d ?){6})',
    pay: '支付订单{{orderNumber}}',
    approved: '付款已?成功|支付成功',
    status: '我的订单状态怎么样',
    shipped: '已于\\d{1,2}月\\d{1,2}日发货',
    cancel: '取消我的订单',
    confirmCancel: '确定要取消订单',
    cancelled: '已取消。您的付款将原路退回',
    refunded: '款项已于\\d{1,2}月\\d{1,2}日退回',
    bye: '再见',
  },
} as const;

describe.each([
  ['en-US', '+15550131'],
  ['zh-CN', '+8613800138011'],
] as const)('order to doorstep (%s)', (locale, caller) => {
  const l = LINES[locale];
  /** Order two smart plugs and pay with the sandbox's approved test card. */
  const orderAndPay = (delivery: readonly unknown[]) => [
    { press: '1' },
    { say: l.order },
    ...delivery,
    { expect: l.confirm },
    { say: l.yes },
    { expect: l.placed, capture: 'orderNumber' },
    { say: l.pay },
    { press: '4111111111111111#' },
    { press: '1230#' },
    { expect: l.approved },
  ];

  it('ships a paid order by the staff command and tells the next call it was shipped, and when', async () => {
    // A first order: name, address and consent to delivery calls on this line, read back.
    await call(locale, caller, [...orderAndPay(deliverySteps(locale)), { say: l.bye }]);
    const paid = await latestOf(caller);
    expect(paid.status).toBe('PAID');
    expect(paid.delivery).toMatchObject({
      confirmed: true,
      updates: { channel: 'CALLING_NUMBER', number: caller },
    });
    // The order event reached the fulfilment queue, with no caller data in it.
    const queued = readJsonLines<{ detail: { orderId: string; to: string } }>(
      join(dataDir, 'queues', 'fulfilment.jsonl'),
    );
    expect(queued.some((e) => e.detail.orderId === paid.orderId && e.detail.to === 'PAID')).toBe(true);
    expect(JSON.stringify(queued)).not.toContain(simulator.hmacOf(caller));

    const listed = await orders(['list', '--status', 'PAID']);
    expect(listed, listed.stderr).toMatchObject({ code: 0 });
    expect(listed.stdout).toContain(paid.orderId);
    const shipped = await orders([
      'ship',
      paid.orderId,
      '--reference',
      '1Z999AA10123456784',
      '--operator',
      'ana',
    ]);
    expect(shipped, shipped.stderr).toMatchObject({ code: 0 });
    const twice = await orders(['ship', paid.orderId, '--operator', 'bo']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`order ${paid.orderId} is SHIPPED; ship needs PAID or PENDING_PAYMENT`);
    const shown = await orders(['show', paid.orderId]);
    expect(shown.stdout).toMatch(/PAID -> SHIPPED\s+by ana\s+ref 1Z999AA10123456784/);
    expect(shown.stdout).not.toContain(simulator.hmacOf(caller));
    // What shipping needs: whom and where to deliver to, and the number the caller agreed to.
    expect(shown.stdout).toContain(DELIVERY_STREETS[locale]);
    expect(shown.stdout).toContain(`phone ${caller}`);

    await call(locale, caller, [{ press: '1' }, { say: l.status }, { expect: l.shipped }, { say: l.bye }]);
  });

  it('refunds a paid order the caller cancels, and tells the next call the payment was refunded', async () => {
    // A returning caller: the details on file are offered by city only, and taken with a yes.
    await call(locale, caller, [
      ...orderAndPay([{ expect: l.onFile }, { say: l.yes }]),
      { say: l.cancel },
      { expect: l.confirmCancel },
      { say: l.yes },
      { expect: l.cancelled },
      { say: l.bye },
    ]);
    // After the call, the order bus ran the refund handler, which refunded through the sandbox.
    const refunded = await latestOf(caller);
    expect(refunded.status).toBe('REFUNDED');
    expect(refunded.delivery).toMatchObject({ confirmed: true, updates: { channel: 'CALLING_NUMBER' } });
    expect(simulator.gateway.refunds.map((r) => r.idempotencyKey)).toContain(`refund:${refunded.orderId}`);
    expect(refunded.transitions?.map((t) => `${t.to} by ${t.by}`)).toEqual([
      'PAID by payment-function',
      'REFUND_DUE by caller',
      'REFUNDED by refund-function',
    ]);

    // The caller has two orders now: they name this one.
    await call(locale, caller, [
      { press: '1' },
      { say: `${l.status} ${refunded.orderId}` },
      { expect: l.refunded },
      { say: l.bye },
    ]);
  });

  it('keeps the delivery details out of the lake: no street, no name, in any lake file', () => {
    const lake = join(dataDir, 'lake');
    const files = readdirSync(lake, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(0);
    const name = locale === 'zh-CN' ? '张伟' : 'Alex Doe';
    for (const f of files) {
      const body = readFileSync(join(f.parentPath, f.name), 'utf8');
      expect(body, f.name).not.toContain(DELIVERY_STREETS[locale]);
      expect(body, f.name).not.toContain(name);
    }
  });
});
