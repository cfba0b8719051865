import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DynamoOrderStore } from '../aws/dynamo-order-store';
import { CURRENCY_BY_LOCALE, type Currency } from '../contracts/catalog';
import { type Locale, toLocale } from '../contracts/locales';
import { parseOrderNumber, speakOrderNumber } from '../contracts/order-number';
import { MESSAGES, type Messages } from '../core/dialog/messages';
import {
  CallerUnverifiedError,
  OrderDomainError,
  OrderNotFoundError,
  OrderStateError,
  OutOfStockError,
  PriceChangedError,
  StoreUnavailableError,
  UnknownProductError,
} from '../core/orders/errors';
import { formatMoney } from '../core/orders/money';
import {
  decodeQuote,
  encodeQuote,
  OrderService,
  parseBudget,
  parseQuantity,
  placeOrderKey,
  type Quote,
  validCallerHmac,
} from '../core/orders/service';
import type { Order, OrderStore } from '../core/orders/store';
import {
  close,
  confirmIntent,
  delegate,
  elicitIntent,
  elicitSlot,
  type LexEvent,
  type LexResponse,
  lexEventSchema,
  slotCandidates,
  slotValue,
  type TurnState,
} from '../edge/lex';
import { logger, metrics } from '../edge/powertools';
import {
  type GuardEvent,
  guardSensitiveSlots,
  type RecordingControl,
  SENSITIVE_SLOTS,
} from './sensitive-slots';

/** Ports of the fulfillment Lambda; index.ts builds them from the environment. */
export interface FulfillmentDeps {
  /** Document client for the catalog, orders and idempotency tables. */
  readonly db: DynamoDBDocumentClient;
  /** Physical table names. */
  readonly tables: { readonly catalog: string; readonly orders: string; readonly idempotency: string };
  /** Largest quantity of one order (config `maxOrderQuantity`). */
  readonly maxOrderQuantity: number;
  /** Current time. @default the system clock */
  readonly clock?: () => Date;
  /** Draws order numbers. @default six random digits */
  readonly newOrderNumber?: () => string;
  /** Replaces the DynamoDB store (the simulator or tests). @default DynamoOrderStore over `db` */
  readonly store?: OrderStore;
  /**
   * Suspends/resumes the call recording while a sensitive slot is elicited (see
   * sensitive-slots.ts). @default none: sensitive slots are then never elicited
   */
  readonly recordingControl?: RecordingControl;
  /** Sensitive slots as `Intent.Slot`. @default {@link SENSITIVE_SLOTS} (none in today's model) */
  readonly sensitiveSlots?: readonly string[];
}

/** The Lambda handler Lex invokes as its dialog and fulfillment code hook. */
export type FulfillmentHandler = (event: unknown, context: Context) => Promise<LexResponse>;

/** Session attributes this Lambda reads or writes (the rest pass through untouched). */
const ATTR = {
  callerHmac: 'callerHmac',
  contactId: 'contactId',
  locale: 'locale',
  quote: 'pendingQuote',
  orderSeq: 'orderSeq',
  lastOrderId: 'lastOrderId',
  nextStep: 'nextStep',
  paymentOrderId: 'paymentOrderId',
  paymentAmountMinor: 'paymentAmountMinor',
  paymentCurrency: 'paymentCurrency',
} as const;

/** One turn with everything parsed out of the event. */
interface Turn extends TurnState {
  readonly event: LexEvent;
  readonly locale: Locale;
  readonly currency: Currency;
  readonly say: Messages;
  readonly callerHmac: string | undefined;
  readonly isFulfillment: boolean;
}

const without = (attrs: Readonly<Record<string, string>>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(attrs).filter(([k]) => !keys.includes(k)));

/**
 * Appends "anything else?" unless the sentence already asks the caller something: an ElicitIntent
 * prompt must end in a question, or the caller does not know it is their turn.
 */
export function withNextQuestion(text: string, locale: Locale): string {
  if (/[?？]\s*$/.test(text)) return text;
  const ask = MESSAGES[locale].anythingElse();
  return locale === 'zh-CN' ? `${text}${ask}` : `${text} ${ask}`;
}

/**
 * An informational answer: the caller hears `text` and "anything else?", and the Lex session stays
 * open (ElicitIntent), so Connect keeps the caller in the bot block for the next question. Only
 * Goodbye, TalkToAgent and a PayOrder hand-off Close, because only they hand control back to the
 * flow (which branches on the closed intent).
 */
