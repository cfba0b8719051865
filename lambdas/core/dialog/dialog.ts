import { CURRENCY_BY_LOCALE, type Currency } from '../../contracts/catalog';
import { faqAnswer } from '../../contracts/faq';
import { timeZoneName } from '../../contracts/locales';
import { parseOrderNumber, speakOrderNumber } from '../../contracts/order-number';
import { SESSION_ATTRIBUTES as ATTR } from '../../contracts/session';
import {
  type AfterSalesKind,
  type AfterSalesReason,
  afterSalesCase,
  afterSalesKindOf,
  afterSalesReasonOf,
  kindForReason,
} from '../cases/after-sales';
import type { TaskOpener } from '../cases/task';
import {
  abandonsOrder,
  addressHint,
  chineseNumeral,
  correctAddress,
  DELIVERY_SLOTS,
  type DeliveryAddress,
  type DeliveryDetails,
  type DeliveryUpdates,
  lastDigits,
  leavesOrder,
  parseAddress,
  parseCorrection,
  parseName,
  parseUpdatesAnswer,
  parseYesNo,
  speakAddress,
} from '../orders/delivery';
import {
  CallerUnverifiedError,
  OrderNotFoundError,
  OrderStateError,
  OutOfStockError,
  PriceChangedError,
  UnknownProductError,
} from '../orders/errors';
import { formatMoney } from '../orders/money';
import {
  decodeQuote,
  encodeQuote,
  type OrderService,
  parseBudget,
  parseQuantity,
  placeOrderKey,
  type Quote,
} from '../orders/service';
import type { Order } from '../orders/store';
import { normaliseSpokenDigits } from '../pii';
import { type LinkResult, type ProductLinks, RETRYABLE_OUTCOMES } from '../texts/product-link';
import { MESSAGES, type Messages, type ProductOffer, type ReadBackUpdates } from './messages';
import { asksNothingYet, yesOrNo } from './no-request';
import { asksToStopRecording, pressedWithdrawKey, sensitiveDigits } from './privacy';
import {
  type DialogReply,
  type DialogTurn,
  recordIntent,
  slotCandidates,
  slotValue,
  withNextQuestion,
  without,
} from './turn';

/** Something worth counting or logging happened in a turn (the edge turns it into metrics and logs). */
export type DialogEvent =
  | { readonly kind: 'orderPlaced'; readonly order: Order; readonly replayed: boolean }
  | { readonly kind: 'orderCancelled'; readonly orderId: string }
  | { readonly kind: 'afterSalesCase'; readonly orderId: string; readonly caseKind: AfterSalesKind }
  | {
      readonly kind: 'productLink';
      readonly sku: string;
      readonly outcome: LinkResult['kind'];
      /** Why nothing went out (an error name), when it did not. */
      readonly reason?: string;
    }
  | { readonly kind: 'fallback' };

/**
 * Kinds of product inside a category that callers name: the words (category synonyms in
 * data/catalog.json) and the product names they mean.
 */
const PRODUCT_KINDS: readonly { readonly said: RegExp; readonly names: RegExp }[] = [
  { said: /headphone|headset|earphone|耳机/i, names: /headset|耳机/i },
  { said: /\bspeakers?\b|音箱|音响/i, names: /speaker|音箱/i },
  { said: /\bchargers?\b|充电器/i, names: /charger|充电/i },
];

/** A question about the bot itself that names the robots category. */
const ABOUT_THE_BOT = /\bare you (?:a |an )?(?:real )?robot|你是(?:不是)?(?:个|一个)?(?:智能)?机器人/i;

/** How many of a caller's recent orders the bot looks at when no number is given. */
const RECENT_ORDERS = 3;

/** What the dialog needs besides the order domain. */
export interface DialogOptions {
  /** Receives what happened, for metrics and logs. @default ignored */
  readonly onEvent?: (event: DialogEvent) => void;
  /** Whether the flow takes card input by keypad, so the bot may offer it. @default false */
  readonly cardPayments?: boolean;
  /** IANA time zone in which dates are spoken ("shipped on December 3"). @default UTC */
  readonly timeZone?: string;
  /**
   * The number a contact called from (Amazon Connect DescribeContact in AWS), read once the caller
   * agreed to delivery calls on it, when the order is placed; undefined when it cannot be read.
   * @default none: the order records the agreement, and staff find the number by the contact id
   */
  readonly callingNumber?: (contactId: string) => Promise<string | undefined>;
  /**
   * Opens back-office cases (Amazon Connect tasks in AWS) for returns, warranty claims and
   * complaints. @default none: after-sales requests go to a colleague on the line instead
   */
  readonly tasks?: TaskOpener;
  /**
   * Texts a product's link to a caller who agreed (AWS End User Messaging SMS in AWS, an outbox
   * offline). @default none: no link is offered, and a caller who asks is told this line sends no texts
   */
  readonly links?: ProductLinks;
}

/** Delivery details collected in the slots, ready for the read-back and the order. */
interface CollectedDelivery {
  readonly name: string;
  readonly address: DeliveryAddress;
  readonly updates: Exclude<ReturnType<typeof parseUpdatesAnswer>, undefined | { kind: 'INVALID_NUMBER' }>;
  /** The returning caller's details on file: read back by city only, as they were offered. */
  readonly onFile?: boolean;
}

/** A turn with the locale's currency and sentences at hand. */
interface Context extends DialogTurn {
  readonly currency: Currency;
  readonly say: Messages;
}

/** A turn answered before its intent's logic, and the intent it counts as if not Lex's. */
interface Screened {
  readonly reply: DialogReply;
  readonly answeredAs?: string;
}

/** The `offered` session attribute, if it is one of its values. */
function productOffer(value: string | undefined): ProductOffer | undefined {
  return value === 'ORDER' || value === 'DETAILS' ? value : undefined;
}

/**
 * The order bot's conversation logic, one turn at a time, over the order domain: product answers,
 * recommendations, ordering with a read-back, status, cancellation and the hand-offs to payment,
 * an agent or goodbye. Domain errors become sentences here; the caller always hears one.
 */
export class Dialog {
  private readonly onEvent: (event: DialogEvent) => void;
  private readonly cardPayments: boolean;
  private readonly timeZone: string;
  private readonly callingNumber: ((contactId: string) => Promise<string | undefined>) | undefined;
  private readonly tasks: TaskOpener | undefined;
  private readonly links: ProductLinks | undefined;

  constructor(
    private readonly service: OrderService,
    options: DialogOptions = {},
  ) {
    this.onEvent = options.onEvent ?? (() => undefined);
    this.cardPayments = options.cardPayments ?? false;
    this.timeZone = options.timeZone ?? 'UTC';
    this.callingNumber = options.callingNumber;
    this.tasks = options.tasks;
    this.links = options.links;
  }

  /** The day the order entered its current status, as the caller's locale says it. */
  private since(t: Context, order: Order): string | undefined {
    const entered = [...(order.transitions ?? [])].reverse().find((r) => r.to === order.status)?.at;
    if (!entered) return undefined;
    return new Intl.DateTimeFormat(t.locale, {
      month: 'long',
      day: 'numeric',
      timeZone: this.timeZone,
    }).format(new Date(entered));
  }

