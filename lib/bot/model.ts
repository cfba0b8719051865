import { CATALOG, type Catalog } from '../../lambdas/contracts/catalog';
import type { Faq } from '../../lambdas/contracts/faq';
import type { Locale } from '../../lambdas/contracts/locales';
import { ORDER_NUMBER_LEX_REGEX } from '../../lambdas/contracts/order-number';
import { faqIntentModels } from './faq';
import { REVIEWED_UTTERANCES, type ReviewedUtterances, reviewedFor } from './reviewed';
import type {
  BotLocaleModel,
  BotModel,
  CustomIntentName,
  FaqIntentName,
  IntentModel,
  SlotModel,
  SlotName,
  SlotTypeModel,
} from './types';
import { SAMPLE_UTTERANCES } from './utterances';

/** Our locale → Lex bot locale id. */
export const BOT_LOCALE_IDS = { 'en-US': 'en_US', 'zh-CN': 'zh_CN' } as const satisfies Record<
  Locale,
  string
>;

/** Texts of one locale: slot prompts, confirmation prompts, descriptions. */
interface LocaleTexts {
  readonly description: string;
  readonly voiceId: string;
  readonly prompts: Readonly<Record<SlotName, string>>;
  readonly confirm: Readonly<Partial<Record<CustomIntentName, { prompt: string; declination: string }>>>;
}

/**
 * Static prompts. Lex speaks a slot prompt when it elicits a slot itself; the fulfillment Lambda
 * usually answers first with a more specific sentence (see lambdas/fulfillment/messages.ts).
 * Confirmation prompts reference slots with `{Slot}`, which Lex fills in.
 */
const TEXTS: Readonly<Record<Locale, LocaleTexts>> = {
  'en-US': {
    description: 'Phone shop robot, US English',
    voiceId: 'Joanna',
    prompts: {
      Product: 'Which product would you like?',
      Quantity: 'How many would you like?',
      OrderNumber: 'What is your six-digit order number? You can also key it in.',
      Budget: 'How much would you like to spend?',
      Category: 'Which category: audio, smart home, accessories or robots?',
      UseDetailsOnFile: 'Shall we deliver to the same name and address as your last order? Say yes or no.',
      RecipientName: 'Who should we deliver it to? Please say the full name of the recipient.',
      DeliveryAddress:
        'What is the delivery address? Please say the house number and street, then the city, the state and the ZIP code.',
      UpdatesPhone:
        'May our delivery team phone you about the delivery on the number you are calling from? Say yes or no, or key in another number.',
      AfterSalesReason: 'What is wrong with it, in a few words?',
    },
    confirm: {
      PlaceOrder: {
        prompt: 'That is {Product}, quantity {Quantity}. Shall I place the order?',
        declination: "All right, I haven't placed the order.",
      },
      CancelOrder: {
        prompt: 'Do you want me to cancel order {OrderNumber}?',
        declination: 'All right, your order stays as it is.',
      },
      TextProductLink: {
        prompt:
          "Shall I send one text message with a link to the {Product} to the number you're calling from? Message rates may apply.",
        declination: "All right, I won't send a text.",
      },
    },
  },
  'zh-CN': {
    description: '电话商店机器人，简体中文',
    voiceId: 'Zhiyu',
    prompts: {
      Product: '您想要哪款产品？',
      Quantity: '您要几件？',
      OrderNumber: '请告诉我您的六位订单号，也可以按键输入。',
      Budget: '您的预算是多少？',
      Category: '您想看哪一类：音频设备、智能家居、配件还是机器人？',
      UseDetailsOnFile: '是否按上次订单的收件人和地址配送？请说“是”或“不是”。',
      RecipientName: '请问收件人怎么称呼？请说收件人的姓名。',
      DeliveryAddress: '请说一下收货地址：省、市、区县，以及街道和门牌号。',
      UpdatesPhone:
        '配送时快递员可以打您现在这个号码联系您吗？请说“可以”或“不用”，也可以按键输入另一个手机号。',
      AfterSalesReason: '请简单说一下是什么问题？',
    },
    confirm: {
      PlaceOrder: { prompt: '您要{Quantity}件{Product}，确认下单吗？', declination: '好的，订单没有提交。' },
      CancelOrder: { prompt: '确定要取消订单{OrderNumber}吗？', declination: '好的，订单保持不变。' },
      TextProductLink: {
        prompt: '要我给您现在来电的号码发一条短信，附上{Product}的链接吗？可能产生短信费用。',
        declination: '好的，不给您发短信。',
      },
    },
  },
};

