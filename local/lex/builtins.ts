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

type WordKind = 'digit' | 'teen' | 'tens' | 'hundred' | 'thousand' | 'and';

function wordKind(word: string): WordKind | undefined {
  if (word === 'and') return 'and';
  if (word === 'hundred') return 'hundred';
  if (word === 'thousand') return 'thousand';
  if (word === 'oh') return 'digit';
  const value = EN_UNITS[word];
  if (value === undefined || word === 'a' || word === 'an') return undefined;
  return value < 10 ? 'digit' : value < 20 ? 'teen' : 'tens';
}

/** Whether a word of this kind continues a number whose last word was of `last` kind. */
function continues(last: WordKind, next: WordKind, group: readonly WordKind[]): boolean {
  switch (next) {
    case 'digit':
      return last === 'tens' || last === 'hundred' || last === 'thousand' || last === 'and';
    case 'teen':
    case 'tens':
      return last === 'hundred' || last === 'thousand' || last === 'and';
    case 'hundred':
      // "five hundred", "nineteen hundred"; not a second hundred in the same thousand.
      return (
        (last === 'digit' || last === 'teen') &&
        !group.slice(group.lastIndexOf('thousand') + 1).includes('hundred')
      );
    case 'thousand':
      return last !== 'thousand' && last !== 'and' && !group.includes('thousand');
    case 'and':
      return last === 'hundred' || last === 'thousand';
  }
}

/**
 * The numbers in a run of English number words, as AMAZON.Number reads them: "twenty five" is 25,
 * "two hundred and five" 205; a word that cannot continue the number before it starts a new one
 * ("thirty four ninety nine" is 34 and 99, not their sum); and three or more single digits in a row
 * are read digit by digit, "oh" as zero ("four eight two nine one three" is 482913, "one oh six" 106),
 * as Lex reads 一二三 as 123.
 */
function englishNumbers(words: readonly { word: string; start: number; end: number }[]): Found[] {
  const groups: { kinds: WordKind[]; words: { word: string; start: number; end: number }[] }[] = [];
  for (const w of words) {
    const kind = wordKind(w.word);
    if (!kind) continue;
    const current = groups.at(-1);
    const last = current?.kinds.at(-1);
    if (current && last && continues(last, kind, current.kinds)) {
      current.kinds.push(kind);
      current.words.push(w);
    } else if (kind !== 'and') groups.push({ kinds: [kind], words: [w] });
  }
  const found: Found[] = [];
  const span = (ws: readonly { start: number; end: number }[], value: string, text: string): Found => ({
    value,
    original: text,
    start: ws[0]?.start ?? 0,
    end: ws.at(-1)?.end ?? 0,
  });
  for (let i = 0; i < groups.length; i++) {
    // A run of single digits, read out one by one.
    let j = i;
    while (j < groups.length && groups[j]?.kinds.length === 1 && groups[j]?.kinds[0] === 'digit') j++;
    if (j - i >= 3) {
      const ws = groups.slice(i, j).flatMap((g) => g.words);
      const digits = ws.map((w) => (w.word === 'oh' ? '0' : String(EN_UNITS[w.word]))).join('');
      found.push(span(ws, digits, ws.map((w) => w.word).join(' ')));
      i = j - 1;
      continue;
    }
    const group = groups[i];
    if (!group) continue;
    // A trailing "and" belongs to the sentence ("two hundred and ..."), and "oh" alone is no number.
    while (group.kinds.at(-1) === 'and') {
      group.kinds.pop();
      group.words.pop();
    }
    if (group.words.length === 1 && group.words[0]?.word === 'oh') continue;
    let total = 0;
    let current = 0;
    for (const w of group.words) {
      if (w.word === 'hundred') current = (current || 1) * 100;
      else if (w.word === 'thousand') {
        total += (current || 1) * 1000;
        current = 0;
      } else if (w.word !== 'and') current += w.word === 'oh' ? 0 : (EN_UNITS[w.word] ?? 0);
    }
    found.push(span(group.words, String(total + current), ''));
  }
  return found;
}

