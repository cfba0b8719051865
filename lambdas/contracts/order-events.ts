/**
 * The order bus's event names and rules, shared by the CDK (EventBridge rules) and the offline
 * runtime (its in-process bus), so both route the same events to the same places.
 */

/** EventBridge `source` of order events. */
export const ORDER_EVENT_SOURCE = 'phone-robot.orders';
/** EventBridge `detail-type` of order events. */
export const ORDER_EVENT_TYPE = 'Order status changed';

/**
 * The statuses whose events reach the fulfilment queue: orders ready to ship, i.e. paid. An unpaid
 * order (a stage without card payments) waits for a colleague to arrange payment and delivery with
 * the caller, as the bot tells them; staff may then ship it (`orders -- ship` allows PENDING_PAYMENT).
 */
export const READY_TO_SHIP: readonly string[] = ['PAID'];

/** The statuses whose events reach the refund function. */
export const REFUND_STATUSES: readonly string[] = ['REFUND_DUE'];

/** The back-office cases (`detail.exception`) whose events reach the refund and back-office function. */
export const EXCEPTION_KINDS: readonly string[] = ['PAYMENT_UNCONFIRMED'];

/** An EventBridge event pattern on order events whose `detail.exception` is one of `kinds`. */
export function orderExceptionPattern(kinds: readonly string[]) {
  return {
    source: [ORDER_EVENT_SOURCE],
    'detail-type': [ORDER_EVENT_TYPE],
    detail: { exception: [...kinds] },
  };
}

/** An EventBridge event pattern on order events whose `detail.to` is one of `statuses`. */
export function orderEventPattern(statuses: readonly string[]) {
  return {
    source: [ORDER_EVENT_SOURCE],
    'detail-type': [ORDER_EVENT_TYPE],
    detail: { to: [...statuses] },
  };
}
