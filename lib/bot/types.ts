import type { Locale } from '../../lambdas/contracts/locales';

/**
 * The bot model as plain typed data: the CDK maps it to `CfnBot` (one bot locale per entry of
 * `locales`), and the local simulator implements a Lex stand-in from the same data.
 */

/** Intents we define (their sample utterances live in utterances.ts). */
export const CUSTOM_INTENT_NAMES = [
  'ProductInfo',
  'ProductPrice',
  'RecommendProduct',
  'PlaceOrder',
  'OrderStatus',
  'CancelOrder',
  'PayOrder',
  'TalkToAgent',
  'Goodbye',
  'WithdrawConsent',
  'BrowseCatalog',
  'AboutBot',
  'DataRights',
  'AfterSales',
  'OffTopic',
  'TextProductLink',
] as const;
/** An intent we define. */
export type CustomIntentName = (typeof CUSTOM_INTENT_NAMES)[number];
/** An intent built from an entry of data/faq.json (lib/bot/faq.ts), e.g. `FaqReturns`. */
export type FaqIntentName = `Faq${string}`;
/**
 * Every intent of the bot: ours, the FAQ's, and FallbackIntent (Lex's built-in, required by
 * AWS::Lex::Bot).
 */
export type IntentName = CustomIntentName | FaqIntentName | 'FallbackIntent';

/** Slots of the bot. */
export const SLOT_NAMES = [
  'Product',
  'Quantity',
  'OrderNumber',
  'Budget',
  'Category',
  'UseDetailsOnFile',
  'RecipientName',
  'DeliveryAddress',
  'UpdatesPhone',
  'AfterSalesReason',
] as const;
/** A slot name. */
export type SlotName = (typeof SLOT_NAMES)[number];

/** Names of our custom slot types. */
export type CustomSlotTypeName = 'ProductName' | 'ProductCategory' | 'OrderNumberType';
/**
 * Built-in slot types we use (checked in the Lex V2 built-in slot type list: all three exist for
 * en_US and zh_CN). AMAZON.FreeFormInput takes the whole answer as the value; Lex recognises it only
 * when the slot is elicited, and then neither switches intent nor falls back.
 */
export type BuiltInSlotTypeName = 'AMAZON.Number' | 'AMAZON.AlphaNumeric' | 'AMAZON.FreeFormInput';

/** One value of a custom slot type with its synonyms (CfnBot `SlotTypeValue`). */
export interface SlotTypeValueModel {
  /** The value Lex resolves to (`sampleValue.value`). */
  readonly value: string;
  /** Other ways a caller says it. */
  readonly synonyms: readonly string[];
}

/** A custom slot type (CfnBot `SlotType`). */
export interface SlotTypeModel {
  readonly name: CustomSlotTypeName;
  readonly description: string;
  /** Values for enumerated types; empty for types extending a built-in. */
  readonly values: readonly SlotTypeValueModel[];
  /**
   * `TOP_RESOLUTION`: Lex fills the slot with the catalog value even when the caller said a synonym.
   * `ORIGINAL_VALUE`: Lex keeps what the caller said (used with a regex filter).
   */
  readonly resolutionStrategy: 'TOP_RESOLUTION' | 'ORIGINAL_VALUE';
  /** Built-in parent (`parentSlotTypeSignature`), for types that narrow a built-in with a regex. */
  readonly parentSlotTypeSignature?: BuiltInSlotTypeName;
  /** Lex regex (`valueRegexFilter.pattern`): no `\d`, anchors or unbounded repeats. */
  readonly regexPattern?: string;
}

/** A slot of an intent (CfnBot `Slot`). */
export interface SlotModel {
  readonly name: SlotName;
  readonly description: string;
  /** A custom slot type name or a built-in signature. */
  readonly slotTypeName: CustomSlotTypeName | BuiltInSlotTypeName;
  /** `Required` slots are elicited before fulfillment; `Optional` ones only when the caller offers them. */
  readonly slotConstraint: 'Required' | 'Optional';
  /** The elicitation prompt. */
  readonly prompt: string;
  /** Re-prompts before Lex gives up on the slot. */
  readonly maxRetries: number;
  /** `DefaultObfuscation` masks the value in Lex conversation logs (CfnBot `obfuscationSetting`). */
  readonly obfuscation: 'None' | 'DefaultObfuscation';
  /** Whether the caller may key the value on the phone keypad (DTMF); digits only. */
  readonly allowDtmf: boolean;
}

/** One intent in one locale (CfnBot `Intent`). */
export interface IntentModel {
  readonly name: IntentName;
  readonly description: string;
  /** `AMAZON.FallbackIntent` for the built-in fallback. */
  readonly parentIntentSignature?: 'AMAZON.FallbackIntent';
  /** Sample utterances (none for FallbackIntent). */
  readonly sampleUtterances: readonly string[];
  readonly slots: readonly SlotModel[];
  /** The order Lex elicits slots in (CfnBot `slotPriorities`, priority = index + 1). */
  readonly slotElicitationOrder: readonly SlotName[];
  /**
   * Confirmation before fulfillment (CfnBot `intentConfirmationSetting`). The fulfillment Lambda
   * normally sends its own read-back (e.g. with the order total); this static prompt is Lex's
   * fallback when the code hook is unavailable.
   */
  readonly confirmation?: { readonly prompt: string; readonly declination: string };
  /** Invoke the Lambda on every dialog turn (validation, read-back). */
  readonly dialogCodeHook: boolean;
  /** Invoke the Lambda to fulfill the intent. */
  readonly fulfillmentCodeHook: boolean;
}

/** One bot locale (CfnBot `BotLocale`). */
export interface BotLocaleModel {
  readonly locale: Locale;
  /** Lex locale id (`en_US`, `zh_CN`). */
  readonly localeId: 'en_US' | 'zh_CN';
  readonly description: string;
  /** Amazon Polly voice Lex uses for this locale when it speaks itself. */
  readonly voiceId: string;
  /** Below this confidence Lex falls back to FallbackIntent. */
  readonly nluConfidenceThreshold: number;
  readonly slotTypes: readonly SlotTypeModel[];
  readonly intents: readonly IntentModel[];
}

/** The whole bot. */
export interface BotModel {
  readonly name: string;
  readonly description: string;
  /** Idle session timeout Lex keeps the conversation for, in seconds. */
  readonly idleSessionTtlInSeconds: number;
  /** Children's privacy declaration CfnBot requires (`dataPrivacy.childDirected`). */
  readonly childDirected: boolean;
  readonly locales: Readonly<Record<Locale, BotLocaleModel>>;
}
