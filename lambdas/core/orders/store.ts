import type { Currency } from '../../contracts/catalog';
import type { Locale } from '../../contracts/locales';

/** Order lifecycle. Cancel is allowed before SHIPPED and restores stock. */
export const ORDER_STATUSES = ['PENDING_PAYMENT', 'PAID', 'PAYMENT_FAILED', 'SHIPPED', 'CANCELLED'] as const;
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
  /** Set when a paid order was cancelled: the payment must be refunded. */
  readonly refundDue?: boolean;
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
}
