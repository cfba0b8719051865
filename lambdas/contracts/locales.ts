/**
 * The locales phone-robot speaks, in the two spellings AWS uses: BCP 47 (`zh-CN`, Connect, Polly,
 * Transcribe, our tables and lake) and Lex V2 bot locale ids (`zh_CN`). The one definition the
 * CDK app, the functions and the offline runtime share.
 */

/** Locales the robot can speak; the bot, notices and prompts exist for each. */
export const SUPPORTED_LOCALES = ['zh-CN', 'en-US'] as const;
/** A locale the robot can speak. */
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Lex V2 locale ids of the bot locales we build. */
export const LEX_LOCALE_IDS = ['zh_CN', 'en_US'] as const;
/** A Lex V2 bot locale id. */
export type LexLocaleId = (typeof LEX_LOCALE_IDS)[number];

/** Our locale → the Lex V2 bot locale id (Lex uses an underscore, BCP 47 a hyphen). */
export const LEX_LOCALE_ID_BY_LOCALE: Readonly<Record<Locale, LexLocaleId>> = {
  'zh-CN': 'zh_CN',
  'en-US': 'en_US',
};
/** The Lex V2 bot locale id → our locale. */
export const LOCALE_BY_LEX_LOCALE_ID: Readonly<Record<LexLocaleId, Locale>> = {
  zh_CN: 'zh-CN',
  en_US: 'en-US',
};

/** Whether a string is one of our locales (BCP 47 spelling). */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Maps any string to one of our locales, or undefined when it is neither form of a supported one. */
export function toLocale(value: unknown): Locale | undefined {
  if (typeof value !== 'string') return undefined;
  const normalised = value.replace('_', '-');
  return isLocale(normalised) ? normalised : undefined;
}

/**
 * An IANA time zone as a caller's language names it ("China Standard Time", "中国标准时间"): how
 * the agents' hours are said (the flow's closed prompt, the FAQ). Named on a fixed winter day, so
 * a text rendered once does not change with the season it was rendered in.
 */
export function timeZoneName(timeZone: string, locale: Locale): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'long' }).formatToParts(
    new Date('2026-01-15T12:00:00Z'),
  );
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}