/** Custom slot types of one locale; Product and Category values come from the catalog. */
function slotTypes(locale: Locale, catalog: Catalog): SlotTypeModel[] {
  return [
    {
      name: 'ProductName',
      description: 'Products of the catalog (data/catalog.json)',
      values: catalog.products.map((p) => ({ value: p.names[locale], synonyms: p.synonyms[locale] })),
      resolutionStrategy: 'TOP_RESOLUTION',
    },
    {
      name: 'ProductCategory',
      description: 'Product categories of the catalog (data/catalog.json)',
      values: catalog.categories.map((c) => ({ value: c.names[locale], synonyms: c.synonyms[locale] })),
      resolutionStrategy: 'TOP_RESOLUTION',
    },
    {
      name: 'OrderNumberType',
      description: 'Six-digit order numbers, first digit 1-9',
      values: [],
      resolutionStrategy: 'ORIGINAL_VALUE',
      parentSlotTypeSignature: 'AMAZON.AlphaNumeric',
      regexPattern: ORDER_NUMBER_LEX_REGEX,
    },
  ];
}

function slots(locale: Locale): Readonly<Record<SlotName, SlotModel>> {
  const p = TEXTS[locale].prompts;
  return {
    Product: {
      name: 'Product',
      description: 'The product the caller asks about or orders',
      slotTypeName: 'ProductName',
      slotConstraint: 'Required',
      prompt: p.Product,
      maxRetries: 2,
      obfuscation: 'None',
      allowDtmf: false,
    },
    Quantity: {
      name: 'Quantity',
      description: 'How many units to order',
      slotTypeName: 'AMAZON.Number',
      slotConstraint: 'Required',
      prompt: p.Quantity,
      maxRetries: 2,
      // Any digits a caller says here (a card number instead of a quantity) stay out of Lex logs.
      obfuscation: 'DefaultObfuscation',
      allowDtmf: true,
    },
    OrderNumber: {
      name: 'OrderNumber',
      description:
        "The caller's order number; masked in conversation logs because it links a call to a person",
      slotTypeName: 'OrderNumberType',
      slotConstraint: 'Required',
      prompt: p.OrderNumber,
      maxRetries: 2,
      obfuscation: 'DefaultObfuscation',
      allowDtmf: true,
    },
    Budget: {
      name: 'Budget',
      description: 'Most the caller wants to spend, in major units of the locale currency',
      slotTypeName: 'AMAZON.Number',
      slotConstraint: 'Optional',
      prompt: p.Budget,
      maxRetries: 1,
      obfuscation: 'DefaultObfuscation',
      allowDtmf: true,
    },
    Category: {
      name: 'Category',
      description: 'Product category for a recommendation',
      slotTypeName: 'ProductCategory',
      slotConstraint: 'Optional',
      prompt: p.Category,
      maxRetries: 1,
      obfuscation: 'None',
      allowDtmf: false,
    },
    ...deliverySlots(p),
  };
}

/**
 * The free-form slots: the delivery details of an order, asked for by the code hook after the
 * quantity, and what is wrong with an item in an after-sales request. Free-form
 * answers (the whole utterance is the value), Optional so that Lex never elicits them on its own,
 * and obfuscated, so that conversation logs, were they ever enabled, show `{RecipientName}` instead
 * of a name or an address.
 */
function deliverySlots(
  p: Readonly<Record<SlotName, string>>,
): Pick<
  Record<SlotName, SlotModel>,
  'UseDetailsOnFile' | 'RecipientName' | 'DeliveryAddress' | 'UpdatesPhone' | 'AfterSalesReason'
> {
  const freeForm = (name: SlotName, description: string, allowDtmf = false): SlotModel => ({
    name,
    description,
    slotTypeName: 'AMAZON.FreeFormInput',
    slotConstraint: 'Optional',
    prompt: p[name],
    maxRetries: 1,
    obfuscation: 'DefaultObfuscation',
    allowDtmf,
  });
  return {
    UseDetailsOnFile: freeForm(
      'UseDetailsOnFile',
      "A returning caller's yes or no to the details of their last order",
      true,
    ),
    RecipientName: freeForm('RecipientName', 'Full name of the person the order is delivered to'),
    DeliveryAddress: freeForm('DeliveryAddress', 'Delivery address said in one answer'),
    UpdatesPhone: freeForm(
      'UpdatesPhone',
      'Yes or no to phone calls about the delivery, or another number',
      true,
    ),
    AfterSalesReason: freeForm(
      'AfterSalesReason',
      'What is wrong with an item the caller wants to return, claim under warranty or complain about',
    ),
  };
}

const INTENT_SLOTS: Readonly<Record<CustomIntentName, readonly SlotName[]>> = {
  ProductInfo: ['Product'],
  ProductPrice: ['Product'],
  RecommendProduct: ['Category', 'Budget'],
  PlaceOrder: ['Product', 'Quantity', 'UseDetailsOnFile', 'RecipientName', 'DeliveryAddress', 'UpdatesPhone'],
  OrderStatus: ['OrderNumber'],
  CancelOrder: ['OrderNumber'],
  PayOrder: ['OrderNumber'],
  TalkToAgent: [],
  Goodbye: [],
  WithdrawConsent: [],
  BrowseCatalog: ['Category'],
  AboutBot: [],
  DataRights: [],
  AfterSales: ['OrderNumber', 'AfterSalesReason'],
  OffTopic: [],
  TextProductLink: ['Product'],
};

