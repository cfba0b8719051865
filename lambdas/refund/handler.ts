import * as z from 'zod/mini';
import { ORDER_EVENT_SOURCE, ORDER_EVENT_TYPE } from '../core/orders/events';
import {
  overdueRefunds,
  type PaymentCaseOutcome,
  paymentUnconfirmedCase,
  type RefundDeps,
  type RefundOutcome,
  refundOrder,
  type SettleOutcome,
  settlePendingRefunds,
} from '../core/orders/refund';
import { countMetric, logger } from '../edge/powertools';
import { pipeline } from '../edge/tracer';

/**
 * Refunds cancelled paid orders: invoked asynchronously by the order bus's rule for events to
 * REFUND_DUE. The same function opens the back-office task for a payment the gateway did not answer
 * (the rule for PAYMENT_UNCONFIRMED events). The gateway refunds once per order (idempotency key per order), or a back-office
 * task hands the refund to staff. A gateway that does not answer makes the invocation fail:
 * Lambda retries it (same key), then the event goes to the DLQ, which alarms.
 *
 * Hourly, a scheduled event makes it ask the gateway where each REFUND_DUE order's refund stands
 * and record the ones now made (a refund the gateway left pending settles without staff; metric
 * `RefundSettled`), then count the refunds left REFUND_DUE longer than the configured hours (metric
 * `OverdueRefunds`, alarmed at 1): a refund still pending or failed, or one staff have not recorded,
 * never goes unnoticed.
 */

/** Dependencies of the refund handler. */
export interface RefundHandlerDeps extends RefundDeps {
  /** Hours after which a REFUND_DUE order is overdue (config `refundAlarmHours`). */
  readonly overdueAfterHours: number;
}

/** The EventBridge event of one order status change (the rule passes REFUND_DUE only). */
export const refundEventSchema = z.looseObject({
  source: z.literal(ORDER_EVENT_SOURCE),
  'detail-type': z.literal(ORDER_EVENT_TYPE),
  detail: z.looseObject({
    orderId: z.string().check(z.regex(/^\d{6}$/)),
    to: z.literal('REFUND_DUE'),
  }),
});

/** The EventBridge event of a back-office case (the rule passes PAYMENT_UNCONFIRMED only). */
export const exceptionEventSchema = z.looseObject({
  source: z.literal(ORDER_EVENT_SOURCE),
  'detail-type': z.literal(ORDER_EVENT_TYPE),
  detail: z.looseObject({
    orderId: z.string().check(z.regex(/^\d{6}$/)),
    at: z.string().check(z.minLength(1)),
    exception: z.literal('PAYMENT_UNCONFIRMED'),
  }),
});

/** The hourly scheduled event. */
export const sweepEventSchema = z.looseObject({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
});

/** What one invocation did. */
export type RefundHandlerOutcome =
  | RefundOutcome
  | PaymentCaseOutcome
  | { readonly kind: 'SWEPT'; readonly overdue: number; readonly settled: SettleOutcome };

/** Builds the handler over its ports. */
export function createHandler(deps: RefundHandlerDeps) {
  const handle = async (event: unknown): Promise<RefundHandlerOutcome> => {
    if (sweepEventSchema.safeParse(event).success) {
      const now = (deps.clock ?? (() => new Date()))();
      const settled = await settlePendingRefunds(deps, { now });
      countMetric('RefundSettled', undefined, settled.refunded);
      if (settled.unanswered > 0) logger.warn('refund status unanswered', { unanswered: settled.unanswered });
      const overdue = await overdueRefunds(deps.orders, { hours: deps.overdueAfterHours, now });
      countMetric('OverdueRefunds', undefined, overdue.length);
      if (overdue.length > 0) {
        logger.warn('refunds overdue', { overdue: overdue.length, orders: overdue.map((o) => o.orderId) });
      }
      return { kind: 'SWEPT', overdue: overdue.length, settled };
    }
    const exception = exceptionEventSchema.safeParse(event);
    if (exception.success) {
      const { orderId, at } = exception.data.detail;
      const outcome = await paymentUnconfirmedCase(orderId, at, deps);
      countMetric('PaymentCase', { name: 'outcome', value: outcome.kind });
      logger.info('payment case processed', { orderId, outcome: outcome.kind });
      return outcome;
    }
    const parsed = refundEventSchema.safeParse(event);
    if (!parsed.success) {
      throw new Error(
        `not a REFUND_DUE order event: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      );
    }
    const { orderId } = parsed.data.detail;
    const outcome = await refundOrder(orderId, deps);
    countMetric('Refund', { name: 'outcome', value: outcome.kind });
    logger.info('refund processed', { orderId, outcome: outcome.kind });
    return outcome;
  };
  return pipeline(handle);
}
