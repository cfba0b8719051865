import type { Locale } from '../../contracts/locales';
import type { AfterSalesKind } from '../cases/after-sales';
import type { AddressPart } from '../orders/delivery';
import type { OrderStatus } from '../orders/store';

/** What the robot's question about the products it named offered: to order one, or to hear more. */
export type ProductOffer = 'ORDER' | 'DETAILS';

/** How the delivery team may phone, as read back: this line, a number ending in…, or not at all. */
export type ReadBackUpdates =
  | { readonly channel: 'CALLING_NUMBER' }
  | { readonly channel: 'NUMBER'; readonly lastDigits: string }
  | { readonly channel: 'NONE' };

/**
 * Every sentence the fulfillment Lambda speaks, per locale. Domain errors become one of these at
 * the edge; a caller always hears a polite sentence, never silence or an error code.
 */
export interface Messages {
  askProduct(): string;
  unknownProduct(): string;
  /** `linkOffer`: say once that the product's link can be texted ({@link Messages.confirmText}). */
  productInfo(
    name: string,
    description: string,
    price: string,
    inStock: boolean,
    linkOffer?: boolean,
  ): string;
  productPrice(name: string, price: string, inStock: boolean, linkOffer?: boolean): string;
  /** Asked for a link without naming the product, and the robot named none or several. */
  askLinkProduct(): string;
  /** The agreement the caller gives: one text with the link, to the number they are calling from. */
  confirmText(name: string): string;
  /** The sending service accepted the text. */
  textSent(name: string): string;
  /** A text for this product was already agreed in this call; what became of it. */
  textAlready(name: string, sent: boolean): string;
  textDeclined(): string;
  /** The number replied STOP to our texts before: the service refuses to send. */
  textOptedOut(): string;
  /** This line sends no texts (no origination identity configured). */
  textUnavailable(): string;
  /** The caller's number is withheld or could not be read. */
  textNoNumber(): string;
  /** The caller's number is in a country texts from this line cannot reach. */
  textUnreachable(): string;
  /** The service refused the text: nothing was sent. */
  textFailed(): string;
  /** The service did not confirm: the text may or may not arrive. */
  textUnconfirmed(): string;
  /** The product has no page to link to. */
  noLink(name: string): string;
  askQuantity(name: string): string;
  quantityNotANumber(): string;
  quantityNotPositive(): string;
  quantityAboveMaximum(max: number): string;
  onlyAvailable(name: string, available: number): string;
  soldOut(name: string): string;
  /** `delivery`: the delivery read-back ({@link Messages.deliveryReadBack}), said before the question. */
  confirmOrder(quantity: number, name: string, unit: string, total: string, delivery?: string): string;
  /** A returning caller: deliver as last time? Only the city is said (`hint`), never the street. */
  offerDetailsOnFile(hint: string): string;
  askRecipient(): string;
  invalidRecipient(): string;
  askAddress(): string;
  /** The address lacked `missing` parts: say it all again. */
  addressIncomplete(missing: readonly AddressPart[]): string;
  /** `callingNumberKnown`: the caller's line was identified, so "this number" can be offered. */
  askUpdates(callingNumberKnown: boolean): string;
  invalidUpdatesNumber(): string;
  /** Name, address and how the delivery team may phone, read back before the order is placed. */
  deliveryReadBack(recipient: string, address: string, updates: ReadBackUpdates): string;
  /** The same for a returning caller's details on file: still only the city, never name or street. */
  deliveryOnFileReadBack(hint: string, updates: ReadBackUpdates): string;
  /** An address outside the delivery area: the order is not placed. */
  outsideDeliveryArea(): string;
  /** A change asked for at the read-back that could not be understood (the read-back follows). */
  changeNotUnderstood(): string;
  /** The delivery details could not be understood twice: an agent takes the order. */
  deliveryToAgent(): string;
  priceChanged(): string;
  orderDeclined(): string;
  /** `cardPayments`: the flow takes card input, so "pay now" is on offer; else an agent arranges it. */
  orderPlaced(orderNumber: string, total: string, verified: boolean, cardPayments: boolean): string;
  recommend(items: readonly { name: string; price: string }[]): string;
  /** What the shop sells: the categories, by name. */
  browseCategories(categories: readonly string[]): string;
  /** The products of one category with their prices (in stock only). */
  browseCategory(category: string, items: readonly { name: string; price: string }[]): string;
  /** Asked whether it is a robot or what it can do: what it is, and what it does. */
  /** `cardPayments`: the line takes card input, so paying by phone is among what it can do. */
  aboutBot(cardPayments: boolean): string;
  /** Small talk or a question the shop cannot answer: what the robot can do. */
  offTopic(): string;
  /** Seeing, copying, correcting or deleting personal data: a colleague, or the privacy address. */
  dataRights(): string;
  /** A return, a warranty claim or a complaint the bot cannot open itself: a colleague opens the case. */
  afterSales(): string;
  /** What is wrong, asked once the order is known. */
  askAfterSalesReason(kind: AfterSalesKind | undefined): string;
  /** A return or warranty claim for an order that has not been shipped yet. */
  afterSalesNotDelivered(orderNumber: string, status: OrderStatus): string;
  /** The back-office case is open. */
  afterSalesOpened(kind: AfterSalesKind, orderNumber: string): string;
  /** The case could not be opened: a colleague on the line instead. */
  afterSalesCaseFailed(): string;
  /** No order of this caller to open it for: a colleague on the line. */
  afterSalesNoOrders(): string;
  nothingMatches(): string;
  unknownCategory(): string;
  invalidBudget(): string;
  askOrderNumber(): string;
  /** Several recent orders (`count` undefined: more than the bot looked at): which one? The newest is named. */
  whichOrder(count: number | undefined, latest: string): string;
  /** The second order number that led nowhere: an agent takes over. */
  orderNumberToAgent(): string;
  invalidOrderNumber(): string;
  orderNotFound(orderNumber: string): string;
  /** `since`: the day the order entered its status, spoken ("December 3", "12月3日"), when known. */
  orderStatus(
    orderNumber: string,
    status: OrderStatus,
    quantity: number,
    name: string,
    total: string,
    since?: string,
  ): string;
  confirmCancel(orderNumber: string, quantity: number, name: string): string;
  cancelDeclined(): string;
  cancelled(orderNumber: string, refundDue: boolean): string;
  alreadyCancelled(orderNumber: string): string;
  cannotCancel(orderNumber: string, status: OrderStatus): string;
  cannotVerify(): string;
  payHandoff(orderNumber: string, total: string): string;
  notPayable(orderNumber: string, status: OrderStatus): string;
  agent(): string;
  goodbye(): string;
  /** "Never mind" to the robot's own question: that request is dropped, the call goes on. */
  droppedQuestion(): string;
  /** The caller cannot give the order number the robot asked for. */
  orderNumberUnknown(): string;
  fallback(): string;
  /** Asked after every informational answer that does not already end in a question. */
  anythingElse(): string;
  /**
   * A bare yes to the robot's question about the products it named: how to say which one
   * (`names`, in the order named), to order it or to hear more.
   */
  whichOne(names: readonly string[], purpose: ProductOffer): string;
  /** A bare no to that question: nothing starts, the call goes on. */
  offerDeclined(): string;
  /** A bare yes to an open question ("Anything else?"): what the caller would like. */
  whatElse(): string;
  /** The bot would have to ask for a sensitive value, but recording could not be suspended. */
  sensitiveUnavailable(): string;
  /**
   * The caller spoke card or ID-like digits at a bot turn: never echoed, the keypad offered.
   * `recorded`: the call is being recorded (consent GRANTED), so the keypad step pauses it.
   */
  sensitiveSpoken(recorded: boolean, cardPayments: boolean): string;
  /** Said by the bot as it hands a withdrawal to the flow, which stops the recording and says so. */
  withdrawHandoff(): string;
  /** Said with the hand-off of a withdrawal asked for in the middle of an order's questions. */
  orderNotPlacedYet(): string;
  /** A withdrawal asked for by a caller whose call is not recorded. */
  notRecorded(): string;
  /** A withdrawal asked for again after the recording was stopped. */
  alreadyStopped(): string;
  tryLater(): string;
  /** For an event we could not read (never expected from Lex): nothing changed, try again. */
  notUnderstood(): string;
}

