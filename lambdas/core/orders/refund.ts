import type { TaskOpener } from '../cases/task';
import { canRefund, type PaymentGateway } from '../payment/gateway';
import { OrderStateError } from './errors';
import type { Order, OrderStore } from './store';

/**
 * Refunding a cancelled paid order (REFUND_DUE): through the gateway when it can refund, once
 * (the idempotency key is the order's, so a redelivered event or a retry never refunds twice),
 * then REFUNDED with the gateway's reference; where the gateway cannot (no refund support, no
 * charge reference, a refusal), a back-office task says what to do and the order stays
 * REFUND_DUE for staff (`npm run orders -- refund`). An unanswered gateway call throws: the
 * function's retries ask again under the same key.
 */

/** What {@link refundOrder} did. */
export type RefundOutcome =
  | { readonly kind: 'REFUNDED'; readonly reference: string }
  | { readonly kind: 'PENDING'; readonly reference?: string }
  | { readonly kind: 'HANDED_TO_STAFF'; readonly reason: string }
  /** The order is not (any more) REFUND_DUE: already refunded, or never was. */
  | { readonly kind: 'NOTHING_TO_DO'; readonly status: string };

/** Dependencies of {@link refundOrder}. */
export interface RefundDeps {
  readonly orders: OrderStore;
  readonly gateway: PaymentGateway;
  readonly tasks: TaskOpener;
  readonly clock?: () => Date;
}

/** The idempotency key of an order's refund: one refund per order, whoever asks how often. */
export const refundKey = (orderId: string): string => `refund:${orderId}`;

/** Refunds one REFUND_DUE order, or hands it to staff. */
export async function refundOrder(orderId: string, deps: RefundDeps): Promise<RefundOutcome> {
  const order = await deps.orders.getOrder(orderId);
  if (order?.status !== 'REFUND_DUE') {
    return { kind: 'NOTHING_TO_DO', status: order?.status ?? 'NOT_FOUND' };
  }
  const now = () => (deps.clock ?? (() => new Date()))().toISOString();
  if (!canRefund(deps.gateway))
    return handOver(order, `the ${deps.gateway.name} gateway cannot refund`, deps);
  if (!order.paymentReference) return handOver(order, 'the order has no payment reference', deps);
  const result = await deps.gateway.refund({
    idempotencyKey: refundKey(order.orderId),
    reference: order.paymentReference,
    amountMinor: order.totalMinor,
  });
  if (result.outcome === 'PENDING')
    return { kind: 'PENDING', ...(result.reference ? { reference: result.reference } : {}) };
  if (result.outcome !== 'REFUNDED' || !result.reference) {
    return handOver(order, `the gateway refused the refund (${result.code ?? 'no code'})`, deps);
  }
  try {
    await deps.orders.transition({
      orderId: order.orderId,
      from: ['REFUND_DUE'],
      to: 'REFUNDED',
      at: now(),
      by: 'refund-function',
      reference: result.reference,
    });
  } catch (error) {
    // Staff recorded it meanwhile: the gateway's answer under the same key was the same refund.
    if (!(error instanceof OrderStateError)) throw error;
  }
  return { kind: 'REFUNDED', reference: result.reference };
}

/** What {@link paymentUnconfirmedCase} did. */
export type PaymentCaseOutcome =
  | { readonly kind: 'TASK_OPENED' }
  /** The order moved on meanwhile (paid, failed, cancelled by a later attempt): nothing to check. */
  | { readonly kind: 'NOTHING_TO_DO'; readonly status: string };

/**
 * A payment the gateway did not answer (order marked `paymentUnconfirmedAt`): a back-office task
 * to check the gateway, opened once per mark. Nothing was recorded as paid, and nothing is charged
 * again: the caller's next payment attempt asks the gateway under the same key first.
 */
export async function paymentUnconfirmedCase(
  orderId: string,
  at: string,
  deps: Pick<RefundDeps, 'orders' | 'tasks'>,
): Promise<PaymentCaseOutcome> {
  const order = (await deps.orders.getOrder(orderId)) as
    | (Order & { paymentUnconfirmedAt?: string })
    | undefined;
  if (
    !order ||
    order.paymentUnconfirmedAt !== at ||
    !['PENDING_PAYMENT', 'PAYMENT_FAILED'].includes(order.status)
  ) {
    return { kind: 'NOTHING_TO_DO', status: order?.status ?? 'NOT_FOUND' };
  }
  await deps.tasks.open({
    token: `payment-unconfirmed:${order.orderId}:${at}`,
    name: `Payment unconfirmed: order ${order.orderId}`,
    description:
      `The payment provider did not answer while the caller paid order ${order.orderId} ` +
      `(${order.totalMinor} ${order.currency} minor units) at ${at}; whether the card was charged is unknown. ` +
      `Look the charge up in the provider under the order's key (order-${order.orderId}-payment-...). ` +
      'If it was charged, the order becomes PAID at the next payment attempt, which asks the provider ' +
      'first and never charges twice; phone the customer (npm run orders -- show ' +
      `${order.orderId} --aws) to settle it.`,
    attributes: { orderId: order.orderId, kind: 'PAYMENT_UNCONFIRMED' },
  });
  return { kind: 'TASK_OPENED' };
}

