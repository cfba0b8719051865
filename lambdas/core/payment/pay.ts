import { createHash } from 'node:crypto';
import { PAYABLE_STATUSES } from '../orders/store';
import { type CardBrand, CardExpiry, CardNumber } from './card';
import { type CardDecryptor, DecryptionError } from './decryptor';
import type { ChargeResult, GatewayOutcome, PaymentGateway } from './gateway';
import type { LockTakeover, PayableOrder, PaymentAttempt, PaymentStore } from './store';

/** Every answer the payment Lambda gives the flow. */
export const PAYMENT_RESULTS = [
  'APPROVED',
  'DECLINED',
  'ERROR',
  'INVALID_CARD',
  'EXPIRED',
  'NOT_PAYABLE',
] as const;
/** A payment result. */
export type PaymentResult = (typeof PAYMENT_RESULTS)[number];

/**
 * Why a result was given, for logs and metrics only (the flow sees {@link PaymentResult}):
 * - NOT_PAYABLE: `NO_CALLER`, `NOT_FOUND` (or not this caller's), `STATUS`, `AMOUNT_MISMATCH`
 * - ERROR, nothing charged by this request: `DECRYPT`, `GATEWAY_ERROR` (the gateway answered
 *   with an error), `STORE`
 * - ERROR, outcome not confirmed (money may have moved; never tell the caller "not charged"):
 *   `GATEWAY_UNREACHABLE` (no answer to the charge), `DUPLICATE_PENDING` (an identical request is
 *   still unsettled), `LOCKED` (another attempt holds the order and may be charging right now),
 *   `UNCONFIRMED` (an unsettled attempt could not be reconciled with the gateway)
 * - any result: `RECONCILED` (the answer is that of an earlier, unsettled attempt, read back from
 *   the gateway by its idempotency key)
 */
export type PaymentReason =
  | 'NO_CALLER'
  | 'NOT_FOUND'
  | 'STATUS'
  | 'AMOUNT_MISMATCH'
  | 'LOCKED'
  | 'DECRYPT'
  | 'GATEWAY_ERROR'
  | 'GATEWAY_UNREACHABLE'
  | 'STORE'
  | 'DUPLICATE_PENDING'
  | 'UNCONFIRMED'
  | 'RECONCILED';

/** Reasons whose ERROR means "we do not know whether money moved" (see {@link PaymentReason}). */
export const UNCONFIRMED_REASONS: readonly PaymentReason[] = [
  'GATEWAY_UNREACHABLE',
  'DUPLICATE_PENDING',
  'LOCKED',
  'UNCONFIRMED',
];

/** One payment request from the flow. The amount is deliberately absent: it is read from the order. */
export interface PayOrderRequest {
  readonly orderId: string;
  readonly contactId: string;
  /** HMAC of the caller number (contact attribute); without it no order is payable. */
  readonly callerHmac?: string;
  /** Connect encrypted input (base64) of the card number. */
  readonly encryptedCard: string;
  /** Connect encrypted input (base64) of the expiry, keyed as MMYY. */
  readonly encryptedExpiry: string;
}

/** The outcome of a payment request. */
export interface PaymentOutcome {
  readonly result: PaymentResult;
  readonly orderId: string;
  readonly brand?: CardBrand;
  readonly last4?: string;
  /** The answer of an earlier identical request (or of the payment that paid this order in this call). */
  readonly replayed: boolean;
  /** True when THIS request called the gateway. */
  readonly charged: boolean;
  readonly reason?: PaymentReason;
  /** Set when the gateway charged but the order could not reflect it: needs manual reconciliation. */
  readonly reconcile?: boolean;
  /**
   * True when the result is ERROR but a charge may have happened (see {@link UNCONFIRMED_REASONS}).
   * The caller must not hear "you were not charged"; a later attempt reconciles before charging.
   */
  readonly unconfirmed?: boolean;
}

/** How a duplicate waits for the first request's answer. */
export interface DuplicateWait {
  /** Polls of the attempt item. @default 25 */
  readonly attempts: number;
  /** Sleeps between polls. @default 120 ms */
  readonly sleep: () => Promise<void>;
}