const EN_STATUS: Record<OrderStatus, string> = {
  PENDING_PAYMENT: 'waiting for payment',
  PAID: 'paid and being prepared for shipping',
  PAYMENT_FAILED: 'waiting for payment, because the last payment did not go through',
  SHIPPED: 'shipped',
  DELIVERED: 'delivered',
  CANCELLED: 'cancelled',
  REFUND_DUE: 'cancelled, and your refund is being processed',
  REFUNDED: 'cancelled, and your payment was refunded',
};

/** Statuses whose day the caller hears ("was shipped on December 3"). */
const EN_DATED: Partial<Record<OrderStatus, string>> = {
  SHIPPED: 'was shipped on {d}',
  DELIVERED: 'was delivered on {d}',
  REFUNDED: 'is cancelled, and your payment was refunded on {d}',
};

/** What the caller hears was opened, per after-sales kind. */
const EN_CASE: Record<AfterSalesKind, string> = {
  return: 'a return request',
  warranty: 'a warranty claim',
  complaint: 'a complaint',
};

const ZH_CASE: Record<AfterSalesKind, string> = {
  return: '退货申请',
  warranty: '保修申请',
  complaint: '投诉',
};

const ZH_STATUS: Record<OrderStatus, string> = {
  PENDING_PAYMENT: '等待付款',
  PAID: '已付款，正在准备发货',
  PAYMENT_FAILED: '等待付款，上一次付款没有成功',
  SHIPPED: '已发货',
  DELIVERED: '已送达',
  CANCELLED: '已取消',
  REFUND_DUE: '已取消，退款正在处理中',
  REFUNDED: '已取消，款项已退回',
};

