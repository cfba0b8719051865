import type { Currency } from '../../contracts/catalog';
import type { Locale } from '../../contracts/locales';

/** Minor units per major unit; both our currencies have two decimals. */
const MINOR_PER_MAJOR: Readonly<Record<Currency, number>> = { USD: 100, CNY: 100 };

/**
 * Formats an integer amount of minor units for speech, e.g. 4999 USD → "$49.99" (en-US) or
 * "49.99美元" (zh-CN); 34900 CNY → "349.00元" (zh-CN) or "349.00 yuan" (en-US).
 * Integer arithmetic only: the amount is split into whole and fractional parts, never divided
 * into a float.
 */
export function formatMoney(minor: number, currency: Currency, locale: Locale): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount must be a safe integer, got ${minor}`);
  const per = MINOR_PER_MAJOR[currency];
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / per);
  const cents = String(abs % per).padStart(2, '0');
  const wholeText = locale === 'en-US' ? whole.toLocaleString('en-US') : String(whole);
  const amount = `${wholeText}.${cents}`;
  if (locale === 'en-US') return currency === 'USD' ? `${sign}$${amount}` : `${sign}${amount} yuan`;
  return currency === 'CNY' ? `${sign}${amount}元` : `${sign}${amount}美元`;
}

/** Converts a whole or decimal major-unit budget the caller spoke ("50", "49.5") to minor units. */
export function majorToMinor(text: string, currency: Currency): number | undefined {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '0').padEnd(2, '0'));
  return whole * MINOR_PER_MAJOR[currency] + fraction;
}
