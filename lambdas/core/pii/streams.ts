import type { NormalisedText } from './normalise';
import type { Finding, PiiType } from './types';
import {
  isCardSchemeNumber,
  isMainlandLandline,
  isMainlandMobile,
  isMainlandNumberWithCountryCode,
  isNanpNumber,
  isPlausiblePrcId,
  isValidPrcIdChecksum,
  luhnValid,
} from './validators';

/**
 * Numbers as callers say them, and as Amazon Transcribe writes them down: in groups, with fillers,
 * connective words and pauses (commas, ellipses) between the groups ("320102，嗯，19760830，嗯，
 * 4411", "4242, uh, 4242, …", "area code 202, then 555-0143", "the first six are …, and the last
 * four …"), said twice ("19760501，19760501"), corrected ("…5348, I mean, 0146", "…，说错了，6132"),
 * with the ID's check letter after a pause (", X", "ex", 艾克斯, 叉).
 *
 * A *stream* is a sequence of digit groups joined only by such gaps. Every contiguous range of
 * groups is read as the caller most likely meant it — as said, with repeated groups said once, with
 * the digits before a correction replaced by the ones after it — and each reading is validated by
 * length and checksum (GB 11643 ID, Luhn card, phone structure). A validated reading masks its
 * whole range of groups, from the first digit said to the last, so neither the corrected-away digits
 * nor a tail stays readable. Ranges no reading validates are masked by the context word before them
 * (card / ID / phone / account), and a number already found inside a range grows to the range:
 * a partial match never leaves a tail.
 */

/** Digits of one group as normalised text positions. */
interface Group {
  /** Normalised index of each digit. */
  readonly pos: readonly number[];
  readonly digits: string;
  /** The gap before this group holds a correction ("sorry", "I mean", 不对, 说错了). */
  readonly correctedBefore: boolean;
}

/** One stream of digit groups. */
interface Stream {
  readonly groups: readonly Group[];
  /** Normalised index just after a check letter (X) following the last group, or -1. */
  readonly xEnd: number;
  /** Normalised index where a "plus"/"+"/加 or an opening bracket before the first group starts, or -1. */
  readonly plusAt: number;
  /** `plusAt` is a spoken or written plus sign (not a bracket). */
  readonly plus: boolean;
  /** The first digit follows a Latin letter with no space: part of a code (W42…, E123…). */
  readonly afterLetter: boolean;
}

/** The number types a stream can be. */
type NumberType = Extract<PiiType, 'ID_NUMBER' | 'CARD' | 'PHONE' | 'BANK_ACCOUNT'>;

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** What joins the digits inside one group: one space or hyphen. */
const IN_GROUP = /^[ \-\u00a0]$/;

const PUNCT = /[\s\u3000,，、.。…‥·\-–—‐()（）:：;；/?？!！]+/y;

