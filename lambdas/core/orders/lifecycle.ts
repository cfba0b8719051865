import { OrderStateError } from './errors';
import type { Order, OrderStatus, OrderStore } from './store';

/**
 * The order state machine. Each action names the statuses it may start from and the one it ends
 * in; the store applies it as one conditional write with an audit record, so two staff members
 * shipping the same order at once ship it once, and nothing moves an order backwards.
 *
 * | action   | from                              | to          | by                                  |
 * |----------|-----------------------------------|-------------|-------------------------------------|
 * | place    | (new)                             | PENDING_PAYMENT | the caller, through the bot     |
 * | pay      | PENDING_PAYMENT, PAYMENT_FAILED   | PAID or PAYMENT_FAILED | the payment function     |
 * | cancel   | PENDING_PAYMENT, PAYMENT_FAILED   | CANCELLED   | the caller (stock restored)         |
 * | cancel   | PAID                              | REFUND_DUE  | the caller (stock restored)         |
 * | ship     | PAID, PENDING_PAYMENT (arranged)  | SHIPPED     | staff                               |
 * | deliver  | SHIPPED                           | DELIVERED   | staff                               |
 * | refund   | REFUND_DUE                        | REFUNDED    | the refund function, or staff       |
 */

/** What staff (and the refund function) can do to an order. */
export const STAFF_ACTIONS = ['ship', 'deliver', 'refund'] as const;
/** One staff action. */
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** The statuses each staff action starts from, and where it ends. */
export const STAFF_TRANSITIONS: Readonly<
  Record<StaffAction, { readonly from: readonly OrderStatus[]; readonly to: OrderStatus }>
> = {
  // An unpaid order ships once a colleague arranged payment and delivery with the caller (a stage
  // without card payments tells callers to ask for one).
  ship: { from: ['PAID', 'PENDING_PAYMENT'], to: 'SHIPPED' },
  deliver: { from: ['SHIPPED'], to: 'DELIVERED' },
  refund: { from: ['REFUND_DUE'], to: 'REFUNDED' },
};

/** Statuses that need no one's action any more. */
export const FINAL_STATUSES: readonly OrderStatus[] = ['DELIVERED', 'CANCELLED', 'REFUNDED'];

/** Why an action cannot apply to an order, in one sentence that names what would. */
export function refusal(action: StaffAction, order: Pick<Order, 'orderId' | 'status'>): string {
  const { from } = STAFF_TRANSITIONS[action];
  return `order ${order.orderId} is ${order.status}; ${action} needs ${from.join(' or ')}`;
}

/** An action refused because of the order's status; its message names the statuses that allow it. */
export class TransitionRefusedError extends OrderStateError {
  constructor(
    readonly action: StaffAction,
    order: Pick<Order, 'orderId' | 'status'>,
  ) {
    super(order.status);
    this.message = refusal(action, order);
  }
}

/**
 * Applies a staff action: one conditional write, audited with `by` and `reference`.
 *
 * @throws TransitionRefusedError when the order's status does not allow the action
 * @throws OrderNotFoundError when there is no such order
 */
export async function applyStaffAction(
  store: OrderStore,
  action: StaffAction,
  request: { orderId: string; by: string; at: string; reference?: string },
): Promise<Order> {
  const { from, to } = STAFF_TRANSITIONS[action];
  try {
    return await store.transition({ ...request, from, to });
  } catch (error) {
    if (error instanceof OrderStateError && !(error instanceof TransitionRefusedError)) {
      throw new TransitionRefusedError(action, { orderId: request.orderId, status: error.status });
    }
    throw error;
  }
}
