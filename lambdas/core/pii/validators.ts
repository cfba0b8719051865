/**
 * Validators for the numbers the redactor looks for. They work on plain ASCII digit strings (the
 * spoken-digit normaliser produces those) and never throw: anything malformed is simply invalid.
 */

const isDigits = (s: string): boolean => /^\d+$/.test(s);

/** Weights of ISO 7064 MOD 11-2 for the 17 leading characters of a PRC resident ID number. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for each value of the weighted sum modulo 11. */
const ID_CHECK_CHARS = '10X98765432';

/**
 * The ISO 7064 MOD 11-2 check character (`0`-`9` or `X`) of a PRC resident ID number.
 *
 * @param first17 the 17 leading digits
 * @returns the check character, or undefined when `first17` is not 17 digits
 */
export function prcIdCheckChar(first17: string): string | undefined {
  if (first17.length !== 17 || !isDigits(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11];
}

/**
 * True when an 18-character string has a valid PRC resident ID checksum (ISO 7064 MOD 11-2).
 * Structure (region, birth date) is not checked: see {@link isPlausiblePrcId}.
 */
export function isValidPrcIdChecksum(id: string): boolean {
  if (id.length !== 18) return false;
  const check = prcIdCheckChar(id.slice(0, 17));
  return check !== undefined && check === id.charAt(17).toUpperCase();
}

/** First two digits of PRC administrative region codes (provinces, HK 81, Macau 82, Taiwan 71/83). */
const PRC_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83,
]);

/** True when `yyyymmdd` is a real calendar date between 1900 and 2099. */
export function isCalendarDate(yyyymmdd: string): boolean {
  if (yyyymmdd.length !== 8 || !isDigits(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

/**
 * True when a string is a checksum-valid PRC resident ID number that also has a known province
 * code and a real birth date. Random digit strings pass the checksum one time in eleven; this
 * stricter test is what lets the redactor trust an ID found inside a longer digit run.
 */
export function isPlausiblePrcId(id: string): boolean {
  return (
    isValidPrcIdChecksum(id) && PRC_PROVINCES.has(Number(id.slice(0, 2))) && isCalendarDate(id.slice(6, 14))
  );
}

/** True when a digit string passes the Luhn (mod 10) check. Empty and non-digit strings fail. */
export function luhnValid(digits: string): boolean {
  if (digits.length < 2 || !isDigits(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48;
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * The Luhn check digit to append to `partial` so that the result is Luhn-valid.
 *
 * @returns the digit, or undefined when `partial` is not a digit string
 */
export function luhnCheckDigit(partial: string): string | undefined {
  if (partial.length === 0 || !isDigits(partial)) return undefined;
  for (let d = 0; d <= 9; d++) if (luhnValid(`${partial}${d}`)) return String(d);
  return undefined;
}

/**
 * True when a digit string has the prefix and length of a payment card scheme (Visa, Mastercard,
 * American Express, Discover, JCB, Diners, UnionPay, Maestro). Combined with Luhn this is strong
 * enough to find a card inside a longer run of spoken digits.
 */
export function isCardSchemeNumber(digits: string): boolean {
  const n = digits.length;
  if (n < 13 || n > 19 || !isDigits(digits)) return false;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits.startsWith('4')) return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // American Express
  if (p2 === 62) return n >= 16; // UnionPay
  if (p4 === 6011 || p2 === 65 || (p6 >= 644000 && p6 <= 649999)) return n >= 16; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16; // JCB
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p4 >= 3000 && p4 <= 3059)) return n >= 14; // Diners
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12; // Maestro and other debit ranges
  return false;
}

/**
 * Three-digit prefixes of mainland China mobile numbers (China Mobile, Unicom, Telecom, Broadnet
 * and the virtual operators 162/165/167/170/171), including data-only 14x ranges.
 */
export const MAINLAND_MOBILE_PREFIXES: readonly string[] = Object.freeze([
  ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'],
  ...['145', '146', '147', '148', '149'],
  ...['150', '151', '152', '153', '155', '156', '157', '158', '159'],
  ...['162', '165', '166', '167'],
  ...['170', '171', '172', '173', '175', '176', '177', '178'],
  ...['180', '181', '182', '183', '184', '185', '186', '187', '188', '189'],
  ...['190', '191', '192', '193', '195', '196', '197', '198', '199'],
]);
const MOBILE_PREFIX_SET = new Set(MAINLAND_MOBILE_PREFIXES);

/** True when `digits` is an 11-digit mainland mobile number with an issued prefix. */
export function isMainlandMobile(digits: string): boolean {
  return digits.length === 11 && isDigits(digits) && MOBILE_PREFIX_SET.has(digits.slice(0, 3));
}

/**
 * True when `digits` is a mainland landline number with its trunk-prefixed area code:
 * `0` + two-digit code (10, 20-29) + 8-digit subscriber, or `0` + three-digit code (3xx-9xx)
 * + 7- or 8-digit subscriber. Subscriber numbers never start with 0 or 1.
 */
export function isMainlandLandline(digits: string): boolean {
  const n = digits.length;
  if (n < 10 || n > 12 || !isDigits(digits) || digits[0] !== '0') return false;
  const c1 = digits.charCodeAt(1) - 48;
  if (c1 === 1 || c1 === 2) {
    // Two-digit area code: only 10 and 20-29 exist with a leading 1 or 2.
    if (c1 === 1 && digits[2] !== '0') return false;
    return n === 11 && digits.charCodeAt(3) >= 50;
  }
  if (c1 < 3) return false;
  return (n === 11 || n === 12) && digits.charCodeAt(4) >= 50;
}

/**
 * Splits off the China country code (`86` or `0086`) and validates the national number.
 *
 * @returns true for `86`/`0086` followed by a mobile number or a landline without its trunk `0`
 */
export function isMainlandNumberWithCountryCode(digits: string): boolean {
  const national = digits.startsWith('0086')
    ? digits.slice(4)
    : digits.startsWith('86')
      ? digits.slice(2)
      : '';
  if (national.length === 0) return false;
  return isMainlandMobile(national) || isMainlandLandline(`0${national}`);
}

/**
 * True when `digits` is a North American Numbering Plan number: NXX-NXX-XXXX (N = 2-9, neither
 * code an N11 service code), optionally preceded by the country code 1.
 */
export function isNanpNumber(digits: string): boolean {
  const d = digits.length === 11 && digits[0] === '1' ? digits.slice(1) : digits;
  if (d.length !== 10 || !isDigits(d)) return false;
  const n11 = (at: number) => d[at + 1] === '1' && d[at + 2] === '1';
  return d.charCodeAt(0) >= 50 && d.charCodeAt(3) >= 50 && !n11(0) && !n11(3);
}

/**
 * True when a string has the shape of a PRC passport number: E + 8 digits (e-passport), E + a
 * letter other than I/O + 7 digits (from 2017), G + 8 digits (older ordinary passports), or
 * D/S/P + E + 7 digits (diplomatic, service, public-affairs e-passports). Case-insensitive.
 */
export function isPrcPassport(value: string): boolean {
  return /^(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DSP]E\d{7})$/i.test(value);
}