  /**
   * The reply to one turn. Every turn is screened first: card or ID-like digits said out loud are
   * never echoed (the caller is offered the keypad), and a request to stop the recording (the
   * WithdrawConsent intent, the words at any turn, or the withdrawal key at an open question) is
   * answered for the caller's consent state, and a turn that starts no request yet (fillers only,
   * or broken off: no-request.ts) gets the fallback whatever intent Lex matched. Answered and closed intents are added to the
   * session's `intents` attribute.
   *
   * @throws StoreUnavailableError (or any unexpected error) when the order system cannot answer;
   *   the edge turns it into the "try again later" sentence
   */
  async respond(turn: DialogTurn): Promise<DialogReply> {
    // What the last reply offered holds for this answer only: a reply that offers again says so.
    const offer = productOffer(turn.sessionAttributes[ATTR.offered]);
    const t: Context = {
      ...turn,
      sessionAttributes: without(turn.sessionAttributes, ATTR.offered),
      currency: CURRENCY_BY_LOCALE[turn.locale],
      say: MESSAGES[turn.locale],
    };
    const screened = this.screen(t, offer);
    const routed = screened?.reply ?? this.missedAnswer(t) ?? (await this.route(t));
    // An after-sales request the caller left for another question is over: a later one starts
    // afresh instead of inheriting its kind and reason.
    const reply =
      turn.intentName === 'AfterSales'
        ? routed
        : { ...routed, sessionAttributes: clearAfterSales(routed.sessionAttributes) };
    if (reply.kind === 'answer' || reply.kind === 'close') {
      // A screened turn is recorded as what it was answered as (a fragment as the fallback, a bare
      // no as the goodbye), not as Lex's guess.
      const answered = screened?.answeredAs ?? turn.intentName;
      return { ...reply, sessionAttributes: recordIntent(reply.sessionAttributes, answered) };
    }
    return reply;
  }

  /**
   * The reply to a turn that must not reach the intent's own logic, if this is one, with the
   * intent it is recorded as when that is not Lex's.
   */
  private screen(t: Context, offer: ProductOffer | undefined): Screened | undefined {
    if (sensitiveDigits(t).length > 0) {
      // Nothing of the turn is used: no slot value, no quote, no order.
      const text = t.say.sensitiveSpoken(t.consent === 'GRANTED', this.cardPayments);
      return {
        reply: {
          ...answer(t, text, without(t.sessionAttributes, ATTR.pendingQuote)),
          note: 'SENSITIVE_DIGITS',
        },
      };
    }
    const keyed = pressedWithdrawKey(t);
    const said = t.inputMode !== 'DTMF' && asksToStopRecording(t.inputTranscript);
    if (t.intentName === 'WithdrawConsent' || keyed || said) return { reply: this.withdraw(t) };
    const startsRequest =
      t.inputMode !== 'DTMF' &&
      t.awaiting !== 'SLOT' &&
      t.awaiting !== 'CONFIRMATION' &&
      (t.confirmation === undefined || t.confirmation === 'None') &&
      t.inputTranscript !== undefined;
    if (!startsRequest) return undefined;
    const text = t.inputTranscript ?? '';
    // A bare yes or no answers the robot's last question, whatever intent Lex matched to it
    // ("yes please" may resemble an order, "可以" a goodbye). The first turn answers the flow's
    // welcome, which asks no yes/no question.
    const answered = t.awaiting === 'INTENT' ? yesOrNo(text, t.locale) : undefined;
    // With nothing offered, "okay, thanks" / "好的谢谢" after an answer closes the call as Lex read it.
    if (answered === 'YES' && !(offer === undefined && t.intentName === 'Goodbye')) {
      const names = listedSkus(t).map((sku) => this.name(t, sku));
      return {
        reply: answer(t, offer && names.length > 0 ? t.say.whichOne(names, offer) : t.say.whatElse()),
      };
    }
    if (answered === 'NO') {
      // No to "Would you like to order one?" declines that; no to "Anything else?" ends the call.
      if (offer) return { reply: answer(t, t.say.offerDeclined()) };
      return {
        reply: close(t.say.goodbye(), { ...t.sessionAttributes, [ATTR.nextStep]: 'HANGUP' }),
        answeredAs: 'Goodbye',
      };
    }
    if (t.intentName !== 'FallbackIntent' && asksNothingYet(text, t.locale)) {
      // A request not said yet ("the blue one with the", "呃我想"): Lex may still have matched an
      // intent to its words; the caller is asked again and nothing starts.
      this.onEvent({ kind: 'fallback' });
      return { reply: { ...answer(t, t.say.fallback()), note: 'FALLBACK' }, answeredAs: 'FallbackIntent' };
    }
    return undefined;
  }

  /**
   * An answer to a slot question that gave no value, when it says what the caller wants instead:
   * "never mind" / "算了" drops the question (and an order in progress: nothing was placed), and
   * "I don't know the number" at an order-number question is not asked again and again. Anything
   * else ("the second one", "a couple") goes to the intent, which reads it or asks again.
   */
  private missedAnswer(t: Context): DialogReply | undefined {
    if (!t.slotAnswerMissed) return undefined;
    const said = t.inputTranscript ?? '';
    const attrs = without(t.sessionAttributes, ATTR.pendingQuote);
    if (t.intentName === 'PlaceOrder' && abandonsOrder(said)) return answer(t, t.say.orderDeclined(), attrs);
    if (dropsQuestion(said)) return answer(t, t.say.droppedQuestion(), attrs);
    if (
      ORDER_NUMBER_INTENTS.has(t.intentName) &&
      slotValue(t, 'OrderNumber') === undefined &&
      lacksOrderNumber(said)
    ) {
      return answer(t, t.say.orderNumberUnknown(), attrs);
    }
    return undefined;
  }

  /**
   * A request to stop the recording. A recorded caller is handed to the flow (nextStep WITHDRAW),
   * which records the withdrawal, stops and disables the recording and says what happens to the
   * part already recorded; anyone else hears that nothing is being recorded.
   */
  private withdraw(t: Context): DialogReply {
    const attrs = without(t.sessionAttributes, ATTR.pendingQuote);
    // Said as the answer to a delivery question: the order in progress is not lost in silence.
    const pending =
      t.intentName === 'PlaceOrder'
        ? DELIVERY_SLOTS.find(
            (name) => name !== 'UseDetailsOnFile' && t.slots[name]?.original === t.inputTranscript,
          )
        : undefined;
    if (t.consent === 'GRANTED') {
      const text = pending
        ? `${t.say.withdrawHandoff()} ${t.say.orderNotPlacedYet()}`
        : t.say.withdrawHandoff();
      return { ...close(text, { ...attrs, [ATTR.nextStep]: 'WITHDRAW' }), note: 'WITHDRAW' };
    }
    const text = t.consent === 'WITHDRAWN' ? t.say.alreadyStopped() : t.say.notRecorded();
    if (pending) {
      // Not recorded anyway: say so, and ask the same question again.
      const question =
        pending === 'RecipientName'
          ? t.say.askRecipient()
          : pending === 'DeliveryAddress'
            ? t.say.askAddress()
            : t.say.askUpdates(t.callerHmac !== undefined);
      return { ...elicit(t, pending, `${text} ${question}`), note: 'WITHDRAW' };
    }
    return { ...answer(t, text, attrs), note: 'WITHDRAW' };
  }

  /** The sentence for a turn that failed (the order system could not be reached); the quote is dropped. */
  tryLater(turn: DialogTurn): DialogReply {
    return answer(turn, MESSAGES[turn.locale].tryLater(), without(turn.sessionAttributes, ATTR.pendingQuote));
  }

