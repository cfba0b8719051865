import { inspect } from 'node:util';

/**
 * Card data as the payment Lambda handles it for a few milliseconds: decrypted, validated, handed
 * to the gateway, dropped. The number and the expiry live in private fields and serialise
 * (JSON, `util.inspect`, template strings) as brand and last four digits only, so an accidental
 * `logger.info({ card })` or a stored `{ ...request }` can never leak them.
 */

/** Card brands we recognise by number prefix (IIN ranges). */
export const CARD_BRANDS = ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER', 'UNIONPAY', 'JCB', 'UNKNOWN'] as const;
/** A card brand. */
export type CardBrand = (typeof CARD_BRANDS)[number];

/** Card numbers are 12-19 digits (ISO/IEC 7812). */
const PAN_PATTERN = /^\d{12,19}$/;

/** True when the digit string passes the Luhn (mod 10) check. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The brand of a card number by its leading digits; `UNKNOWN` when no range matches. */
export function cardBrand(digits: string): CardBrand {
  const two = Number(digits.slice(0, 2));
  const three = Number(digits.slice(0, 3));
  const four = Number(digits.slice(0, 4));
  if (digits.startsWith('4')) return 'VISA';
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'MASTERCARD';
  if (two === 34 || two === 37) return 'AMEX';
  if (four === 6011 || two === 65 || (three >= 644 && three <= 649)) return 'DISCOVER';
  if (two === 62) return 'UNIONPAY';
  if (four >= 3528 && four <= 3589) return 'JCB';
  return 'UNKNOWN';
}

/** Removes what a keypad or a flow may add around digits (spaces, dashes, the `#` terminator). */
function keyedDigits(text: string): string {
  return text.replace(/[\s\-#*]/g, '');
}

/** A validated card number. Only `brand` and `last4` are readable without {@link CardNumber.reveal}. */
export class CardNumber {
  readonly #digits: string;
  /** Brand derived from the number. */
  readonly brand: CardBrand;
  /** The last four digits (the only digits we may store or log). */
  readonly last4: string;

  private constructor(digits: string) {
    this.#digits = digits;
    this.brand = cardBrand(digits);
    this.last4 = digits.slice(-4);
  }

  /**
   * Parses keyed digits as a card number: 12-19 digits that pass the Luhn check.
   *
   * @returns the card number, or undefined when the input is not a plausible card number
   */
  static parse(text: string): CardNumber | undefined {
    const digits = keyedDigits(text);
    if (!PAN_PATTERN.test(digits) || !luhnValid(digits)) return undefined;
    return new CardNumber(digits);
  }

  /** The full number, for the gateway adapter only. Never log, store or return it. */
  reveal(): string {
    return this.#digits;
  }

  /** Serialises as brand and last four only. */
  toJSON(): { brand: CardBrand; last4: string } {
    return { brand: this.brand, last4: this.last4 };
  }

  /** Prints as brand and last four only. */
  toString(): string {
    return `${this.brand} ****${this.last4}`;
  }

  /** `console.log` / `util.inspect` print the masked form too. */
  [inspect.custom](): string {
    return `CardNumber(${this.toString()})`;
  }
}

/** A card expiry (month and four-digit year). Serialises masked: expiry dates are card data too. */
export class CardExpiry {
  readonly #month: number;
  readonly #year: number;

  private constructor(month: number, year: number) {
    this.#month = month;
    this.#year = year;
  }

  /**
   * Parses keyed `MMYY` (or `MMYYYY`) digits.
   *
   * @returns the expiry, or undefined when the text is not a valid month and year
   */
  static parse(text: string): CardExpiry | undefined {
    const match = /^(\d{2})(\d{2}|\d{4})$/.exec(keyedDigits(text));
    if (!match) return undefined;
    const month = Number(match[1]);
    const yearText = match[2] ?? '';
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    if (month < 1 || month > 12) return undefined;
    return new CardExpiry(month, year);
  }

  /**
   * True when the card can no longer be used at `now`. A card is valid through the last moment of
   * its expiry month; we compare in UTC, which errs by at most a day at the month boundary.
   */
  isExpired(now: Date): boolean {
    const firstOfNextMonth = Date.UTC(this.#year, this.#month, 1);
    return now.getTime() >= firstOfNextMonth;
  }

  /** Month (1-12) and four-digit year, for the gateway adapter only. Never log or store them. */
  reveal(): { readonly month: number; readonly year: number } {
    return { month: this.#month, year: this.#year };
  }

  /** Serialises masked. */
  toJSON(): string {
    return '**/**';
  }

  /** Prints masked. */
  toString(): string {
    return '**/**';
  }

  /** `console.log` / `util.inspect` print the masked form too. */
  [inspect.custom](): string {
    return 'CardExpiry(**/**)';
  }
}
