import type { Locale } from '../../contracts/locales';

/** Kinds of personal data the redactor finds; each becomes a `[TYPE]` tag in the output. */
export const PII_TYPES = [
  'ID_NUMBER',
  'PHONE',
  'CARD',
  'BANK_ACCOUNT',
  'EMAIL',
  'PASSPORT',
  'NAME',
  'ADDRESS',
  'SENSITIVE',
] as const;
/** The types {@link redact} finds; names, addresses and sensitive facts need {@link redactAll}. */
export const NUMBER_TYPES = ['ID_NUMBER', 'PHONE', 'CARD', 'BANK_ACCOUNT', 'EMAIL', 'PASSPORT'] as const;
/** A kind of personal data the redactor finds. */
export type PiiType = (typeof PII_TYPES)[number];

/**
 * One redacted span. Offsets index the input string (UTF-16 code units, end exclusive). A finding
 * deliberately carries no matched value, so findings can be logged and stored without leaking PII.
 */
export interface Finding {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
}

/** Options of {@link redact}. */
export interface RedactOptions {
  /**
   * Locale of the transcript. Spoken digits of both languages are always understood (callers
   * code-switch); the locale only enables locale-specific, weakly validated patterns
   * (North American numbers are searched for unless the locale is zh-CN).
   * @default undefined (every pattern)
   */
  readonly locale?: Locale;
}

/** The redacted text and where the redactions are in the input. */
export interface RedactResult {
  readonly text: string;
  readonly findings: readonly Finding[];
}