const ZH_DATED: Partial<Record<OrderStatus, string>> = {
  SHIPPED: '已于{d}发货',
  DELIVERED: '已于{d}送达',
  REFUNDED: '已取消，款项已于{d}退回',
};

const EN_PARTS: Readonly<Record<AddressPart, string>> = {
  street: 'house number and street',
  city: 'city',
  state: 'state',
  zip: 'ZIP code',
  province: 'province',
  district: 'district',
};

const ZH_PARTS: Readonly<Record<AddressPart, string>> = {
  street: '街道和门牌号',
  city: '城市',
  state: '省份',
  zip: '邮编',
  province: '省份',
  district: '区县',
};

function enUpdates(updates: ReadBackUpdates): string {
  if (updates.channel === 'CALLING_NUMBER') return 'the delivery team may phone you on this number';
  if (updates.channel === 'NUMBER')
    return `the delivery team may phone you on the number ending in ${updates.lastDigits}`;
  return 'the delivery team will not phone you';
}

function zhUpdates(updates: ReadBackUpdates): string {
  if (updates.channel === 'CALLING_NUMBER') return '配送时打您现在这个号码联系';
  if (updates.channel === 'NUMBER') return `配送时打尾号${updates.lastDigits.replace(/ /g, '')}的号码联系`;
  return '配送时不电话联系您';
}

/** The plural of a product name ("Smart plug" → "Smart plugs", "Power bank" → "Power banks"). */
export function enPlural(name: string): string {
  if (/(?:s|x|z|ch|sh)$/i.test(name)) return `${name}es`;
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}

/** A count of a product as said: "1 Smart plug", "2 Smart plugs". */
function enCount(count: number, name: string): string {
  return `${count} ${count === 1 ? name : enPlural(name)}`;
}

/** "a", "a and b", "a, b and c". */
function enList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Said once per call after a product answer, when its link can be texted to this line. */
const EN_LINK_OFFER = ' I can also text you a link to it: just say "text me the link".';
const ZH_LINK_OFFER = '如果需要商品链接，请说"发短信给我"。';

