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

/**
 * Chinese digits as callers read an order number aloud, one by one (幺 is the spoken "one" of phone
 * and order numbers, 两 a colloquial "two").
 */
const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  零: '0',
  〇: '0',
  一: '1',
  幺: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/**
 * Reads an order number from spoken or keyed text: "48 29 13", "482913#", full-width digits, or
 * Chinese digits read one by one ("四八二九幺三"). Place-value numerals ("四十八万…") are not order
 * numbers as anyone reads them and stay invalid.
 */
export function parseOrderNumber(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const digits = [...text.normalize('NFKC').replace(/[\s\-#*，,、]/g, '')]
    .map((c) => CHINESE_DIGITS[c] ?? c)
    .join('');
  return ORDER_NUMBER_PATTERN.test(digits) ? digits : undefined;
}

/** Spaces the digits so text-to-speech reads them one by one ("4 8 2 9 1 3"), in both locales. */
export function speakOrderNumber(orderId: string): string {
  return orderId.split('').join(' ');
}
