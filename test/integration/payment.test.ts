import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectInputDecryptor, StaticPrivateKeys } from '../../lambdas/aws/connect-input-decryptor';
import { DynamoOrderStore } from '../../lambdas/aws/dynamo-order-store';
import { DynamoPaymentStore } from '../../lambdas/aws/dynamo-payment-store';
import { callerHmac } from '../../lambdas/core/caller-id';
import type { BackOfficeTask } from '../../lambdas/core/cases/task';
import { orderEventOf } from '../../lambdas/core/orders/events';
import { paymentUnconfirmedCase } from '../../lambdas/core/orders/refund';
import type { Order } from '../../lambdas/core/orders/store';
import type { ChargeRequest, ChargeResult, PaymentGateway } from '../../lambdas/core/payment/gateway';
import { gatewayIdempotencyKey } from '../../lambdas/core/payment/pay';
import { SandboxGateway } from '../../lambdas/core/payment/sandbox-gateway';
import type { PaymentAttempt } from '../../lambdas/core/payment/store';
import { metrics } from '../../lambdas/edge/powertools';
import { createHandler, PAYMENT_METRICS, type PaymentDeps } from '../../lambdas/payment/handler';
import { freshTables, type LocalTables } from '../support/dynamo';
import {
  CARD_TRACES,
  connectEncrypt,
  DIGIT_RUN,
  generateTestKeyPair,
  TEST_CARDS,
  type TestKeyPair,
} from '../unit/payment/support';

const KEY = Buffer.from('payment-test-hmac-key');
const ALICE = callerHmac('+1 555 0142', KEY);
const BOB = callerHmac('+1 555 0143', KEY);
const NOW = new Date('2026-11-02T09:30:00.000Z');
/** Ten minutes later: every 120 s payment lock taken at NOW has expired. */
const LATER = new Date('2026-11-02T09:40:00.000Z');
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
const CONTEXT = { functionName: 'payment', awsRequestId: 'test' } as Context;
const fixture = readFileSync(new URL('../fixtures/payment/payment-event.json', import.meta.url), 'utf8');
/** Polls fast: concurrency in these tests is real, only the wait between polls is shortened. */
const FAST_WAIT = { attempts: 200, sleep: () => new Promise<void>((r) => setTimeout(r, 10)) };

