import { createHash } from 'node:crypto';
import { PAYABLE_STATUSES } from '../orders/store';
import { type CardBrand, CardExpiry, CardNumber } from './card';
import { type CardDecryptor, DecryptionError } from './decryptor';
import type { ChargeResult, PaymentGateway } from './gateway';
import type { PayableOrder, PaymentAttempt, PaymentStore } from './store';

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
 * - ERROR: `DECRYPT`, `GATEWAY_ERROR`, `GATEWAY_UNREACHABLE`, `STORE`, `DUPLICATE_PENDING`, `LOCKED`
 *   (another attempt holds the order)
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
  | 'DUPLICATE_PENDING';

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

const outcome = (
  orderId: string,
  result: PaymentResult,
  extra: Partial<Omit<PaymentOutcome, 'orderId' | 'result'>> = {},
): PaymentOutcome => ({ orderId, result, replayed: false, charged: false, ...extra });

/** The stored answer of a completed attempt. */
function fromAttempt(attempt: PaymentAttempt): PaymentOutcome {
  return outcome(attempt.orderId, attempt.result ?? 'ERROR', {
    brand: attempt.brand,
    last4: attempt.last4,
    replayed: true,
    ...(attempt.result === 'ERROR' ? { reason: 'GATEWAY_ERROR' as const } : {}),
  });
}

/**
 * Pays one order: checks the caller owns a payable, consistent order; decrypts and validates the
 * card (Luhn, expiry); claims the order and records the attempt atomically BEFORE calling the
 * gateway with the attempt key as idempotency key; then records the answer and moves the order
 * to PAID or PAYMENT_FAILED under a condition. A retry or concurrent duplicate of the same request
 * never charges again: it returns the first answer.
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
    if (earlier) return awaitResult(key, earlier, deps.store, wait);

    // 2. Only the caller's own payable, consistent order.
    if (!request.callerHmac) return outcome(orderId, 'NOT_PAYABLE', { reason: 'NO_CALLER' });
    const order = await deps.store.getOrder(orderId);
    if (!order || order.callerHmac !== request.callerHmac) {
      return outcome(orderId, 'NOT_PAYABLE', { reason: 'NOT_FOUND' });
    }
    if (order.status === 'PAID' && order.paymentContactId === contactId) {
      // Paid in this very call (e.g. the flow re-asked after a timeout): same answer, no charge.
      return outcome(orderId, 'APPROVED', {
        replayed: true,
        ...(order.paymentBrand ? { brand: order.paymentBrand } : {}),
        ...(order.paymentLast4 ? { last4: order.paymentLast4 } : {}),
      });
    }
    if (!PAYABLE_STATUSES.includes(order.status))
      return outcome(orderId, 'NOT_PAYABLE', { reason: 'STATUS' });
    if (!hasConsistentTotal(order)) return outcome(orderId, 'NOT_PAYABLE', { reason: 'AMOUNT_MISMATCH' });

    // 3. Decrypt and validate; nothing is written for a card we would not charge.
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

    // 4. Claim: attempt item + order lock in one transaction, before any money moves.
    const nowEpoch = Math.floor(now.getTime() / 1000);
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
    };
    const claim = await deps.store.claim(
      attempt,
      request.callerHmac,
      nowEpoch + (deps.lockSeconds ?? 120),
      nowEpoch,
    );
    if (claim === 'DUPLICATE') return awaitResult(key, undefined, deps.store, wait);
    if (claim === 'ORDER_CHANGED') return changedOrder(request, deps.store, masked);

    // 5. Charge exactly once, with the attempt key as the gateway's idempotency key.
    let charge: ChargeResult;
    let unreachable = false;
    try {
      charge = await deps.gateway.charge({
        idempotencyKey: key,
        orderId,
        amountMinor: order.totalMinor,
        currency: order.currency,
        card,
        expiry,
      });
    } catch {
      // No answer: the outcome at the gateway is unknown. Recorded as ERROR and flagged by the
      // caller (metric) for reconciliation through the gateway's idempotency key.
      unreachable = true;
      charge = { outcome: 'ERROR', code: 'unreachable' };
    }

    // 6. Record the answer and move the order (conditional on still holding the lock).
    let reconcile = unreachable;
    try {
      const completed = await deps.store.complete(attempt, {
        result: charge.outcome,
        at: clock().toISOString(),
        ...(charge.reference ? { reference: charge.reference } : {}),
      });
      if (completed === 'ORDER_CHANGED') reconcile = true;
    } catch {
      // The money may have moved but the order does not show it: never tell the caller "error"
      // for an approved charge (they would pay again); flag it for reconciliation instead.
      reconcile = true;
    }
    const reason =
      charge.outcome === 'ERROR'
        ? ((unreachable ? 'GATEWAY_UNREACHABLE' : 'GATEWAY_ERROR') as PaymentReason)
        : undefined;
    return outcome(orderId, charge.outcome, {
      ...masked,
      charged: true,
      ...(reason ? { reason } : {}),
      ...(reconcile ? { reconcile } : {}),
    });
  } catch {
    return outcome(orderId, 'ERROR', { reason: 'STORE' });
  }
}

/** The first request's answer, waiting while it is still in flight. */
async function awaitResult(
  key: string,
  seen: PaymentAttempt | undefined,
  store: PaymentStore,
  wait: DuplicateWait,
): Promise<PaymentOutcome> {
  let attempt = seen;
  for (let poll = 0; ; poll++) {
    if (attempt?.state === 'COMPLETE') return fromAttempt(attempt);
    if (poll >= wait.attempts) break;
    await wait.sleep();
    attempt = await store.getAttempt(key);
  }
  return outcome(attempt?.orderId ?? orderIdOf(key), 'ERROR', {
    replayed: true,
    reason: 'DUPLICATE_PENDING',
    ...(attempt ? { brand: attempt.brand, last4: attempt.last4 } : {}),
  });
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
