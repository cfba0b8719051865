import type { Context } from 'aws-lambda';
import { toLocale } from '../contracts/locales';
import { AWAITING, CODE_HOOK_LABELS, SESSION_ATTRIBUTES } from '../contracts/session';
import type { TaskOpener } from '../core/cases/task';
import { Dialog, type DialogEvent } from '../core/dialog/dialog';
import { MESSAGES } from '../core/dialog/messages';
import { type DialogReply, type DialogTurn, withNextQuestion, without } from '../core/dialog/turn';
import { type TurnLog, turnRecord } from '../core/dialog/turn-record';
import { OrderDomainError, StoreUnavailableError } from '../core/orders/errors';
import { OrderService, validCallerHmac } from '../core/orders/service';
import type { OrderStore } from '../core/orders/store';
import type { ProductLinks } from '../core/texts/product-link';
import {
  close,
  confirmIntent,
  delegate,
  dialogSlots,
  elicitIntent,
  elicitSlot,
  type LexEvent,
  type LexResponse,
  type LexSlots,
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
  /** Where each turn's record goes (the turns table). */
  readonly turns: TurnLog;
  /** Days a turn record is kept (config `retentionDays`). */
  readonly turnRetentionDays: number;
  /** Whether the flow takes card input by keypad (the payment key is configured). @default false */
  readonly cardPayments?: boolean;
  /** IANA time zone in which dates are spoken. @default UTC */
  readonly timeZone?: string;
  /** Current time. @default the system clock */
  readonly clock?: () => Date;
  /** Draws order numbers. @default six random digits */
  readonly newOrderNumber?: () => string;
  /**
   * The number a contact called from (Connect DescribeContact), read when a caller agreed to
   * delivery calls on it. @default none: the order keeps the agreement and the contact id
   */
  readonly callingNumber?: (contactId: string) => Promise<string | undefined>;
  /** Opens after-sales cases (Connect tasks). @default none: after-sales requests go to a colleague */
  readonly tasks?: TaskOpener;
  /** Texts product links to callers who agreed. @default none: no link is offered */
  readonly links?: ProductLinks;
}

/** The Lambda handler Lex invokes. */
export type FulfillmentHandler = (event: unknown, context: Context) => Promise<LexResponse>;

/** Metric names of the code hook. */
export const FULFILLMENT_METRICS = {
  fallback: 'FallbackIntent',
  orderPlaced: 'OrderPlaced',
  orderCancelled: 'OrderCancelled',
  /** A return, warranty claim or complaint became a back-office case. */
  afterSalesCase: 'AfterSalesCaseOpened',
  /** A caller who agreed got a product link by text (the service accepted it). */
  productLinkSent: 'ProductLinkSent',
  /** A caller agreed to a text that did not go out (opted out, no number, refused, unconfirmed). */
  productLinkNotSent: 'ProductLinkNotSent',
  failed: 'FulfillmentFailed',
  /** A turn record could not be written; the caller's reply went out regardless. */
  turnRecordFailed: 'TurnRecordFailed',
  /** The caller said card or ID-like digits at a bot turn. */
  sensitiveDigits: 'SensitiveDigitsSpoken',
  /** The caller asked to stop the recording. */
  withdrawalRequested: 'WithdrawalRequested',
} as const;

const isAwaiting = (value: string | undefined): value is (typeof AWAITING)[number] =>
  (AWAITING as readonly string[]).includes(value ?? '');

/** Lex's confidence in the intent it chose (the interpretation of that intent), when given. */
function nluConfidence(event: LexEvent): number | undefined {
  const name = event.sessionState.intent.name;
  for (const i of event.interpretations ?? []) {
    const item = i as { intent?: { name?: unknown }; nluConfidence?: unknown } | null;
    if (item?.intent?.name !== name) continue;
    const c = item.nluConfidence;
    const score = typeof c === 'number' ? c : (c as { score?: unknown } | null)?.score;
    return typeof score === 'number' && score >= 0 && score <= 1 ? score : undefined;
  }
  return undefined;
}

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
    ...(event.inputTranscript !== undefined ? { inputTranscript: event.inputTranscript } : {}),
    ...(event.inputMode !== undefined ? { inputMode: event.inputMode } : {}),
    ...(isAwaiting(attrs[SESSION_ATTRIBUTES.awaiting])
      ? { awaiting: attrs[SESSION_ATTRIBUTES.awaiting] as (typeof AWAITING)[number] }
      : {}),
    ...(attrs[SESSION_ATTRIBUTES.consent] ? { consent: attrs[SESSION_ATTRIBUTES.consent] } : {}),
    ...(event.invocationLabel === CODE_HOOK_LABELS.slotAnswer && event.invocationSource === 'DialogCodeHook'
      ? { slotAnswerMissed: true as const }
      : {}),
  };
}

/** What the reply waits for next: the `awaiting` attribute the next turn reads. */
const AWAITS: Readonly<Record<DialogReply['kind'], (typeof AWAITING)[number]>> = {
  answer: 'INTENT',
  elicitSlot: 'SLOT',
  confirm: 'CONFIRMATION',
  // After Delegate Lex itself asks for the next missing slot, or confirms.
  delegate: 'SLOT',
  // The flow takes over; the next bot block starts with an open question.
  close: 'INTENT',
};

