import type { Currency } from '../../contracts/catalog';
import { ORDER_STATUSES, type Order, type OrderStatus, type OrderTransitionRecord } from './store';

/**
 * Domain events of the order lifecycle, derived from the orders table's stream (no dual writes:
 * the event exists because the row changed). A row change is a status change when its last
 * transition record was written with it (`at` equals the row's `updatedAt`); a new row is the
 * order placed. Every other change (a payment lock, an erasure) is no event.
 *
 * An event carries what the back office acts on (order, product, quantity, amount, status, who,
 * when) and nothing that identifies the caller: no caller HMAC, no contact id, no name or address.
 * Stream delivery is at least once, so consumers key their work on {@link OrderEvent.id}.
 */

export { ORDER_EVENT_SOURCE, ORDER_EVENT_TYPE } from '../../contracts/order-events';

/** One status change of one order. */
export interface OrderEvent {
  /** `<orderId>:<to>:<at>`: the same change delivered twice has the same id. */
  readonly id: string;
  readonly orderId: string;
  /** Absent for a placed order and where the writer did not record it. */
  readonly from?: OrderStatus;
  readonly to: OrderStatus;
  readonly at: string;
  readonly by: string;
  readonly sku: string;
  readonly quantity: number;
  readonly totalMinor: number;
  readonly currency: Currency;
  /**
   * Set on an event that is no status change but a case for the back office: a payment the gateway
   * did not answer (the order stays in `to`, its charge unknown until someone checks).
   */
  readonly exception?: OrderException;
}

/** Back-office cases the order stream raises besides status changes. */
export type OrderException = 'PAYMENT_UNCONFIRMED';

/** Where events go (EventBridge PutEvents in AWS, the local bus offline). */
export interface OrderEventPublisher {
  /** Publishes every event or throws; a retry publishes them again (consumers dedupe by id). */
  publish(events: readonly OrderEvent[]): Promise<void>;
}

const isStatus = (v: unknown): v is OrderStatus =>
  typeof v === 'string' && (ORDER_STATUSES as readonly string[]).includes(v);

/** The event a new image of an order row stands for, or undefined when it is no status change. */
export function orderEventOf(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Record<string, unknown> | undefined,
): OrderEvent | undefined {
  if (!item || eventName === 'REMOVE') return undefined;
  const order = item as Partial<Order>;
  if (typeof order.orderId !== 'string' || !isStatus(order.status)) return undefined;
  if (typeof order.sku !== 'string' || typeof order.quantity !== 'number') return undefined;
  if (typeof order.totalMinor !== 'number' || typeof order.currency !== 'string') return undefined;
  const records = Array.isArray(order.transitions) ? (order.transitions as OrderTransitionRecord[]) : [];
  const last = records.at(-1);
  const unconfirmedAt = (item as { paymentUnconfirmedAt?: unknown }).paymentUnconfirmedAt;
  let change: { from?: OrderStatus; at: string; by: string; exception?: OrderException } | undefined;
  if (last && last.to === order.status && last.at === order.updatedAt) {
    change = { ...(isStatus(last.from) ? { from: last.from } : {}), at: last.at, by: last.by };
  } else if (eventName === 'INSERT' && typeof order.createdAt === 'string') {
    change = { at: order.createdAt, by: 'caller' };
  } else if (
    eventName === 'MODIFY' &&
    typeof unconfirmedAt === 'string' &&
    unconfirmedAt === order.updatedAt
  ) {
    change = { at: unconfirmedAt, by: 'payment-function', exception: 'PAYMENT_UNCONFIRMED' };
  }
  if (!change) return undefined;
  return {
    id: `${order.orderId}:${change.exception ?? order.status}:${change.at}`,
    orderId: order.orderId,
    ...(change.from ? { from: change.from } : {}),
    to: order.status,
    at: change.at,
    by: change.by,
    sku: order.sku,
    quantity: order.quantity,
    totalMinor: order.totalMinor,
    currency: order.currency as Currency,
    ...(change.exception ? { exception: change.exception } : {}),
  };
}
