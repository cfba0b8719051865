import type { Currency } from '../../contracts/catalog';
import type { Order } from '../orders/store';
import type { CardBrand } from './card';
import type { GatewayOutcome } from './gateway';

/**
 * Payment persistence on the SAME items the order domain owns: the order item in the orders table
 * (status transition, brand, last four, gateway reference) and one attempt item per payment in
 * the idempotency table. Card numbers and expiry dates are never part of either.
 */

/** Payment fields the payment Lambda adds to an order item. */
export interface OrderPaymentFields {
  /** Key of the attempt holding the order while a charge is in flight. */
  readonly paymentLock?: string;
  /** Epoch seconds after which a stale lock (crashed invocation) may be taken over. */
  readonly paymentLockExpiresAt?: number;
  readonly paidAt?: string;
  readonly paymentBrand?: CardBrand;
  readonly paymentLast4?: string;
  readonly paymentReference?: string;
  /** The contact that paid: a later invocation of the same call gets the same answer. */
  readonly paymentContactId?: string;
  readonly paymentFailedAt?: string;
  readonly lastPaymentResult?: GatewayOutcome;
  /**
   * How many attempts on this order ended with an answer other than APPROVED (absent = 0). The
   * gateway idempotency key is `orderId` + this number, so it changes only once an attempt is
   * settled: every entry racing for the same unsettled attempt charges under the same key.
   */
  readonly paymentSeq?: number;
}

/** An order item as the payment Lambda reads it. */
export type PayableOrder = Order & OrderPaymentFields;

/** States of a payment attempt. */
export type AttemptState = 'PENDING' | 'COMPLETE';

/** One payment attempt, stored in the idempotency table under its key. */
export interface PaymentAttempt {
  readonly key: string;
  readonly kind: 'Payment';
  readonly state: AttemptState;
  readonly orderId: string;
  readonly contactId: string;
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly brand: CardBrand;
  readonly last4: string;
  readonly createdAt: string;
  /** Epoch seconds (TTL). */
  readonly expiresAt: number;
  readonly result?: GatewayOutcome;
  readonly gatewayReference?: string;
  readonly completedAt?: string;
  /** True when the charge could not be reflected on the order (cancelled meanwhile, store failure). */
  readonly reconcile?: boolean;
  /** The idempotency key sent to the gateway (order-scoped; absent on items written before it existed). */
  readonly gatewayKey?: string;
  /** The order's payment sequence this attempt charges under. */
  readonly paymentSeq?: number;
  /**
   * True when a later attempt took over the order after the gateway confirmed it held no charge
   * under this attempt's key; the later attempt charges under the same key, so a late arrival of
   * this one's request cannot charge twice.
   */
  readonly abandoned?: boolean;
}

/** What claiming an order for a charge returned. */
export type ClaimOutcome =
  /** This invocation owns the charge. */
  | 'CLAIMED'
  /** An attempt with this key exists already: a retry or a concurrent duplicate. */
  | 'DUPLICATE'
  /** The order changed (paid, cancelled, locked by another attempt, amount changed) since it was read. */
  | 'ORDER_CHANGED';

/**
 * Taking over an order whose lock belongs to an unsettled attempt. Only allowed once the lock has
 * expired AND the gateway has confirmed it holds no charge under that attempt's key.
 */
export interface LockTakeover {
  /** The attempt key the order's lock names now. */
  readonly lockKey: string;
  /** Mark that attempt COMPLETE/abandoned in the same transaction (when its item still exists). */
  readonly abandonAttempt: boolean;
  /** ISO time recorded on the abandoned attempt. */
  readonly at: string;
}

/** What completing an attempt returned. */
export type CompleteOutcome = 'DONE' | 'ORDER_CHANGED';

/** The gateway's answer, as recorded. */
export interface RecordedResult {
  readonly result: GatewayOutcome;
  readonly reference?: string;
  readonly at: string;
}

/** The payment persistence port; {@link DynamoPaymentStore} is the DynamoDB adapter. */
export interface PaymentStore {
  /** The order item (strongly consistent), or undefined. */
  getOrder(orderId: string): Promise<PayableOrder | undefined>;
  /** The attempt with this key (strongly consistent), or undefined. */
  getAttempt(key: string): Promise<PaymentAttempt | undefined>;
  /**
   * Atomically records the PENDING attempt (only if its key is new) and locks the order for it
   * (only if the order still belongs to `callerHmac`, is payable, still totals `amountMinor`, still
   * has the attempt's payment sequence and is not locked). Both or neither. A locked order is
   * claimed only through `takeover` (expired lock, gateway confirmed no charge), never by expiry alone.
   */
  claim(
    attempt: PaymentAttempt,
    callerHmac: string,
    lockExpiresAt: number,
    nowEpoch: number,
    takeover?: LockTakeover,
  ): Promise<ClaimOutcome>;
  /**
   * Completes the attempt and moves the order (PAID on APPROVED, PAYMENT_FAILED otherwise),
   * releasing the lock, in one transaction. If the order no longer carries this attempt's lock,
   * only the attempt is completed (flagged `reconcile`) and `ORDER_CHANGED` is returned.
   */
  complete(attempt: PaymentAttempt, recorded: RecordedResult): Promise<CompleteOutcome>;
  /**
   * Lets the lock of `attempt` expire now, leaving the attempt PENDING: the invocation got no answer
   * from the gateway and will not call it again, so the next attempt may reconcile at once instead
   * of waiting for the lock to run out. A lock held by another attempt is left alone. The order is
   * marked `paymentUnconfirmedAt` (its change time), which opens a back-office task to check the
   * gateway.
   */
  releaseLock(attempt: PaymentAttempt, nowEpoch: number): Promise<void>;
}

/** The store failed (throttled, unavailable, kept conflicting); the message names no data. */
export class PaymentStoreError extends Error {
  override name = 'PaymentStoreError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`payment store ${reason}`, options);
  }
}