  private route(t: Context): Promise<DialogReply> | DialogReply {
    switch (t.intentName) {
      case 'ProductInfo':
      case 'ProductPrice':
        return this.product(t);
      case 'RecommendProduct':
        return this.recommend(t);
      case 'PlaceOrder':
        return this.placeOrder(t);
      case 'OrderStatus':
        return this.orderStatus(t);
      case 'CancelOrder':
        return this.cancelOrder(t);
      case 'PayOrder':
        return this.payOrder(t);
      case 'TalkToAgent':
        return toAgent(t, t.say.agent(), 'TalkToAgent');
      case 'BrowseCatalog':
        return this.browse(t);
      case 'AboutBot':
        return answer(t, t.say.aboutBot(this.cardPayments));
      case 'OffTopic':
        return answer(t, t.say.offTopic());
      // The agent sees the intent among the contact's `intents` attribute (the flow copies it).
      case 'DataRights':
        return toAgent(t, t.say.dataRights(), 'DataRights');
      case 'AfterSales':
        return this.afterSales(t);
      case 'TextProductLink':
        return this.textLink(t);
      case 'Goodbye':
        // "不用" / "never mind" to the robot's own question drops that request, not the call;
        // a farewell said outright still ends it.
        if (
          (t.awaiting === 'SLOT' || t.awaiting === 'CONFIRMATION') &&
          !saysFarewell(t.inputTranscript ?? '')
        ) {
          return answer(t, t.say.droppedQuestion(), without(t.sessionAttributes, ATTR.pendingQuote));
        }
        return close(t.say.goodbye(), { ...t.sessionAttributes, [ATTR.nextStep]: 'HANGUP' });
      default: {
        const faq = faqAnswer(t.intentName, t.locale, {
          cardPayments: this.cardPayments,
          timeZoneName: timeZoneName(this.timeZone, t.locale),
        });
        if (faq !== undefined) return answer(t, faq);
        // FallbackIntent and any intent the dialog does not know: ask again, change nothing.
        this.onEvent({ kind: 'fallback' });
        return { ...answer(t, t.say.fallback()), note: 'FALLBACK' };
      }
    }
  }

  /** The categories, or the in-stock products of the category the caller named, with prices. */
  private async browse(t: Context): Promise<DialogReply> {
    // "你是机器人吗": the category 机器人 in a question about the bot itself.
    if (ABOUT_THE_BOT.test(t.inputTranscript ?? '')) return answer(t, t.say.aboutBot(this.cardPayments));
    const categoryText = slotCandidates(t, 'Category');
    const category = categoryText.length > 0 ? this.service.index.categoryFor(categoryText) : undefined;
    const names = this.service.index.catalog.categories.map((c) => c.names[t.locale]);
    if (!category) return answer(t, t.say.browseCategories(names));
    const products = this.ofKind(await this.service.recommend({ currency: t.currency, category, limit: 6 }), [
      ...categoryText,
      t.inputTranscript ?? '',
    ]);
    const items = products.map((p) => ({
      name: this.name(t, p.sku),
      price: this.money(t, p.prices[t.currency]),
    }));
    const name = this.service.index.category(category)?.names[t.locale] ?? category;
    return answer(
      t,
      t.say.browseCategory(name, items),
      items.length > 0 ? { ...listed(t, products), [ATTR.offered]: 'DETAILS' } : listed(t, products),
    );
  }

  /** The products of the kind the caller's words name ("headphones", "耳机"), or all of them. */
  private ofKind<P extends { sku: string }>(products: readonly P[], said: readonly string[]): P[] {
    const kind = PRODUCT_KINDS.find((k) => said.some((w) => k.said.test(w)));
    if (!kind) return [...products];
    return products.filter((p) => {
      const entry = this.service.index.product(p.sku);
      return entry !== undefined && kind.names.test(`${entry.names['en-US']} ${entry.names['zh-CN']}`);
    });
  }

  /** The price of a product in the turn's currency (minor units), for "the cheaper one". */
  private priceOf(t: Context, sku: string): number | undefined {
    return this.service.index.product(sku)?.prices[t.currency];
  }

  private name(t: Context, sku: string): string {
    return this.service.index.product(sku)?.names[t.locale] ?? sku;
  }

  private money(t: Context, minor: number, currency: Currency = t.currency): string {
    return formatMoney(minor, currency, t.locale);
  }

  /** The product the caller named, or a reply that asks for it again. */
  private productSlot(t: Context): { sku: string; referred?: true } | { reply: DialogReply } {
    const candidates = slotCandidates(t, 'Product');
    if (candidates.length === 0) {
      // "the second one", "那个便宜的": a product the robot just named; "我要买两个", "I'll take
      // two" right after the robot described one product: that one (the read-back names it).
      const listedNow = listedSkus(t);
      const sku =
        referredProduct(t.inputTranscript ?? '', listedNow, (k) => this.priceOf(t, k)) ??
        (t.intentName === 'PlaceOrder' && slotValue(t, 'Quantity') !== undefined && listedNow.length === 1
          ? listedNow[0]
          : undefined);
      if (sku) return { sku, referred: true };
      return { reply: elicit(t, 'Product', t.say.askProduct()) };
    }
    const sku = this.service.index.skuFor(candidates);
    if (!sku) return { reply: elicit(t, 'Product', t.say.unknownProduct()) };
    return { sku };
  }

  private async product(t: Context): Promise<DialogReply> {
    const slot = this.productSlot(t);
    if ('reply' in slot) return slot.reply;
    const product = await this.service.product(slot.sku);
    const entry = this.service.index.product(slot.sku);
    const name = this.name(t, slot.sku);
    const price = this.money(t, product.prices[t.currency]);
    const inStock = product.stock > 0;
    // Said once per call, and only where a text could go: texts on, the line identified, a page.
    const contactId = t.sessionAttributes[ATTR.contactId];
    const mayOffer =
      this.links !== undefined &&
      t.callerHmac !== undefined &&
      contactId !== undefined &&
      entry?.link !== undefined &&
      t.sessionAttributes[ATTR.linkOffered] === undefined;
    // ... and only to a number a text can reach (looked up until it is known, once per call).
    const reach = mayOffer && contactId !== undefined ? await this.reach(t, contactId) : undefined;
    const linkOffer = reach === 'YES';
    const text =
      t.intentName === 'ProductInfo' && entry
        ? t.say.productInfo(name, entry.descriptions[t.locale], price, inStock, linkOffer)
        : t.say.productPrice(name, price, inStock, linkOffer);
    const attrs = listed(t, [{ sku: slot.sku }]);
    const offered = reach === 'YES' ? 'true' : reach === 'NO' ? 'unreachable' : undefined;
    return answer(t, text, offered ? { ...attrs, [ATTR.linkOffered]: offered } : attrs);
  }

  /**
   * Whether a text reaches the caller's number: what the first product answer of this call found
   * out (`linkOffered`), or else one lookup of the number.
   */
  private async reach(t: Context, contactId: string): Promise<'YES' | 'NO' | 'UNKNOWN'> {
    const known = t.sessionAttributes[ATTR.linkOffered];
    if (known === 'true') return 'YES';
    if (known === 'unreachable') return 'NO';
    return (await this.links?.reaches(contactId)) ?? 'UNKNOWN';
  }