/** Words a caller says between the groups of one number that carry no digits of it. */
const FILLERS = [
  // English fillers and connectives
  'uh',
  'um',
  'umm',
  'uhm',
  'er',
  'erm',
  'ah',
  'hmm',
  'hm',
  'mm',
  'so',
  'okay',
  'ok',
  'yeah',
  'and',
  'then',
  'and then',
  'followed by',
  'after that',
  'dash',
  'hyphen',
  'space',
  'again',
  'area code',
  // what a robot or agent says between the groups it is collecting, and what callers answer
  'next is',
  'next',
  'got it',
  'go on',
  'go ahead',
  'continue',
  'the last group is',
  'and the rest of the number',
  'the rest of the number',
  'i think',
  'yes',
  "it's",
  "that's",
  'again',
  'let me see',
  'let me think',
  'let me check',
  'hold on',
  'hang on',
  'just a sec',
  'the rest is',
  'the rest',
  'my birthday',
  'birthday',
  'date of birth',
  'born on',
  // words before an ID's check letter
  '(?:and )?(?:then )?the letter',
  'and an',
  'an',
  'at the end',
  'letter',
  'capital',
  'uppercase',
  'upper case',
  // digit-bearing connectives, seen after normalisation ("the last four" → "the last 4")
  '(?:the )?(?:first|last|next|final|remaining|other|middle) (?:\\d{1,2} )?(?:digits? |numbers? |part |bit )?(?:are|is)',
  '(?:the )?(?:first|last|next|final|remaining|other|middle) \\d{1,2}(?: digits?| numbers?)?',
  '(?:the )?middle(?: part| bit)?',
  'it starts',
  'starts with',
  'ends with',
  'ending in',
  // Chinese fillers and connectives
  '嗯',
  '呃',
  '啊',
  '额',
  '哦',
  '噢',
  '唔',
  '那个',
  '这个',
  '就是',
  '然后',
  '是',
  '对',
  '呢',
  '吧',
  '再',
  '接着',
  '还有',
  '横杠',
  '杠',
  '空格',
  '(?:开头|前面|中间|后面|结尾|最后|末尾)(?:是|的是)?',
  '(?:前|后|末|最后|倒数)(?:\\d{1,2}|几)位(?:数)?(?:是|的是)?',
  '出生日期(?:是)?',
  '生日(?:是)?',
  // "生日一九七零年零六零二": the year said as a year inside an ID's birth date
  '年',
  '出生年月(?:日)?(?:是)?',
  '号码是',
  '好的',
  '请继续',
  '继续',
  '收到',
  '(?:您)?记好了吗',
  '(?:我)?再说(?:[一1]遍|下)(?:啊)?',
  '还是',
  '然后是(?:个)?',
  '是个',
  '哎呀',
  '哎',
  '唉',
  '(?:我)?(?:想|看)(?:[一1]下|想|看)',
  '等(?:[一1]下|等)',
  '稍等(?:[一1]下)?',
  '大写的',
  '大写',
  '小写的',
  '小写',
];
/** Words that take back what was just said: the digits after them replace the last ones before. */
const CORRECTIONS = [
  'sorry',
  "i'm sorry",
  'i mean',
  'no',
  'wait',
  'no wait',
  'actually',
  'scratch that',
  'correction',
  'oops',
  'my bad',
  '说错了',
  '不好意思(?:我)?(?:重新说)?',
  '我重新说',
  '不对',
  '不是',
  '不是不是',
  '念错了',
  '错了',
  '重说',
  '我重说',
  '哦不对',
];
const byLength = (a: string, b: string) => b.length - a.length;
/** A word ends where a Latin letter is not followed by another (CJK words need no boundary). */
const WORD_END = '(?:(?<![A-Za-z])|(?![A-Za-z]))';
const FILLER = new RegExp(`(?:${[...FILLERS].sort(byLength).join('|')})${WORD_END}`, 'iy');
const CORRECTION = new RegExp(`(?:${[...CORRECTIONS].sort(byLength).join('|')})${WORD_END}`, 'iy');
/** A gap longer than this (normalised characters) or with more words ends the stream. */
const MAX_GAP = 32;
const MAX_GAP_WORDS = 6;

/**
 * Reads what follows a group: punctuation, fillers and corrections (some of which hold digits, such
 * as "the last 4"). Returns where the next group starts, or undefined when something else follows.
 */
function readGap(
  t: string,
  from: number,
  digitAt: (k: number) => boolean,
): { next: number; corrected: boolean } | undefined {
  let at = from;
  let words = 0;
  let corrected = false;
  while (at - from <= MAX_GAP) {
    if (at > from && digitAt(at)) return { next: at, corrected };
    PUNCT.lastIndex = at;
    if (PUNCT.exec(t) !== null) {
      at = PUNCT.lastIndex;
      continue;
    }
    CORRECTION.lastIndex = at;
    const c = CORRECTION.exec(t);
    FILLER.lastIndex = at;
    const f = FILLER.exec(t);
    const m = c !== null && (f === null || c[0].length >= f[0].length) ? c : f;
    if (m === null) return undefined;
    if (m === c) corrected = true;
    at += m[0].length;
    words++;
    if (words > MAX_GAP_WORDS) return undefined;
  }
  return undefined;
}

const CHECK_LETTER = /(?:x|ex|艾克斯|埃克斯|叉)(?![A-Za-z])/iy;

/** The end of an ID's check letter said after the digits ("…, and then the letter X", "…，大写的X"). */
function checkLetterEnd(t: string, from: number): number {
  let at = from;
  for (let words = 0; at - from <= MAX_GAP && words <= MAX_GAP_WORDS; words++) {
    CHECK_LETTER.lastIndex = at;
    if (CHECK_LETTER.exec(t) !== null) return CHECK_LETTER.lastIndex;
    PUNCT.lastIndex = at;
    if (PUNCT.exec(t) !== null) {
      at = PUNCT.lastIndex;
      continue;
    }
    FILLER.lastIndex = at;
    CORRECTION.lastIndex = at;
    const m = FILLER.exec(t) ?? CORRECTION.exec(t);
    if (m === null) return -1;
    at += m[0].length;
  }
  return -1;
}
const PLUS_BEFORE = /(?:\+|＋|plus|加)\s*$/i;

