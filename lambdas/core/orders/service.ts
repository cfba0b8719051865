import { createHash } from 'node:crypto';
import type { Currency } from '../../contracts/catalog';
import type { Locale } from '../../contracts/locales';
import { randomOrderNumber } from '../../contracts/order-number';
import { CatalogIndex } from './catalog-index';
import type { DeliveryDetails } from './delivery';
import {
  CallerUnverifiedError,
  OrderNotFoundError,
  OrderStateError,
  OutOfStockError,
  UnknownProductError,
} from './errors';
import { majorToMinor } from './money';
import {
  type Order,
  type OrderStore,
  PAYABLE_STATUSES,
  type PlaceOrderResult,
  type StockedProduct,
} from './store';

/** A quantity the caller spoke, checked. */
export type QuantityCheck =
  | { readonly ok: true; readonly quantity: number }
  | { readonly ok: false; readonly reason: 'notANumber' | 'notPositive' | 'aboveMaximum' };

/**
 * Checks a spoken quantity (Lex AMAZON.Number gives digits; the caller may still say "2.5" or
 * "-1", and a fuzzer anything at all).
 */
export function parseQuantity(text: string | undefined, maxOrderQuantity: number): QuantityCheck {
  const trimmed = (text ?? '').normalize('NFKC').trim();
  if (!/^[+-]?\d{1,9}$/.test(trimmed)) return { ok: false, reason: 'notANumber' };
  const n = Number(trimmed);
  if (n <= 0) return { ok: false, reason: 'notPositive' };
  if (n > maxOrderQuantity) return { ok: false, reason: 'aboveMaximum' };
  return { ok: true, quantity: n };
}

/** A budget in minor units of `currency`, or undefined when the text is not a positive amount. */
export function parseBudget(text: string | undefined, currency: Currency): number | undefined {
  if (text === undefined) return undefined;
  const minor = majorToMinor(text.normalize('NFKC'), currency);
  return minor !== undefined && minor > 0 ? minor : undefined;
}

/** Caller HMACs are hex SHA-256; anything else is treated as "caller not identified". */
export function validCallerHmac(value: string | undefined): string | undefined {
  return value !== undefined && /^[0-9a-f]{64}$/.test(value) ? value : undefined;
}

/**
 * The idempotency key of one PlaceOrder fulfillment. A Lex retry repeats the same session, intent,
 * slots, confirmation and session attributes (our order counter among them), so it gets the same
 * key; a deliberate second order in the same call comes after the counter moved on.
 */
export function placeOrderKey(parts: {
  sessionId: string;
  intentName: string;
  sku: string;
  quantity: number;
  confirmationState: string;
  orderSeq: number;
  /**
   * The delivery details as confirmed (any stable text of them): a retry carries the same slots, but
   * an order placed again with a corrected address after a lost answer is a new order.
   */
  details?: string;
}): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        parts.sessionId,
        parts.intentName,
        parts.sku,
        parts.quantity,
        parts.confirmationState,
        parts.orderSeq,
        ...(parts.details === undefined ? [] : [parts.details]),
      ]),
    )
    .digest('hex');
  return `PlaceOrder#${digest}`;
}

/** A price read back to the caller before ordering. */
export interface Quote {
  readonly sku: string;
  readonly quantity: number;
  readonly currency: Currency;
  readonly unitPriceMinor: number;
  readonly totalMinor: number;
}

/** Serialises a quote into one session attribute (Lex session attributes are strings). */
export function encodeQuote(q: Quote): string {
  return [q.sku, q.quantity, q.currency, q.unitPriceMinor].join('|');
}

/** Reads a quote back from its session attribute; undefined when absent or tampered into nonsense. */
export function decodeQuote(text: string | undefined): Quote | undefined {
  const m = /^([A-Z]{2}-\d{3})\|(\d{1,4})\|(USD|CNY)\|(\d{1,12})$/.exec(text ?? '');
  if (!m) return undefined;
  const quantity = Number(m[2]);
  const unitPriceMinor = Number(m[4]);
  return {
    sku: String(m[1]),
    quantity,
    currency: m[3] as Currency,
    unitPriceMinor,
    totalMinor: quantity * unitPriceMinor,
  };
}

/**
 * Extra products read per category beyond those offered, so that sold-out ones at the top of a
 * category do not leave the caller with nothing. More sold out than this in one category and the
 * caller hears "nothing in stock matches": the read stays bounded instead.
 */
export const RECOMMENDATION_SLACK = 4;

/** How many of a caller's recent orders are searched for delivery details on file. */
const DETAILS_LOOKBACK = 5;

/** Options of the order service. */
export interface OrderServiceOptions {
  /** Largest quantity of one order. */
  readonly maxOrderQuantity: number;
  /** Current time. @default the system clock */
  readonly clock?: () => Date;
  /** Draws an order number. @default randomOrderNumber */
  readonly newOrderNumber?: () => string;
  /** How long a PlaceOrder result is replayed to retries. @default 86 400 s (Lex never retries that late) */
  readonly idempotencyTtlSeconds?: number;
  /** Catalog names and synonyms. @default the shipped catalog */
  readonly index?: CatalogIndex;
}

/** Everything PlaceOrder needs once the caller confirmed. */
export interface PlaceOrderInput {
  readonly quote: Quote;
  readonly idempotencyKey: string;
  readonly locale: Locale;
  readonly callerHmac?: string;
  readonly contactId?: string;
  /** Who receives it and where, as the caller confirmed. */
  readonly delivery?: DeliveryDetails;
}