/** Dependencies of {@link payOrder}. */
export interface PayOrderDeps {
  readonly store: PaymentStore;
  readonly decryptor: CardDecryptor;
  readonly gateway: PaymentGateway;
  readonly clock?: () => Date;
  /** @default 25 polls, 120 ms apart (3 s, inside Connect's 8 s Lambda limit) */
  readonly duplicateWait?: DuplicateWait;
  /** How long an attempt item is kept (TTL). @default 30 days */
  readonly attemptRetentionDays?: number;
  /** How long a claim locks the order before a crashed attempt may be taken over. @default 120 s */
  readonly lockSeconds?: number;
}

const DEFAULT_WAIT: DuplicateWait = {
  attempts: 25,
  sleep: () => new Promise((resolve) => setTimeout(resolve, 120)),
};

/**
 * The attempt key: order + contact + a digest of the two ciphertexts. Connect (and Lambda) retries
 * resend the same ciphertexts, so every retry maps to the same key and the same single charge; a
 * caller re-keying a card after a decline produces new ciphertexts (fresh data keys) and therefore
 * a new attempt. The digest is of ciphertext, so it reveals nothing about the card.
 */
export function paymentAttemptKey(request: PayOrderRequest): string {
  const digest = createHash('sha256')
    .update(request.encryptedCard)
    .update('\u0000')
    .update(request.encryptedExpiry)
    .digest('base64url')
    .slice(0, 22);
  return `pay#${request.orderId}#${request.contactId}#${digest}`;
}

/** An order is consistent when its total is exactly unit price x quantity, a positive safe integer. */
export function hasConsistentTotal(order: PayableOrder): boolean {
  return (
    Number.isSafeInteger(order.totalMinor) &&
    order.totalMinor > 0 &&
    Number.isSafeInteger(order.unitPriceMinor) &&
    Number.isSafeInteger(order.quantity) &&
    order.totalMinor === order.unitPriceMinor * order.quantity
  );
}

/**
 * The gateway idempotency key of the attempt number `paymentSeq` on `orderId`. Scoped to the order
 * and its payment sequence, not to one card entry: however many entries (new ciphertexts, a second
 * call) race for the same unsettled attempt, the gateway sees one key and charges at most once.
 */
export function gatewayIdempotencyKey(orderId: string, paymentSeq = 0): string {
  return `order-${orderId}-payment-${paymentSeq}`;
}

const outcome = (
  orderId: string,
  result: PaymentResult,
  extra: Partial<Omit<PaymentOutcome, 'orderId' | 'result'>> = {},
): PaymentOutcome => ({
  orderId,
  result,
  replayed: false,
  charged: false,
  ...extra,
  ...(result === 'ERROR' && extra.reason && UNCONFIRMED_REASONS.includes(extra.reason)
    ? { unconfirmed: true }
    : {}),
});

/** The stored answer of a completed attempt. */
function fromAttempt(attempt: PaymentAttempt): PaymentOutcome {
  if (attempt.abandoned) {
    // Superseded by a later attempt that charges under the same gateway key: this request has no
    // answer of its own, and the order may be paid by the later one.
    return outcome(attempt.orderId, 'ERROR', {
      brand: attempt.brand,
      last4: attempt.last4,
      replayed: true,
      reason: 'LOCKED',
    });
  }
  return outcome(attempt.orderId, attempt.result ?? 'ERROR', {
    brand: attempt.brand,
    last4: attempt.last4,
    replayed: true,
    ...(attempt.result === 'ERROR' ? { reason: 'GATEWAY_ERROR' as const } : {}),
  });
}

/** What reconciling an order locked by another, unsettled attempt found. */
type LockState =
  /** The gateway had answered that attempt; its answer is now recorded and the order moved. */
  | { readonly kind: 'SETTLED'; readonly result: GatewayOutcome; readonly orderChanged: boolean }
  /** The gateway holds no charge under its key and the lock has expired: it may be taken over. */
  | { readonly kind: 'TAKEOVER'; readonly takeover: LockTakeover }
  /** The gateway holds no charge yet but the lock is live: that attempt may be charging now. */
  | { readonly kind: 'BUSY' }
  /** The gateway could not be asked, or its answer could not be recorded. */
  | { readonly kind: 'UNCONFIRMED' };