/** What {@link settlePendingRefunds} found, by the gateway's current answer. */
export interface SettleOutcome {
  /** REFUND_DUE orders whose refund the gateway now reports made: recorded REFUNDED. */
  readonly refunded: number;
  /** Still pending at the gateway. */
  readonly pending: number;
  /** Failed at the gateway, or no refund under the order's key: left for staff (the overdue alarm). */
  readonly notMade: number;
  /** The gateway did not answer for these: asked again at the next sweep. */
  readonly unanswered: number;
  /** Not asked this time (the sweep's time was up): asked at the next sweep. */
  readonly deferred: number;
}

/** Milliseconds a sweep spends asking the gateway (the refund function has 60 s in all). */
export const SETTLE_BUDGET_MS = 30_000;

/**
 * Asks the gateway where each REFUND_DUE order's refund stands (under the order's refund key, so a
 * refund staff made in the provider's dashboard is never mistaken for it) and records those it now
 * reports made as REFUNDED with its reference: a refund the gateway first left PENDING settles
 * without staff. It never refunds: a failed or missing refund stays REFUND_DUE, where the
 * overdue-refund alarm and the staff task (when one was opened) cover it.
 */
export async function settlePendingRefunds(
  deps: RefundDeps,
  options: { readonly now: Date; readonly budgetMs?: number },
): Promise<SettleOutcome> {
  const out = { refunded: 0, pending: 0, notMade: 0, unanswered: 0, deferred: 0 };
  if (!canRefund(deps.gateway)) return out;
  const due = await deps.orders.ordersInStatus('REFUND_DUE', OVERDUE_SCAN_LIMIT, options.now.toISOString());
  const started = performance.now();
  for (const [i, order] of due.entries()) {
    if (performance.now() - started > (options.budgetMs ?? SETTLE_BUDGET_MS)) {
      out.deferred = due.length - i;
      break;
    }
    if (!order.paymentReference) {
      out.notMade += 1;
      continue;
    }
    let status: Awaited<ReturnType<typeof deps.gateway.refundStatus>>;
    try {
      status = await deps.gateway.refundStatus({
        idempotencyKey: refundKey(order.orderId),
        reference: order.paymentReference,
      });
    } catch {
      out.unanswered += 1;
      continue;
    }
    if (status?.outcome === 'PENDING') out.pending += 1;
    else if (status?.outcome !== 'REFUNDED' || !status.reference) out.notMade += 1;
    else {
      try {
        await deps.orders.transition({
          orderId: order.orderId,
          from: ['REFUND_DUE'],
          to: 'REFUNDED',
          at: options.now.toISOString(),
          by: 'refund-function',
          reference: status.reference,
        });
        out.refunded += 1;
      } catch (error) {
        // Staff recorded it meanwhile.
        if (!(error instanceof OrderStateError)) throw error;
      }
    }
  }
  return out;
}

/** How many refunds may be counted at once: the alarm needs one, the runbook lists them all. */
const OVERDUE_SCAN_LIMIT = 1000;

/**
 * The REFUND_DUE orders whose last change is more than `hours` old (what the overdue-refund alarm
 * counts): a refund the gateway left PENDING, or one staff have not recorded yet.
 */
export async function overdueRefunds(
  orders: OrderStore,
  options: { readonly hours: number; readonly now: Date },
): Promise<readonly Order[]> {
  const cutoff = new Date(options.now.getTime() - options.hours * 3_600_000).toISOString();
  return orders.ordersInStatus('REFUND_DUE', OVERDUE_SCAN_LIMIT, cutoff);
}

async function handOver(order: Order, reason: string, deps: RefundDeps): Promise<RefundOutcome> {
  await deps.tasks.open({
    token: refundKey(order.orderId),
    name: `Refund order ${order.orderId}`,
    description:
      `Order ${order.orderId} was cancelled after payment and is due a refund of ${order.totalMinor} ` +
      `${order.currency} minor units; ${reason}. Refund it in the payment provider, then run ` +
      `npm run orders -- refund ${order.orderId} --reference <refund id> --aws.`,
    attributes: { orderId: order.orderId, kind: 'REFUND_DUE', reason },
  });
  return { kind: 'HANDED_TO_STAFF', reason };
}
