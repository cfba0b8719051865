import type { Currency } from '../../contracts/catalog';
import type { Locale } from '../../contracts/locales';
import type { DeliveryDetails } from './delivery';

/**
 * Order lifecycle (lambdas/core/orders/lifecycle.ts has the transitions). PENDING_PAYMENT is the
 * placed order (paid by phone later, or on delivery); a caller's cancel before SHIPPED restores
 * stock and ends in CANCELLED, or in REFUND_DUE when the order was paid.
 */
export const ORDER_STATUSES = [
  'PENDING_PAYMENT',
  'PAID',
  'PAYMENT_FAILED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'REFUND_DUE',
  'REFUNDED',
] as const;
/** An order status. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Statuses from which an order may still be cancelled. */
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = ['PENDING_PAYMENT', 'PAID', 'PAYMENT_FAILED'];
/** Statuses from which an order may (still) be paid. */
export const PAYABLE_STATUSES: readonly OrderStatus[] = ['PENDING_PAYMENT', 'PAYMENT_FAILED'];

/** Live catalog data for one product, as the table holds it. */
export interface StockedProduct {
  readonly sku: string;
  readonly category: string;
  readonly prices: Readonly<Record<Currency, number>>;
  readonly stock: number;
}

/** One order, as stored. Amounts are integers in minor units of `currency`. */
export interface Order {
  readonly orderId: string;
  /** HMAC of the caller's number; absent when the caller could not be identified. */
  readonly callerHmac?: string;
  readonly contactId?: string;
  readonly sku: string;
  readonly quantity: number;
  readonly currency: Currency;
  readonly unitPriceMinor: number;
  readonly totalMinor: number;
  readonly status: OrderStatus;
  readonly locale: Locale;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set when a paid order was cancelled: the payment must be refunded (status REFUND_DUE). */
  readonly refundDue?: boolean;
  /** The gateway's reference of the approved charge. */
  readonly paymentReference?: string;
  /**
   * Who receives the order, where, and whether the delivery team may phone (personal data: only
   * here, in the orders table; never in events, the lake or logs; removed by a DSAR erasure).
   */
  readonly delivery?: DeliveryDetails;
  /** When each status was entered, by status, and by whom (staff name, `caller`, a function). */
  readonly transitions?: readonly OrderTransitionRecord[];
}

/** One audited status change of an order. */
export interface OrderTransitionRecord {
  /** Absent where the write's condition allowed several (the payment function's PAID). */
  readonly from?: OrderStatus;
  readonly to: OrderStatus;
  readonly at: string;
  /** Who: a staff member's name, `caller`, or a pipeline function (`refund-function`). */
  readonly by: string;
  /** A reference that comes with it: the carrier's tracking number, the gateway's refund id. */
  readonly reference?: string;
}

/** A conditional status change. */
export interface TransitionRequest {
  readonly orderId: string;
  /** Statuses the order may be in; anything else fails with OrderStateError. */
  readonly from: readonly OrderStatus[];
  readonly to: OrderStatus;
  readonly at: string;
  readonly by: string;
  readonly reference?: string;
}

/** What a recommendation reads. */
export interface ProductQuery {
  readonly currency: Currency;
  /** The categories to read (the caller's, or all of the catalog's). */
  readonly categories: readonly string[];
  /** The most a product may cost, in minor units of `currency`. @default no limit */
  readonly budgetMinor?: number;
  /** How many products to read per category. */
  readonly perCategory: number;
}

/** Everything needed to create an order atomically. */
export interface PlaceOrderRequest {
  /** Idempotency key: a retry with the same key returns the first result. */
  readonly idempotencyKey: string;
  /** Epoch seconds after which the idempotency record may expire (TTL). */
  readonly idempotencyExpiresAt: number;
  /** The order to create (its number is drawn by the store on collision). */
  readonly order: Order;
}

/** What placing an order returned. */
export interface PlaceOrderResult {
  readonly order: Order;
  /** True when this was a retry and the stored result of the first attempt was returned. */
  readonly replayed: boolean;
}

/** The persistence port of the order domain; DynamoOrderStore is the AWS adapter. */
export interface OrderStore {
  /** Live product data (price, stock); undefined when the SKU is not in the table. */
  getProduct(sku: string): Promise<StockedProduct | undefined>;
  /**
   * The dearest products of each category within the budget, at most `perCategory` of each,
   * in stock or not: one bounded read per category, whatever the size of the catalog.
   */
  topProducts(query: ProductQuery): Promise<StockedProduct[]>;
  /**
   * Creates the order, decrements stock and records the idempotency key in ONE conditional
   * transaction. Throws OutOfStockError, PriceChangedError, UnknownProductError or
   * StoreUnavailableError; on a repeated key returns the stored result with `replayed: true`.
   */
  placeOrder(request: PlaceOrderRequest, newOrderNumber: () => string): Promise<PlaceOrderResult>;
  /** The order with this number, or undefined. */
  getOrder(orderId: string): Promise<Order | undefined>;
  /**
   * Cancels the caller's order and restores its stock in one transaction; throws
   * OrderNotFoundError or OrderStateError. Cancelling a cancelled order is a no-op.
   */
  cancelOrder(orderId: string, callerHmac: string, at: string): Promise<Order>;
  /**
   * Moves the order from one of `from` to `to` in one conditional write that appends the audit
   * record; throws OrderNotFoundError or OrderStateError (carrying the status it found).
   */
  transition(request: TransitionRequest): Promise<Order>;
  /**
   * Orders in `status`, oldest change first (the byStatus index), at most `limit`; with
   * `changedBefore` (ISO time), only those whose last change is older.
   */
  ordersInStatus(status: OrderStatus, limit: number, changedBefore?: string): Promise<Order[]>;
  /** The caller's orders, newest first (the byCaller index), at most `limit`. */
  ordersOfCaller(callerHmac: string, limit: number): Promise<Order[]>;
}
