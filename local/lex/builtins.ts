/**
 * Local stand-ins for the Lex built-in slot types the bot uses: AMAZON.Number (digits, English
 * number words, Chinese numerals) and AMAZON.Confirmation-style yes/no. Each finder returns the
 * span it matched so the classifier can replace it with a slot token.
 */

/** A value found in an utterance. */
export interface Found {
  /** Normalised value (digits for numbers). */
  readonly value: string;
  /** The text as the caller said it. */
  readonly original: string;
  readonly start: number;
  readonly end: number;
}

const EN_UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  a: 1,
  an: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const EN_SCALES: Readonly<Record<string, number>> = { hundred: 100, thousand: 1000 };

const ZH_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  幺: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const ZH_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/**
 * Value of a run of Chinese numerals: positional (三百五十, 两千, 十二) or digit by digit
 * (一二三四五六, as order numbers are read out).
 */
export function parseChineseNumeral(run: string): number | undefined {
  if (run.length === 0) return undefined;
  const chars = [...run];
  if (chars.every((c) => c in ZH_DIGITS) && chars.length > 1) {
    return Number(chars.map((c) => ZH_DIGITS[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const c of chars) {
    if (c in ZH_DIGITS) {
      digit = ZH_DIGITS[c];
    } else if (c === '万') {
      section = (section + (digit ?? 0)) * 10000;
      total += section;
      section = 0;
      digit = undefined;
    } else if (c in ZH_UNITS) {
      section += (digit ?? 1) * (ZH_UNITS[c] ?? 1);
      digit = undefined;
    } else {
      return undefined;
    }
  }
  return total + section + (digit ?? 0);
}

/** Value of English number words such as "twenty five" or "two hundred". */
function parseEnglishWords(words: readonly string[]): number | undefined {
  let total = 0;
  let current = 0;
  let any = false;
  for (const w of words) {
    if (w in EN_UNITS) {
      current += EN_UNITS[w] ?? 0;
      any = true;
    } else if (w in EN_SCALES) {
      current = (current || 1) * (EN_SCALES[w] ?? 1);
      if (w === 'thousand') {
        total += current;
        current = 0;
      }
      any = true;
    } else if (w === 'and') {
      // "one hundred and five"
    } else return undefined;
  }
  return any ? total + current : undefined;
}

const DIGITS = /[0-9０-９]+(?:[.,][0-9]+)?/g;
const ZH_RUN = /[零〇一幺二两三四五六七八九十百千万]+/g;
const EN_NUMBER_WORD = new RegExp(
  `\\b(?:${[...Object.keys(EN_UNITS).filter((w) => w !== 'a' && w !== 'an'), ...Object.keys(EN_SCALES)].join('|')})(?:[\\s-]+(?:and[\\s-]+)?(?:${[...Object.keys(EN_UNITS).filter((w) => w !== 'a' && w !== 'an'), ...Object.keys(EN_SCALES)].join('|')}))*\\b`,
  'gi',
);

/**
 * Finds every number in an utterance (AMAZON.Number): digits (full-width too), English number
 * words, Chinese numerals. Spans never overlap.
 */
export function findNumbers(text: string): Found[] {
  const found: Found[] = [];
  const taken = (s: number, e: number) => found.some((f) => s < f.end && e > f.start);
  for (const m of text.matchAll(DIGITS)) {
    const original = m[0];
    const value = original.normalize('NFKC').replace(',', '.');
    found.push({ value: String(Number(value)), original, start: m.index, end: m.index + original.length });
  }
  for (const m of text.matchAll(ZH_RUN)) {
    // A lone 一 inside words (一下, 一款, 一个) is an article, not a quantity, unless a measure word follows.
    const original = m[0];
    const after = text.slice(m.index + original.length, m.index + original.length + 1);
    if (original === '一' && !/[个件台只块元份]/.test(after)) continue;
    const value = parseChineseNumeral(original);
    if (value === undefined || taken(m.index, m.index + original.length)) continue;
    found.push({ value: String(value), original, start: m.index, end: m.index + original.length });
  }
  for (const m of text.matchAll(EN_NUMBER_WORD)) {
    const original = m[0];
    const value = parseEnglishWords(original.toLowerCase().split(/[\s-]+/));
    if (value === undefined || taken(m.index, m.index + original.length)) continue;
    found.push({ value: String(value), original, start: m.index, end: m.index + original.length });
  }
  return found.sort((a, b) => a.start - b.start);
}

const EN_YES =
  /\b(yes|yeah|yep|yup|sure|ok|okay|correct|right|confirm|confirmed|please do|go ahead|do it|absolutely|of course|affirmative)\b/i;
const EN_NO = /\b(no|nope|nah|don't|do not|not|cancel|never mind|negative|stop)\b/i;
const ZH_NO = /(不|没|别|算了|取消|否)/;
const ZH_YES = /(是|对|好|行|可以|确认|确定|嗯|没问题|要的|下单吧)/;

/**
 * Reads a yes/no answer to a confirmation prompt. Negation is checked first: "不是" and "not
 * right" are no. DTMF 1 is yes and 2 is no, as on the consent prompt.
 *
 * @returns Confirmed, Denied, or undefined when the answer is neither
 */
export function parseConfirmation(
  text: string,
  locale: 'en-US' | 'zh-CN',
): 'Confirmed' | 'Denied' | undefined {
  const t = text.normalize('NFKC').trim();
  if (t === '1') return 'Confirmed';
  if (t === '2') return 'Denied';
  if (locale === 'zh-CN' || /[\u4e00-\u9fff]/.test(t)) {
    if (ZH_NO.test(t)) return 'Denied';
    if (ZH_YES.test(t)) return 'Confirmed';
  }
  if (EN_NO.test(t)) return 'Denied';
  if (EN_YES.test(t)) return 'Confirmed';
  return undefined;
}
