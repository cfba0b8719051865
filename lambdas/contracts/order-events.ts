/**
 * The order bus's event names and rules, shared by the CDK (EventBridge rules) and the offline
 * runtime (its in-process bus), so both route the same events to the same places.
 */

/** EventBridge `source` of order events. */
export const ORDER_EVENT_SOURCE = 'phone-robot.orders';
/** EventBridge `detail-type` of order events. */
export const ORDER_EVENT_TYPE = 'Order status changed';

/**
 * The statuses whose events reach the fulfilment queue: orders ready to ship. With card payments,
 * an order is ready once PAID; without, it is paid on delivery, so a placed order is ready.
 */
export function readyToShip(cardPayments: boolean): readonly string[] {
  return cardPayments ? ['PAID'] : ['PAID', 'PENDING_PAYMENT'];
}

/** The statuses whose events reach the refund function. */
export const REFUND_STATUSES: readonly string[] = ['REFUND_DUE'];

/** An EventBridge event pattern on order events whose `detail.to` is one of `statuses`. */
export function orderEventPattern(statuses: readonly string[]) {
  return {
    source: [ORDER_EVENT_SOURCE],
    'detail-type': [ORDER_EVENT_TYPE],
    detail: { to: [...statuses] },
  };
}