  /**
   * "Text me the link": the product (named, referred to, or the one just described), then one
   * yes-or-no question that names the message and the number it goes to; only a yes sends, and the
   * agreement is recorded with that question before the text goes out.
   */
  private async textLink(t: Context): Promise<DialogReply> {
    const links = this.links;
    if (!links) return answer(t, t.say.textUnavailable());
    const contactId = t.sessionAttributes[ATTR.contactId];
    if (!t.callerHmac || !contactId) return answer(t, t.say.textNoNumber());
    const candidates = slotCandidates(t, 'Product');
    const listedNow = listedSkus(t);
    const sku =
      (candidates.length > 0 ? this.service.index.skuFor(candidates) : undefined) ??
      referredProduct(t.inputTranscript ?? '', listedNow, (k) => this.priceOf(t, k)) ??
      (candidates.length === 0 && listedNow.length === 1 ? listedNow[0] : undefined);
    if (!sku) {
      return elicit(t, 'Product', candidates.length > 0 ? t.say.unknownProduct() : t.say.askLinkProduct());
    }
    const entry = this.service.index.product(sku);
    const name = this.name(t, sku);
    if (!entry?.link) return answer(t, t.say.noLink(name));
    // One text per product and call: asked again, the caller hears what became of the first
    // (unless it certainly sent nothing: then they may try again).
    const earlier = textedLinks(t).get(sku);
    if (earlier !== undefined && !RETRYABLE_OUTCOMES.has(earlier as never)) {
      return answer(
        t,
        earlier === 'UNREACHABLE' ? t.say.textUnreachable() : t.say.textAlready(name, earlier === 'SENT'),
      );
    }
    // No question about a text that cannot reach the caller's number.
    if (t.sessionAttributes[ATTR.textOffer] !== sku && (await this.reach(t, contactId)) === 'NO') {
      return answer(t, t.say.textUnreachable());
    }
    if (t.confirmation === 'Denied') {
      return answer(t, t.say.textDeclined(), without(t.sessionAttributes, ATTR.textOffer));
    }
    // The yes counts only for the product the question named (kept from the question's turn).
    if (t.confirmation !== 'Confirmed' || t.sessionAttributes[ATTR.textOffer] !== sku) {
      return {
        kind: 'confirm',
        text: t.say.confirmText(name),
        sessionAttributes: { ...t.sessionAttributes, [ATTR.textOffer]: sku },
        fill: { Product: name },
      };
    }
    if (t.phase === 'dialog') return { kind: 'delegate', sessionAttributes: { ...t.sessionAttributes } };
    const result = await links.send({
      contactId,
      callerHmac: t.callerHmac,
      locale: t.locale,
      sku,
      name,
      link: entry.link,
      offer: t.say.confirmText(name),
    });
    this.onEvent({
      kind: 'productLink',
      sku,
      outcome: result.kind,
      ...('reason' in result ? { reason: result.reason } : {}),
    });
    const outcome = result.kind === 'ALREADY' ? result.outcome : result.kind;
    const texted = [...textedLinks(t).set(sku, outcome)].map(([k, o]) => `${k}:${o}`).join(',');
    const text = {
      SENT: () => t.say.textSent(name),
      ALREADY: () => t.say.textAlready(name, result.kind === 'ALREADY' && result.outcome === 'SENT'),
      OPTED_OUT: () => t.say.textOptedOut(),
      NO_NUMBER: () => t.say.textNoNumber(),
      UNREACHABLE: () => t.say.textUnreachable(),
      FAILED: () => t.say.textFailed(),
      UNCONFIRMED: () => t.say.textUnconfirmed(),
    }[result.kind]();
    return answer(t, text, { ...without(t.sessionAttributes, ATTR.textOffer), [ATTR.linksTexted]: texted });
  }

  private async recommend(t: Context): Promise<DialogReply> {
    const categoryText = slotCandidates(t, 'Category');
    const category = categoryText.length > 0 ? this.service.index.categoryFor(categoryText) : undefined;
    if (categoryText.length > 0 && !category) return elicit(t, 'Category', t.say.unknownCategory());
    const budgetText = slotValue(t, 'Budget');
    const budgetMinor = parseBudget(budgetText, t.currency);
    if (budgetText !== undefined && budgetMinor === undefined) {
      return elicit(t, 'Budget', t.say.invalidBudget());
    }
    // "headphones" is audio, but a caller who says it wants no speaker: read more, keep the kind.
    const picks = this.ofKind(
      await this.service.recommend({ currency: t.currency, budgetMinor, category, limit: 6 }),
      [...categoryText, t.inputTranscript ?? ''],
    ).slice(0, 2);
    if (picks.length === 0) return answer(t, t.say.nothingMatches());
    const items = picks.map((p) => ({
      name: this.name(t, p.sku),
      price: this.money(t, p.prices[t.currency]),
    }));
    return answer(t, t.say.recommend(items), { ...listed(t, picks), [ATTR.offered]: 'ORDER' });
  }

  private async placeOrder(t: Context): Promise<DialogReply> {
    const slot = this.productSlot(t);
    if ('reply' in slot) return slot.reply;
    if (slot.referred) {
      // The product the caller referred to becomes the slot value, for this turn and the next ones.
      const name = this.name(t, slot.sku);
      const value = { original: name, interpreted: name, resolved: [name] };
      const reply = await this.placeOrder({ ...t, slots: { ...t.slots, Product: value } });
      return reply.kind === 'elicitSlot' || reply.kind === 'confirm'
        ? { ...reply, fill: { ...(reply.fill ?? {}), Product: name } }
        : reply;
    }
    const name = this.name(t, slot.sku);
    const quantityText = slotValue(t, 'Quantity');
    if (quantityText === undefined) return elicit(t, 'Quantity', t.say.askQuantity(name));
    const checked = parseQuantity(quantityText, this.service.maxOrderQuantity);
    if (!checked.ok) {
      const text =
        checked.reason === 'aboveMaximum'
          ? t.say.quantityAboveMaximum(this.service.maxOrderQuantity)
          : checked.reason === 'notPositive'
            ? t.say.quantityNotPositive()
            : t.say.quantityNotANumber();
      return elicit(t, 'Quantity', text);
    }
    const quantity = checked.quantity;
    // An answer to the read-back that was neither yes nor no (Lex's confirmation code hook):
    // "actually, make it three" is a change; anything else hears the read-back again.
    // A "yes" that names another product or quantity ("要，我要充电宝不要灯泡", "yes, make it
    // three") is that change, read back: never the old order placed.
    const unclear = t.confirmation === 'None' && t.awaiting === 'CONFIRMATION';
    if (unclear || (t.confirmation === 'Confirmed' && t.phase === 'dialog')) {
      const corrected = this.correction(t, slot.sku, quantity, name, unclear ? 'any' : 'order');
      if (corrected) return corrected;
    }
    if (t.confirmation === 'Denied') {
      const corrected = this.correction(t, slot.sku, quantity, name);
      if (corrected) return corrected;
      return answer(
        t,
        t.say.orderDeclined(),
        without(t.sessionAttributes, ATTR.pendingQuote, ATTR.deliveryMisses),
      );
    }
    const delivery = await this.delivery(t);
    if ('reply' in delivery) return delivery.reply;
    const held = decodeQuote(t.sessionAttributes[ATTR.pendingQuote]);
    const quoteMatches = held?.sku === slot.sku && held.quantity === quantity && held.currency === t.currency;
    if (t.confirmation === 'Confirmed' && quoteMatches && held) {
      // Dialog hook after "yes": hand back to Lex, which runs the fulfillment hook next.
      if (t.phase === 'dialog') return { kind: 'delegate', sessionAttributes: { ...t.sessionAttributes } };
      return this.commitOrder(t, held, name, delivery.details);
    }
    return this.readBack(t, slot.sku, quantity, name, '', delivery.details, delivery.fill);
  }

