/**
 * Names the inbound flow and the functions agree on: Lex session attributes (set by the flow's
 * bot block, read and written by the code hook) and contact attributes (set by the flow, read by
 * the Lambdas and the analytics lake). The flow templates in `contact-flows/` spell the same
 * names; a test checks every name used there is one of these.
 */

/** Lex session attributes. */
export const SESSION_ATTRIBUTES = {
  /** Set by the flow: the Connect contact id (the Lex session id is the same). */
  contactId: 'contactId',
  /** Set by the flow: the consent decision on record. */
  consent: 'consent',
  /** Set by the flow: the caller's locale. */
  locale: 'locale',
  /** Set by the flow: HMAC of the caller number, "" when withheld. */
  callerHmac: 'callerHmac',
  /** Code hook: the price read back for confirmation. */
  pendingQuote: 'pendingQuote',
  /** Code hook: orders placed in this session (part of the order idempotency key). */
  orderSeq: 'orderSeq',
  /** Code hook: the last order placed in this session. */
  lastOrderId: 'lastOrderId',
  /** Code hook: order numbers in this call that were invalid or not the caller's (two -> an agent). */
  orderNumberMisses: 'orderNumberMisses',
  /** Code hook: delivery answers in this order that could not be understood (two -> an agent). */
  deliveryMisses: 'deliveryMisses',
  /** Code hook: the products (SKUs) the robot named last, in order, for "the second one". */
  listedProducts: 'listedProducts',
  /**
   * Code hook: `true` once the robot has said in this call that a product's link can be texted;
   * `unreachable` when it found that texts cannot reach the caller's number (no offer, no lookup again).
   */
  linkOffered: 'linkOffered',
  /**
   * Code hook: what the last reply asked about the products it named, ORDER ("Would you like to
   * order one?") or DETAILS ("Would you like to hear more about one of them?"), so that a bare yes
   * is read as an answer to it; on that reply only.
   */
  offered: 'offered',
  /** Code hook: the product whose text the last question offered (a yes counts for it alone). */
  textOffer: 'textOffer',
  /** Code hook: `SKU:OUTCOME` of each product-link text agreed in this call (one text per product). */
  linksTexted: 'linksTexted',
  /** Code hook: the kind of after-sales request in progress (return, warranty, complaint; "" unknown). */
  afterSalesKind: 'afterSalesKind',
  /** Code hook: its reason category, once known. */
  afterSalesReason: 'afterSalesReason',
  /**
   * Code hook → flow → contact attribute: why the bot hands the call to a colleague (the intent,
   * e.g. AfterSales, DataRights, TalkToAgent, or what could not be done: OrderNumberNotFound,
   * DeliveryDetailsUnclear); the agent sees it with the call.
   */
  handoverReason: 'handoverReason',
  /** Code hook → flow → contact attribute: the order the call was about when it was handed over. */
  handoverOrder: 'handoverOrder',
  /** Code hook → flow: what the flow does after the bot closes (AGENT, HANGUP, PAYMENT). */
  nextStep: 'nextStep',
  /** Code hook → flow: the order to pay. */
  paymentOrderId: 'paymentOrderId',
  /** Code hook → flow: its total in minor units. */
  paymentAmountMinor: 'paymentAmountMinor',
  /** Code hook → flow: its currency. */
  paymentCurrency: 'paymentCurrency',
  /**
   * Code hook → flow → contact record: the intents the bot handled in this call, in order,
   * comma-separated (at most {@link MAX_RECORDED_INTENTS}); the flow copies it into the contact
   * attribute of the same name, which the intent-distribution query reads.
   */
  intents: 'intents',
  /**
   * Code hook: what the bot's last reply waits for, INTENT (an open question), SLOT or
   * CONFIRMATION; absent before the first reply (the flow's welcome is an open question). The
   * keypad withdrawal key counts only as an answer to an open question, never as a slot value.
   */
  awaiting: 'awaiting',
} as const;

/** Values of the `awaiting` session attribute. */
export const AWAITING = ['INTENT', 'SLOT', 'CONFIRMATION'] as const;

/**
 * The key a caller presses, when the bot asks an open question, to withdraw consent to recording
 * (the notice names it). Lex receives keypad input at a bot turn as DTMF text.
 */
export const WITHDRAW_KEY = '9';

/** Contact attributes the flow sets. */
export const CONTACT_ATTRIBUTES = {
  /** The locale the caller chose. */
  locale: 'locale',
  /**
   * The consent state the consent Lambda answered: the decision, then WITHDRAWN once the caller
   * withdrew during the call.
   */
  consent: 'consent',
  /** What the in-call withdrawal came to: RECORDED, ALREADY, NOT_GRANTED or FAILED (ledger down). */
  withdrawal: 'withdrawal',
  /** HMAC of the caller number ("" when withheld); the CTR transformation recomputes it. */
  callerHmac: 'callerHmac',
  /** Version of the notice the caller heard. */
  noticeVersion: 'noticeVersion',
  /** The digit the caller pressed at the consent prompt. */
  consentDigit: 'consentDigit',
  /** Copied from the session attribute of the same name when the bot returns to the flow. */
  intents: SESSION_ATTRIBUTES.intents,
} as const;

/** How many handled intents the `intents` attribute keeps (the most recent ones). */
export const MAX_RECORDED_INTENTS = 20;

/** Values of `nextStep`, on which the flow branches after the bot. */
export const NEXT_STEPS = ['AGENT', 'HANGUP', 'PAYMENT', 'WITHDRAW'] as const;

/**
 * Invocation labels of the dialog code hook calls Lex makes between prompts (CfnBot
 * `elicitationCodeHook`, set by lib/constructs/order-bot): an answer to a confirmation that is
 * neither yes nor no, and an answer to a slot question that gives no value ("never mind", "I don't
 * know the number"). The local Lex stand-in sends the same labels.
 */
export const CODE_HOOK_LABELS = {
  confirmationAnswer: 'ConfirmationAnswer',
  slotAnswer: 'SlotAnswer',
} as const;
