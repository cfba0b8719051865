/**
 * Spoken-digit normaliser. Transcripts spell numbers the way people say them ("four one one one",
 * "double five", "oh", 幺三八, 两, full-width digits); the validators need ASCII digits. This
 * module rewrites every spoken digit into ASCII digits and keeps, for every character of the
 * rewritten text, the span of the input it came from, so that a match in the rewritten text maps
 * back to exact input offsets.
 */

/** Digits of English unit words. "o" is read as zero only when it is not part of "o'clock". */
const EN_UNITS: Readonly<Record<string, string>> = {
  zero: '0',
  oh: '0',
  o: '0',
  nought: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};
const EN_TEENS: Readonly<Record<string, string>> = {
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
};
const EN_TENS: Readonly<Record<string, string>> = {
  twenty: '2',
  thirty: '3',
  forty: '4',
  fifty: '5',
  sixty: '6',
  seventy: '7',
  eighty: '8',
  ninety: '9',
};
/** Chinese numerals incl. 幺 (1 when reading out numbers), 两 (2), 〇/○ and financial forms. */
/** Chinese numerals of one digit (daily and financial forms) as ASCII digits. */
export const ZH_DIGITS: Readonly<Record<string, string>> = {
  零: '0',
  〇: '0',
  '○': '0',
  一: '1',
  幺: '1',
  壹: '1',
  二: '2',
  两: '2',
  贰: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};

const UNIT_WORDS = "zero|oh|o(?!')|nought|one|two|three|four|five|six|seven|eight|nine";
const SPOKEN = new RegExp(
  [
    `\\b(?:(double|triple)[\\s-]+(${UNIT_WORDS}|\\d)`,
    `(${Object.keys(EN_TENS).join('|')})(?:[\\s-]+(one|two|three|four|five|six|seven|eight|nine))?`,
    `(${Object.keys(EN_TEENS).join('|')})`,
    `(${UNIT_WORDS})`,
    `(hundred|thousand))\\b`,
    `([${Object.keys(ZH_DIGITS).join('')}０-９])`,
    // A letter O written among digits ("818-555-O120"): a zero.
    '(?<=\\d[-\\s]?)([Oo])(?=\\d)|(?<=\\d)([Oo])(?=[-\\s]?\\d)',
  ].join('|'),
  'gi',
);
/** A counted digit: 四个零 (0000), 两个幺 (11), "four zeros", "three sevens". */
const COUNTED = new RegExp(
  `([两二三四五六])个([${Object.keys(ZH_DIGITS).join('')}])|\\b(two|three|four|five|six) (zeros|ohs|ones|twos|threes|fours|fives|sixes|sevens|eights|nines)\\b`,
  'iy',
);
const PLURAL_DIGIT: Readonly<Record<string, string>> = {
  zeros: '0',
  ohs: '0',
  ones: '1',
  twos: '2',
  threes: '3',
  fours: '4',
  fives: '5',
  sixes: '6',
  sevens: '7',
  eights: '8',
  nines: '9',
};

/**
 * Where a normalised digit came from: an ASCII digit, a full-width digit, a Chinese numeral or an
 * English word. A change of source between two digits is a strong hint of a number boundary.
 */
export type DigitSource = 'ascii' | 'wide' | 'zh' | 'en';

/** A text with spoken digits rewritten as ASCII digits, and the way back to input offsets. */
export interface NormalisedText {
  /** The input. */
  readonly source: string;
  /** The rewritten text: same as the input except that spoken digits are ASCII digits. */
  readonly text: string;
  /** Input offset where the token behind each character of `text` starts. */
  readonly starts: Int32Array;
  /** Input offset (exclusive) where the token behind each character of `text` ends. */
  readonly ends: Int32Array;
  /** Maps a span `[start, end)` of `text` (end > start) to the input span it came from. */
  toOriginal(start: number, end: number): { start: number; end: number };
  /** What kind of token produced the character at `index` of `text` (meaningful for digits). */
  sourceOf(index: number): DigitSource;
}

const isAsciiDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isFullWidthDigitCode = (c: number): boolean => c >= 0xff10 && c <= 0xff19;