const DESCRIPTIONS: Readonly<Record<CustomIntentName, string>> = {
  ProductInfo: 'Describe a product',
  ProductPrice: 'Say the price of a product',
  RecommendProduct: 'Recommend products by budget and category',
  PlaceOrder:
    'Order a product: product, quantity, delivery details, read-back of the total and details, confirmation',
  OrderStatus: "Status of one of the caller's own orders",
  CancelOrder: "Cancel one of the caller's own orders before shipping",
  PayOrder: 'Hand over to secure payment (recording suspended, encrypted DTMF) for an order',
  TalkToAgent: 'Transfer to an agent',
  Goodbye: 'End the call',
  WithdrawConsent:
    'Stop recording this call: the code hook hands a recorded caller to the flow, which withdraws consent',
  BrowseCatalog: 'The categories of the catalog, or the products of one category',
  AboutBot: 'Who the caller is talking to (an automated assistant) and what it can do',
  DataRights: 'See, copy, correct or delete personal data: handed to a colleague (or the privacy address)',
  AfterSales:
    "A return, a warranty claim or a complaint about one of the caller's orders: which order, what is wrong, then a back-office case",
  OffTopic: 'Small talk and questions the shop cannot answer: the robot says what it can do',
  TextProductLink:
    "Text a product's link to the number the caller is calling from, once they agreed to that one message",
};

/** Intents that never call the Lambda on dialog turns (nothing to validate). */
const NO_DIALOG_HOOK: ReadonlySet<CustomIntentName> = new Set([
  'TalkToAgent',
  'Goodbye',
  'WithdrawConsent',
  'AboutBot',
  'DataRights',
  'OffTopic',
]);

/** What a bot model is built from besides the catalog (the review loop builds candidates). */
export interface BotModelSources {
  /** @default the shipped data/reviewed-utterances.json */
  readonly reviewed?: ReviewedUtterances;
  /** @default the shipped data/faq.json */
  readonly faq?: Faq;
}

function locale(localeName: Locale, catalog: Catalog, sources: BotModelSources = {}): BotLocaleModel {
  const reviewed = sources.reviewed ?? REVIEWED_UTTERANCES;
  const all = slots(localeName);
  const intents: IntentModel[] = (Object.keys(INTENT_SLOTS) as CustomIntentName[]).map((name) => {
    const confirmation = TEXTS[localeName].confirm[name];
    return {
      name,
      description: DESCRIPTIONS[name],
      sampleUtterances: [
        ...SAMPLE_UTTERANCES[name][localeName],
        ...reviewedFor(reviewed, name, localeName).filter(
          (u) => !SAMPLE_UTTERANCES[name][localeName].includes(u),
        ),
      ],
      slots: INTENT_SLOTS[name].map((s) => all[s]),
      slotElicitationOrder: INTENT_SLOTS[name],
      ...(confirmation ? { confirmation } : {}),
      dialogCodeHook: !NO_DIALOG_HOOK.has(name),
      fulfillmentCodeHook: true,
    };
  });
  // One intent per FAQ entry, its questions the sample utterances: ops change data/faq.json only.
  for (const faq of faqIntentModels(localeName, sources.faq)) {
    intents.push({
      name: faq.name as FaqIntentName,
      description: faq.description,
      sampleUtterances: faq.sampleUtterances,
      slots: [],
      slotElicitationOrder: [],
      dialogCodeHook: false,
      fulfillmentCodeHook: true,
    });
  }
  intents.push({
    name: 'FallbackIntent',
    description: 'Lex built-in fallback: the Lambda asks the caller to rephrase',
    parentIntentSignature: 'AMAZON.FallbackIntent',
    sampleUtterances: [],
    slots: [],
    slotElicitationOrder: [],
    dialogCodeHook: false,
    fulfillmentCodeHook: true,
  });
  return {
    locale: localeName,
    localeId: BOT_LOCALE_IDS[localeName],
    description: TEXTS[localeName].description,
    voiceId: TEXTS[localeName].voiceId,
    nluConfidenceThreshold: 0.4,
    slotTypes: slotTypes(localeName, catalog),
    intents,
  };
}

/**
 * Builds the bot model from a catalog (tests pass their own; the CDK and simulator use
 * {@link BOT_MODEL}).
 */
export function buildBotModel(catalog: Catalog = CATALOG, sources: BotModelSources = {}): BotModel {
  return {
    name: 'PhoneRobotOrderBot',
    description: 'Answers product questions, recommends products and takes orders over the phone',
    idleSessionTtlInSeconds: 300,
    childDirected: false,
    locales: { 'en-US': locale('en-US', catalog, sources), 'zh-CN': locale('zh-CN', catalog, sources) },
  };
}

/** The order bot, one typed source for the CDK (`CfnBot`) and the local Lex stand-in. */
export const BOT_MODEL: BotModel = buildBotModel();