const en: Messages = {
  askProduct: () => 'Which product would you like?',
  unknownProduct: () =>
    "Sorry, I couldn't find that product. You can ask for a headset, a speaker, a smart plug, a charger or a desk robot. Which product would you like?",
  productInfo: (name, description, price, inStock, linkOffer) =>
    `The ${name} is ${description}. It costs ${price}${inStock ? ' and is in stock' : ', but it is sold out at the moment'}.${linkOffer ? EN_LINK_OFFER : ''} Anything else?`,
  productPrice: (name, price, inStock, linkOffer) =>
    `The ${name} costs ${price}${inStock ? '' : ', but it is sold out at the moment'}.${linkOffer ? EN_LINK_OFFER : ''} Anything else?`,
  askLinkProduct: () => 'Which product should I text you the link to?',
  confirmText: (name) =>
    `Shall I send one text message with a link to the ${name} to the number you're calling from? Message rates may apply.`,
  textSent: (name) =>
    `Done: I've sent a text with the link to the ${name} to the number you're calling from. It usually arrives within a minute.`,
  textAlready: (name, sent) =>
    sent
      ? `I've already texted you the link to the ${name} during this call.`
      : `I already tried to text you the link to the ${name} during this call, so I won't send it again.`,
  textDeclined: () => "All right, I won't send a text.",
  textOptedOut: () => "This number has asked us not to send it texts, so I haven't sent one.",
  textUnavailable: () => "Sorry, I can't send text messages from this line.",
  textNoNumber: () => "I can't see the number you're calling from, so I can't send you a text.",
  textUnreachable: () =>
    "Texts from this line can't reach the number you're calling from, so I can't send you the link.",
  textFailed: () => "Sorry, the text couldn't be sent just now; nothing was sent.",
  textUnconfirmed: () =>
    "Sorry, the text service didn't confirm the message, so I can't promise the link will arrive.",
  noLink: (name) => `Sorry, I don't have a link for the ${name} to send you.`,
  askQuantity: (name) => `How many ${enPlural(name)} would you like?`,
  quantityNotANumber: () => 'Sorry, I need a whole number, like one or two. How many would you like?',
  quantityNotPositive: () => 'The quantity has to be at least one. How many would you like?',
  quantityAboveMaximum: (max) => `I can take up to ${max} units in one order. How many would you like?`,
  onlyAvailable: (name, available) =>
    `Sorry, we only have ${enCount(available, name)} left. How many would you like?`,
  soldOut: (name) => `Sorry, the ${name} is sold out at the moment. Can I help you with anything else?`,
  confirmOrder: (quantity, name, unit, total, delivery) =>
    `That is ${enCount(quantity, name)} at ${unit} each, ${total} in total${delivery ? `, ${delivery}` : ''}. Shall I place the order?`,
  offerDetailsOnFile: (hint) =>
    `Shall we deliver to the same name and address as your last order, in ${hint}? Say yes, or no to give a new address.`,
  askRecipient: () => 'Who should we deliver it to? Please say the full name of the recipient.',
  invalidRecipient: () => "Sorry, I didn't catch the name. Please say the recipient's first and last name.",
  askAddress: () =>
    'What is the delivery address? Please say the house number and street, then the city, the state and the ZIP code.',
  addressIncomplete: (missing) =>
    `Sorry, I didn't get the ${enList(missing.map((m) => EN_PARTS[m]))}. Please say the whole address again: house number and street, city, state and ZIP code.`,
  askUpdates: (known) =>
    known
      ? 'May our delivery team phone you about the delivery on the number you are calling from? Say yes or no, or key in another number.'
      : 'May our delivery team phone you about the delivery? Key in a ten-digit phone number, or say no.',
  invalidUpdatesNumber: () =>
    "Sorry, that isn't a ten-digit US phone number. Please key it in again, or say no.",
  deliveryReadBack: (recipient, address, updates) =>
    `delivered to ${recipient}, ${address}; ${enUpdates(updates)}`,
  outsideDeliveryArea: () =>
    "I'm sorry, we deliver only within the contiguous United States and mainland China, so I haven't placed the order.",
  changeNotUnderstood: () => "Sorry, I didn't get that change, so nothing is changed yet.",
  deliveryOnFileReadBack: (hint, updates) =>
    `delivered to the same name and address as your last order, in ${hint}; ${enUpdates(updates)}`,
  deliveryToAgent: () =>
    "I'm sorry, I couldn't get the delivery details, so I haven't placed the order. Let me check whether a colleague is available to take it.",
  priceChanged: () => 'The price has just changed.',
  orderDeclined: () => "All right, I haven't placed the order. Can I help you with anything else?",
  orderPlaced: (orderNumber, total, verified, cardPayments) =>
    `Your order is placed. The order number is ${orderNumber}, and the total is ${total}. ` +
    (!verified
      ? "Please note the number: I couldn't identify your phone line, so an agent will help you with this order later."
      : cardPayments
        ? 'You can say pay for my order to pay now.'
        : 'It is reserved for you: to arrange payment and delivery, ask to speak to a colleague during opening hours.'),
  recommend: (items) =>
    `I'd recommend ${items.map((i) => `the ${i.name} for ${i.price}`).join(', or ')}. Would you like to order one?`,
  browseCategories: (categories) =>
    `We have ${categories.length} kinds of products: ${enList(categories)}. Which would you like to hear about?`,
  browseCategory: (category, items) =>
    items.length === 0
      ? `I don't have any of those in ${category} in stock at the moment. Can I help you with anything else?`
      : `In ${category} we have ${enList(items.map((i) => `the ${i.name} for ${i.price}`))}. Would you like to hear more about one of them?`,
  aboutBot: (cardPayments) =>
    `I'm this shop's automated assistant, not a person. I can tell you about our products and prices, recommend one, take an order${cardPayments ? ' and its payment' : ''}, check or cancel an order, or put you through to a colleague. What would you like to do?`,
  offTopic: () =>
    "Sorry, I can't help with that. I can tell you about our products and prices, recommend one, take an order, check or cancel an order, or put you through to a colleague. What would you like to do?",
  dataRights: () =>
    'A colleague handles requests to see, copy, correct or delete your personal information; you can also email privacy at example dot com. Let me check whether a colleague is available.',
  afterSales: () =>
    "I'm sorry to hear that. A colleague opens returns, warranty claims and complaints with you. Let me check whether a colleague is available.",
  askAfterSalesReason: (kind) =>
    kind === 'complaint'
      ? "I'm sorry to hear that. What happened, in a few words?"
      : "I'm sorry to hear that. What is wrong with it, in a few words? For example: it arrived damaged, it does not work, or it is the wrong item.",
  afterSalesNotDelivered: (orderNumber, status) =>
    `Order ${orderNumber} is ${EN_STATUS[status]} and has not been shipped, so there is nothing to send back yet. You can cancel it instead, or ask me for its status.`,
  afterSalesOpened: (kind, orderNumber) =>
    `I have opened ${EN_CASE[kind]} for order ${orderNumber}. A colleague from our back office will review it during opening hours.`,
  afterSalesCaseFailed: () =>
    "Sorry, I couldn't open the case right now. Let me check whether a colleague is available.",
  afterSalesNoOrders: () =>
    "I'm sorry to hear that. I can't find an order placed from the number you are calling from, so a colleague will open it with you. Let me check whether a colleague is available.",
  nothingMatches: () =>
    "Sorry, I don't have anything in stock that matches. You could try a higher budget or another category.",
  unknownCategory: () =>
    "Sorry, I don't know that category. We have audio, smart home, accessories and robots. Which one?",
  invalidBudget: () => "Sorry, I didn't get the budget. How much would you like to spend?",
  askOrderNumber: () => 'What is your six-digit order number?',
  whichOrder: (count, latest) =>
    `You have ${count ?? 'several'} recent orders; the latest is ${latest}. Which order number do you mean?`,
  orderNumberToAgent: () =>
    "I still can't find that order. Let me check whether a colleague is available to help.",
  invalidOrderNumber: () => 'Order numbers have six digits. Could you say or key in your order number again?',
  orderNotFound: (orderNumber) =>
    `Sorry, I couldn't find order ${orderNumber} for the phone number you are calling from.`,
  orderStatus: (orderNumber, status, quantity, name, total, since) =>
    `Order ${orderNumber}, ${enCount(quantity, name)} for ${total}, ${since && EN_DATED[status] ? EN_DATED[status].replace('{d}', since) : `is ${EN_STATUS[status]}`}.`,
  confirmCancel: (orderNumber, quantity, name) =>
    `Do you want me to cancel order ${orderNumber} for ${enCount(quantity, name)}?`,
  cancelDeclined: () => 'All right, your order stays as it is. Anything else?',
  cancelled: (orderNumber, refundDue) =>
    `Order ${orderNumber} is cancelled.${refundDue ? ' Your payment will be refunded.' : ''} Anything else?`,
  alreadyCancelled: (orderNumber) => `Order ${orderNumber} is already cancelled. Anything else?`,
  cannotCancel: (orderNumber, status) =>
    `Sorry, order ${orderNumber} is ${EN_STATUS[status]} and can no longer be cancelled. An agent can help you with a return.`,
  cannotVerify: () =>
    "Sorry, I can't verify the phone line you are calling from, so I can't look up orders. An agent can help you.",
  payHandoff: (orderNumber, total) =>
    `Order ${orderNumber} comes to ${total}. I'll take you to secure payment now.`,
  notPayable: (orderNumber, status) =>
    `Order ${orderNumber} is ${EN_STATUS[status]}, so there is nothing to pay.`,
  // The flow checks opening hours after this, so promise a check, not a transfer.
  agent: () => 'Let me check whether a colleague is available.',
  goodbye: () => 'Thank you for calling. Goodbye!',
  droppedQuestion: () => "All right, I've left that; if that's all, you can simply hang up.",
  orderNumberUnknown: () =>
    "Without its number I can't tell which order it is. If you'd like a colleague to help, just say 'agent'.",
  fallback: () =>
    "Sorry, I didn't catch that. You can ask about a product or its price, get a recommendation, order, check or cancel an order, or ask for an agent. What would you like to do?",
  anythingElse: () => 'Is there anything else I can help you with?',
  whichOne: (names, purpose) => {
    const [only] = names;
    if (names.length === 1 && only !== undefined) {
      return purpose === 'ORDER'
        ? `To order the ${only}, just say "I'd like the ${only}". Or can I help with something else?`
        : `To hear more, just say "tell me about the ${only}". Or can I help with something else?`;
    }
    return purpose === 'ORDER'
      ? 'To order one, just say for example "I\'d like the first one", or "I\'d like" and its name. Or can I help with something else?'
      : 'To hear more, just say for example "tell me about the first one", or its name. Or can I help with something else?';
  },
  offerDeclined: () => 'All right. Is there anything else I can help you with?',
  whatElse: () => 'Sure. What can I help you with?',
  sensitiveUnavailable: () =>
    "Sorry, I can't take that detail securely right now, so I won't ask for it. An agent can help you with it.",
  sensitiveSpoken: (recorded, cardPayments) =>
    "For your security, please don't say card or ID numbers out loud; I haven't used what you just said. " +
    (!cardPayments
      ? 'Card payment by phone is not available yet.'
      : recorded
        ? 'To pay by card, say "pay my order": you key the card in on your phone\'s keypad while the recording is paused.'
        : 'To pay by card, say "pay my order" and key the card in on your phone\'s keypad.'),
  withdrawHandoff: () => 'One moment.',
  orderNotPlacedYet: () =>
    "The order you were giving isn't placed yet: afterwards, just say what you'd like to order.",
  notRecorded: () => 'This call is not being recorded, so there is nothing to stop.',
  alreadyStopped: () => 'The recording of this call has already been stopped.',
  tryLater: () =>
    "Sorry, I can't reach our order system right now and nothing has been changed. Please try again in a few minutes.",
  notUnderstood: () =>
    'Sorry, something went wrong on my side and nothing has been changed. Please try again.',
};