  /**
   * The delivery details in the order's slots, or the question that collects the next one: for a
   * returning caller, the details of their last order (offered by city only); else the name, the
   * address (read again until complete) and whether the delivery team may phone, on this line or
   * a number keyed in. Two answers that cannot be understood hand the order to an agent; "never
   * mind" at any of these questions ends it unplaced.
   */
  private async delivery(
    t: Context,
  ): Promise<{ details: CollectedDelivery; fill?: Record<string, string> } | { reply: DialogReply }> {
    const said = t.inputTranscript ?? '';
    const answered = DELIVERY_SLOTS.find(
      (s) => t.slots[s]?.original !== undefined && t.slots[s]?.original === said,
    );
    // A free-form answer keeps Lex from switching intent: the hand-offs are heard here.
    const exit = answered ? leavesOrder(said) : undefined;
    if (exit === 'AGENT')
      return {
        reply: toAgent(
          { ...t, sessionAttributes: without(t.sessionAttributes, ATTR.pendingQuote, ATTR.deliveryMisses) },
          t.say.agent(),
          'TalkToAgent',
        ),
      };
    if (exit === 'HANGUP')
      return {
        reply: close(t.say.goodbye(), {
          ...without(t.sessionAttributes, ATTR.pendingQuote, ATTR.deliveryMisses),
          [ATTR.nextStep]: 'HANGUP',
        }),
      };
    if (answered && abandonsOrder(said)) {
      return {
        reply: answer(
          t,
          t.say.orderDeclined(),
          without(t.sessionAttributes, ATTR.pendingQuote, ATTR.deliveryMisses),
        ),
      };
    }
    const onFileAnswer = slotValue(t, 'UseDetailsOnFile');
    const nameText = slotValue(t, 'RecipientName');
    const addressText = slotValue(t, 'DeliveryAddress');
    if (nameText === undefined && addressText === undefined && t.callerHmac) {
      if (onFileAnswer === undefined) {
        const onFile = await this.service.detailsOnFile(t.callerHmac);
        const hint = onFile ? addressHint(onFile.address) : undefined;
        if (hint) return { reply: elicit(t, 'UseDetailsOnFile', t.say.offerDetailsOnFile(hint)) };
      } else if (parseYesNo(onFileAnswer, t.locale) !== 'no') {
        const onFile = await this.service.detailsOnFile(t.callerHmac);
        const hint = onFile ? addressHint(onFile.address) : undefined;
        if (parseYesNo(onFileAnswer, t.locale) === undefined && hint) {
          return this.deliveryMiss(t, 'UseDetailsOnFile', t.say.offerDetailsOnFile(hint));
        }
        // "Yes": the details of the last order, put into the slots for the read-back and the order.
        const collected = onFile ? fromStored(onFile) : undefined;
        if (collected) return { details: { ...collected, onFile: true }, fill: slotsOf(collected) };
      }
    }
    if (nameText === undefined) return { reply: elicit(t, 'RecipientName', t.say.askRecipient()) };
    const name = parseName(nameText, t.locale);
    if (!name) return this.deliveryMiss(t, 'RecipientName', t.say.invalidRecipient());
    if (addressText === undefined) return { reply: elicit(t, 'DeliveryAddress', t.say.askAddress()) };
    const address = parseAddress(addressText, t.locale);
    if (!address.ok && address.outside) {
      return {
        reply: answer(
          t,
          t.say.outsideDeliveryArea(),
          without(t.sessionAttributes, ATTR.pendingQuote, ATTR.deliveryMisses),
        ),
      };
    }
    if (!address.ok) return this.deliveryMiss(t, 'DeliveryAddress', t.say.addressIncomplete(address.missing));
    const updatesText = slotValue(t, 'UpdatesPhone');
    if (updatesText === undefined) {
      return { reply: elicit(t, 'UpdatesPhone', t.say.askUpdates(t.callerHmac !== undefined)) };
    }
    const updates = parseUpdatesAnswer(updatesText, t.locale);
    // A caller whose line was not identified has no "this number" to agree to.
    if (!updates || (updates.kind === 'CALLING_NUMBER' && !t.callerHmac)) {
      return this.deliveryMiss(t, 'UpdatesPhone', t.say.askUpdates(t.callerHmac !== undefined));
    }
    if (updates.kind === 'INVALID_NUMBER')
      return this.deliveryMiss(t, 'UpdatesPhone', t.say.invalidUpdatesNumber());
    const onFile = onFileAnswer !== undefined && parseYesNo(onFileAnswer, t.locale) === 'yes';
    return { details: { name, address: address.address, updates, ...(onFile ? { onFile } : {}) } };
  }

  /**
   * A delivery answer that could not be understood: the question is asked again; the third such
   * answer among the delivery questions of one order (name, address, phone for updates: one count
   * for all of them, so a caller struggling across questions is not kept going) hands over to an agent.
   */
  private deliveryMiss(t: Context, slot: string, text: string): { reply: DialogReply } {
    const misses = Number(t.sessionAttributes[ATTR.deliveryMisses] ?? '0') + 1;
    if (misses > 2) {
      return {
        reply: toAgent(
          { ...t, sessionAttributes: without(t.sessionAttributes, ATTR.pendingQuote, ATTR.deliveryMisses) },
          t.say.deliveryToAgent(),
          'DeliveryDetailsUnclear',
        ),
      };
    }
    return {
      reply: elicit(t, slot, text, { ...t.sessionAttributes, [ATTR.deliveryMisses]: String(misses) }),
    };
  }

  /**
   * "No, the street is 14 Oak Street", "make it three", "不对，收件人是李四", "actually I'd rather
   * have the power bank": the read-back again with the detail or the product changed; undefined
   * when the answer carries no correction we understand. `scope: 'order'` (a yes) takes only a
   * change of product or quantity: a yes that also names a detail is still a yes.
   */
  private correction(
    t: Context,
    sku: string,
    quantity: number,
    name: string,
    scope: 'any' | 'order' = 'any',
  ): Promise<DialogReply> | undefined {
    const fix = parseCorrection(t.inputTranscript ?? '', t.locale);
    // Another product named: the same order with that product (and a new quantity, if one was said).
    const other = this.service.index.skusIn(t.inputTranscript ?? '').find((k) => k !== sku);
    if (!other && (!fix || (scope === 'order' && fix.part !== 'quantity'))) return undefined;
    const onFile = parseYesNo(slotValue(t, 'UseDetailsOnFile') ?? '', t.locale) === 'yes';
    const found = this.collectedOf(t);
    const current = found && onFile ? { ...found, onFile } : found;
    if (other) {
      const checked =
        fix?.part === 'quantity'
          ? parseQuantity(spokenNumber(fix.text), this.service.maxOrderQuantity)
          : undefined;
      const newQuantity = checked?.ok ? checked.quantity : quantity;
      const newName = this.name(t, other);
      const fill = { ...(current ? slotsOf(current) : {}), Product: newName, Quantity: String(newQuantity) };
      return this.readBack({ ...t, confirmation: 'None' }, other, newQuantity, newName, '', current, fill);
    }
    if (!fix) return undefined;
    if (onFile && fix.part !== 'quantity') {
      // The details on file were offered by city only: changing one part would read the rest back.
      // The caller gives the details afresh instead.
      return Promise.resolve({
        kind: 'elicitSlot',
        slot: 'RecipientName',
        text: t.say.askRecipient(),
        sessionAttributes: without(t.sessionAttributes, ATTR.pendingQuote),
        clear: ['UseDetailsOnFile', 'DeliveryAddress', 'UpdatesPhone'],
      });
    }
    let newQuantity = quantity;
    let changed: CollectedDelivery | undefined = current;
    if (fix.part === 'quantity') {
      const checked = parseQuantity(spokenNumber(fix.text), this.service.maxOrderQuantity);
      if (!checked.ok) return undefined;
      newQuantity = checked.quantity;
    } else if (!current) {
      return undefined;
    } else if (fix.part === 'phone') {
      const updates = parseUpdatesAnswer(fix.text, t.locale);
      if (updates?.kind !== 'NUMBER') return this.notUnderstoodChange(t, sku, quantity, name, current);
      changed = { ...current, updates };
    } else if (fix.part === 'name') {
      const recipient = parseName(fix.text, t.locale);
      if (!recipient) return this.notUnderstoodChange(t, sku, quantity, name, current);
      changed = { ...current, name: recipient };
    } else if (fix.part === 'address') {
      const parsed = parseAddress(fix.text, t.locale);
      if (!parsed.ok) return this.notUnderstoodChange(t, sku, quantity, name, current);
      changed = { ...current, address: parsed.address };
    } else {
      const address = correctAddress(current.address, fix.part, fix.text, t.locale);
      if (!address) return this.notUnderstoodChange(t, sku, quantity, name, current);
      changed = { ...current, address };
    }
    const fill = {
      ...(changed ? slotsOf(changed) : {}),
      Quantity: String(newQuantity),
    };
    return this.readBack({ ...t, confirmation: 'None' }, sku, newQuantity, name, '', changed, fill);
  }

