import { randomInt } from 'node:crypto';

/**
 * Order numbers are six digits, first digit 1-9: digits are spoken and keyed (DTMF) the same way
 * in English and Chinese, there are no ambiguous letters, and a leading non-zero digit survives
 * AMAZON.Number-style normalisation. 900,000 values is small, so uniqueness is not assumed: the
 * order is written with `attribute_not_exists(orderId)` and a collision draws a new number.
 */
export const ORDER_NUMBER_PATTERN = /^[1-9]\d{5}$/;

/** The Lex regular expression for the OrderNumber slot type (Lex regex syntax: no `\d`, no `^$`). */
export const ORDER_NUMBER_LEX_REGEX = '[1-9][0-9]{5}';

/** Draws a random order number (cryptographic randomness so numbers are not guessable in sequence). */
export function randomOrderNumber(): string {
  return String(randomInt(100_000, 1_000_000));
}

/** Reads an order number from spoken or keyed text ("48 29 13", "四八二九一三" stays invalid). */
export function parseOrderNumber(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const digits = text.normalize('NFKC').replace(/[\s\-#*]/g, '');
  return ORDER_NUMBER_PATTERN.test(digits) ? digits : undefined;
}

/** Spaces the digits so text-to-speech reads them one by one ("4 8 2 9 1 3"), in both locales. */
export function speakOrderNumber(orderId: string): string {
  return orderId.split('').join(' ');
}
