import { createHmac } from 'node:crypto';

/**
 * Caller numbers never leave the edge in the clear: everything we store or log carries an
 * HMAC-SHA256 of the normalised number under a secret key, so records of one caller can be
 * joined (order status, data-subject requests) without anyone being able to read the number.
 */

/** Supplies the HMAC key (raw bytes). */
export interface HmacKeySource {
  key(): Promise<Buffer>;
}

/** Normalises a phone number to `+digits` so the same caller always hashes the same. */
export function normalisePhoneNumber(raw: string): string {
  const digits = raw.replace(/[^\d]/g, '');
  return digits.length === 0 ? '' : `+${digits}`;
}

/**
 * Numbers carriers and PBXs put in the caller-ID field when the caller withheld it: the words
 * ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN, PRIVATE and UNAVAILABLE spelled on a phone keypad.
 * They look like numbers (some even like valid E.164) but are shared by every withheld caller, so
 * an HMAC of one would make all of them one person.
 */
export const WITHHELD_NUMBER_PLACEHOLDERS: readonly string[] = Object.freeze([
  '+266696687', // ANONYMOUS
  '+7378742833', // RESTRICTED
  '+2562533', // BLOCKED
  '+8656696', // UNKNOWN
  '+7748283', // PRIVATE
  '+86282245253', // UNAVAILABLE
]);

/** The endpoint type Connect gives a phone number. */
export const TELEPHONE_NUMBER_TYPE = 'TELEPHONE_NUMBER';

/**
 * The caller's number, normalised to `+digits`, when it plausibly identifies one caller; otherwise
 * undefined (withheld, placeholder or not a phone number), and the caller gets no HMAC.
 *
 * "Plausible E.164" here means all of:
 * - the endpoint `type`, when given, is `TELEPHONE_NUMBER` (not an email, chat or other address);
 * - the address holds only digits with an optional leading `+` and the separators people write
 *   (space, `-`, `.`, parentheses): "anonymous", "Restricted" or a SIP URI are not numbers;
 * - 8 to 15 digits including the country code (E.164 allows at most 15; the few 7-digit
 *   international numbers are treated as withheld, which only costs that caller the order lookup);
 * - the first digit is 1-9 (no country code starts with 0, so `+0000000000` is a filler);
 * - not every digit the same (`+1111111111` is a filler);
 * - not one of {@link WITHHELD_NUMBER_PLACEHOLDERS}.
 *
 * @param address the endpoint address as Connect sent it (may be null or absent)
 * @param type the endpoint type as Connect sent it (may be null or absent)
 */
export function plausibleCallerNumber(
  address: string | null | undefined,
  type?: string | null,
): string | undefined {
  if (typeof address !== 'string') return undefined;
  if (type !== undefined && type !== null && type !== TELEPHONE_NUMBER_TYPE) return undefined;
  const text = address.trim();
  if (!/^\+?[\d\s().-]+$/.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return undefined;
  if (digits.startsWith('0')) return undefined;
  if (/^(\d)\1*$/.test(digits)) return undefined;
  const normalised = `+${digits}`;
  return WITHHELD_NUMBER_PLACEHOLDERS.includes(normalised) ? undefined : normalised;
}

/** HMAC-SHA256 (hex) of a normalised phone number. */
export function callerHmac(phoneNumber: string, key: Buffer): string {
  return createHmac('sha256', key).update(normalisePhoneNumber(phoneNumber)).digest('hex');
}

/** A key given directly, for tests and the offline runtime. */
export class StaticHmacKey implements HmacKeySource {
  constructor(private readonly value: Buffer) {}
  async key(): Promise<Buffer> {
    return this.value;
  }
}
