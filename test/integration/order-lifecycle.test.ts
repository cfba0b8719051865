import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore, seedCatalog } from '../../lambdas/aws/dynamo-order-store';
import type { BackOfficeTask } from '../../lambdas/core/cases/task';
import { OrderNotFoundError } from '../../lambdas/core/orders/errors';
import { orderEventOf } from '../../lambdas/core/orders/events';
import {
  applyStaffAction,
  STAFF_TRANSITIONS,
  TransitionRefusedError,
} from '../../lambdas/core/orders/lifecycle';
import { refundKey, refundOrder, settlePendingRefunds } from '../../lambdas/core/orders/refund';
import type { Order } from '../../lambdas/core/orders/store';
import { CardExpiry, CardNumber } from '../../lambdas/core/payment/card';
import { DisabledGateway } from '../../lambdas/core/payment/disabled-gateway';
import { SandboxGateway } from '../../lambdas/core/payment/sandbox-gateway';
import { createHandler as createOrderEvents } from '../../lambdas/order-events/handler';
import { createHandler as createRefund } from '../../lambdas/refund/handler';
import { eventEnvelope } from '../../local/aws/order-bus';
import { freshTables } from '../support/dynamo';

/**
 * The order lifecycle on DynamoDB Local: staff transitions are conditional and audited, a refused
 * one names the statuses that allow it; the stream's new images become domain events (and only
 * status changes do); a REFUND_DUE order is refunded through the gateway once, or handed to staff.
 */

const CALLER = 'a'.repeat(64);
const CONTEXT = { functionName: 'test', awsRequestId: 'test' } as Context;
let store: DynamoOrderStore;
let doc: DynamoDBDocumentClient;
let ordersTable: string;
let seq = 100000;

/** A stored order of `status` (a synthetic number, caller HMAC of a fake caller). */
async function order(status: Order['status'], extra: Partial<Order> = {}): Promise<Order> {
  seq += 1;
  const item: Order = {
    orderId: String(seq),
    callerHmac: CALLER,
    sku: 'HS-100',
    quantity: 1,
    currency: 'USD',
    unitPriceMinor: 12900,
    totalMinor: 12900,
    status,
    locale: 'en-US',
    createdAt: '2026-12-01T08:00:00.000Z',
    updatedAt: '2026-12-01T08:00:00.000Z',
    ...extra,
  };
  await doc.send(new PutCommand({ TableName: ordersTable, Item: item }));
  return item;
}

/** A paid order the sandbox really charged, so that it can refund it. */
async function chargedOrder(gateway: SandboxGateway): Promise<Order> {
  const placed = await order('PENDING_PAYMENT');
  const charge = await gateway.charge({
    idempotencyKey: `pay:${placed.orderId}`,
    orderId: placed.orderId,
    amountMinor: placed.totalMinor,
    currency: 'USD',
    card: CardNumber.parse('4111111111111111') as CardNumber,
    expiry: CardExpiry.parse('1230') as CardExpiry,
  });
  expect(charge.outcome).toBe('APPROVED');
  await doc.send(
    new PutCommand({
      TableName: ordersTable,
      Item: { ...placed, status: 'PAID', paymentReference: charge.reference },
    }),
  );
  return store.cancelOrder(placed.orderId, CALLER, '2026-12-01T09:00:00.000Z');
}

beforeAll(async () => {
  const { client, names } = await freshTables();
  doc = DynamoDBDocumentClient.from(client);
  ordersTable = names.orders;
  store = new DynamoOrderStore(doc, names);
  await seedCatalog(doc, names.catalog);
});