/**
 * Reconciles an order whose lock names an attempt other than ours, BEFORE any new charge: the
 * attempt may have charged and crashed before recording the answer. Asks the gateway under the
 * attempt's (order-scoped) key; a found answer is recorded as that attempt's, which moves the order
 * (PAID, or PAYMENT_FAILED and a new sequence). Only a confirmed absence of any charge allows a
 * takeover, and only once the lock has expired.
 */
async function reconcileLock(
  order: PayableOrder,
  deps: PayOrderDeps,
  nowEpoch: number,
  at: string,
): Promise<LockState> {
  const lockKey = order.paymentLock;
  if (!lockKey) return { kind: 'UNCONFIRMED' };
  const holder = await deps.store.getAttempt(lockKey);
  const key = holder?.gatewayKey ?? gatewayIdempotencyKey(order.orderId, order.paymentSeq);
  let found: ChargeResult | undefined;
  try {
    found = await deps.gateway.lookup(key);
  } catch {
    return { kind: 'UNCONFIRMED' };
  }
  if (found) {
    // Without the attempt item (or with one already closed) the order cannot be moved safely here.
    if (holder?.state !== 'PENDING') return { kind: 'UNCONFIRMED' };
    const done = await deps.store.complete(holder, {
      result: found.outcome,
      at,
      ...(found.reference ? { reference: found.reference } : {}),
    });
    return { kind: 'SETTLED', result: found.outcome, orderChanged: done === 'ORDER_CHANGED' };
  }
  if ((order.paymentLockExpiresAt ?? 0) >= nowEpoch) return { kind: 'BUSY' };
  return { kind: 'TAKEOVER', takeover: { lockKey, abandonAttempt: holder?.state === 'PENDING', at } };
}

/**
 * Pays one order: checks the caller owns a payable, consistent order; reconciles any unsettled
 * earlier attempt with the gateway; decrypts and validates the card (Luhn, expiry); claims the
 * order and records the attempt atomically BEFORE calling the gateway with the order-scoped
 * idempotency key; then records the answer and moves the order to PAID or PAYMENT_FAILED under a
 * condition. A retry, a concurrent duplicate or a second card entry for an unsettled attempt never
 * charges again: it gets the first answer, or ERROR marked `unconfirmed` when that is not known yet.
 *
 * Never throws: store and gateway failures become `ERROR` outcomes with a reason.
 */