let seq = 0;
const nextContactId = () => `5ca1ab1e-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
let orderSeq = 200_000;
const nextOrderId = () => String(++orderSeq);

describe('payment Lambda on DynamoDB Local', () => {
  let tables: LocalTables;
  let doc: DynamoDBDocumentClient;
  let key: TestKeyPair;
  let other: TestKeyPair;

  beforeAll(async () => {
    tables = await freshTables();
    doc = DynamoDBDocumentClient.from(tables.client, { marshallOptions: { removeUndefinedValues: true } });
    // 4096 bits, as recommended for Connect keys; generated per run, never checked in.
    key = generateTestKeyPair('6f1c0d1e-0000-4000-8000-0000000c0de1', 4096);
    other = generateTestKeyPair('6f1c0d1e-0000-4000-8000-0000000c0de2');
  });

  const deps = (
    gateway: PaymentGateway = new SandboxGateway(),
    extra: Partial<PaymentDeps> = {},
  ): PaymentDeps => ({
    store: new DynamoPaymentStore(doc, tables.names),
    decryptor: new ConnectInputDecryptor(new StaticPrivateKeys([key])),
    gateway,
    clock: () => NOW,
    duplicateWait: FAST_WAIT,
    ...extra,
  });

  /** The payment store, except that `complete` throws `crashes` times: a crash after the charge. */
  class CrashingStore extends DynamoPaymentStore {
    constructor(private crashes = 1) {
      super(doc, { orders: tables.names.orders, idempotency: tables.names.idempotency });
    }
    override async complete(...args: Parameters<DynamoPaymentStore['complete']>) {
      if (this.crashes-- > 0) throw new Error('invocation died before recording the answer');
      return super.complete(...args);
    }
  }

  /** Metric names the handler emits while `act` runs (EMF output is disabled in tests). */
  const metricsOf = async <T>(act: () => Promise<T>): Promise<{ value: T; emitted: string[] }> => {
    const emitted: string[] = [];
    const spy = vi
      .spyOn(metrics, 'singleMetric')
      .mockImplementation(
        () => ({ addDimension: () => undefined, addMetric: (name: string) => emitted.push(name) }) as any,
      );
    try {
      return { value: await act(), emitted };
    } finally {
      spy.mockRestore();
    }
  };

  const attemptsOf = async (orderId: string) =>
    (
      (await doc.send(new ScanCommand({ TableName: tables.names.idempotency, ConsistentRead: true })))
        .Items ?? []
    ).filter((i) => i.orderId === orderId) as PaymentAttempt[];

  const seedOrder = async (overrides: Partial<Order> = {}): Promise<Order> => {
    const order: Order = {
      orderId: nextOrderId(),
      callerHmac: ALICE,
      contactId: 'placed-in-an-earlier-call',
      sku: 'TEA-001',
      quantity: 2,
      currency: 'USD',
      unitPriceMinor: 1250,
      totalMinor: 2500,
      status: 'PENDING_PAYMENT',
      locale: 'en-US',
      createdAt: '2026-11-02T09:00:00.000Z',
      updatedAt: '2026-11-02T09:00:00.000Z',
      ...overrides,
    };
    await doc.send(new PutCommand({ TableName: tables.names.orders, Item: order }));
    return order;
  };

  const orderItem = async (orderId: string) =>
    (
      await doc.send(
        new GetCommand({ TableName: tables.names.orders, Key: { orderId }, ConsistentRead: true }),
      )
    ).Item;

  interface EventOptions {
    contactId?: string;
    hmac?: string | undefined;
    card?: string;
    expiry?: string;
    encryptWith?: TestKeyPair;
    extra?: Record<string, string>;
  }

  /** A Connect event as the flow sends it, with freshly encrypted card input. */
  const event = async (orderId: string, options: EventOptions = {}) => {
    const e = JSON.parse(fixture);
    const contactId = options.contactId ?? nextContactId();
    e.Details.ContactData.ContactId = contactId;
    e.Details.ContactData.InitialContactId = contactId;
    if ('hmac' in options && options.hmac === undefined) delete e.Details.ContactData.Attributes.callerHmac;
    else e.Details.ContactData.Attributes.callerHmac = options.hmac ?? ALICE;
    const with_ = options.encryptWith ?? key;
    e.Details.Parameters = {
      orderId,
      encryptedCard: await connectEncrypt(options.card ?? TEST_CARDS.approve, with_),
      encryptedExpiry: await connectEncrypt(options.expiry ?? '1230', with_),
      ...options.extra,
    };
    return e;
  };

  it('approves a documented approve card: order PAID with brand, last4 and reference only', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder();
    const contactId = nextContactId();
    // Act
    const result = await handler(await event(order.orderId, { contactId }), CONTEXT);
    // Assess
    expect(result).toEqual({ result: 'APPROVED', orderId: order.orderId, brand: 'VISA', last4: '1111' });
    expect(Object.values(result).every((v) => typeof v === 'string')).toBe(true);
    const item = await orderItem(order.orderId);
    expect(item).toMatchObject({
      status: 'PAID',
      paymentBrand: 'VISA',
      paymentLast4: '1111',
      paymentContactId: contactId,
      paidAt: NOW.toISOString(),
      lastPaymentResult: 'APPROVED',
    });
    expect(item?.paymentReference).toBe(gateway.charges[0]?.result.reference);
    expect(item).not.toHaveProperty('paymentLock');
    expect(gateway.charges).toHaveLength(1);
    expect(gateway.charges[0]).toMatchObject({ amountMinor: 2500, currency: 'USD', orderId: order.orderId });
  });

  it('declines a documented decline card and lets the caller retry with another card', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder();
    const contactId = nextContactId();
    // Act
    const declined = await handler(
      await event(order.orderId, { contactId, card: TEST_CARDS.decline }),
      CONTEXT,
    );
    const afterDecline = await orderItem(order.orderId);
    const retried = await handler(
      await event(order.orderId, { contactId, card: TEST_CARDS.approveMastercard }),
      CONTEXT,
    );
    // Assess
    expect(declined).toEqual({ result: 'DECLINED', orderId: order.orderId, brand: 'VISA', last4: '0002' });
    expect(afterDecline).toMatchObject({
      status: 'PAYMENT_FAILED',
      lastPaymentResult: 'DECLINED',
      paymentSeq: 1,
    });
    expect(afterDecline).not.toHaveProperty('paymentLock');
    expect(retried).toMatchObject({ result: 'APPROVED', brand: 'MASTERCARD', last4: '4444' });
    expect(await orderItem(order.orderId)).toMatchObject({ status: 'PAID', paymentLast4: '4444' });
    expect(gateway.charges).toHaveLength(2);
    expect(gateway.charges.map((c) => c.idempotencyKey)).toEqual([
      gatewayIdempotencyKey(order.orderId, 0),
      gatewayIdempotencyKey(order.orderId, 1),
    ]);
  });

  it('fails a payment on a gateway error: ERROR to the flow, order PAYMENT_FAILED', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder();
    // Act
    const result = await handler(await event(order.orderId, { card: TEST_CARDS.error }), CONTEXT);
    // Assess
    expect(result).toEqual({ result: 'ERROR', orderId: order.orderId, brand: 'VISA', last4: '0119' });
    expect(await orderItem(order.orderId)).toMatchObject({
      status: 'PAYMENT_FAILED',
      lastPaymentResult: 'ERROR',
    });
  });

  it('fails safely when the gateway gives no answer: unconfirmed ERROR, attempt left PENDING, lock released', async () => {
    // Prepare
    const unreachable: PaymentGateway = {
      name: 'down',
      charge: () => Promise.reject(new Error('ETIMEDOUT')),
      lookup: () => Promise.reject(new Error('ETIMEDOUT')),
    };
    const handler = createHandler(deps(unreachable));
    const order = await seedOrder();
    // Act
    const { value: result, emitted } = await metricsOf(async () =>
      handler(await event(order.orderId), CONTEXT),
    );
    // Assess: never "not charged", never PAYMENT_FAILED: the outcome is unknown
    expect(result).toEqual({
      result: 'ERROR',
      orderId: order.orderId,
      brand: 'VISA',
      last4: '1111',
      unconfirmed: 'true',
    });
    const item = await orderItem(order.orderId);
    expect(item).toMatchObject({ status: 'PENDING_PAYMENT' });
    expect(item?.paymentLockExpiresAt).toBeLessThan(epoch(NOW));
    expect(emitted).toEqual(
      expect.arrayContaining([
        PAYMENT_METRICS.reconcile,
        PAYMENT_METRICS.charge,
        PAYMENT_METRICS.unconfirmed,
      ]),
    );
    const attempts = await attemptsOf(order.orderId);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      state: 'PENDING',
      gatewayKey: gatewayIdempotencyKey(order.orderId, 0),
    });
    // The order's new image is a PAYMENT_UNCONFIRMED case for the back office, which gets a task.
    const { exception, at } = orderEventOf('MODIFY', item) ?? {};
    expect({ exception, at }).toEqual({ exception: 'PAYMENT_UNCONFIRMED', at: NOW.toISOString() });
    const tasks: BackOfficeTask[] = [];
    const opener = { open: async (t: BackOfficeTask) => void tasks.push(t) };
    const store = new DynamoOrderStore(doc, tables.names);
    expect(
      await paymentUnconfirmedCase(order.orderId, NOW.toISOString(), { orders: store, tasks: opener }),
    ).toEqual({
      kind: 'TASK_OPENED',
    });
    expect(tasks).toEqual([
      expect.objectContaining({
        token: `payment-unconfirmed:${order.orderId}:${NOW.toISOString()}`,
        attributes: { orderId: order.orderId, kind: 'PAYMENT_UNCONFIRMED' },
      }),
    ]);
    expect(JSON.stringify(tasks)).not.toMatch(/4111|ALICE|\+1 555/);
  });

  it('recovers a lost gateway answer by key in the same invocation: APPROVED, one charge', async () => {
    // Prepare: the gateway charges, then the answer is lost on the way back
    const sandbox = new SandboxGateway();
    const lostAnswer: PaymentGateway = {
      name: 'lossy',
      charge: async (request: ChargeRequest) => {
        await sandbox.charge(request);
        throw new Error('socket hang up');
      },
      lookup: (k: string) => sandbox.lookup(k),
    };
    const handler = createHandler(deps(lostAnswer));
    const order = await seedOrder();
    // Act
    const result = await handler(await event(order.orderId), CONTEXT);
    // Assess
    expect(result).toEqual({ result: 'APPROVED', orderId: order.orderId, brand: 'VISA', last4: '1111' });
    expect(await orderItem(order.orderId)).toMatchObject({ status: 'PAID' });
    expect(sandbox.charges).toHaveLength(1);
  });

  it('charges exactly once when an invocation crashed after the charge and the caller keys another card later', async () => {
    // Prepare: the first invocation charges, then dies before recording the answer
    const gateway = new SandboxGateway();
    const order = await seedOrder();
    const crashed = createHandler(deps(gateway, { store: new CrashingStore(1) }));
    const first = await crashed(await event(order.orderId), CONTEXT);
    const afterCrash = await orderItem(order.orderId);
    const retry = createHandler(deps(gateway, { clock: () => LATER }));
    // Act: the lock has expired; a new entry (new ciphertexts, another card, another call)
    const { value: second, emitted } = await metricsOf(async () =>
      retry(await event(order.orderId, { card: TEST_CARDS.approveMastercard }), CONTEXT),
    );
    // Assess: the first charge was found by its key and recorded; no second charge
    expect(first).toMatchObject({ result: 'APPROVED' });
    expect(afterCrash).toMatchObject({ status: 'PENDING_PAYMENT' });
    expect(afterCrash?.paymentLockExpiresAt).toBeLessThan(epoch(LATER));
    expect(second).toEqual({ result: 'APPROVED', orderId: order.orderId, brand: 'VISA', last4: '1111' });
    expect(gateway.charges).toHaveLength(1);
    expect(gateway.calls).toBe(1);
    const item = await orderItem(order.orderId);
    expect(item).toMatchObject({ status: 'PAID', paymentLast4: '1111', lastPaymentResult: 'APPROVED' });
    expect(item?.paymentReference).toBe(gateway.charges[0]?.result.reference);
    expect(item).not.toHaveProperty('paymentLock');
    expect(emitted).toContain(PAYMENT_METRICS.reconciled);
    expect((await attemptsOf(order.orderId)).map((a) => a.state).sort()).toEqual(['COMPLETE']);
  });

  it('charges exactly once under the order-scoped key even when the gateway lookup misses the first charge', async () => {
    // Prepare: a gateway whose lookup lags behind its charges (eventually consistent reads)
    class LaggingLookup extends SandboxGateway {
      override async lookup(): Promise<ChargeResult | undefined> {
        return undefined;
      }
    }
    const gateway = new LaggingLookup();
    const order = await seedOrder();
    await createHandler(deps(gateway, { store: new CrashingStore(1) }))(await event(order.orderId), CONTEXT);
    const retry = createHandler(deps(gateway, { clock: () => LATER }));
    // Act: the expired lock is taken over and the new card charged under the SAME gateway key
    const second = await retry(await event(order.orderId, { card: TEST_CARDS.approveAmex }), CONTEXT);
    // Assess: the gateway answered the second request from the first charge: one charge only
    expect(gateway.calls).toBe(2);
    expect(gateway.charges).toHaveLength(1);
    expect(gateway.charges[0]?.idempotencyKey).toBe(gatewayIdempotencyKey(order.orderId, 0));
    expect(second).toMatchObject({ result: 'APPROVED' });
    expect(await orderItem(order.orderId)).toMatchObject({ status: 'PAID' });
    const attempts = await attemptsOf(order.orderId);
    expect(attempts.filter((a) => a.abandoned)).toHaveLength(1);
  });

  it('rejects taking over a live lock of an unsettled attempt, and takes it over once expired and confirmed uncharged', async () => {
    // Prepare: an attempt claimed the order at NOW and died before calling the gateway
    const gateway = new SandboxGateway();
    const order = await seedOrder();
    const stuck = `pay#${order.orderId}#crashed-contact#digest`;
    await doc.send(
      new PutCommand({
        TableName: tables.names.idempotency,
        Item: {
          key: stuck,
          kind: 'Payment',
          state: 'PENDING',
          orderId: order.orderId,
          contactId: 'crashed-contact',
          amountMinor: order.totalMinor,
          currency: order.currency,
          brand: 'VISA',
          last4: '1111',
          createdAt: NOW.toISOString(),
          expiresAt: epoch(NOW) + 86_400,
          gatewayKey: gatewayIdempotencyKey(order.orderId, 0),
          paymentSeq: 0,
        },
      }),
    );
    await doc.send(
      new PutCommand({
        TableName: tables.names.orders,
        Item: { ...order, paymentLock: stuck, paymentLockExpiresAt: epoch(NOW) + 120 },
      }),
    );
    // Act
    const whileLive = await createHandler(deps(gateway))(await event(order.orderId), CONTEXT);
    const afterExpiry = await createHandler(deps(gateway, { clock: () => LATER }))(
      await event(order.orderId, { card: TEST_CARDS.approveMastercard }),
      CONTEXT,
    );
    // Assess
    expect(whileLive).toMatchObject({ result: 'ERROR', unconfirmed: 'true' });
    expect(afterExpiry).toEqual({
      result: 'APPROVED',
      orderId: order.orderId,
      brand: 'MASTERCARD',
      last4: '4444',
    });
    expect(gateway.charges).toHaveLength(1);
    expect(await orderItem(order.orderId)).toMatchObject({ status: 'PAID', paymentLast4: '4444' });
    const abandoned = (await attemptsOf(order.orderId)).find((a) => a.key === stuck);
    expect(abandoned).toMatchObject({ state: 'COMPLETE', abandoned: true });
  });

  it('settles an unconfirmed charge before a retry after the gateway recovers: one charge, order PAID', async () => {
    // Prepare: the charge lands but the answer is lost, and the gateway cannot be asked right away
    const sandbox = new SandboxGateway();
    let down = true;
    const flaky: PaymentGateway = {
      name: 'flaky',
      charge: async (request: ChargeRequest) => {
        const answer = await sandbox.charge(request);
        if (down) throw new Error('ETIMEDOUT');
        return answer;
      },
      lookup: (k: string) => (down ? Promise.reject(new Error('ETIMEDOUT')) : sandbox.lookup(k)),
    };
    const handler = createHandler(deps(flaky));
    const order = await seedOrder();
    const contactId = nextContactId();
    const first = await handler(await event(order.orderId, { contactId }), CONTEXT);
    down = false;
    // Act: the caller tries again at once, with the card keyed again
    const second = await handler(await event(order.orderId, { contactId }), CONTEXT);
    // Assess
    expect(first).toMatchObject({ result: 'ERROR', unconfirmed: 'true' });
    expect(second).toMatchObject({ result: 'APPROVED', last4: '1111' });
    expect(sandbox.charges).toHaveLength(1);
    expect(await orderItem(order.orderId)).toMatchObject({ status: 'PAID' });
  });

  it.each([
    ['a Luhn-invalid number', { card: TEST_CARDS.luhnInvalid }, 'INVALID_CARD'],
    ['too few digits', { card: '4111' }, 'INVALID_CARD'],
    ['an impossible expiry', { expiry: '1330' }, 'INVALID_CARD'],
    ['an expired card', { expiry: '1026' }, 'EXPIRED'],
  ])('rejects %s without charging or touching the order', async (_name, options, expected) => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder();
    // Act
    const result = await handler(await event(order.orderId, options), CONTEXT);
    // Assess
    expect(result).toMatchObject({ result: expected, orderId: order.orderId });
    expect(gateway.calls).toBe(0);
    expect(await orderItem(order.orderId)).toEqual(order);
  });

  it('accepts a card in its expiry month', async () => {
    // Prepare
    const handler = createHandler(deps());
    const order = await seedOrder();
    // Act
    const result = await handler(await event(order.orderId, { expiry: '1126' }), CONTEXT);
    // Assess
    expect(result).toMatchObject({ result: 'APPROVED' });
  });

  it('answers a sequential retry of the same invocation from the record: one charge', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder();
    const same = await event(order.orderId);
    // Act
    const first = await handler(structuredClone(same), CONTEXT);
    const second = await handler(structuredClone(same), CONTEXT);
    // Assess
    expect(second).toEqual(first);
    expect(gateway.calls).toBe(1);
  });

  it('charges exactly once for 10 concurrent duplicates and gives all of them the first answer', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder();
    const same = await event(order.orderId);
    // Act
    const results = await Promise.all(
      Array.from({ length: 10 }, () => handler(structuredClone(same), CONTEXT)),
    );
    // Assess
    expect(gateway.calls).toBe(1);
    expect(gateway.charges).toHaveLength(1);
    for (const r of results) {
      expect(r).toEqual({ result: 'APPROVED', orderId: order.orderId, brand: 'VISA', last4: '1111' });
    }
    const attempts = await doc.send(
      new ScanCommand({ TableName: tables.names.idempotency, ConsistentRead: true }),
    );
    expect((attempts.Items ?? []).filter((i) => i.orderId === order.orderId)).toHaveLength(1);
  });

  it('charges once when a declined duplicate races: all 10 get DECLINED', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder();
    const same = await event(order.orderId, { card: TEST_CARDS.decline });
    // Act
    const results = await Promise.all(
      Array.from({ length: 10 }, () => handler(structuredClone(same), CONTEXT)),
    );
    // Assess
    expect(gateway.calls).toBe(1);
    expect(new Set(results.map((r) => r.result))).toEqual(new Set(['DECLINED']));
  });

  it('never charges a paid order again, even for a new card entry in the same call', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder();
    const contactId = nextContactId();
    await handler(await event(order.orderId, { contactId }), CONTEXT);
    // Act
    const sameCall = await handler(
      await event(order.orderId, { contactId, card: TEST_CARDS.approveAmex }),
      CONTEXT,
    );
    const laterCall = await handler(await event(order.orderId, { card: TEST_CARDS.approveAmex }), CONTEXT);
    // Assess
    expect(sameCall).toEqual({ result: 'APPROVED', orderId: order.orderId, brand: 'VISA', last4: '1111' });
    expect(laterCall).toEqual({ result: 'NOT_PAYABLE', orderId: order.orderId });
    expect(gateway.calls).toBe(1);
  });

  it('charges the order total from the table and ignores an amount sent by the caller', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder({
      quantity: 3,
      unitPriceMinor: 34900,
      totalMinor: 104700,
      currency: 'CNY',
    });
    // Act
    const result = await handler(
      await event(order.orderId, { extra: { amount: '1', amountMinor: '1', totalMinor: '1' } }),
      CONTEXT,
    );
    // Assess
    expect(result).toMatchObject({ result: 'APPROVED' });
    expect(gateway.charges[0]).toMatchObject({ amountMinor: 104700, currency: 'CNY' });
  });

  it('rejects an order whose stored total was tampered with (total != price x quantity)', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder({ totalMinor: 1 });
    // Act
    const result = await handler(await event(order.orderId), CONTEXT);
    // Assess
    expect(result).toEqual({ result: 'NOT_PAYABLE', orderId: order.orderId });
    expect(gateway.calls).toBe(0);
    expect(await orderItem(order.orderId)).toEqual(order);
  });

  it.each<[string, Partial<Order>, EventOptions]>([
    ["another caller's order", {}, { hmac: BOB }],
    ['a caller without HMAC', {}, { hmac: undefined }],
    ['a cancelled order', { status: 'CANCELLED' }, {}],
    ['a shipped order', { status: 'SHIPPED' }, {}],
  ])('rejects paying %s as NOT_PAYABLE without charging', async (_name, overrides, options) => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder(overrides);
    // Act
    const result = await handler(await event(order.orderId, options), CONTEXT);
    // Assess
    expect(result).toEqual({ result: 'NOT_PAYABLE', orderId: order.orderId });
    expect(gateway.calls).toBe(0);
  });

  it('rejects an unknown order number and a malformed one as NOT_PAYABLE', async () => {
    // Prepare
    const handler = createHandler(deps());
    // Act
    const unknown = await handler(await event('999999'), CONTEXT);
    const malformed = await handler(await event('12ab'), CONTEXT);
    // Assess
    expect(unknown).toEqual({ result: 'NOT_PAYABLE', orderId: '999999' });
    expect(malformed).toEqual({ result: 'NOT_PAYABLE', orderId: '' });
  });

  it('fails with ERROR and no charge when the input was encrypted under a key we do not hold', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const handler = createHandler(deps(gateway));
    const order = await seedOrder();
    // Act
    const result = await handler(await event(order.orderId, { encryptWith: other }), CONTEXT);
    // Assess
    expect(result).toEqual({ result: 'ERROR', orderId: order.orderId });
    expect(gateway.calls).toBe(0);
    expect(await orderItem(order.orderId)).toEqual(order);
  });

  it('answers INVALID_CARD when the caller keyed nothing, and ERROR for a malformed event', async () => {
    // Prepare
    const handler = createHandler(deps());
    const order = await seedOrder();
    const empty = await event(order.orderId);
    empty.Details.Parameters.encryptedCard = '';
    // Act
    const noInput = await handler(empty, CONTEXT);
    const malformed = await handler({ Name: 'ContactFlowEvent' }, CONTEXT);
    // Assess
    expect(noInput).toEqual({ result: 'INVALID_CARD', orderId: order.orderId });
    expect(malformed).toEqual({ result: 'ERROR', orderId: '' });
  });

  it('keeps card numbers and expiry dates out of every table', async () => {
    // Prepare: the cases above have run against these tables
    const everything: unknown[] = [];
    // Act
    for (const name of Object.values(tables.names)) {
      const out = await doc.send(new ScanCommand({ TableName: name, ConsistentRead: true }));
      everything.push(...(out.Items ?? []));
    }
    // Assess
    const text = JSON.stringify(everything);
    expect(text).toContain('"paymentLast4":"1111"');
    for (const trace of CARD_TRACES) expect(text).not.toContain(trace);
    expect(text).not.toMatch(DIGIT_RUN);
    expect(text).not.toMatch(/expiry|"1230"|"1126"/i);
  });
});