describe('staff transitions', () => {
  it('ships a paid order once, with who and when, and refuses a second ship naming what allows it', async () => {
    const paid = await order('PAID');
    const shipped = await applyStaffAction(store, 'ship', {
      orderId: paid.orderId,
      by: 'warehouse-ana',
      at: '2026-12-02T10:00:00.000Z',
      reference: '1Z999AA10123456784',
    });
    expect(shipped.status).toBe('SHIPPED');
    expect(shipped.transitions).toEqual([
      {
        from: 'PAID',
        to: 'SHIPPED',
        at: '2026-12-02T10:00:00.000Z',
        by: 'warehouse-ana',
        reference: '1Z999AA10123456784',
      },
    ]);
    await expect(
      applyStaffAction(store, 'ship', {
        orderId: paid.orderId,
        by: 'warehouse-bo',
        at: '2026-12-02T10:01:00.000Z',
      }),
    ).rejects.toThrow(`order ${paid.orderId} is SHIPPED; ship needs PAID or PENDING_PAYMENT`);
    const delivered = await applyStaffAction(store, 'deliver', {
      orderId: paid.orderId,
      by: 'warehouse-ana',
      at: '2026-12-04T15:00:00.000Z',
    });
    expect(delivered.transitions?.map((t) => `${t.from}->${t.to}`)).toEqual([
      'PAID->SHIPPED',
      'SHIPPED->DELIVERED',
    ]);
  });

  it('lets exactly one of four staff members racing on the same order win', async () => {
    const paid = await order('PAID');
    const results = await Promise.allSettled(
      ['ana', 'bo', 'chen', 'dee'].map((by) =>
        applyStaffAction(store, 'ship', { orderId: paid.orderId, by, at: `2026-12-02T10:00:00.000Z` }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(TransitionRefusedError);
    }
    expect((await store.getOrder(paid.orderId))?.transitions).toHaveLength(1);
  });

  it.each([
    ['deliver', 'PAID'],
    ['refund', 'PAID'],
    ['ship', 'CANCELLED'],
    ['ship', 'PAYMENT_FAILED'],
    ['ship', 'REFUND_DUE'],
    ['deliver', 'DELIVERED'],
  ] as const)('refuses %s on a %s order and changes nothing', async (action, status) => {
    const o = await order(status);
    await expect(
      applyStaffAction(store, action, { orderId: o.orderId, by: 'x', at: '2026-12-02T00:00:00.000Z' }),
    ).rejects.toThrow(`is ${status}; ${action} needs ${STAFF_TRANSITIONS[action].from.join(' or ')}`);
    expect(await store.getOrder(o.orderId)).toEqual(o);
  });

  it('never ships an order while its payment is being charged (a live payment lock)', async () => {
    const charging = await order('PENDING_PAYMENT', {
      paymentLock: 'k',
      paymentLockExpiresAt: Math.floor(Date.parse('2026-12-02T10:05:00.000Z') / 1000),
    } as Partial<Order>);
    await expect(
      applyStaffAction(store, 'ship', {
        orderId: charging.orderId,
        by: 'ana',
        at: '2026-12-02T10:00:00.000Z',
      }),
    ).rejects.toBeInstanceOf(TransitionRefusedError);
    expect((await store.getOrder(charging.orderId))?.status).toBe('PENDING_PAYMENT');
    // Once the lock has expired (the attempt died), the order can be shipped.
    const shipped = await applyStaffAction(store, 'ship', {
      orderId: charging.orderId,
      by: 'ana',
      at: '2026-12-02T10:06:00.000Z',
    });
    expect(shipped.status).toBe('SHIPPED');
  });

  it('says there is no such order', async () => {
    await expect(
      applyStaffAction(store, 'ship', { orderId: '999999', by: 'x', at: '2026-12-02T00:00:00.000Z' }),
    ).rejects.toBeInstanceOf(OrderNotFoundError);
  });

  it('lists orders by status, oldest change first, and a caller’s orders newest first', async () => {
    const a = await order('REFUND_DUE', { updatedAt: '2026-11-01T00:00:00.000Z' });
    const b = await order('REFUND_DUE', { updatedAt: '2026-10-01T00:00:00.000Z' });
    const due = (await store.ordersInStatus('REFUND_DUE', 50)).map((o) => o.orderId);
    expect(due.indexOf(b.orderId)).toBeLessThan(due.indexOf(a.orderId));
    const mine = await store.ordersOfCaller(CALLER, 3);
    expect(mine).toHaveLength(3);
    expect([...mine].sort((x, y) => y.createdAt.localeCompare(x.createdAt))).toEqual(mine);
  });
});

describe('caller cancel', () => {
  it('turns a paid order into REFUND_DUE and an unpaid one into CANCELLED, audited as the caller', async () => {
    const paid = await order('PAID');
    const unpaid = await order('PENDING_PAYMENT');
    const a = await store.cancelOrder(paid.orderId, CALLER, '2026-12-01T09:00:00.000Z');
    const b = await store.cancelOrder(unpaid.orderId, CALLER, '2026-12-01T09:00:00.000Z');
    expect([a.status, a.refundDue, b.status, b.refundDue]).toEqual(['REFUND_DUE', true, 'CANCELLED', false]);
    expect((await store.getOrder(paid.orderId))?.transitions).toEqual([
      { from: 'PAID', to: 'REFUND_DUE', at: '2026-12-01T09:00:00.000Z', by: 'caller' },
    ]);
    // Cancelling again is a no-op, not a second refund.
    expect(
      (await store.cancelOrder(paid.orderId, CALLER, '2026-12-01T09:05:00.000Z')).transitions,
    ).toHaveLength(1);
  });
});

describe('domain events from the stream', () => {
  const streamRecord = (eventName: 'INSERT' | 'MODIFY', image: Record<string, unknown>) => ({
    eventName,
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/x',
    dynamodb: { NewImage: marshal(image) },
  });
  const marshal = (value: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(value).map(([k, v]) => [k, attr(v)]));
  const attr = (v: unknown): unknown =>
    typeof v === 'string'
      ? { S: v }
      : typeof v === 'number'
        ? { N: String(v) }
        : typeof v === 'boolean'
          ? { BOOL: v }
          : Array.isArray(v)
            ? { L: v.map(attr) }
            : { M: marshal(v as Record<string, unknown>) };

  it('publishes a placed order and each status change, nothing for other changes, no caller data', async () => {
    const placed = {
      orderId: '482913',
      callerHmac: CALLER,
      contactId: 'c-1',
      sku: 'HS-100',
      quantity: 2,
      currency: 'USD',
      totalMinor: 25800,
      status: 'PENDING_PAYMENT',
      createdAt: '2026-12-01T08:00:00.000Z',
      updatedAt: '2026-12-01T08:00:00.000Z',
    };
    const shipped = {
      ...placed,
      status: 'SHIPPED',
      updatedAt: '2026-12-02T10:00:00.000Z',
      transitions: [{ from: 'PENDING_PAYMENT', to: 'SHIPPED', at: '2026-12-02T10:00:00.000Z', by: 'ana' }],
    };
    const locked = { ...shipped, paymentLock: 'k', updatedAt: '2026-12-02T11:00:00.000Z' };
    const published: unknown[] = [];
    const handler = createOrderEvents({ publisher: { publish: async (e) => void published.push(...e) } });
    const out = await handler(
      {
        Records: [
          streamRecord('INSERT', placed),
          streamRecord('MODIFY', shipped),
          streamRecord('MODIFY', locked),
        ],
      } as unknown as DynamoDBStreamEvent,
      CONTEXT,
    );
    expect(out).toEqual({ published: 2 });
    expect(published).toEqual([
      expect.objectContaining({
        id: '482913:PENDING_PAYMENT:2026-12-01T08:00:00.000Z',
        to: 'PENDING_PAYMENT',
        by: 'caller',
      }),
      expect.objectContaining({ from: 'PENDING_PAYMENT', to: 'SHIPPED', by: 'ana', totalMinor: 25800 }),
    ]);
    expect(JSON.stringify(published)).not.toMatch(new RegExp(`${CALLER}|c-1`));
  });

  it('fails the batch when the bus refuses, so the stream retries it', async () => {
    const handler = createOrderEvents({
      publisher: {
        publish: async () => {
          throw new Error('1 of 1 order events not accepted (ThrottlingException)');
        },
      },
    });
    const placed = {
      orderId: '482914',
      sku: 's',
      quantity: 1,
      currency: 'USD',
      totalMinor: 1,
      status: 'PAID',
      createdAt: 'x',
      updatedAt: 'x',
    };
    await expect(
      handler({ Records: [streamRecord('INSERT', placed)] } as unknown as DynamoDBStreamEvent, CONTEXT),
    ).rejects.toThrow(/not accepted/);
  });

  it('ignores rows that are not orders', () => {
    expect(orderEventOf('MODIFY', { orderId: '1', status: 'NOPE' })).toBeUndefined();
    expect(orderEventOf('REMOVE', { orderId: '1' })).toBeUndefined();
  });
});

describe('refunds', () => {
  const tasks: BackOfficeTask[] = [];
  const opener = { open: async (t: BackOfficeTask) => void tasks.push(t) };

  it('refunds a REFUND_DUE order through the gateway once, however often the event comes', async () => {
    const gateway = new SandboxGateway();
    const due = await chargedOrder(gateway);
    expect(due.status).toBe('REFUND_DUE');
    const handler = createRefund({ orders: store, gateway, tasks: opener, overdueAfterHours: 24 });
    const event = eventEnvelope(orderEventOf('MODIFY', due as unknown as Record<string, unknown>) as never);
    const first = await handler(event, CONTEXT);
    const again = await handler(event, CONTEXT);
    expect(first).toMatchObject({ kind: 'REFUNDED' });
    expect(again).toEqual({ kind: 'NOTHING_TO_DO', status: 'REFUNDED' });
    expect(gateway.refunds).toHaveLength(1);
    expect(gateway.refunds[0]).toMatchObject({ idempotencyKey: refundKey(due.orderId), amountMinor: 12900 });
    const stored = await store.getOrder(due.orderId);
    expect(stored?.status).toBe('REFUNDED');
    expect(stored?.transitions?.at(-1)).toMatchObject({
      from: 'REFUND_DUE',
      to: 'REFUNDED',
      by: 'refund-function',
    });
  });

  it('hands the refund to staff as one task where the gateway cannot refund, and keeps REFUND_DUE', async () => {
    const due = await order('REFUND_DUE', { paymentReference: 'ch_1' });
    tasks.length = 0;
    const outcome = await refundOrder(due.orderId, {
      orders: store,
      gateway: new DisabledGateway(),
      tasks: opener,
    });
    expect(outcome).toEqual({ kind: 'HANDED_TO_STAFF', reason: 'the disabled gateway cannot refund' });
    expect(tasks).toEqual([
      expect.objectContaining({
        token: refundKey(due.orderId),
        attributes: expect.objectContaining({ kind: 'REFUND_DUE' }),
      }),
    ]);
    expect(tasks[0]?.description).toContain(`npm run orders -- refund ${due.orderId}`);
    expect((await store.getOrder(due.orderId))?.status).toBe('REFUND_DUE');
  });

  it('hands over a charge the gateway does not know (the sandbox of another container)', async () => {
    const due = await order('REFUND_DUE', { paymentReference: 'sbx_unknown' });
    tasks.length = 0;
    const outcome = await refundOrder(due.orderId, {
      orders: store,
      gateway: new SandboxGateway(),
      tasks: opener,
    });
    expect(outcome.kind).toBe('HANDED_TO_STAFF');
    expect(tasks).toHaveLength(1);
  });

  it('throws when the gateway does not answer, so the function retries under the same key', async () => {
    const due = await order('REFUND_DUE', { paymentReference: 'ch_2' });
    const silent = Object.assign(new SandboxGateway(), {
      refund: async () => {
        throw new Error('timeout');
      },
    });
    await expect(refundOrder(due.orderId, { orders: store, gateway: silent, tasks: opener })).rejects.toThrow(
      'timeout',
    );
    expect((await store.getOrder(due.orderId))?.status).toBe('REFUND_DUE');
  });

  it('counts the refunds left REFUND_DUE longer than the configured hours, on the hourly schedule', async () => {
    const old = await order('REFUND_DUE', { updatedAt: '2026-11-28T00:00:00.000Z' });
    await order('REFUND_DUE', { updatedAt: '2026-12-05T11:30:00.000Z' });
    const handler = createRefund({
      orders: store,
      gateway: new SandboxGateway(),
      tasks: opener,
      overdueAfterHours: 24,
      clock: () => new Date('2026-12-05T12:00:00.000Z'),
    });
    const swept = await handler(
      { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
      CONTEXT,
    );
    // Every REFUND_DUE order of this file older than a day: the old one among them, not the recent one.
    const due = await store.ordersInStatus('REFUND_DUE', 1000, '2026-12-04T12:00:00.000Z');
    expect(due.map((o) => o.orderId)).toContain(old.orderId);
    expect(swept).toMatchObject({
      kind: 'SWEPT',
      overdue: due.length,
      settled: { refunded: 0, unanswered: 0 },
    });
    expect(due.every((o) => o.updatedAt < '2026-12-04T12:00:00.000Z')).toBe(true);
  });

  it('leaves the orders it had no time to ask about for the next sweep', async () => {
    // Prepare
    await order('REFUND_DUE', { paymentReference: 'sbx_unknown' });
    const deps = { orders: store, gateway: new SandboxGateway(), tasks: { open: async () => {} } };
    const now = new Date('2026-12-05T12:00:00.000Z');
    // Act
    const none = await settlePendingRefunds(deps, { now, budgetMs: -1 });
    const all = await settlePendingRefunds(deps, { now });
    // Assess
    expect(none.deferred).toBeGreaterThan(0);
    expect(none.deferred).toBe(all.refunded + all.pending + all.notMade + all.unanswered);
    expect(all.deferred).toBe(0);
  });

  it('rejects an event that is not a REFUND_DUE order event', async () => {
    const handler = createRefund({
      orders: store,
      gateway: new SandboxGateway(),
      tasks: opener,
      overdueAfterHours: 24,
    });
    await expect(handler({ source: 'x', detail: {} }, CONTEXT)).rejects.toThrow(
      /not a REFUND_DUE order event/,
    );
  });
});