/** The order domain: pure logic over the {@link OrderStore} port. */
export class OrderService {
  /** Names, synonyms and descriptions of the catalog. */
  readonly index: CatalogIndex;
  /** Largest quantity of one order. */
  readonly maxOrderQuantity: number;
  private readonly clock: () => Date;
  private readonly newOrderNumber: () => string;
  private readonly ttlSeconds: number;

  constructor(
    private readonly store: OrderStore,
    options: OrderServiceOptions,
  ) {
    this.index = options.index ?? new CatalogIndex();
    this.maxOrderQuantity = options.maxOrderQuantity;
    this.clock = options.clock ?? (() => new Date());
    this.newOrderNumber = options.newOrderNumber ?? randomOrderNumber;
    this.ttlSeconds = options.idempotencyTtlSeconds ?? 86_400;
  }

  /** Live data of one product; throws UnknownProductError when the table lacks it. */
  async product(sku: string): Promise<StockedProduct> {
    const product = await this.store.getProduct(sku);
    if (!product) throw new UnknownProductError();
    return product;
  }

  /**
   * Up to `limit` in-stock products within the budget and category, the dearest affordable first
   * (the closest match to what the caller said they would spend).
   */
  async recommend(criteria: {
    currency: Currency;
    budgetMinor?: number;
    category?: string;
    limit?: number;
  }): Promise<StockedProduct[]> {
    const limit = criteria.limit ?? 2;
    const candidates = await this.store.topProducts({
      currency: criteria.currency,
      categories: criteria.category ? [criteria.category] : this.index.catalog.categories.map((c) => c.id),
      ...(criteria.budgetMinor !== undefined ? { budgetMinor: criteria.budgetMinor } : {}),
      // A few more than asked for, so sold-out products at the top still leave enough to offer.
      perCategory: limit + RECOMMENDATION_SLACK,
    });
    return candidates
      .filter((p) => p.stock > 0)
      .filter(
        (p) => criteria.budgetMinor === undefined || p.prices[criteria.currency] <= criteria.budgetMinor,
      )
      .sort((a, b) => b.prices[criteria.currency] - a.prices[criteria.currency] || a.sku.localeCompare(b.sku))
      .slice(0, limit);
  }

  /** Prices an order line from live data; throws OutOfStockError with the units left. */
  async quote(sku: string, quantity: number, currency: Currency): Promise<Quote> {
    const product = await this.product(sku);
    if (product.stock < quantity) throw new OutOfStockError(product.stock);
    const unitPriceMinor = product.prices[currency];
    return { sku, quantity, currency, unitPriceMinor, totalMinor: unitPriceMinor * quantity };
  }

  /** Creates the order (one conditional transaction); a retry returns the first result. */
  async place(input: PlaceOrderInput): Promise<PlaceOrderResult> {
    const now = this.clock();
    const at = now.toISOString();
    const order: Order = {
      orderId: this.newOrderNumber(),
      ...(input.callerHmac ? { callerHmac: input.callerHmac } : {}),
      ...(input.contactId ? { contactId: input.contactId } : {}),
      sku: input.quote.sku,
      quantity: input.quote.quantity,
      currency: input.quote.currency,
      unitPriceMinor: input.quote.unitPriceMinor,
      totalMinor: input.quote.totalMinor,
      status: 'PENDING_PAYMENT',
      locale: input.locale,
      createdAt: at,
      updatedAt: at,
      ...(input.delivery ? { delivery: input.delivery } : {}),
    };
    return this.store.placeOrder(
      {
        idempotencyKey: input.idempotencyKey,
        idempotencyExpiresAt: Math.floor(now.getTime() / 1000) + this.ttlSeconds,
        order,
      },
      this.newOrderNumber,
    );
  }

  /** The caller's own order; another caller's order is reported as not found. */
  async orderFor(orderId: string, callerHmac: string | undefined): Promise<Order> {
    if (!callerHmac) throw new CallerUnverifiedError();
    const order = await this.store.getOrder(orderId);
    if (!order || order.callerHmac !== callerHmac) throw new OrderNotFoundError();
    return order;
  }

  /**
   * The confirmed delivery details of the caller's most recent order that has them, for a
   * returning caller (same caller HMAC); undefined for an unidentified caller or none on file.
   */
  async detailsOnFile(callerHmac: string | undefined): Promise<DeliveryDetails | undefined> {
    const recent = await this.recentOrders(callerHmac, DETAILS_LOOKBACK);
    return recent.find((o) => o.delivery?.confirmed === true && !('unparsed' in o.delivery.address))
      ?.delivery;
  }

  /** The caller's most recent orders, newest first (none for an unidentified caller). */
  async recentOrders(callerHmac: string | undefined, limit: number): Promise<Order[]> {
    if (!callerHmac) return [];
    return this.store.ordersOfCaller(callerHmac, limit);
  }

  /** Cancels the caller's order before shipping and restores stock. */
  async cancel(orderId: string, callerHmac: string | undefined): Promise<Order> {
    if (!callerHmac) throw new CallerUnverifiedError();
    return this.store.cancelOrder(orderId, callerHmac, this.clock().toISOString());
  }

  /** The caller's order if it can be paid now; throws OrderStateError otherwise. */
  async payable(orderId: string, callerHmac: string | undefined): Promise<Order> {
    const order = await this.orderFor(orderId, callerHmac);
    if (!PAYABLE_STATUSES.includes(order.status)) throw new OrderStateError(order.status);
    return order;
  }
}