const zh: Messages = {
  askProduct: () => '您想要哪款产品？',
  unknownProduct: () =>
    '抱歉，没有找到这款产品。您可以问耳机、音箱、智能插座、充电器或桌面机器人。您想要哪款产品？',
  productInfo: (name, description, price, inStock, linkOffer) =>
    `${name}是${description}。价格${price}，${inStock ? '现在有货' : '目前已售罄'}。${linkOffer ? ZH_LINK_OFFER : ''}还有什么可以帮您？`,
  productPrice: (name, price, inStock, linkOffer) =>
    `${name}的价格是${price}${inStock ? '' : '，目前已售罄'}。${linkOffer ? ZH_LINK_OFFER : ''}还有什么可以帮您？`,
  askLinkProduct: () => '您要哪款产品的链接？',
  confirmText: (name) => `要我给您现在来电的号码发一条短信，附上${name}的链接吗？可能产生短信费用。`,
  textSent: (name) => `好的，${name}的链接已经用短信发到您现在来电的号码，一般一分钟内就能收到。`,
  textAlready: (name, sent) =>
    sent
      ? `这次通话中已经给您发过${name}的链接短信了。`
      : `这次通话中已经尝试给您发过${name}的链接短信，就不再重复发送了。`,
  textDeclined: () => '好的，不给您发短信。',
  textOptedOut: () => '这个号码之前退订了我们的短信，所以没有发送。',
  textUnavailable: () => '抱歉，这条线路不能发送短信。',
  textNoNumber: () => '我看不到您的来电号码，所以没法给您发短信。',
  textUnreachable: () => '本线路的短信发不到您来电的号码，所以没法给您发链接。',
  textFailed: () => '抱歉，短信暂时发不出去，没有发送任何内容。',
  textUnconfirmed: () => '抱歉，短信服务没有确认发送，链接可能收不到。',
  noLink: (name) => `抱歉，${name}没有可以发给您的链接。`,
  askQuantity: (name) => `您要几件${name}？`,
  quantityNotANumber: () => '抱歉，请说一个整数，比如一件或两件。您要几件？',
  quantityNotPositive: () => '数量至少是一件。您要几件？',
  quantityAboveMaximum: (max) => `每个订单最多${max}件。您要几件？`,
  onlyAvailable: (name, available) => `抱歉，${name}只剩${available}件了。您要几件？`,
  soldOut: (name) => `抱歉，${name}目前已售罄。还有什么可以帮您？`,
  confirmOrder: (quantity, name, unit, total, delivery) =>
    `${name}${quantity}件，单价${unit}，总共${total}${delivery ? `，${delivery}` : ''}。确认下单吗？`,
  offerDetailsOnFile: (hint) =>
    `是否按上次订单的收件人和地址（${hint}）配送？请说“是”，或说“不是”提供新地址。`,
  askRecipient: () => '请问收件人怎么称呼？请说收件人的姓名。',
  invalidRecipient: () => '抱歉，没有听清姓名。请再说一遍收件人的姓名。',
  askAddress: () => '请说一下收货地址：省、市、区县，以及街道和门牌号。',
  addressIncomplete: (missing) =>
    `抱歉，没有听清${missing.map((m) => ZH_PARTS[m]).join('和')}。请把完整地址再说一遍：省、市、区县、街道和门牌号。`,
  askUpdates: (known) =>
    known
      ? '配送时快递员可以打您现在这个号码联系您吗？请说“可以”或“不用”，也可以按键输入另一个手机号。'
      : '配送时需要电话联系您吗？请按键输入十一位手机号，或说“不用”。',
  invalidUpdatesNumber: () => '抱歉，这不是有效的十一位手机号。请重新输入，或说“不用”。',
  deliveryReadBack: (recipient, address, updates) =>
    `收件人${recipient}，地址${address}，${zhUpdates(updates)}`,
  outsideDeliveryArea: () => '抱歉，我们只配送中国大陆和美国本土48个州，订单没有提交。',
  changeNotUnderstood: () => '抱歉，没有听清要改什么，目前没有改动。',
  deliveryOnFileReadBack: (hint, updates) => `按上次订单的收件人和地址（${hint}）配送，${zhUpdates(updates)}`,
  deliveryToAgent: () => '抱歉，没能记下配送信息，订单没有提交。我为您查看是否有人工客服可以为您下单。',
  priceChanged: () => '价格刚刚有变动。',
  orderDeclined: () => '好的，订单没有提交。还有什么可以帮您？',
  orderPlaced: (orderNumber, total, verified, cardPayments) =>
    `下单成功。订单号是${orderNumber}，总共${total}。` +
    (!verified
      ? '请记下订单号：我们无法识别您的来电号码，稍后会由人工客服为您处理。'
      : cardPayments
        ? '如需现在付款，请说“支付订单”。'
        : '订单已为您保留：如需安排付款和配送，请在营业时间内要求转人工客服。'),
  recommend: (items) => `推荐您${items.map((i) => `${i.name}，价格${i.price}`).join('；或者')}。需要下单吗？`,
  browseCategories: (categories) =>
    `我们有${categories.length}类产品：${categories.join('、')}。您想了解哪一类？`,
  browseCategory: (category, items) =>
    items.length === 0
      ? `${category}类目前没有这类现货。还有什么可以帮您？`
      : `${category}类有：${items.map((i) => `${i.name}，价格${i.price}`).join('；')}。您想详细了解哪一款？`,
  aboutBot: (cardPayments) =>
    `我是本店的智能语音助手，不是真人。我可以介绍产品和价格、为您推荐、帮您下单${cardPayments ? '和付款' : ''}、查询或取消订单，也可以为您转接人工客服。请问您需要什么？`,
  offTopic: () =>
    '抱歉，这个我帮不上忙。我可以介绍产品和价格、为您推荐、帮您下单、查询或取消订单，也可以为您转接人工客服。请问您需要什么？',
  dataRights: () =>
    '查看、复制、更正或删除您的个人信息，由人工客服为您办理；您也可以发邮件到 privacy at example dot com。我为您查看是否有人工客服可以接听。',
  afterSales: () =>
    '很抱歉给您带来不便。退货、保修和投诉由人工客服为您办理，我为您查看是否有人工客服可以接听。',
  askAfterSalesReason: (kind) =>
    kind === 'complaint'
      ? '很抱歉给您带来不便。请简单说一下发生了什么？'
      : '很抱歉给您带来不便。请简单说一下是什么问题？比如收到时已损坏、不能正常使用，或者发错了货。',
  afterSalesNotDelivered: (orderNumber, status) =>
    `订单${orderNumber}${ZH_STATUS[status]}，还没有发货，所以暂时不需要退回。您可以取消这个订单，或者问我它的状态。`,
  afterSalesOpened: (kind, orderNumber) =>
    `已为订单${orderNumber}登记${ZH_CASE[kind]}。我们的售后同事会在工作时间内处理。`,
  afterSalesCaseFailed: () => '抱歉，现在无法登记。我为您查看是否有人工客服可以接听。',
  afterSalesNoOrders: () =>
    '很抱歉给您带来不便。没有找到您来电号码下的订单，需要由人工客服为您登记。我为您查看是否有人工客服可以接听。',
  nothingMatches: () => '抱歉，没有符合条件的现货产品。您可以提高预算或换一个类别。',
  unknownCategory: () => '抱歉，没有这个类别。我们有音频设备、智能家居、配件和机器人。您想看哪一类？',
  invalidBudget: () => '抱歉，没有听清预算。您打算花多少钱？',
  askOrderNumber: () => '请告诉我您的六位订单号。',
  whichOrder: (count, latest) =>
    `您最近有${count === undefined ? '多' : count}个订单，最新的是${latest}。请问是哪个订单号？`,
  orderNumberToAgent: () => '还是没有找到这个订单。我为您查看是否有人工客服可以接听。',
  invalidOrderNumber: () => '订单号是六位数字。请再说一遍或按键输入订单号。',
  orderNotFound: (orderNumber) => `抱歉，没有找到您来电号码下的订单${orderNumber}。`,
  orderStatus: (orderNumber, status, quantity, name, total, since) =>
    `订单${orderNumber}，${name}${quantity}件，共${total}，状态：${since && ZH_DATED[status] ? ZH_DATED[status].replace('{d}', since) : ZH_STATUS[status]}。`,
  confirmCancel: (orderNumber, quantity, name) => `确定要取消订单${orderNumber}（${name}${quantity}件）吗？`,
  cancelDeclined: () => '好的，订单保持不变。还有什么可以帮您？',
  cancelled: (orderNumber, refundDue) =>
    `订单${orderNumber}已取消。${refundDue ? '您的付款将原路退回。' : ''}还有什么可以帮您？`,
  alreadyCancelled: (orderNumber) => `订单${orderNumber}已经取消了。还有什么可以帮您？`,
  cannotCancel: (orderNumber, status) =>
    `抱歉，订单${orderNumber}${ZH_STATUS[status]}，已无法取消。人工客服可以帮您办理退货。`,
  cannotVerify: () => '抱歉，无法验证您的来电号码，所以不能查询订单。人工客服可以帮您。',
  payHandoff: (orderNumber, total) => `订单${orderNumber}共${total}。现在为您转到安全支付。`,
  notPayable: (orderNumber, status) => `订单${orderNumber}${ZH_STATUS[status]}，无需付款。`,
  agent: () => '我为您查看是否有人工客服可以接听。',
  goodbye: () => '感谢您的来电，再见！',
  droppedQuestion: () => '好的，这件事先不办了；没有别的事的话，直接挂机就好。',
  orderNumberUnknown: () => '没有订单号，我没法确定是哪一笔订单。需要同事帮忙的话，说“转人工”就行。',
  fallback: () =>
    '抱歉，我没有听清。您可以询问产品和价格、请我推荐、下单、查询或取消订单，或者转人工客服。请问您需要什么？',
  anythingElse: () => '还有什么可以帮您？',
  whichOne: (names, purpose) => {
    const [only] = names;
    if (names.length === 1 && only !== undefined) {
      return purpose === 'ORDER'
        ? `如需订购${only}，请说“我要${only}”。还有其他需要吗？`
        : `如需了解更多，请说“介绍一下${only}”。还有其他需要吗？`;
    }
    return purpose === 'ORDER'
      ? '如需订购，请说“我要第一个”，或者说“我要”加商品名称。还有其他需要吗？'
      : '如需了解更多，请说“介绍一下第一个”，或者说商品名称。还有其他需要吗？';
  },
  offerDeclined: () => '好的。还有什么可以帮您？',
  whatElse: () => '好的，请问有什么可以帮您？',
  sensitiveUnavailable: () => '抱歉，现在无法安全地收集这项信息，所以我不会询问。人工客服可以帮您办理。',
  sensitiveSpoken: (recorded, cardPayments) =>
    '为了您的安全，请不要说出银行卡号或身份证号，您刚才说的内容我没有使用。' +
    (!cardPayments
      ? '目前暂不支持电话刷卡付款。'
      : recorded
        ? '如需刷卡付款，请说“支付订单”，然后在录音暂停时用手机键盘输入卡号。'
        : '如需刷卡付款，请说“支付订单”，然后用手机键盘输入卡号。'),
  withdrawHandoff: () => '请稍等。',
  orderNotPlacedYet: () => '您正在下的订单还没有提交，稍后请再告诉我您想买什么。',
  notRecorded: () => '本次通话没有录音，无需停止。',
  alreadyStopped: () => '本次通话的录音已经停止了。',
  tryLater: () => '抱歉，订单系统暂时无法访问，您的订单没有任何改动。请几分钟后再试。',
  notUnderstood: () => '抱歉，系统出了点问题，没有做任何改动。请再试一次。',
};

/** The sentences for a locale. */
export const MESSAGES: Readonly<Record<Locale, Messages>> = { 'en-US': en, 'zh-CN': zh };