function answer(
  turn: Turn,
  text: string,
  sessionAttributes: Readonly<Record<string, string>> = turn.sessionAttributes,
): LexResponse {
  return elicitIntent(withNextQuestion(text, turn.locale), sessionAttributes);
}

/**
 * A safe answer to an event we could not even parse: polite, valid for Lex, no state change. The
 * session stays open (ElicitIntent) and the string-valued session attributes are passed back, since
 * Lex replaces the session attributes with the ones a code hook returns.
 */
function malformedEventResponse(event: unknown): LexResponse {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const bot = (typeof e.bot === 'object' && e.bot !== null ? e.bot : {}) as Record<string, unknown>;
  const state = (
    typeof e.sessionState === 'object' && e.sessionState !== null ? e.sessionState : {}
  ) as Record<string, unknown>;
  const attrs = (
    typeof state.sessionAttributes === 'object' && state.sessionAttributes !== null
      ? state.sessionAttributes
      : {}
  ) as Record<string, unknown>;
  const kept = Object.fromEntries(
    Object.entries(attrs).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const locale = toLocale(bot.localeId) ?? toLocale(kept[ATTR.locale]) ?? 'en-US';
  return elicitIntent(withNextQuestion(MESSAGES[locale].notUnderstood(), locale), kept);
}

function toTurn(event: LexEvent): Turn {
  const attrs = event.sessionState.sessionAttributes;
  const locale = toLocale(event.bot.localeId) ?? toLocale(attrs[ATTR.locale]) ?? 'en-US';
  const intent = event.sessionState.intent;
  return {
    event,
    intentName: intent.name,
    slots: intent.slots,
    confirmationState: intent.confirmationState,
    sessionAttributes: attrs,
    locale,
    currency: CURRENCY_BY_LOCALE[locale],
    say: MESSAGES[locale],
    callerHmac: validCallerHmac(attrs[ATTR.callerHmac]),
    isFulfillment: event.invocationSource === 'FulfillmentCodeHook',
  };
}

/** The turn logic per intent; `service` is the order domain. */
class Dialog {
  constructor(private readonly service: OrderService) {}

  async respond(turn: Turn): Promise<LexResponse> {
    switch (turn.intentName) {
      case 'ProductInfo':
      case 'ProductPrice':
        return this.product(turn);
      case 'RecommendProduct':
        return this.recommend(turn);
      case 'PlaceOrder':
        return this.placeOrder(turn);
      case 'OrderStatus':
        return this.orderStatus(turn);
      case 'CancelOrder':
        return this.cancelOrder(turn);
      case 'PayOrder':
        return this.payOrder(turn);
      case 'TalkToAgent':
        return close(turn, 'Fulfilled', turn.say.agent(), {
          ...turn.sessionAttributes,
          [ATTR.nextStep]: 'AGENT',
        });
      case 'Goodbye':
        return close(turn, 'Fulfilled', turn.say.goodbye(), {
          ...turn.sessionAttributes,
          [ATTR.nextStep]: 'HANGUP',
        });
      default:
        // FallbackIntent and any intent this Lambda does not know: ask again, change nothing.
        // Counted for the fallback-rate graph (utterances the bot could not place).
        metrics.addMetric('FallbackIntent', MetricUnit.Count, 1);
        return answer(turn, turn.say.fallback());
    }
  }

  private name(turn: Turn, sku: string): string {
    return this.service.index.product(sku)?.names[turn.locale] ?? sku;
  }

  private money(turn: Turn, minor: number, currency: Currency = turn.currency): string {
    return formatMoney(minor, currency, turn.locale);
  }

  /** The product the caller named, or a response that asks for it again. */
  private productSlot(turn: Turn): { sku: string } | { response: LexResponse } {
    const candidates = slotCandidates(turn.slots, 'Product');
    if (candidates.length === 0) return { response: elicitSlot(turn, 'Product', turn.say.askProduct()) };
    const sku = this.service.index.skuFor(candidates);
    if (!sku) return { response: elicitSlot(turn, 'Product', turn.say.unknownProduct()) };
    return { sku };
  }

  private async product(turn: Turn): Promise<LexResponse> {
    const slot = this.productSlot(turn);
    if ('response' in slot) return slot.response;
    const product = await this.service.product(slot.sku);
    const entry = this.service.index.product(slot.sku);
    const name = this.name(turn, slot.sku);
    const price = this.money(turn, product.prices[turn.currency]);
    const inStock = product.stock > 0;
    const text =
      turn.intentName === 'ProductInfo' && entry
        ? turn.say.productInfo(name, entry.descriptions[turn.locale], price, inStock)
        : turn.say.productPrice(name, price, inStock);
    return answer(turn, text);
  }

  private async recommend(turn: Turn): Promise<LexResponse> {
    const categoryText = slotCandidates(turn.slots, 'Category');
    const category = categoryText.length > 0 ? this.service.index.categoryFor(categoryText) : undefined;
    if (categoryText.length > 0 && !category) return elicitSlot(turn, 'Category', turn.say.unknownCategory());
    const budgetText = slotValue(turn.slots, 'Budget');
    const budgetMinor = parseBudget(budgetText, turn.currency);
    if (budgetText !== undefined && budgetMinor === undefined) {
      return elicitSlot(turn, 'Budget', turn.say.invalidBudget());
    }
    const picks = await this.service.recommend({ currency: turn.currency, budgetMinor, category });
    if (picks.length === 0) return answer(turn, turn.say.nothingMatches());
    const items = picks.map((p) => ({
      name: this.name(turn, p.sku),
      price: this.money(turn, p.prices[turn.currency]),
    }));
    return answer(turn, turn.say.recommend(items));
  }

  private async placeOrder(turn: Turn): Promise<LexResponse> {
    const slot = this.productSlot(turn);
    if ('response' in slot) return slot.response;
    const name = this.name(turn, slot.sku);
    const quantityText = slotValue(turn.slots, 'Quantity');
    if (quantityText === undefined) return elicitSlot(turn, 'Quantity', turn.say.askQuantity(name));
    const checked = parseQuantity(quantityText, this.service.maxOrderQuantity);
    if (!checked.ok) {
      const text =
        checked.reason === 'aboveMaximum'
          ? turn.say.quantityAboveMaximum(this.service.maxOrderQuantity)
          : checked.reason === 'notPositive'
            ? turn.say.quantityNotPositive()
            : turn.say.quantityNotANumber();
      return elicitSlot(turn, 'Quantity', text);
    }
    const quantity = checked.quantity;
    if (turn.confirmationState === 'Denied') {
      return answer(turn, turn.say.orderDeclined(), without(turn.sessionAttributes, ATTR.quote));
    }
    const held = decodeQuote(turn.sessionAttributes[ATTR.quote]);
    const quoteMatches =
      held?.sku === slot.sku && held.quantity === quantity && held.currency === turn.currency;
    if (turn.confirmationState === 'Confirmed' && quoteMatches && held) {
      // Dialog hook after "yes": hand back to Lex, which runs the fulfillment hook next.
      if (!turn.isFulfillment) return delegate(turn);
      return this.commitOrder(turn, held, name);
    }
    return this.readBack(turn, slot.sku, quantity, name);
  }

  /** Reads the total back for confirmation (one catalog read), keeping the quote in the session. */
  private async readBack(
    turn: Turn,
    sku: string,
    quantity: number,
    name: string,
    prefix = '',
  ): Promise<LexResponse> {
    try {
      const quote = await this.service.quote(sku, quantity, turn.currency);
      const text =
        prefix +
        turn.say.confirmOrder(
          quantity,
          name,
          this.money(turn, quote.unitPriceMinor),
          this.money(turn, quote.totalMinor),
        );
      return confirmIntent(turn, text, { ...turn.sessionAttributes, [ATTR.quote]: encodeQuote(quote) });
    } catch (error) {
      return this.stockProblem(turn, error, name);
    }
  }

  private stockProblem(turn: Turn, error: unknown, name: string): LexResponse {
    if (error instanceof OutOfStockError) {
      const attrs = without(turn.sessionAttributes, ATTR.quote);
      if (error.available !== undefined && error.available > 0) {
        return elicitSlot(turn, 'Quantity', turn.say.onlyAvailable(name, error.available), attrs);
      }
      return answer(turn, turn.say.soldOut(name), attrs);
    }
    if (error instanceof UnknownProductError) return elicitSlot(turn, 'Product', turn.say.unknownProduct());
    throw error;
  }

  /** Places the confirmed order: one transaction, idempotent against Lex retries. */
  private async commitOrder(turn: Turn, quote: Quote, name: string): Promise<LexResponse> {
    const orderSeq = Number(turn.sessionAttributes[ATTR.orderSeq] ?? '0') || 0;
    try {
      const { order, replayed } = await this.service.place({
        quote,
        locale: turn.locale,
        callerHmac: turn.callerHmac,
        contactId: turn.sessionAttributes[ATTR.contactId],
        idempotencyKey: placeOrderKey({
          sessionId: turn.event.sessionId,
          intentName: turn.intentName,
          sku: quote.sku,
          quantity: quote.quantity,
          confirmationState: turn.confirmationState,
          orderSeq,
        }),
      });
      if (!replayed) metrics.addMetric('OrderPlaced', MetricUnit.Count, 1);
      logger.info('order placed', {
        orderId: order.orderId,
        replayed,
        sku: order.sku,
        quantity: order.quantity,
      });
      const attrs = {
        ...without(turn.sessionAttributes, ATTR.quote),
        [ATTR.orderSeq]: String(orderSeq + 1),
        [ATTR.lastOrderId]: order.orderId,
      };
      const text = turn.say.orderPlaced(
        speakOrderNumber(order.orderId),
        this.money(turn, order.totalMinor, order.currency),
        turn.callerHmac !== undefined,
      );
      return answer(turn, text, attrs);
    } catch (error) {
      if (error instanceof PriceChangedError) {
        return this.readBack(turn, quote.sku, quote.quantity, name, `${turn.say.priceChanged()} `);
      }
      return this.stockProblem(turn, error, name);
    }
  }

  /** The order number the caller gave, or a response that asks for it (again). */
  private orderNumberSlot(turn: Turn): { orderId: string } | { response: LexResponse } {
    if (!turn.callerHmac) return { response: answer(turn, turn.say.cannotVerify()) };
    const text = slotValue(turn.slots, 'OrderNumber');
    if (text === undefined) return { response: elicitSlot(turn, 'OrderNumber', turn.say.askOrderNumber()) };
    const orderId = parseOrderNumber(text);
    if (!orderId) return { response: elicitSlot(turn, 'OrderNumber', turn.say.invalidOrderNumber()) };
    return { orderId };
  }

  private async withOrder(
    turn: Turn,
    act: (orderId: string, spoken: string) => Promise<LexResponse>,
  ): Promise<LexResponse> {
    const slot = this.orderNumberSlot(turn);
    if ('response' in slot) return slot.response;
    const spoken = speakOrderNumber(slot.orderId);
    try {
      return await act(slot.orderId, spoken);
    } catch (error) {
      if (error instanceof OrderNotFoundError) return answer(turn, turn.say.orderNotFound(spoken));
      if (error instanceof CallerUnverifiedError) return answer(turn, turn.say.cannotVerify());
      throw error;
    }
  }

  private describe(turn: Turn, order: Order) {
    return {
      name: this.name(turn, order.sku),
      total: this.money(turn, order.totalMinor, order.currency),
    };
  }

  private orderStatus(turn: Turn): Promise<LexResponse> {
    return this.withOrder(turn, async (orderId, spoken) => {
      const order = await this.service.orderFor(orderId, turn.callerHmac);
      const { name, total } = this.describe(turn, order);
      return answer(turn, turn.say.orderStatus(spoken, order.status, order.quantity, name, total));
    });
  }

  private cancelOrder(turn: Turn): Promise<LexResponse> {
    return this.withOrder(turn, async (orderId, spoken) => {
      if (turn.confirmationState === 'Denied') return answer(turn, turn.say.cancelDeclined());
      if (turn.confirmationState === 'Confirmed') {
        if (!turn.isFulfillment) return delegate(turn);
        try {
          const order = await this.service.cancel(orderId, turn.callerHmac);
          metrics.addMetric('OrderCancelled', MetricUnit.Count, 1);
          return answer(turn, turn.say.cancelled(spoken, order.refundDue === true));
        } catch (error) {
          if (error instanceof OrderStateError) {
            return answer(turn, turn.say.cannotCancel(spoken, error.status));
          }
          throw error;
        }
      }
      const order = await this.service.orderFor(orderId, turn.callerHmac);
      if (order.status === 'CANCELLED') return answer(turn, turn.say.alreadyCancelled(spoken));
      if (order.status === 'SHIPPED') return answer(turn, turn.say.cannotCancel(spoken, order.status));
      const { name } = this.describe(turn, order);
      return confirmIntent(turn, turn.say.confirmCancel(spoken, order.quantity, name));
    });
  }

  private payOrder(turn: Turn): Promise<LexResponse> {
    return this.withOrder(turn, async (orderId, spoken) => {
      try {
        const order = await this.service.payable(orderId, turn.callerHmac);
        const { total } = this.describe(turn, order);
        // The flow sees nextStep=PAYMENT, suspends recording and collects card digits with
        // encrypted DTMF for the payment Lambda; Lex never hears card data.
        return close(turn, 'Fulfilled', turn.say.payHandoff(spoken, total), {
          ...turn.sessionAttributes,
          [ATTR.nextStep]: 'PAYMENT',
          [ATTR.paymentOrderId]: order.orderId,
          [ATTR.paymentAmountMinor]: String(order.totalMinor),
          [ATTR.paymentCurrency]: order.currency,
        });
      } catch (error) {
        if (error instanceof OrderStateError) {
          return answer(turn, turn.say.notPayable(spoken, error.status));
        }
        throw error;
      }
    });
  }
}

/** Logs a recording suspend/resume (slot names only, never values) and counts failures. */
function logGuardEvent(event: GuardEvent, context: Record<string, unknown>): void {
  if (event.kind === 'suspended' || event.kind === 'resumed') {
    logger.info(`recording ${event.kind} for a sensitive slot`, { ...context, slot: event.slot });
    return;
  }
  metrics.addMetric('RecordingControlFailed', MetricUnit.Count, 1);
  logger.error(`recording ${event.kind === 'suspendFailed' ? 'suspend' : 'resume'} failed`, {
    ...context,
    slot: event.slot,
    error: event.error as Error,
  });
}

/**
 * Builds the fulfillment handler: zod-validated Lex V2 event in, valid Lex V2 response out, in
 * the caller's locale. It never throws: a malformed event or a failing table becomes a polite
 * Close with intent state Failed, and nothing is half-written (every order change is one
 * DynamoDB transaction).
 */
export function createHandler(deps: FulfillmentDeps): FulfillmentHandler {
  const store = deps.store ?? new DynamoOrderStore(deps.db, deps.tables);
  const service = new OrderService(store, {
    maxOrderQuantity: deps.maxOrderQuantity,
    clock: deps.clock,
    newOrderNumber: deps.newOrderNumber,
  });
  const dialog = new Dialog(service);
  const sensitiveSlots = deps.sensitiveSlots ?? SENSITIVE_SLOTS;

  const handle = async (event: unknown): Promise<LexResponse> => {
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
    const guard = (response: LexResponse) =>
      guardSensitiveSlots(turn, response, {
        control: deps.recordingControl,
        sensitiveSlots,
        refusal: withNextQuestion(turn.say.sensitiveUnavailable(), turn.locale),
        onEvent: (e) => logGuardEvent(e, context),
      });
    try {
      const response = await guard(await dialog.respond(turn));
      logger.info('turn', {
        ...context,
        action: response.sessionState.dialogAction.type,
        state: response.sessionState.intent?.state,
      });
      return response;
    } catch (error) {
      const reason = error instanceof StoreUnavailableError ? error.reason : 'unexpected';
      metrics.addMetric('FulfillmentFailed', MetricUnit.Count, 1);
      if (error instanceof OrderDomainError) logger.warn('turn failed', { ...context, reason });
      else logger.error('turn failed', { ...context, reason, error: error as Error });
      return guard(answer(turn, turn.say.tryLater(), without(turn.sessionAttributes, ATTR.quote)));
    } finally {
      // Flushing an empty buffer only logs a warning per turn; flush when there is something.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };

  // logEvent pinned off: the Lex event carries what the caller said (transcripts, slot values),
  // which must never reach the logs even if POWERTOOLS_LOGGER_LOG_EVENT is set in the environment.
  return middy<unknown, LexResponse, Error, Context>()
    .before((request) => {
      // Local runs and the simulator may pass a bare object; Powertools reads a few fields only.
      request.context ??= {} as Context;
    })
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .handler((event) => handle(event)) as unknown as FulfillmentHandler;
}
