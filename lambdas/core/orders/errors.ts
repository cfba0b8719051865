import type { OrderStatus } from './store';

/**
 * Typed domain errors. The fulfillment handler maps each to a polite sentence in the caller's
 * locale; nothing here is ever spoken directly.
 */

/** Base class of every order-domain error. */
export abstract class OrderDomainError extends Error {
  /** Stable machine-readable code for logs and metrics. */
  abstract readonly code: string;
}

/** The catalog has no such product. */
export class UnknownProductError extends OrderDomainError {
  readonly code = 'UNKNOWN_PRODUCT';
  constructor() {
    super('unknown product');
  }
}

/** Not enough stock for the requested quantity. */
export class OutOfStockError extends OrderDomainError {
  readonly code = 'OUT_OF_STOCK';
  /** @param available units left, when known */
  constructor(readonly available: number | undefined) {
    super('not enough stock');
  }
}

/** The price changed between the read-back and the order; the caller must hear the new total. */
export class PriceChangedError extends OrderDomainError {
  readonly code = 'PRICE_CHANGED';
  constructor() {
    super('price changed since the quote');
  }
}

/** No order with this number belongs to the caller (we never say whether it exists for others). */
export class OrderNotFoundError extends OrderDomainError {
  readonly code = 'ORDER_NOT_FOUND';
  constructor() {
    super('order not found for this caller');
  }
}

/** The order's status does not allow the operation (e.g. cancel after shipping). */
export class OrderStateError extends OrderDomainError {
  readonly code = 'ORDER_STATE';
  constructor(readonly status: OrderStatus) {
    super(`operation not allowed in status ${status}`);
  }
}

/** The caller could not be identified (no caller HMAC in the session). */
export class CallerUnverifiedError extends OrderDomainError {
  readonly code = 'CALLER_UNVERIFIED';
  constructor() {
    super('caller not verified');
  }
}

/** Why the store failed. */
export type StoreFailureReason = 'throttled' | 'unavailable' | 'conflict';

/** The store is throttled, unreachable or kept conflicting; nothing was written. */
export class StoreUnavailableError extends OrderDomainError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly reason: StoreFailureReason,
    options?: { cause?: unknown },
  ) {
    super(`order store ${reason}`, options);
  }
}