export async function payOrder(request: PayOrderRequest, deps: PayOrderDeps): Promise<PaymentOutcome> {
  const clock = deps.clock ?? (() => new Date());
  const { orderId, contactId } = request;
  const key = paymentAttemptKey(request);
  const wait = deps.duplicateWait ?? DEFAULT_WAIT;

  try {
    // 1. A retry of a request we already answered gets that answer, without decrypting again.
    const earlier = await deps.store.getAttempt(key);
    if (earlier) return awaitResult(key, earlier, deps, wait);

    // 2. Only the caller's own order.
    if (!request.callerHmac) return outcome(orderId, 'NOT_PAYABLE', { reason: 'NO_CALLER' });
    let order = await deps.store.getOrder(orderId);
    if (!order || order.callerHmac !== request.callerHmac) {
      return outcome(orderId, 'NOT_PAYABLE', { reason: 'NOT_FOUND' });
    }

    // 3. Another attempt holds (or held) the order: settle it with the gateway before anything else.
    let takeover: LockTakeover | undefined;
    let settled: Extract<LockState, { kind: 'SETTLED' }> | undefined;
    if (order.paymentLock && order.paymentLock !== key) {
      const now = clock();
      const state = await reconcileLock(order, deps, Math.floor(now.getTime() / 1000), now.toISOString());
      if (state.kind === 'BUSY') return outcome(orderId, 'ERROR', { reason: 'LOCKED' });
      if (state.kind === 'UNCONFIRMED') {
        return outcome(orderId, 'ERROR', { reason: 'UNCONFIRMED', reconcile: true });
      }
      if (state.kind === 'TAKEOVER') takeover = state.takeover;
      else {
        settled = state;
        order = await deps.store.getOrder(orderId);
        if (!order) return outcome(orderId, 'NOT_PAYABLE', { reason: 'NOT_FOUND', reconcile: true });
      }
    }
    const reconciled = settled
      ? { reason: 'RECONCILED' as const, ...(settled.orderChanged ? { reconcile: true } : {}) }
      : {};

    // 4. Only a payable, consistent order.
    if (order.status === 'PAID' && (order.paymentContactId === contactId || settled)) {
      // Paid in this very call (e.g. the flow re-asked after a timeout), or by the unsettled attempt
      // we just reconciled: the same answer, no charge.
      return outcome(orderId, 'APPROVED', {
        replayed: true,
        ...(order.paymentBrand ? { brand: order.paymentBrand } : {}),
        ...(order.paymentLast4 ? { last4: order.paymentLast4 } : {}),
        ...reconciled,
      });
    }
    if (!PAYABLE_STATUSES.includes(order.status))
      return outcome(orderId, 'NOT_PAYABLE', {
        reason: 'STATUS',
        ...(settled?.orderChanged ? { reconcile: true } : {}),
      });
    if (!hasConsistentTotal(order)) return outcome(orderId, 'NOT_PAYABLE', { reason: 'AMOUNT_MISMATCH' });

    // 5. Decrypt and validate; nothing is written for a card we would not charge.
    let cardText: string;
    let expiryText: string;
    try {
      [cardText, expiryText] = await Promise.all([
        deps.decryptor.decrypt(request.encryptedCard),
        deps.decryptor.decrypt(request.encryptedExpiry),
      ]);
    } catch (error) {
      if (error instanceof DecryptionError) return outcome(orderId, 'ERROR', { reason: 'DECRYPT' });
      throw error;
    }
    const card = CardNumber.parse(cardText);
    if (!card) return outcome(orderId, 'INVALID_CARD');
    const masked = { brand: card.brand, last4: card.last4 };
    const expiry = CardExpiry.parse(expiryText);
    if (!expiry) return outcome(orderId, 'INVALID_CARD', masked);
    const now = clock();
    if (expiry.isExpired(now)) return outcome(orderId, 'EXPIRED', masked);

    // 6. Claim: attempt item + order lock in one transaction, before any money moves.
    const nowEpoch = Math.floor(now.getTime() / 1000);
    const paymentSeq = order.paymentSeq ?? 0;
    const attempt: PaymentAttempt = {
      key,
      kind: 'Payment',
      state: 'PENDING',
      orderId,
      contactId,
      amountMinor: order.totalMinor,
      currency: order.currency,
      brand: card.brand,
      last4: card.last4,
      createdAt: now.toISOString(),
      expiresAt: nowEpoch + (deps.attemptRetentionDays ?? 30) * 86_400,
      gatewayKey: gatewayIdempotencyKey(orderId, paymentSeq),
      paymentSeq,
    };
    const claim = await deps.store.claim(
      attempt,
      request.callerHmac,
      nowEpoch + (deps.lockSeconds ?? 120),
      nowEpoch,
      takeover,
    );
    if (claim === 'DUPLICATE') return awaitResult(key, undefined, deps, wait);
    if (claim === 'ORDER_CHANGED') return changedOrder(request, deps.store, masked);

    // 7. Charge at most once per order-scoped key.
    const chargeRequest = {
      idempotencyKey: attempt.gatewayKey ?? key,
      orderId,
      amountMinor: order.totalMinor,
      currency: order.currency,
      card,
      expiry,
    };
    let charge: ChargeResult | undefined;
    try {
      charge = await deps.gateway.charge(chargeRequest);
    } catch {
      // No answer: the outcome at the gateway is unknown. Ask once by key (a timeout often hides
      // an answer the gateway did record); failing that, leave the attempt PENDING - a later
      // attempt reconciles before charging - and let our lock expire now, since this invocation
      // will not call the gateway again.
      charge = await deps.gateway.lookup(chargeRequest.idempotencyKey).catch(() => undefined);
      if (!charge) {
        await deps.store.releaseLock(attempt, nowEpoch).catch(() => undefined);
        return outcome(orderId, 'ERROR', {
          ...masked,
          charged: true,
          reason: 'GATEWAY_UNREACHABLE',
          reconcile: true,
        });
      }
    }

    // 8. Record the answer and move the order (conditional on still holding the lock).
    let reconcile = false;
    try {
      const completed = await deps.store.complete(attempt, {
        result: charge.outcome,
        at: clock().toISOString(),
        ...(charge.reference ? { reference: charge.reference } : {}),
      });
      if (completed === 'ORDER_CHANGED') reconcile = true;
    } catch {
      // The money may have moved but the order does not show it: never tell the caller "error"
      // for an approved charge (they would pay again). The attempt stays PENDING and the order
      // locked, so the next attempt on this order reconciles through the gateway before charging.
      reconcile = true;
    }
    return outcome(orderId, charge.outcome, {
      ...masked,
      charged: true,
      ...(charge.outcome === 'ERROR' ? { reason: 'GATEWAY_ERROR' as const } : {}),
      ...(reconcile ? { reconcile } : {}),
    });
  } catch {
    return outcome(orderId, 'ERROR', { reason: 'STORE' });
  }
}