  /** A change the caller asked for that could not be understood: the same read-back, said so. */
  private notUnderstoodChange(
    t: Context,
    sku: string,
    quantity: number,
    name: string,
    current: CollectedDelivery,
  ): Promise<DialogReply> {
    return this.readBack(
      { ...t, confirmation: 'None' },
      sku,
      quantity,
      name,
      `${t.say.changeNotUnderstood()} `,
      current,
    );
  }

  /** The delivery details already in the slots, when all are there and understood. */
  private collectedOf(t: Context): CollectedDelivery | undefined {
    const name = parseName(slotValue(t, 'RecipientName') ?? '', t.locale);
    const address = parseAddress(slotValue(t, 'DeliveryAddress') ?? '', t.locale);
    const updates = parseUpdatesAnswer(slotValue(t, 'UpdatesPhone') ?? '', t.locale);
    if (!name || !address.ok || !updates || updates.kind === 'INVALID_NUMBER') return undefined;
    return { name, address: address.address, updates };
  }

  /** Reads the total back for confirmation (one catalog read), keeping the quote in the session. */
  private async readBack(
    t: Context,
    sku: string,
    quantity: number,
    name: string,
    prefix = '',
    delivery?: CollectedDelivery,
    fill?: Record<string, string>,
  ): Promise<DialogReply> {
    try {
      const quote = await this.service.quote(sku, quantity, t.currency);
      const text =
        prefix +
        t.say.confirmOrder(
          quantity,
          name,
          this.money(t, quote.unitPriceMinor),
          this.money(t, quote.totalMinor),
          delivery ? this.deliveryReadBack(t, delivery) : undefined,
        );
      return {
        kind: 'confirm',
        text,
        sessionAttributes: {
          ...without(t.sessionAttributes, ATTR.deliveryMisses),
          [ATTR.pendingQuote]: encodeQuote(quote),
        },
        ...(fill ? { fill } : {}),
      };
    } catch (error) {
      return stockProblem(t, error, name);
    }
  }

  /** The delivery part of the read-back: in full for details just said, by city for details on file. */
  private deliveryReadBack(t: Context, delivery: CollectedDelivery): string {
    const updates = readBackUpdates(delivery);
    const hint = delivery.onFile ? addressHint(delivery.address) : undefined;
    if (hint) return t.say.deliveryOnFileReadBack(hint, updates);
    return t.say.deliveryReadBack(delivery.name, speakAddress(delivery.address), updates);
  }

  /** Places the confirmed order: one transaction, idempotent against Lex retries. */
  private async commitOrder(
    t: Context,
    quote: Quote,
    name: string,
    delivery: CollectedDelivery,
  ): Promise<DialogReply> {
    const orderSeq = Number(t.sessionAttributes[ATTR.orderSeq] ?? '0') || 0;
    const contactId = t.sessionAttributes[ATTR.contactId];
    try {
      const { order, replayed } = await this.service.place({
        quote,
        locale: t.locale,
        callerHmac: t.callerHmac,
        contactId,
        delivery: await this.stored(delivery, contactId),
        idempotencyKey: placeOrderKey({
          sessionId: t.sessionId,
          intentName: t.intentName,
          sku: quote.sku,
          quantity: quote.quantity,
          confirmationState: t.confirmation,
          orderSeq,
          details: JSON.stringify([delivery.name, delivery.address, delivery.updates]),
        }),
      });
      this.onEvent({ kind: 'orderPlaced', order, replayed });
      const attrs = {
        ...without(t.sessionAttributes, ATTR.pendingQuote),
        [ATTR.orderSeq]: String(orderSeq + 1),
        [ATTR.lastOrderId]: order.orderId,
      };
      const text = t.say.orderPlaced(
        speakOrderNumber(order.orderId),
        this.money(t, order.totalMinor, order.currency),
        t.callerHmac !== undefined,
        this.cardPayments,
      );
      return answer(t, text, attrs);
    } catch (error) {
      if (error instanceof PriceChangedError) {
        return this.readBack(t, quote.sku, quote.quantity, name, `${t.say.priceChanged()} `);
      }
      return stockProblem(t, error, name);
    }
  }

  /**
   * The details as the order stores them: an agreement to calls on this line gets the line's
   * number from Connect when it can be read (a failure leaves the agreement and the contact id,
   * by which staff find it); the order is never lost to it.
   */
  private async stored(delivery: CollectedDelivery, contactId: string | undefined): Promise<DeliveryDetails> {
    let updates: DeliveryUpdates;
    if (delivery.updates.kind === 'NUMBER') updates = { channel: 'NUMBER', number: delivery.updates.number };
    else if (delivery.updates.kind === 'NONE') updates = { channel: 'NONE' };
    else {
      const number =
        contactId && this.callingNumber
          ? await this.callingNumber(contactId).catch(() => undefined)
          : undefined;
      updates = { channel: 'CALLING_NUMBER', ...(number ? { number } : {}) };
    }
    return { name: delivery.name, address: delivery.address, updates, confirmed: true };
  }

  /**
   * Which order the caller means: the number they said; without one, the order placed in this
   * call, else their only recent order (by caller HMAC); with several, they are asked which, the
   * newest named. A second number that is invalid or not theirs hands the call to an agent.
   */
  private async orderNumberSlot(t: Context): Promise<{ orderId: string } | { reply: DialogReply }> {
    if (!t.callerHmac) return { reply: answer(t, t.say.cannotVerify()) };
    const text = slotValue(t, 'OrderNumber');
    // "What's the status of my order?" right after placing one: the order of this call.
    const lastOrderId = t.sessionAttributes[ATTR.lastOrderId];
    if (text === undefined && lastOrderId !== undefined && parseOrderNumber(lastOrderId) === lastOrderId) {
      return { orderId: lastOrderId };
    }
    if (text === undefined) {
      // One more than we name, so that "you have 3 recent orders" is never said to a caller with 10.
      const recent = await this.service.recentOrders(t.callerHmac, RECENT_ORDERS + 1);
      const [latest] = recent;
      if (recent.length === 1 && latest) return { orderId: latest.orderId };
      if (latest) {
        const count = recent.length > RECENT_ORDERS ? undefined : recent.length;
        return {
          reply: elicit(t, 'OrderNumber', t.say.whichOrder(count, speakOrderNumber(latest.orderId))),
        };
      }
      return { reply: elicit(t, 'OrderNumber', t.say.askOrderNumber()) };
    }
    const orderId = parseOrderNumber(text);
    if (!orderId)
      return { reply: this.orderNumberMiss(t, () => elicit(t, 'OrderNumber', t.say.invalidOrderNumber())) };
    return { orderId };
  }

  /** One more order number that led nowhere: the caller hears `reply`, or at the second, an agent. */
  private orderNumberMiss(t: Context, reply: () => DialogReply): DialogReply {
    const misses = Number(t.sessionAttributes[ATTR.orderNumberMisses] ?? '0') + 1;
    if (misses >= 2) {
      return toAgent(
        { ...t, sessionAttributes: { ...t.sessionAttributes, [ATTR.orderNumberMisses]: String(misses) } },
        t.say.orderNumberToAgent(),
        t.intentName === 'AfterSales' ? 'AfterSales' : 'OrderNumberNotFound',
      );
    }
    const out = reply();
    return {
      ...out,
      sessionAttributes: { ...out.sessionAttributes, [ATTR.orderNumberMisses]: String(misses) },
    };
  }