/**
 * Rewrites spoken and written-out digits as ASCII digits: English unit words, "oh", "double X",
 * "triple X", teens, tens ("forty one" → 41), "hundred"/"thousand" right after a digit
 * ("eight hundred" → 800), Chinese numerals (零〇一幺二两…九 and 壹贰…), full-width digits.
 * Multipliers such as 十/百/千 are left alone: people do not read phone or card numbers that way, and
 * keeping them breaks prices and quantities into harmless short runs.
 *
 * @param source transcript text
 * @returns the rewritten text with offset maps back into `source`
 */
export function normaliseSpokenDigits(source: string): NormalisedText {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let copied = 0;
  /** End (input offset) of the last digit token emitted, for the "eight hundred" rule. */
  let lastDigitEnd = -1;

  const copyUpTo = (to: number) => {
    for (let i = copied; i < to; i++) {
      out.push(source.charAt(i));
      starts.push(i);
      ends.push(i + 1);
    }
    copied = to;
  };
  const emit = (digits: string, from: number, to: number) => {
    for (const d of digits) {
      out.push(d);
      starts.push(from);
      ends.push(to);
    }
    copied = to;
    lastDigitEnd = to;
  };

  SPOKEN.lastIndex = 0;
  for (let m = SPOKEN.exec(source); m !== null; m = SPOKEN.exec(source)) {
    const from = m.index;
    COUNTED.lastIndex = from;
    const counted = COUNTED.exec(source);
    if (counted !== null) {
      const times = Number(ZH_DIGITS[counted[1] ?? ''] ?? EN_UNITS[(counted[3] ?? '').toLowerCase()] ?? '0');
      const digit = ZH_DIGITS[counted[2] ?? ''] ?? PLURAL_DIGIT[(counted[4] ?? '').toLowerCase()] ?? '';
      copyUpTo(from);
      emit(digit.repeat(times), from, COUNTED.lastIndex);
      SPOKEN.lastIndex = COUNTED.lastIndex;
      continue;
    }
    const to = from + m[0].length;
    let digits: string | undefined;
    if (m[1] !== undefined && m[2] !== undefined) {
      const unit = EN_UNITS[m[2].toLowerCase()] ?? m[2];
      digits = unit.repeat(m[1].toLowerCase() === 'double' ? 2 : 3);
    } else if (m[3] !== undefined) {
      digits = `${EN_TENS[m[3].toLowerCase()] ?? ''}${m[4] !== undefined ? (EN_UNITS[m[4].toLowerCase()] ?? '') : '0'}`;
    } else if (m[5] !== undefined) {
      digits = EN_TEENS[m[5].toLowerCase()];
    } else if (m[6] !== undefined) {
      digits = EN_UNITS[m[6].toLowerCase()];
    } else if (m[7] !== undefined) {
      // Only a multiplier of a digit just said ("eight hundred"); "a hundred" stays a word.
      const saidDigit =
        (lastDigitEnd >= 0 && /^[ \t]+$/.test(source.slice(lastDigitEnd, from))) ||
        /\d[ \t]+$/.test(source.slice(Math.max(0, from - 8), from));
      if (saidDigit) {
        digits = m[7].toLowerCase() === 'hundred' ? '00' : '000';
      }
    } else if (m[9] !== undefined || m[10] !== undefined) {
      digits = '0';
    } else if (m[8] !== undefined) {
      const c = m[8].charCodeAt(0);
      digits = isFullWidthDigitCode(c) ? String.fromCharCode(c - 0xff10 + 48) : ZH_DIGITS[m[8]];
    }
    if (digits === undefined) continue;
    copyUpTo(from);
    emit(digits, from, to);
  }
  copyUpTo(source.length);

  const text = out.join('');
  const startArr = Int32Array.from(starts);
  const endArr = Int32Array.from(ends);
  return {
    source,
    text,
    starts: startArr,
    ends: endArr,
    toOriginal(start: number, end: number) {
      return { start: startArr[start] ?? source.length, end: endArr[end - 1] ?? source.length };
    },
    sourceOf(index: number): DigitSource {
      const c = source.charCodeAt(startArr[index] ?? 0);
      if (isAsciiDigitCode(c)) return 'ascii';
      if (isFullWidthDigitCode(c)) return 'wide';
      return c > 0x2e80 || c === 0x25cb ? 'zh' : 'en';
    },
  };
}