/**
 * The session attributes a reply hands back: `awaiting` set for the next turn, and `nextStep`
 * only on a reply that closes (a stale one must never send a later bot exit down the wrong branch).
 */
function replyAttributes(reply: DialogReply): Record<string, string> {
  const attrs =
    reply.kind === 'close'
      ? { ...reply.sessionAttributes }
      : without(reply.sessionAttributes, SESSION_ATTRIBUTES.nextStep);
  return { ...attrs, [SESSION_ATTRIBUTES.awaiting]: AWAITS[reply.kind] };
}

/** Slot values the dialog resolved, as Lex V2 scalar slots. */
function filledSlots(fill: Readonly<Record<string, string>>): LexSlots {
  return Object.fromEntries(
    Object.entries(fill).map(([name, v]) => [
      name,
      { shape: 'Scalar', value: { originalValue: v, interpretedValue: v, resolvedValues: [v] } },
    ]),
  ) as LexSlots;
}

/** The dialog's reply as a Lex V2 response for the turn's intent. */
function toLexResponse(event: LexEvent, given: DialogReply): LexResponse {
  const reply = { ...given, sessionAttributes: replyAttributes(given) } as DialogReply;
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
      return elicitSlot(
        {
          ...state,
          slots: {
            ...state.slots,
            ...(reply.fill ? filledSlots(reply.fill) : {}),
            ...Object.fromEntries((reply.clear ?? []).map((name) => [name, null])),
          },
        },
        reply.slot,
        reply.text,
        reply.sessionAttributes,
      );
    case 'confirm':
      return confirmIntent(
        reply.fill ? { ...state, slots: { ...state.slots, ...filledSlots(reply.fill) } } : state,
        reply.text,
        reply.sessionAttributes,
      );
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
    case 'afterSalesCase':
      countMetric(FULFILLMENT_METRICS.afterSalesCase);
      logger.info('after-sales case opened', { orderId: event.orderId, caseKind: event.caseKind });
      return;
    case 'productLink':
      countMetric(
        event.outcome === 'SENT'
          ? FULFILLMENT_METRICS.productLinkSent
          : FULFILLMENT_METRICS.productLinkNotSent,
      );
      logger.info('product link', {
        sku: event.sku,
        outcome: event.outcome,
        ...(event.reason ? { reason: event.reason } : {}),
      });
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
  const dialog = new Dialog(service, {
    onEvent: observe,
    cardPayments: deps.cardPayments ?? false,
    timeZone: deps.timeZone ?? 'UTC',
    ...(deps.callingNumber ? { callingNumber: deps.callingNumber } : {}),
    ...(deps.tasks ? { tasks: deps.tasks } : {}),
    ...(deps.links ? { links: deps.links } : {}),
  });

  /** Writes the turn's record; a failure is counted and logged (no caller data), never fatal. */
  const record = async (
    turn: DialogTurn,
    reply: DialogReply,
    event: LexEvent,
    context: Context,
    failed: boolean,
  ): Promise<void> => {
    const contactId = turn.sessionAttributes[SESSION_ATTRIBUTES.contactId] ?? turn.sessionId;
    try {
      await deps.turns.append(
        turnRecord(turn, reply, {
          contactId,
          localeId: event.bot.localeId,
          source: event.invocationSource,
          nluConfidence: nluConfidence(event),
          requestId: context?.awsRequestId || `${Date.now()}`,
          at: (deps.clock ?? (() => new Date()))(),
          retentionDays: deps.turnRetentionDays,
          failed,
        }),
      );
    } catch (error) {
      countMetric(FULFILLMENT_METRICS.turnRecordFailed);
      logger.warn('turn record not written', { contactId, errorName: (error as Error)?.name });
    }
  };

  return callerFacing(async (event: unknown, context: Context): Promise<LexResponse> => {
    const parsed = lexEventSchema.safeParse(event);
    if (!parsed.success) {
      // Only the issue paths are logged: the event may carry a transcript with personal data.
      logger.warn('malformed Lex event', {
        issues: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')),
      });
      return malformedEventResponse(event);
    }
    const turn = toTurn(parsed.data);
    const where = {
      intent: turn.intentName,
      source: parsed.data.invocationSource,
      locale: turn.locale,
      caller: turn.callerHmac?.slice(0, 12),
    };
    let reply: DialogReply;
    let failed = false;
    try {
      reply = await dialog.respond(turn);
    } catch (error) {
      const reason = error instanceof StoreUnavailableError ? error.reason : 'unexpected';
      countMetric(FULFILLMENT_METRICS.failed);
      if (error instanceof OrderDomainError) logger.warn('turn failed', { ...where, reason });
      else logger.error('turn failed', { ...where, reason, error: error as Error });
      reply = dialog.tryLater(turn);
      failed = true;
    }
    if (reply.note === 'SENSITIVE_DIGITS') countMetric(FULFILLMENT_METRICS.sensitiveDigits);
    if (reply.note === 'WITHDRAW') countMetric(FULFILLMENT_METRICS.withdrawalRequested);
    await record(turn, reply, parsed.data, context, failed);
    logger.info('turn', { ...where, reply: reply.kind, ...(reply.note ? { note: reply.note } : {}) });
    return toLexResponse(parsed.data, reply);
  }) as unknown as FulfillmentHandler;
}