/** Chinese characters that read as digits in a number but also begin ordinary words (一直, 两个). */
const WORD_NUMERALS = new Set(['一', '两']);
const ZH_NUMERAL = /[零〇○一幺二两三四五六七八九壹贰叁肆伍陆柒捌玖\d０-９]/;

/** A 一 or 两 that starts a word after a pause (，一直…, 两个) rather than being a digit of a number. */
function isWordNumeral(n: NormalisedText, k: number): boolean {
  const at = n.starts[k] ?? 0;
  if (!WORD_NUMERALS.has(n.source.charAt(at))) return false;
  const next = n.source.charAt(at + 1);
  const previous = n.source.charAt(at - 1);
  return /[\u3400-\u9fff]/.test(next) && !ZH_NUMERAL.test(next) && !ZH_NUMERAL.test(previous);
}

function findStreams(n: NormalisedText, masked: Uint8Array): Stream[] {
  const t = n.text;
  const len = t.length;
  const digitAt = (k: number) =>
    k >= 0 && k < len && isDigitCode(t.charCodeAt(k)) && masked[k] === 0 && !isWordNumeral(n, k);
  const streams: Stream[] = [];
  let k = 0;
  while (k < len) {
    if (!digitAt(k)) {
      k++;
      continue;
    }
    const groups: Group[] = [];
    let corrected = false;
    let end = k;
    for (;;) {
      // One group: digits joined by nothing or by a single space or hyphen.
      const pos: number[] = [];
      let p = end;
      for (;;) {
        pos.push(p);
        // A change of script (4111 then 幺, digits then words) starts a new group.
        const same = (q: number) => n.sourceOf(q) === n.sourceOf(p);
        if (digitAt(p + 1) && same(p + 1)) p++;
        else if (IN_GROUP.test(t.charAt(p + 1)) && digitAt(p + 2) && same(p + 2)) p += 2;
        else break;
      }
      groups.push({ pos, digits: pos.map((q) => t.charAt(q)).join(''), correctedBefore: corrected });
      end = p + 1;
      if (digitAt(end)) {
        corrected = false;
        continue;
      }
      // The next group, if only a gap separates it.
      const gap = readGap(t, end, digitAt);
      if (gap === undefined) break;
      corrected = gap.corrected;
      end = gap.next;
    }
    let xEnd = checkLetterEnd(t, end);
    // "…，最后是叉，就是那个X": the letter said twice.
    for (let again = xEnd >= 0 ? checkLetterEnd(t, xEnd) : -1; again >= 0; again = checkLetterEnd(t, xEnd))
      xEnd = again;
    const first = groups[0]?.pos[0] ?? k;
    const plus = PLUS_BEFORE.exec(t.slice(Math.max(0, first - 6), first));
    const bracket = first > 0 && (t[first - 1] === '(' || t[first - 1] === '（');
    streams.push({
      groups,
      xEnd,
      plusAt: plus !== null ? first - plus[0].length : bracket ? first - 1 : -1,
      plus: plus !== null,
      afterLetter: first > 0 && /[A-Za-z]/.test(t.charAt(first - 1)),
    });
    k = xEnd >= 0 ? xEnd : end;
  }
  return streams;
}

// --- context --------------------------------------------------------------------------------------

type Context = 'card' | 'id' | 'phone' | 'bank' | 'passport' | 'not-pii';