  private async withOrder(
    t: Context,
    act: (orderId: string, spoken: string) => Promise<DialogReply>,
  ): Promise<DialogReply> {
    const slot = await this.orderNumberSlot(t);
    if ('reply' in slot) return slot.reply;
    const spoken = speakOrderNumber(slot.orderId);
    try {
      const reply = await act(slot.orderId, spoken);
      // The order was found: an earlier wrong number no longer counts towards the hand-over.
      if (!(ATTR.orderNumberMisses in reply.sessionAttributes)) return reply;
      const { [ATTR.orderNumberMisses]: _cleared, ...rest } = reply.sessionAttributes;
      return { ...reply, sessionAttributes: rest };
    } catch (error) {
      if (error instanceof OrderNotFoundError) {
        return this.orderNumberMiss(t, () => answer(t, t.say.orderNotFound(spoken)));
      }
      if (error instanceof CallerUnverifiedError) return answer(t, t.say.cannotVerify());
      throw error;
    }
  }

  /**
   * A return, a warranty claim or a complaint (issue 15 item 3): which order (as for its status),
   * what is wrong (a category: the caller's words are not stored), then a back-office case. The
   * kind and the reason may already be in the first sentence ("my speaker crackles, I want to
   * send it back") and are kept in the session for the next turns. Without a case port, without a
   * verifiable caller, or when the case cannot be opened, the caller goes to a colleague with the
   * context in the contact attributes.
   */
  private async afterSales(t: Context): Promise<DialogReply> {
    const first = t.sessionAttributes[ATTR.afterSalesKind] === undefined;
    const said = t.inputTranscript ?? '';
    const kind =
      (t.sessionAttributes[ATTR.afterSalesKind] as AfterSalesKind | '' | undefined) || afterSalesKindOf(said);
    const earlier = t.sessionAttributes[ATTR.afterSalesReason] as AfterSalesReason | undefined;
    const reasonText = slotValue(t, 'AfterSalesReason');
    const reason =
      reasonText !== undefined
        ? afterSalesReasonOf(reasonText)
        : (earlier ?? (first ? afterSalesReasonOf(said) : undefined));
    const attrs: Record<string, string> = {
      ...t.sessionAttributes,
      [ATTR.afterSalesKind]: kind ?? '',
      ...(reason && reason !== 'other' ? { [ATTR.afterSalesReason]: reason } : {}),
    };
    const ctx: Context = { ...t, sessionAttributes: attrs };
    if (!this.tasks || !t.callerHmac) {
      return toAgent({ ...ctx, sessionAttributes: clearAfterSales(attrs) }, t.say.afterSales(), 'AfterSales');
    }
    const tasks = this.tasks;
    // No order to open it for: none named, none in this call, none from this number.
    if (slotValue(t, 'OrderNumber') === undefined && t.sessionAttributes[ATTR.lastOrderId] === undefined) {
      const [any] = await this.service.recentOrders(t.callerHmac, 1);
      if (!any) {
        return toAgent(
          { ...ctx, sessionAttributes: clearAfterSales(attrs) },
          t.say.afterSalesNoOrders(),
          'AfterSales',
        );
      }
    }
    return this.withOrder(ctx, async (orderId, spoken) => {
      const order = await this.service.orderFor(orderId, t.callerHmac);
      const effective = kind || (reason ? kindForReason(reason) : undefined);
      const delivered = order.status === 'SHIPPED' || order.status === 'DELIVERED';
      if (effective !== 'complaint' && effective !== undefined && !delivered) {
        return answer(ctx, t.say.afterSalesNotDelivered(spoken, order.status), clearAfterSales(attrs));
      }
      // No reason yet ("other" counts as one once asked): ask once, in the caller's words.
      if (reason === undefined || (reason === 'other' && reasonText === undefined)) {
        return {
          ...elicit(ctx, 'AfterSalesReason', t.say.askAfterSalesReason(effective)),
          fill: { OrderNumber: orderId },
        };
      }
      const caseKind = effective ?? kindForReason(reason);
      try {
        await tasks.open(
          afterSalesCase({
            contactId: t.sessionAttributes[ATTR.contactId] || t.sessionId,
            kind: caseKind,
            reason,
            orderId,
            sku: order.sku,
            quantity: order.quantity,
            status: order.status,
            locale: t.locale,
            consent: t.consent,
          }),
        );
      } catch {
        // Nothing was promised: a colleague takes it on the line, with the order in the context.
        return toAgent(
          { ...ctx, sessionAttributes: clearAfterSales(attrs) },
          t.say.afterSalesCaseFailed(),
          'AfterSales',
          orderId,
        );
      }
      this.onEvent({ kind: 'afterSalesCase', orderId, caseKind });
      return answer(ctx, t.say.afterSalesOpened(caseKind, spoken), clearAfterSales(attrs));
    });
  }

  private orderStatus(t: Context): Promise<DialogReply> {
    return this.withOrder(t, async (orderId, spoken) => {
      const order = await this.service.orderFor(orderId, t.callerHmac);
      const name = this.name(t, order.sku);
      const total = this.money(t, order.totalMinor, order.currency);
      return answer(
        t,
        t.say.orderStatus(spoken, order.status, order.quantity, name, total, this.since(t, order)),
      );
    });
  }

  private cancelOrder(t: Context): Promise<DialogReply> {
    return this.withOrder(t, async (orderId, spoken) => {
      if (t.confirmation === 'Denied') return answer(t, t.say.cancelDeclined());
      if (t.confirmation === 'Confirmed') {
        if (t.phase === 'dialog') return { kind: 'delegate', sessionAttributes: { ...t.sessionAttributes } };
        try {
          const order = await this.service.cancel(orderId, t.callerHmac);
          this.onEvent({ kind: 'orderCancelled', orderId: order.orderId });
          return answer(t, t.say.cancelled(spoken, order.refundDue === true));
        } catch (error) {
          if (error instanceof OrderStateError) return answer(t, t.say.cannotCancel(spoken, error.status));
          throw error;
        }
      }
      const order = await this.service.orderFor(orderId, t.callerHmac);
      if (order.status === 'CANCELLED' || order.status === 'REFUND_DUE' || order.status === 'REFUNDED') {
        return answer(t, t.say.alreadyCancelled(spoken));
      }
      if (order.status === 'SHIPPED' || order.status === 'DELIVERED') {
        return answer(t, t.say.cannotCancel(spoken, order.status));
      }
      return {
        kind: 'confirm',
        text: t.say.confirmCancel(spoken, order.quantity, this.name(t, order.sku)),
        sessionAttributes: { ...t.sessionAttributes },
        fill: { OrderNumber: orderId },
      };
    });
  }

  private payOrder(t: Context): Promise<DialogReply> {
    return this.withOrder(t, async (orderId, spoken) => {
      try {
        const order = await this.service.payable(orderId, t.callerHmac);
        const total = this.money(t, order.totalMinor, order.currency);
        // The flow sees nextStep=PAYMENT, suspends recording and collects card digits with
        // encrypted DTMF for the payment Lambda; Lex never hears card data.
        return close(t.say.payHandoff(spoken, total), {
          ...t.sessionAttributes,
          [ATTR.nextStep]: 'PAYMENT',
          [ATTR.paymentOrderId]: order.orderId,
          [ATTR.paymentAmountMinor]: String(order.totalMinor),
          [ATTR.paymentCurrency]: order.currency,
        });
      } catch (error) {
        if (error instanceof OrderStateError) return answer(t, t.say.notPayable(spoken, error.status));
        throw error;
      }
    });
  }
}

/**
 * An informational answer: the caller hears `text` and "anything else?", and the conversation
 * stays open, so Connect keeps the caller in the bot block for the next question. Only Goodbye,
 * TalkToAgent and a PayOrder hand-off close, because only they hand control back to the flow.
 */
function answer(
  t: Pick<DialogTurn, 'locale' | 'sessionAttributes'>,
  text: string,
  sessionAttributes: Readonly<Record<string, string>> = t.sessionAttributes,
): DialogReply {
  return {
    kind: 'answer',
    text: withNextQuestion(text, t.locale),
    sessionAttributes: { ...sessionAttributes },
  };
}