const DIGITS = /[0-9０-９]+(?:[.,][0-9]+)?/g;
const ZH_RUN = /[零〇一幺二两三四五六七八九十百千万]+/g;
const EN_NUMBER_WORDS = [
  ...Object.keys(EN_UNITS).filter((w) => w !== 'a' && w !== 'an'),
  ...Object.keys(EN_SCALES),
].join('|');
/** A run of English number words; "oh" only after the first ("one oh six"), as zero. */
const EN_NUMBER_WORD = new RegExp(
  `\\b(?:${EN_NUMBER_WORDS})(?:[\\s-]+(?:and[\\s-]+)?(?:${EN_NUMBER_WORDS}|oh))*\\b`,
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
    // A lone 一 inside words (一下, 一款, 一直) is an article, not a quantity, unless a measure word of
    // a count follows (一个, 一台, 一副耳机, 一根数据线, 一对音箱, 一盏灯, 一套).
    const original = m[0];
    const after = text.slice(m.index + original.length, m.index + original.length + 1);
    if (original === '一' && !/[个件台只块元份副根对盏套把]/.test(after)) continue;
    const value = parseChineseNumeral(original);
    if (value === undefined || taken(m.index, m.index + original.length)) continue;
    found.push({ value: String(value), original, start: m.index, end: m.index + original.length });
  }
  for (const m of text.matchAll(EN_NUMBER_WORD)) {
    const words = [...m[0].matchAll(/[a-z]+/gi)].map((w) => ({
      word: w[0].toLowerCase(),
      start: m.index + w.index,
      end: m.index + w.index + w[0].length,
    }));
    for (const n of englishNumbers(words)) {
      if (taken(n.start, n.end)) continue;
      found.push({ ...n, original: text.slice(n.start, n.end) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** What a phrase says about a yes/no answer. */
type Signal = 'yes' | 'no' | 'dismiss' | 'cancel' | 'neutral' | 'reset';

/**
 * Phrases in priority order: longer idioms first, so that "no problem" / 没问题 / 没错 are read as
 * yes before "no" / 没 are read as no, and "not sure" / 不知道 as no answer at all. Each match masks
 * its span, so a later, shorter pattern cannot read the same words again.
 *
 * - yes / no: an explicit answer ("yes", "no", 是, 不是). The first explicit answer decides,
 *   because callers lead with it: "yes, cancel it", "no, I said two", 是的，取消吧.
 * - dismiss: words that decline only when nothing explicit was said ("never mind", 算了).
 * - cancel: the word "cancel" / 取消, which declines an order read-back but, when the intent
 *   being confirmed is a cancellation, names the very thing the caller agrees to.
 * - neutral: hedges that answer nothing ("not sure", 不知道); the robot asks again.
 * - reset: a self-correction ("wait", "on second thought", 等等): what came before it no longer
 *   counts ("yes... wait, no" is no).
 */
const PHRASES: readonly (readonly [RegExp, Signal])[] = [
  // English idioms that contain a negation but mean yes, or mean nothing.
  [/\b(?:of course not|certainly not|absolutely not|definitely not|no way)\b/gi, 'no'],
  [/\b(?:no problem|not a problem|no worries|why not|sure thing|no doubt)\b/gi, 'yes'],
  [/\b(?:not sure|i'm not sure|don't know|do not know|not certain|no idea)\b/gi, 'neutral'],
  // "actually" resets only before a no ("yes, actually no"); "yes, actually" stays yes.
  [
    /\b(?:wait|hold on|on second thought|changed my mind|change my mind|actually(?=,?\s+(?:no|not|don't)\b))\b/gi,
    'reset',
  ],
  [/\b(?:never mind|nevermind|forget it|stop)\b/gi, 'dismiss'],
  [/\b(?:cancel|cancell?ed)\b/gi, 'cancel'],
  // Chinese idioms first: 没问题 / 没错 / 不错 / 可不是 mean yes; 不知道 / 不确定 / 不清楚 answer nothing.
  [/(?:没问题|没错|不错|可不是|那当然|当然)/g, 'yes'],
  [/(?:不知道|不确定|不清楚|说不好|不好说|对不起|不好意思)/g, 'neutral'],
  [/(?:等等|等一下|等一等|慢着|改主意)/g, 'reset'],
  [/(?:不要取消|别取消|不用取消)/g, 'no'],
  [/(?:算了|不用了|不要了)/g, 'dismiss'],
  [/取消/g, 'cancel'],
  [/(?:不是|不对|不要|不用|不行|不好|不可以|别|否|没有|不)/g, 'no'],
  [/(?:是的|是|对的|对|好的|好|行|可以|确认|确定|嗯|要的|下单吧)/g, 'yes'],
  // English explicit answers.
  [/\b(?:no|nope|nah|don't|do not|not|never|negative|wrong|incorrect)\b/gi, 'no'],
  [
    /\b(?:yes|yeah|yep|yup|sure|ok|okay|correct|right|confirm|confirmed|please do|go ahead|do it|absolutely|of course|affirmative|sounds good|definitely)\b/gi,
    'yes',
  ],
];

/** Intents whose action word ("cancel", 取消) is what the caller agrees to when confirming. */
const CANCELLING_INTENTS: ReadonlySet<string> = new Set(['CancelOrder']);

/**
 * Reads a yes/no answer to a confirmation prompt. DTMF 1 is yes and 2 is no, as on the consent
 * prompt. Otherwise the phrases of the answer are found in order (see `PHRASES`): after the last
 * self-correction, the first explicit yes or no decides; failing that, a dismissal ("never mind",
 * 算了) is no, and "cancel" / 取消 is no except when the intent being confirmed is itself a
 * cancellation, where "cancel it" agrees. Hedges and anything else give undefined, and the bot
 * asks again.
 *
 * @param text what the caller said or keyed
 * @param _locale the bot locale; unused, because phrases of both languages are looked for (callers
 *   mix them: "OK, 取消吧"), and kept so the call matches what Lex's built-in knows
 * @param intentName the intent being confirmed, when known
 * @returns Confirmed, Denied, or undefined when the answer is neither
 */
export function parseConfirmation(
  text: string,
  _locale: 'en-US' | 'zh-CN',
  intentName?: string,
): 'Confirmed' | 'Denied' | undefined {
  const t = text.normalize('NFKC').trim();
  if (t === '1') return 'Confirmed';
  if (t === '2') return 'Denied';
  let masked = t;
  const found: { at: number; signal: Signal }[] = [];
  for (const [pattern, signal] of PHRASES) {
    masked = masked.replace(pattern, (match: string, offset: number) => {
      found.push({ at: offset, signal });
      return ' '.repeat(match.length);
    });
  }
  found.sort((a, b) => a.at - b.at);
  const lastReset = found.findLastIndex((f) => f.signal === 'reset');
  const counted = found.slice(lastReset + 1);
  const explicit = counted.find((f) => f.signal === 'yes' || f.signal === 'no');
  if (explicit) return explicit.signal === 'yes' ? 'Confirmed' : 'Denied';
  if (counted.some((f) => f.signal === 'dismiss')) return 'Denied';
  if (counted.some((f) => f.signal === 'cancel')) {
    return intentName !== undefined && CANCELLING_INTENTS.has(intentName) ? 'Confirmed' : 'Denied';
  }
  return undefined;
}
