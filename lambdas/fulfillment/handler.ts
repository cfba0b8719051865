import type { Context } from 'aws-lambda';
import { toLocale } from '../contracts/locales';
import { SESSION_ATTRIBUTES } from '../contracts/session';
import { Dialog, type DialogEvent } from '../core/dialog/dialog';
import { MESSAGES } from '../core/dialog/messages';
import { type DialogReply, type DialogTurn, withNextQuestion } from '../core/dialog/turn';
import { OrderDomainError, StoreUnavailableError } from '../core/orders/errors';
import { OrderService, validCallerHmac } from '../core/orders/service';
import type { OrderStore } from '../core/orders/store';
import {
  close,
  confirmIntent,
  delegate,
  dialogSlots,
  elicitIntent,
  elicitSlot,
  type LexEvent,
  type LexResponse,
  lexEventSchema,
  type TurnState,
} from '../edge/lex';
import { callerFacing } from '../edge/middleware';
import { countMetric, logger } from '../edge/powertools';

/**
 * The Lex V2 dialog and fulfillment code hook: a Lex event in, the dialog's reply out as a valid
 * Lex V2 response in the caller's locale. It never throws: a malformed event or a failing order
 * system becomes a polite sentence, and nothing is half-written (every order change is one
 * DynamoDB transaction).
 */

/** Ports of the code hook; index.ts builds the AWS adapters, the offline runtime its own. */
export interface FulfillmentDeps {
  /** Catalog, orders and idempotency records. */
  readonly orders: OrderStore;
  /** Largest quantity of one order (config `maxOrderQuantity`). */
  readonly maxOrderQuantity: number;
  /** Current time. @default the system clock */
  readonly clock?: () => Date;
  /** Draws order numbers. @default six random digits */
  readonly newOrderNumber?: () => string;
}

/** The Lambda handler Lex invokes. */
export type FulfillmentHandler = (event: unknown, context: Context) => Promise<LexResponse>;

/** Metric names of the code hook. */
export const FULFILLMENT_METRICS = {
  fallback: 'FallbackIntent',
  orderPlaced: 'OrderPlaced',
  orderCancelled: 'OrderCancelled',
  failed: 'FulfillmentFailed',
} as const;

/** The dialog's view of a Lex event. */
function toTurn(event: LexEvent): DialogTurn {
  const attrs = event.sessionState.sessionAttributes;
  const intent = event.sessionState.intent;
  return {
    sessionId: event.sessionId,
    intentName: intent.name,
    slots: dialogSlots(intent.slots),
    confirmation: intent.confirmationState,
    sessionAttributes: attrs,
    locale: toLocale(event.bot.localeId) ?? toLocale(attrs[SESSION_ATTRIBUTES.locale]) ?? 'en-US',
    phase: event.invocationSource === 'FulfillmentCodeHook' ? 'fulfillment' : 'dialog',
    callerHmac: validCallerHmac(attrs[SESSION_ATTRIBUTES.callerHmac]),
  };
}

/** The dialog's reply as a Lex V2 response for the turn's intent. */
function toLexResponse(event: LexEvent, reply: DialogReply): LexResponse {
  const intent = event.sessionState.intent;
  const state: TurnState = {
    intentName: intent.name,
    slots: intent.slots,
    confirmationState: intent.confirmationState,
    sessionAttributes: event.sessionState.sessionAttributes,
  };
  switch (reply.kind) {
    case 'answer':
      return elicitIntent(reply.text, reply.sessionAttributes);
    case 'elicitSlot':
      return elicitSlot(state, reply.slot, reply.text, reply.sessionAttributes);
    case 'confirm':
      return confirmIntent(state, reply.text, reply.sessionAttributes);
    case 'delegate':
      return delegate(state, reply.sessionAttributes);
    case 'close':
      return close(state, reply.state, reply.text, reply.sessionAttributes);
  }
}

/**
 * A safe answer to an event we could not parse: polite, valid for Lex, no state change. The
 * session stays open and the string-valued session attributes are passed back, since Lex replaces
 * the session attributes with the ones a code hook returns.
 */
function malformedEventResponse(event: unknown): LexResponse {
  const field = (value: unknown, key: string): Record<string, unknown> => {
    const inner =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {};
  };
  const attrs = field(field(event, 'sessionState'), 'sessionAttributes');
  const kept = Object.fromEntries(
    Object.entries(attrs).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const locale =
    toLocale(field(event, 'bot').localeId) ?? toLocale(kept[SESSION_ATTRIBUTES.locale]) ?? 'en-US';
  return elicitIntent(withNextQuestion(MESSAGES[locale].notUnderstood(), locale), kept);
}

/** Counts and logs what the dialog reports (SKU and quantity at most: no caller data). */
function observe(event: DialogEvent): void {
  switch (event.kind) {
    case 'fallback':
      countMetric(FULFILLMENT_METRICS.fallback);
      return;
    case 'orderPlaced':
      if (!event.replayed) countMetric(FULFILLMENT_METRICS.orderPlaced);
      logger.info('order placed', {
        orderId: event.order.orderId,
        replayed: event.replayed,
        sku: event.order.sku,
        quantity: event.order.quantity,
      });
      return;
    case 'orderCancelled':
      countMetric(FULFILLMENT_METRICS.orderCancelled);
      return;
  }
}

/** Builds the code hook over its ports. */
export function createHandler(deps: FulfillmentDeps): FulfillmentHandler {
  const service = new OrderService(deps.orders, {
    maxOrderQuantity: deps.maxOrderQuantity,
    clock: deps.clock,
    newOrderNumber: deps.newOrderNumber,
  });
  const dialog = new Dialog(service, { onEvent: observe });

  return callerFacing(async (event: unknown): Promise<LexResponse> => {
    const parsed = lexEventSchema.safeParse(event);
    if (!parsed.success) {
      // Only the issue paths are logged: the event may carry a transcript with personal data.
      logger.warn('malformed Lex event', {
        issues: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')),
      });
      return malformedEventResponse(event);
    }
    const turn = toTurn(parsed.data);
    const context = {
      intent: turn.intentName,
      source: parsed.data.invocationSource,
      locale: turn.locale,
      caller: turn.callerHmac?.slice(0, 12),
    };
    let reply: DialogReply;
    try {
      reply = await dialog.respond(turn);
    } catch (error) {
      const reason = error instanceof StoreUnavailableError ? error.reason : 'unexpected';
      countMetric(FULFILLMENT_METRICS.failed);
      if (error instanceof OrderDomainError) logger.warn('turn failed', { ...context, reason });
      else logger.error('turn failed', { ...context, reason, error: error as Error });
      reply = dialog.tryLater(turn);
    }
    logger.info('turn', { ...context, reply: reply.kind });
    return toLexResponse(parsed.data, reply);
  }) as unknown as FulfillmentHandler;
}