/**
 * The first request's answer, waiting while it is still in flight. If it is still unsettled after
 * the wait, the gateway is asked under the attempt's key: a recorded answer settles the attempt and
 * is returned; otherwise the answer is an unconfirmed ERROR (never "not charged").
 */
async function awaitResult(
  key: string,
  seen: PaymentAttempt | undefined,
  deps: PayOrderDeps,
  wait: DuplicateWait,
): Promise<PaymentOutcome> {
  const { store } = deps;
  let attempt = seen;
  for (let poll = 0; ; poll++) {
    if (attempt?.state === 'COMPLETE') return fromAttempt(attempt);
    if (poll >= wait.attempts) break;
    await wait.sleep();
    attempt = await store.getAttempt(key);
  }
  const pending = outcome(attempt?.orderId ?? orderIdOf(key), 'ERROR', {
    replayed: true,
    reason: 'DUPLICATE_PENDING',
    ...(attempt ? { brand: attempt.brand, last4: attempt.last4 } : {}),
  });
  if (!attempt) return pending;
  const found = await deps.gateway.lookup(attempt.gatewayKey ?? key).catch(() => undefined);
  if (!found) return pending;
  const done = await store.complete(attempt, {
    result: found.outcome,
    at: (deps.clock ?? (() => new Date()))().toISOString(),
    ...(found.reference ? { reference: found.reference } : {}),
  });
  const settled = await store.getAttempt(key);
  const answer = settled?.state === 'COMPLETE' ? fromAttempt(settled) : pending;
  return {
    ...answer,
    reason: answer.reason ?? 'RECONCILED',
    ...(done === 'ORDER_CHANGED' ? { reconcile: true } : {}),
  };
}

function orderIdOf(key: string): string {
  return key.split('#')[1] ?? '';
}

/** The claim lost to a change of the order: say why, from a fresh read. */
async function changedOrder(
  request: PayOrderRequest,
  store: PaymentStore,
  masked: { brand: CardBrand; last4: string },
): Promise<PaymentOutcome> {
  const order = await store.getOrder(request.orderId);
  if (order?.status === 'PAID' && order.paymentContactId === request.contactId) {
    return outcome(request.orderId, 'APPROVED', {
      replayed: true,
      ...(order.paymentBrand ? { brand: order.paymentBrand } : {}),
      ...(order.paymentLast4 ? { last4: order.paymentLast4 } : {}),
    });
  }
  if (order && PAYABLE_STATUSES.includes(order.status) && order.paymentLock) {
    // Another attempt (another card keyed in parallel, or another call) holds the order.
    return outcome(request.orderId, 'ERROR', { ...masked, reason: 'LOCKED' });
  }
  const reason: PaymentReason =
    order && PAYABLE_STATUSES.includes(order.status) && order.callerHmac === request.callerHmac
      ? 'AMOUNT_MISMATCH'
      : 'STATUS';
  return outcome(request.orderId, 'NOT_PAYABLE', { reason });
}