/** The intents that ask for an order number. */
const ORDER_NUMBER_INTENTS: ReadonlySet<string> = new Set([
  'OrderStatus',
  'CancelOrder',
  'PayOrder',
  'AfterSales',
]);

/** Words that take back the question just asked ("never mind", "forget it", 算了, 不用了). */
function dropsQuestion(said: string): boolean {
  return (
    /\b(?:never ?mind|forget (?:it|about it)|skip it|doesn'?t matter|it does not matter|leave it)\b/i.test(
      said,
    ) || /算了|不用了|不查了|没事了|不要了|先不/.test(said)
  );
}

/** Words of a caller who cannot give an order number ("I don't know it", 不记得了). */
function lacksOrderNumber(said: string): boolean {
  return (
    /\b(?:(?:don'?t|do not|dont) (?:know|have|remember)|no idea|can'?t (?:find|remember)|cannot (?:find|remember)|lost|forgot|not sure)\b/i.test(
      said,
    ) || /不知道|不记得|忘了|找不到|记不住|没记|不清楚|没有订单号/.test(said)
  );
}

/** Words that end a call whatever was asked ("bye", "that's all", 再见, 挂了). */
function saysFarewell(said: string): boolean {
  return (
    /\b(?:good ?bye|bye|hang(?:ing)? up|that'?s all)\b/i.test(said) || /再见|拜拜|挂了|挂吧|挂机/.test(said)
  );
}

function elicit(
  t: Context,
  slot: string,
  text: string,
  sessionAttributes: Readonly<Record<string, string>> = t.sessionAttributes,
): DialogReply {
  return { kind: 'elicitSlot', slot, text, sessionAttributes: { ...sessionAttributes } };
}

function close(text: string, sessionAttributes: Record<string, string>): DialogReply {
  return { kind: 'close', state: 'Fulfilled', text, sessionAttributes };
}

/**
 * Hands the call to a colleague (the flow's AGENT branch) with the context the agent sees in the
 * contact attributes: why (`handoverReason`: the intent, or what could not be done) and the order
 * concerned (`handoverOrder`), besides the consent and intents attributes the flow keeps.
 */
function toAgent(t: Context, text: string, reason: string, orderId?: string): DialogReply {
  const order = orderId ?? t.sessionAttributes[ATTR.lastOrderId];
  return close(text, {
    ...t.sessionAttributes,
    [ATTR.nextStep]: 'AGENT',
    [ATTR.handoverReason]: reason,
    ...(order && parseOrderNumber(order) === order ? { [ATTR.handoverOrder]: order } : {}),
  });
}

/** The session with the products the robot just named, in the order it named them. */
function listed(t: Context, products: readonly { readonly sku: string }[]): Record<string, string> {
  return { ...t.sessionAttributes, [ATTR.listedProducts]: products.map((p) => p.sku).join(',') };
}

/** The products whose link the caller agreed to in this call, with what became of each text. */
function textedLinks(t: Context): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of (t.sessionAttributes[ATTR.linksTexted] ?? '').split(',')) {
    const [sku, outcome] = pair.split(':');
    if (sku && outcome && /^[A-Z0-9-]{1,20}$/.test(sku) && /^[A-Z_]{1,20}$/.test(outcome))
      out.set(sku, outcome);
  }
  return out;
}

/** The products the robot named last in this call. */
function listedSkus(t: Context): string[] {
  return (t.sessionAttributes[ATTR.listedProducts] ?? '')
    .split(',')
    .filter((k) => /^[A-Z0-9-]{1,20}$/.test(k));
}

const ORDINALS: readonly (readonly [RegExp, number])[] = [
  [/\b(?:first|1st)\b|第一/i, 0],
  [/\b(?:second|2nd)\b|第二/i, 1],
  [/\b(?:third|3rd)\b|第三/i, 2],
  [/\b(?:fourth|4th)\b|第四/i, 3],
  [/\b(?:fifth|5th)\b|第五/i, 4],
  [/\b(?:sixth|6th)\b|第六/i, 5],
];

/**
 * The product a caller refers back to among the ones just named: by position ("the second one",
 * "第二个", "the last one"), by price ("the cheaper one", "便宜的那个"), or "that one" / "那个" when
 * only one was named. Undefined when the words point at nothing certain.
 */
export function referredProduct(
  said: string,
  skus: readonly string[],
  priceOf: (sku: string) => number | undefined,
): string | undefined {
  if (skus.length === 0) return undefined;
  for (const [words, index] of ORDINALS) if (words.test(said)) return skus[index];
  if (/\b(?:last|latter)\b|最后/i.test(said)) return skus.at(-1);
  const priced = skus.flatMap((k) => {
    const p = priceOf(k);
    return p === undefined ? [] : [{ k, p }];
  });
  if (/\b(?:cheaper|cheapest|less expensive)\b|便宜/i.test(said) && priced.length > 0) {
    return priced.reduce((a, b) => (b.p < a.p ? b : a)).k;
  }
  if (
    /\b(?:dearer|pricier|more expensive|most expensive)\b|贵的|更贵|最贵/i.test(said) &&
    priced.length > 0
  ) {
    return priced.reduce((a, b) => (b.p > a.p ? b : a)).k;
  }
  if (skus.length === 1 && /\b(?:that|this|it|them|those|these)\b|那个|这个|那款|这款|它/i.test(said))
    return skus[0];
  return undefined;
}

/** The session without the after-sales request in progress. */
function clearAfterSales(attrs: Readonly<Record<string, string>>): Record<string, string> {
  return without(attrs, ATTR.afterSalesKind, ATTR.afterSalesReason);
}

/** Stored details as slot-ready collected details (unparsed addresses are not offered again). */
function fromStored(details: DeliveryDetails): CollectedDelivery | undefined {
  if ('unparsed' in details.address) return undefined;
  const updates: CollectedDelivery['updates'] =
    details.updates.channel === 'NUMBER'
      ? { kind: 'NUMBER', number: details.updates.number }
      : details.updates.channel === 'NONE'
        ? { kind: 'NONE' }
        : { kind: 'CALLING_NUMBER' };
  return { name: details.name, address: details.address, updates };
}

/** Collected details as the values of the delivery slots (what the next turns read back). */
function slotsOf(details: CollectedDelivery): Record<string, string> {
  const updates =
    details.updates.kind === 'NUMBER'
      ? details.updates.number
      : details.updates.kind === 'NONE'
        ? 'no'
        : 'yes';
  return {
    RecipientName: details.name,
    DeliveryAddress: speakAddress(details.address),
    UpdatesPhone: updates,
  };
}

function readBackUpdates(details: CollectedDelivery): ReadBackUpdates {
  if (details.updates.kind === 'NUMBER')
    return { channel: 'NUMBER', lastDigits: lastDigits(details.updates.number) };
  return { channel: details.updates.kind };
}

/** A spoken quantity ("three", "a", "三", "十", "3") as digits for {@link parseQuantity}. */
function spokenNumber(text: string): string {
  const t = text.trim().toLowerCase();
  if (t === 'a' || t === 'an') return '1';
  if (/^[零〇一幺二两三四五六七八九十百]+$/.test(t)) return chineseNumeral(t);
  return normaliseSpokenDigits(t).text;
}

function stockProblem(t: Context, error: unknown, name: string): DialogReply {
  if (error instanceof OutOfStockError) {
    const attrs = without(t.sessionAttributes, ATTR.pendingQuote);
    if (error.available !== undefined && error.available > 0) {
      return elicit(t, 'Quantity', t.say.onlyAvailable(name, error.available), attrs);
    }
    return answer(t, t.say.soldOut(name), attrs);
  }
  if (error instanceof UnknownProductError) return elicit(t, 'Product', t.say.unknownProduct());
  throw error;
}