const CONTEXT_WORDS: readonly [Context, RegExp][] = [
  [
    'card',
    /\b(?:card|visa|mastercard|master card|amex|american express|discover|unionpay|jcb|diners|credit|debit)\b|银行卡|卡号|信用卡|储蓄卡|借记卡|工资卡|银联卡|这张卡|的卡/gi,
  ],
  [
    'id',
    /\b(?:identity card|identity|resident id|resident|national id|id card|id number|id)\b|身份证号码|身份证号|身份证|证件号码|证件号|证件|实名/gi,
  ],
  [
    'phone',
    /\b(?:phone|number i'?m calling from|cell|cellphone|mobile|telephone|landline|call me|reach me|call back|callback|text me|area code)\b|电话|手机|座机|号码|联系方式|回电|回拨|区号|打我|拨打|打/gi,
  ],
  [
    'bank',
    /\b(?<!(?:on|for|to|from|with) (?:the|my|your|this) )(?:account|acct|routing|iban|sort code|checking|savings)\b|账号|帐号|账户|帐户|存折|开户/gi,
  ],
  ['passport', /\bpassport\b|护照/gi],
  [
    'not-pii',
    /\b(?:orders?|tracking|confirmation|invoices?|reference|sku|model|serial|sn|items?|products?|quantity|price|total|hotline|toll[- ]free)\b|订单|单号|快递|运单|物流|编号|型号|货号|序列号|商品|数量|价格|金额|客服|热线|发票号码|发票号|发票|订单号码|快递单号|运单号码/gi,
  ],
];
const CONTEXT_WINDOW = 60;

/** The nearest context word in `source[from, at)`, within {@link CONTEXT_WINDOW} characters. */
function contextBefore(source: string, at: number, from: number): Context | undefined {
  const window = source.slice(Math.max(0, from, at - CONTEXT_WINDOW), at);
  let best: Context | undefined;
  let bestEnd = -1;
  let bestStart = 0;
  for (const [context, re] of CONTEXT_WORDS) {
    re.lastIndex = 0;
    for (let m = re.exec(window); m !== null; m = re.exec(window)) {
      const end = m.index + m[0].length;
      // The nearest word wins; of two ending together the longer (身份证号码 over 号码).
      if (end > bestEnd || (end === bestEnd && m.index < bestStart)) {
        bestEnd = end;
        bestStart = m.index;
        best = context;
      }
    }
  }
  return best;
}

// --- readings -------------------------------------------------------------------------------------

/** How sure a validated reading is: an ID with checksum, region and date beats everything. */
const PLAUSIBLE = 4;
/** Checksums with a card scheme. */
const STRONG = 3;
const LIKELY = 2;
const WEAK = 1;
/** What a context word adds to a reading of its type: a phone after 电话 beats a chance Luhn match, not an ID checksum. */
const CONTEXT_BOOST = 1.5;

interface Reading {
  readonly type: NumberType;
  readonly strength: number;
}

/**
 * Numbers only businesses hold: North American toll-free codes (800, 833, 844, 855, 866, 877, 888)
 * and mainland 400/800 service numbers. A caller reading one out is quoting a company, not
 * giving their own number.
 */
function isBusinessNumber(s: string, nanpLocale: boolean, personal = false): boolean {
  // 1-800-… is a toll-free number in North America and a mobile number (180…) in China. A caller
  // may own a toll-free number ("reach me at 800 …"), never a mainland 400 number.
  const national =
    s.length === 11 && s.startsWith('1') && (nanpLocale || !isMainlandMobile(s)) ? s.slice(1) : s;
  if (!personal && national.length === 10 && /^8(?:00|33|44|55|66|77|88)/.test(national)) return true;
  return s.length === 10 && (s.startsWith('400') || (!nanpLocale && s.startsWith('800')));
}

/** What one reading (digits, with `X` for a check letter) can be; a number may fit several types. */
function validate(s: string, nanp: boolean, negative: boolean, personal: boolean): Reading[] {
  const n = s.length;
  const out: Reading[] = [];
  if (n === 18 && isValidPrcIdChecksum(s)) {
    if (isPlausiblePrcId(s)) out.push({ type: 'ID_NUMBER', strength: PLAUSIBLE });
    else if (!negative) out.push({ type: 'ID_NUMBER', strength: LIKELY });
  }
  // After "order number"/"快递单号" a Luhn or phone match is chance (one number in ten passes Luhn).
  if (s.includes('X') || negative) return out;
  if (n >= 13 && n <= 19 && luhnValid(s)) {
    out.push({ type: 'CARD', strength: isCardSchemeNumber(s) ? STRONG : LIKELY });
  }
  if (
    !isBusinessNumber(s, nanp, personal) &&
    (isMainlandMobile(s) ||
      isMainlandLandline(s) ||
      isMainlandNumberWithCountryCode(s) ||
      (nanp && isNanpNumber(s)))
  ) {
    out.push({ type: 'PHONE', strength: WEAK });
  }
  return out;
}

/**
 * The ways a range of groups may have been meant: as said, repeats once, corrections applied. When
 * the caller corrected themselves, the readings without the correction come first and are marked
 * `uncorrected` (the caller said they were wrong).
 */
function readings(groups: readonly Group[], withX: boolean): { s: string; uncorrected: boolean }[] {
  const asSaid = groups.map((g) => g.digits);
  // A group said again ("19760501，19760501") or the end of the last one again ("…0150, 0150").
  const once = asSaid.filter((d, i) => !(i > 0 && d.length >= 3 && (asSaid[i - 1] ?? '').endsWith(d)));
  const plain = new Set<string>([asSaid.join(''), once.join('')]);
  const out = new Set<string>();
  // One correction: the digits after it replace as many of the last digits before it as needed.
  const at = groups.findIndex((g, i) => i > 0 && g.correctedBefore);
  if (at > 0) {
    const before = groups
      .slice(0, at)
      .map((g) => g.digits)
      .join('');
    const after = groups
      .slice(at)
      .map((g) => g.digits)
      .join('');
    for (let keep = 0; keep <= before.length; keep++) out.add(before.slice(0, keep) + after);
  }
  const x = withX ? 'X' : '';
  const corrected = at > 0;
  const asSaidOnce = asSaid.join('');
  const repeated = once.join('') !== asSaidOnce;
  return [
    // Said again or corrected: the reading as said (with the repeat, without the correction) is
    // not what the caller meant.
    ...[...plain].map((s) => ({ s: `${s}${x}`, uncorrected: corrected || (repeated && s === asSaidOnce) })),
    ...[...out].filter((s) => !plain.has(s)).map((s) => ({ s: `${s}${x}`, uncorrected: false })),
  ];
}

/** What a reading loses when the caller took part of it back. */
const UNCORRECTED_PENALTY = 1.5;

interface Decision {
  readonly type: NumberType;
  readonly strength: number;
  readonly a: number;
  /** Last group, inclusive. */
  readonly b: number;
}

const TYPE_RANK: Readonly<Record<Decision['type'], number>> = {
  ID_NUMBER: 0,
  CARD: 1,
  PHONE: 2,
  BANK_ACCOUNT: 3,
};

/** The type a context word asks for: readings of that type win over others. */
const CONTEXT_TYPE: Readonly<Partial<Record<Context, Decision['type']>>> = {
  card: 'CARD',
  id: 'ID_NUMBER',
  phone: 'PHONE',
};

/** The validated ranges of a stream, largest and strongest first, without overlaps. */
function decide(stream: Stream, nanp: boolean, context: Context | undefined, code: boolean): Decision[] {
  const negative = context === 'not-pii';
  const wanted = context !== undefined ? CONTEXT_TYPE[context] : undefined;
  const g = stream.groups;
  const found: Decision[] = [];
  for (let a = 0; a < g.length; a++) {
    for (let b = a; b < g.length; b++) {
      const last = b === g.length - 1;
      const range = g.slice(a, b + 1);
      let best: Reading | undefined;
      const variants = last && stream.xEnd >= 0 ? [false, true] : [false];
      for (const withX of variants) {
        for (const { s, uncorrected } of readings(range, withX)) {
          for (const found of validate(s, nanp, negative, context === 'phone')) {
            const v = uncorrected ? { ...found, strength: found.strength - UNCORRECTED_PENALTY } : found;
            // A phone is never inside a letter code, nor right after an account or passport word.
            if (v.type === 'PHONE' && (code || context === 'bank' || context === 'passport')) continue;
            // "plus 86 …", "加1…": a country code is said only before a phone number.
            const phoneWanted = wanted === 'PHONE' || (a === 0 && stream.plusAt >= 0 && stream.plus);
            const boosted = v.type === wanted || (v.type === 'PHONE' && phoneWanted);
            const r = boosted ? { ...v, strength: v.strength + CONTEXT_BOOST } : v;
            if (!best || r.strength > best.strength) best = r;
          }
        }
      }
      if (best) found.push({ ...best, a, b });
    }
  }
  found.sort(
    (x, y) => y.strength - x.strength || y.b - y.a - (x.b - x.a) || TYPE_RANK[x.type] - TYPE_RANK[y.type],
  );
  const taken = new Uint8Array(g.length);
  const chosen: Decision[] = [];
  for (const d of found) {
    if (taken.subarray(d.a, d.b + 1).some((v) => v === 1)) continue;
    taken.fill(1, d.a, d.b + 1);
    chosen.push(d);
  }
  return chosen;
}

/** Digits a context word alone is enough for, by context. */
const CONTEXT_MIN_DIGITS: Readonly<Partial<Record<Context, readonly [Decision['type'], number, number]>>> = {
  id: ['ID_NUMBER', 14, 22],
  card: ['CARD', 12, 24],
  phone: ['PHONE', 7, 16],
  bank: ['BANK_ACCOUNT', 8, 24],
};

/**
 * Grows and adds number findings over the streams of a normalised text. `findings` are those the
 * window search found (input offsets); the result replaces every number finding that lies in a
 * stream with one per masked range of groups.
 *
 * @param source the input text
 * @param n its normalised form
 * @param masked normalised positions already redacted (e-mail addresses)
 * @param findings number findings of the window search
 * @param nanp whether North American numbers are searched for
 */
export function maskStreams(
  source: string,
  n: NormalisedText,
  masked: Uint8Array,
  findings: readonly Finding[],
  nanp: boolean,
): Finding[] {
  const out: Finding[] = [];
  const used = new Uint8Array(findings.length);
  let previousEnd = 0;
  for (const stream of findStreams(n, masked)) {
    const g = stream.groups;
    const startOf = (i: number) => n.starts[g[i]?.pos[0] ?? 0] ?? 0;
    const endOf = (i: number) => {
      const pos = g[i]?.pos ?? [];
      if (i === g.length - 1 && stream.xEnd >= 0) return n.ends[stream.xEnd - 1] ?? 0;
      return n.ends[pos[pos.length - 1] ?? 0] ?? 0;
    };
    const streamStart = stream.plusAt >= 0 ? (n.starts[stream.plusAt] ?? startOf(0)) : startOf(0);
    const streamEnd = endOf(g.length - 1);
    // A word labels the first number after it; "tracking number"/"订单号" also the codes that follow.
    const near = contextBefore(source, streamStart, previousEnd);
    const adjoining = previousEnd > 0 && streamStart - previousEnd <= 3;
    const far = near === undefined && adjoining ? contextBefore(source, streamStart, 0) : undefined;
    // Digits right after a letter with no context word are a code (SF…, W42…): never a phone, but
    // a Luhn-valid or checksum-valid number in one is still masked.
    const code = stream.afterLetter && near === undefined && !adjoining;
    const context = near ?? (far === 'not-pii' ? far : undefined);
    previousEnd = streamEnd;
    const negative = context === 'not-pii';

    // Findings of the window search inside this stream.
    const inside: number[] = [];
    findings.forEach((f, i) => {
      if (used[i] === 0 && f.start < streamEnd && f.end > streamStart) inside.push(i);
    });
    const ranges: Decision[] = decide(stream, nanp, context, code);
    const covered = new Uint8Array(g.length);
    for (const d of ranges) covered.fill(1, d.a, d.b + 1);
    // Ranges no reading validates: a window-search finding or a context word decides them whole.
    for (let a = 0; a < g.length; a++) {
      if (covered[a] === 1) continue;
      let b = a;
      while (b + 1 < g.length && covered[b + 1] === 0) b++;
      const from = a === 0 ? streamStart : startOf(a);
      const to = endOf(b);
      const hit = inside
        .map((i) => findings[i] as Finding)
        .filter((f) => f.start < to && f.end > from)
        .sort((x, y) => y.end - y.start - (x.end - x.start))[0];
      const said = g
        .slice(a, b + 1)
        .map((x) => x.digits)
        .join('');
      const digits = said.length;
      const business = isBusinessNumber(said, nanp, context === 'phone');
      const rule = context !== undefined ? CONTEXT_MIN_DIGITS[context] : undefined;
      if (hit?.type === 'PASSPORT' || (context === 'passport' && digits <= 9)) {
        // Passports (a letter and digits) are the window search's: kept as it found them.
      } else if (rule && digits >= rule[1] && digits <= rule[2] && !(rule[0] === 'PHONE' && business)) {
        ranges.push({ type: rule[0], strength: WEAK, a, b });
      } else if (hit && !negative && hit.type !== 'EMAIL' && !(hit.type === 'PHONE' && (code || business))) {
        ranges.push({ type: hit.type as NumberType, strength: WEAK, a, b });
      }
      a = b;
    }
    for (const i of inside) used[i] = 1;
    for (const d of ranges) {
      out.push({ type: d.type, start: d.a === 0 ? streamStart : startOf(d.a), end: endOf(d.b) });
    }
    // A passport found by the window search (letter prefix) stays as it was.
    for (const i of inside) {
      const f = findings[i] as Finding;
      if (f.type === 'PASSPORT' && !out.some((o) => o.start < f.end && o.end > f.start)) out.push(f);
    }
  }
  findings.forEach((f, i) => {
    if (used[i] === 0) out.push(f);
  });
  return out;
}
