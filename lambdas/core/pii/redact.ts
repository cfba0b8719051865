import { type NormalisedText, normaliseSpokenDigits } from './normalise';
import { maskStreams } from './streams';
import type { Finding, PiiType, RedactOptions, RedactResult } from './types';
import {
  isCardSchemeNumber,
  isMainlandLandline,
  isMainlandMobile,
  isMainlandNumberWithCountryCode,
  isNanpNumber,
  isPlausiblePrcId,
  isPrcPassport,
  isValidPrcIdChecksum,
  luhnValid,
} from './validators';

/**
 * How the redactor works, and why:
 *
 * 1. Spoken digits are normalised to ASCII digits with an offset map back to the input.
 * 2. E-mail addresses (written or spoken: "john dot smith at example dot com", 艾特, 点) are found
 *    first and masked, so the digits inside them are not read as numbers.
 * 3. Digits joined by spaces, hyphens, commas, brackets or "dash"/杠 form a *run*. Between two
 *    digits of a run there is no boundary (one written number such as "4111"), a weak boundary
 *    (between spoken or single digits: "four one", 幺三, "1 3"; no grouping information), a group
 *    boundary (a plain space between written groups: "138 0013") or a strong one (punctuation, a
 *    change from written to spoken digits, the run's ends). Every candidate window starts and
 *    ends on a boundary.
 * 4. Windows are validated. Checksum-valid IDs with a real region and birth date are trusted
 *    anywhere in a run. Luhn-valid numbers with a card scheme's prefix and length must sit within
 *    two digits of group boundaries (a stray digit is common: "…1111 一下", "oh, 4111…"). Phone
 *    numbers, whose structure is weak, must sit within two digits of strong boundaries. A run after
 *    a context word (account / 账号, passport / 护照, phone / 电话) is taken whole. As a safety
 *    net, any strongly bounded Luhn-valid 13-19 digit or checksum-valid 18-character window is
 *    redacted even without a card scheme or a plausible date.
 * 5. The strongest non-overlapping windows win; the safety net is re-run on what is left until
 *    nothing changes, so the output never holds a Luhn-valid or checksum-valid number.
 */

/** Tag that replaces each redacted span. */
export const PII_TAGS: Readonly<Record<PiiType, string>> = {
  ID_NUMBER: '[ID_NUMBER]',
  PHONE: '[PHONE]',
  CARD: '[CARD]',
  BANK_ACCOUNT: '[BANK_ACCOUNT]',
  EMAIL: '[EMAIL]',
  PASSPORT: '[PASSPORT]',
  NAME: '[NAME]',
  ADDRESS: '[ADDRESS]',
  SENSITIVE: '[SENSITIVE]',
};

const TYPE_RANK: Readonly<Record<PiiType, number>> = {
  ID_NUMBER: 0,
  CARD: 1,
  PHONE: 2,
  BANK_ACCOUNT: 3,
  PASSPORT: 4,
  EMAIL: 5,
  NAME: 6,
  ADDRESS: 7,
  SENSITIVE: 8,
};

/** Candidate strength: higher tiers win overlaps. */
const TIER_PLAUSIBLE_ID = 6;
const TIER_STRONG = 4;
const TIER_CONTEXT = 3;
const TIER_STRUCTURE = 2;
const TIER_SAFETY_NET = 1;

/** Boundary strengths between two digits of a run. */
const NONE = 0;
const WEAK = 1;
/** A plain space between written groups ("138 0013"): grouping, but not the end of a number. */
const GROUP = 2;
const STRONG = 3;

// --- e-mail ---------------------------------------------------------------------------------------

const LABEL = '[A-Za-z0-9]{1,64}';
const JOIN = '(?:[ \\t]*(?:[._-]|\\bdot\\b|\\bunderscore\\b|\\bdash\\b|\\bhyphen\\b|点|下划线|杠)[ \\t]*)';
const DOT = '(?:[ \\t]*(?:\\.|。|\\bdot\\b|点)[ \\t]*)';
const AT = '(?:[ \\t]*(?:[@＠]|\\bat\\b|艾特)[ \\t]*)';
const TLD = '(?:com|net|org|edu|gov|mil|cn|io|co|us|uk|info|biz|me|hk|tw|de|jp|fr|ca|au)';
// Bounded repetitions and a start only at the beginning of a label keep the scan linear on long
// words and dotted chains (an unbounded pattern backtracks quadratically on "a.a.a.a…").
const EMAIL = new RegExp(
  `(?<![A-Za-z0-9])${LABEL}(?:${JOIN}${LABEL}){0,6}${AT}${LABEL}(?:${DOT}${LABEL}){0,4}?${DOT}${TLD}\\b`,
  'gi',
);

// --- runs -----------------------------------------------------------------------------------------

/** What may join two digits of one number: spaces, punctuation used for grouping, "dash", 杠. */
const SEPARATOR =
  /(?:[ \t\u3000\u00a0]*(?:[,，、.。\-–—‐()（）]|dash|hyphen|横?杠)[ \t\u3000\u00a0]*){1,3}|[ \t\u3000\u00a0]+/iy;
const MAX_SEPARATOR = 12;
/** Shortest digit run that can hold PII (a 7-digit local number, E + 7-digit passport). */
const MIN_RUN = 7;

/** A maximal sequence of digits that may be one or more numbers. */
interface Run {
  /** Index in the normalised text of each digit. */
  readonly pos: number[];
  /** The digits. */
  readonly digits: string;
  /** bounds[k]: boundary strength before digit k; bounds[0] and bounds[n] are strong. */
  readonly bounds: Uint8Array;
  /** Normalised index just after a trailing X check character, or -1. */
  readonly xEnd: number;
  /** Normalised index of a '+' right before the run, or -1. */
  readonly plusAt: number;
  /** Letters right before the run (passport prefix) and where they start, or ''. */
  readonly prefix: string;
  readonly prefixAt: number;
}

interface Candidate {
  readonly type: Exclude<PiiType, 'EMAIL'>;
  readonly tier: number;
  readonly i: number;
  readonly j: number;
  /** Redact the letter prefix with the digits (passports). */
  readonly withPrefix?: boolean;
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

function findRuns(n: NormalisedText, masked: Uint8Array): Run[] {
  const t = n.text;
  const len = t.length;
  const runs: Run[] = [];
  const digitAt = (k: number) => k < len && isDigitCode(t.charCodeAt(k)) && masked[k] === 0;
  let k = 0;
  while (k < len) {
    if (!digitAt(k)) {
      k++;
      continue;
    }
    const pos = [k];
    const gaps: number[] = [STRONG];
    /** Gaps that are one plain space between written digits: grouping unless both sides are single digits. */
    const spaceGaps: number[] = [];
    let p = k;
    for (;;) {
      const q = p + 1;
      if (digitAt(q)) {
        gaps.push(adjacentBoundary(n, p, q));
        pos.push(q);
        p = q;
        continue;
      }
      SEPARATOR.lastIndex = q;
      const m = SEPARATOR.exec(t);
      if (m === null || m[0].length > MAX_SEPARATOR) break;
      const r = q + m[0].length;
      if (!digitAt(r) || masked.subarray(q, r).some((v) => v === 1)) break;
      const sep = m[0];
      const a = n.sourceOf(p);
      const b = n.sourceOf(r);
      if (sep !== ' ' || a !== b) {
        gaps.push(STRONG);
      } else if (a === 'ascii' || a === 'wide') {
        spaceGaps.push(gaps.length);
        gaps.push(WEAK);
      } else {
        gaps.push(WEAK);
      }
      pos.push(r);
      p = r;
    }
    gaps.push(STRONG);
    k = p + 1;
    // Nothing shorter than a local phone number or a passport's digits is redacted.
    if (pos.length < MIN_RUN) continue;
    const bounds = Uint8Array.from(gaps);
    // A plain space between written groups is grouping ("138 0013 8000"), unless both groups are
    // single digits ("1 3 8 …"), which carries no more information than spoken digits.
    for (const g of spaceGaps) {
      if (groupLength(bounds, g, -1) >= 2 || groupLength(bounds, g, 1) >= 2) bounds[g] = GROUP;
    }
    const digits = pos.map((q) => t.charAt(q)).join('');
    const first = pos[0] ?? k;
    const after = t.slice(p + 1, p + 4);
    const x = /^[ -]?[Xx叉](?![A-Za-z])/.exec(after);
    const before = t.slice(Math.max(0, first - 6), first);
    const pre = /(?:^|[^A-Za-z])([A-Z](?:[ -]?[A-Z])?|[A-Za-z]{1,2})([ -]?)$/.exec(before);
    const prefixOk = pre?.[1] !== undefined && (pre[2] === '' || pre[1] === pre[1].toUpperCase());
    runs.push({
      pos,
      digits,
      bounds,
      xEnd: x ? p + 1 + x[0].length : -1,
      plusAt: first > 0 && (t[first - 1] === '+' || t[first - 1] === '＋') ? first - 1 : -1,
      prefix: prefixOk ? (pre?.[1] ?? '').replace(/[ -]/g, '').toUpperCase() : '',
      prefixAt: prefixOk && pre ? first - (pre[1]?.length ?? 0) - (pre[2]?.length ?? 0) : -1,
    });
  }
  return runs;
}

/** Boundary between two digits with nothing in between. */
function adjacentBoundary(n: NormalisedText, p: number, q: number): number {
  if (n.starts[p] === n.starts[q]) return NONE; // one token: "double five", "forty one"
  const a = n.sourceOf(p);
  const b = n.sourceOf(q);
  if (a !== b) return STRONG;
  if (a === 'ascii' || a === 'wide') return NONE; // written digits of one number
  return WEAK; // adjacent Chinese numerals: 幺三八…
}

/** Digits in the written group next to gap `g` in direction `dir` (-1 left, +1 right). */
function groupLength(bounds: Uint8Array, g: number, dir: -1 | 1): number {
  let count = 1;
  let k = dir < 0 ? g - 1 : g + 1;
  while (k > 0 && k < bounds.length - 1 && bounds[k] === NONE) {
    count++;
    k += dir;
  }
  return count;
}

// --- context --------------------------------------------------------------------------------------

type Context = 'bank' | 'passport' | 'phone' | 'other';
/**
 * Bank context outranks a card found inside the run ("账户 6212 2650 7529 5436 434" is one account)
 * but not a plausible ID number, whose checksum, region and date rarely line up by chance.
 */
const TIER_BANK_CONTEXT = 5;

const CONTEXT_WORDS: readonly [Context, RegExp][] = [
  [
    'bank',
    /\b(?:account|acct|routing|iban|bank|sort code)\b|账号|帐号|账户|帐户|银行卡|卡号|开户|存折|收款/gi,
  ],
  ['passport', /\bpassport\b|护照/gi],
  [
    'phone',
    /\b(?:phone|cell|cellphone|mobile|telephone|landline|call me|reach me|call back|callback|text me)\b|电话|手机|座机|联系方式|回电|打给我/gi,
  ],
  [
    'other',
    /\b(?:order|tracking|confirmation|invoice|reference|sku|model|item|product|code|quantity|price|id|identity|card|visa|mastercard|email)\b|订单|单号|快递|运单|编号|型号|货号|商品|数量|价格|金额|身份证|证件|信用卡|邮箱/gi,
  ],
];
const CONTEXT_WINDOW = 40;

/**
 * The nearest context word before input offset `at` decides what a bare number is. A word only
 * labels the first number after it: the search starts after the previous number (`notBefore`).
 */
function contextBefore(source: string, at: number, notBefore: number): Context | undefined {
  const from = Math.max(0, notBefore, at - CONTEXT_WINDOW);
  const window = source.slice(from, at);
  let best: Context | undefined;
  let bestEnd = -1;
  for (const [context, re] of CONTEXT_WORDS) {
    re.lastIndex = 0;
    for (let m = re.exec(window); m !== null; m = re.exec(window)) {
      const end = m.index + m[0].length;
      if (end > bestEnd) {
        bestEnd = end;
        best = context;
      }
    }
  }
  return best;
}

// --- candidates -----------------------------------------------------------------------------------

function isPhone(d: string, nanp: boolean): boolean {
  switch (d.length) {
    case 10:
      return nanp && isNanpNumber(d);
    case 11:
      return isMainlandMobile(d) || isMainlandLandline(d) || (nanp && isNanpNumber(d));
    case 12:
      return isMainlandLandline(d) || isMainlandNumberWithCountryCode(d);
    default:
      return (d.length === 13 || d.length === 15 || d.length === 16) && isMainlandNumberWithCountryCode(d);
  }
}

/**
 * Distance, in digits, from each boundary to the nearest boundary of at least `min` strength on its
 * left and on its right.
 */
function distances(bounds: Uint8Array, min: number): { left: Int32Array; right: Int32Array } {
  const n = bounds.length;
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  let last = 0;
  for (let k = 0; k < n; k++) {
    if ((bounds[k] ?? 0) >= min) last = k;
    left[k] = k - last;
  }
  last = n - 1;
  for (let k = n - 1; k >= 0; k--) {
    if ((bounds[k] ?? 0) >= min) last = k;
    right[k] = last - k;
  }
  return { left, right };
}

function windowCandidates(
  run: Run,
  bounds: Uint8Array,
  covered: Uint8Array,
  nanp: boolean,
  safetyNetOnly: boolean,
): Candidate[] {
  const d = run.digits;
  const n = d.length;
  const out: Candidate[] = [];
  // Cards and IDs may end at a written group; phones, whose structure is weak, only where the
  // number visibly ends (punctuation, a change of script, the end of the run).
  const group = distances(bounds, GROUP);
  const hard = distances(bounds, STRONG);
  let limit = 0;
  for (let i = 0; i < n; i++) {
    // The safety net needs only the ends a reader of the output would see: punctuation, a change of
    // script or a redaction tag; a plain space keeps a run of written digits together.
    if (bounds[i] === NONE || covered[i] === 1 || (safetyNetOnly && bounds[i] !== STRONG)) continue;
    // Windows end before the next redacted digit.
    if (limit <= i) {
      limit = i;
      while (limit < n && covered[limit] === 0) limit++;
    }
    for (let len = safetyNetOnly ? 13 : 10; len <= 19 && i + len <= limit; len++) {
      const j = i + len;
      if (bounds[j] === NONE) continue;
      const strongEnds = bounds[i] === STRONG && bounds[j] === STRONG;
      const anchored = !safetyNetOnly && (group.left[i] ?? 0) + (group.right[j] ?? 0) <= 2;
      const phoneAnchored = !safetyNetOnly && (hard.left[i] ?? 0) + (hard.right[j] ?? 0) <= 2;
      const idLength = len === 18 || (len === 17 && j === n && run.xEnd >= 0);
      // Most windows of a long spoken run are none of these: skip them without slicing.
      if (!strongEnds && !anchored && !phoneAnchored && (safetyNetOnly || !idLength)) continue;
      const s = d.slice(i, j);
      if (idLength) {
        const id = len === 18 ? s : `${s}X`;
        if (!safetyNetOnly && isPlausiblePrcId(id)) {
          out.push({ type: 'ID_NUMBER', tier: TIER_PLAUSIBLE_ID, i, j });
        } else if (strongEnds && isValidPrcIdChecksum(id)) {
          out.push({ type: 'ID_NUMBER', tier: TIER_SAFETY_NET, i, j });
        }
      }
      if (len >= 13 && (anchored || strongEnds) && luhnValid(s)) {
        if (anchored && isCardSchemeNumber(s)) out.push({ type: 'CARD', tier: TIER_STRONG, i, j });
        else if (strongEnds) out.push({ type: 'CARD', tier: TIER_SAFETY_NET, i, j });
      }
      if (phoneAnchored && isPhone(s, nanp)) out.push({ type: 'PHONE', tier: TIER_STRUCTURE, i, j });
    }
  }
  return out;
}

function wholeRunCandidates(run: Run, source: string, n: NormalisedText, contextFrom: number): Candidate[] {
  const len = run.digits.length;
  const out: Candidate[] = [];
  if (run.prefix !== '' && isPrcPassport(`${run.prefix}${run.digits}`)) {
    out.push({ type: 'PASSPORT', tier: TIER_STRUCTURE, i: 0, j: len, withPrefix: true });
  }
  if (len > 30) return out;
  const firstPos = run.prefixAt >= 0 ? run.prefixAt : (run.pos[0] ?? 0);
  const context = contextBefore(source, n.starts[firstPos] ?? 0, contextFrom);
  // A Luhn-valid run after an account word is a bank card and a run that is exactly a mainland
  // mobile number is a phone (the account word belonged to an earlier clause): the card and phone
  // rules label those. North American numbers are too weakly structured to overrule the context.
  const isCardOrPhone = (len >= 13 && len <= 19 && luhnValid(run.digits)) || isMainlandMobile(run.digits);
  if (context === 'bank' && len >= 8 && !isCardOrPhone) {
    out.push({ type: 'BANK_ACCOUNT', tier: TIER_BANK_CONTEXT, i: 0, j: len });
  }
  if (context === 'passport' && len <= 9 && run.prefix.length <= 2) {
    out.push({ type: 'PASSPORT', tier: TIER_CONTEXT, i: 0, j: len, withPrefix: run.prefix !== '' });
  }
  if (context === 'phone' && len >= 7 && len <= 12)
    out.push({ type: 'PHONE', tier: TIER_CONTEXT, i: 0, j: len });
  return out;
}

const byStrength = (a: Candidate, b: Candidate): number =>
  b.tier - a.tier || TYPE_RANK[a.type] - TYPE_RANK[b.type] || b.j - b.i - (a.j - a.i) || a.i - b.i;

/** Greedily takes the strongest candidates that do not overlap anything taken so far. */
function select(cands: Candidate[], covered: Uint8Array, chosen: Candidate[]): number {
  cands.sort(byStrength);
  let added = 0;
  for (const c of cands) {
    if (covered.subarray(c.i, c.j).some((v) => v === 1)) continue;
    covered.fill(1, c.i, c.j);
    chosen.push(c);
    added++;
  }
  return added;
}

function redactRun(
  run: Run,
  source: string,
  n: NormalisedText,
  nanp: boolean,
  contextFrom: number,
): Finding[] {
  const len = run.digits.length;
  const covered = new Uint8Array(len);
  const chosen: Candidate[] = [];
  const bounds = Uint8Array.from(run.bounds);
  select(
    [
      ...windowCandidates(run, bounds, covered, nanp, false),
      ...wholeRunCandidates(run, source, n, contextFrom),
    ],
    covered,
    chosen,
  );
  // Safety net on the leftovers: the edges of what was redacted are now strong boundaries.
  for (;;) {
    for (const c of chosen) {
      bounds[c.i] = STRONG;
      bounds[c.j] = STRONG;
    }
    if (select(windowCandidates(run, bounds, covered, nanp, true), covered, chosen) === 0) break;
  }
  return chosen.map((c) => {
    const firstPos = c.withPrefix && run.prefixAt >= 0 ? run.prefixAt : (run.pos[c.i] ?? 0);
    const lastPos = run.pos[c.j - 1] ?? firstPos;
    let { start, end } = n.toOriginal(firstPos, lastPos + 1);
    if (c.i === 0 && run.plusAt >= 0 && c.type === 'PHONE') start = n.starts[run.plusAt] ?? start;
    if (c.j === len && run.xEnd >= 0 && c.type === 'ID_NUMBER' && c.j - c.i === 17) {
      end = n.ends[run.xEnd - 1] ?? end;
    }
    return { type: c.type, start, end };
  });
}

/**
 * Finds and replaces personal data in a transcript: PRC resident ID numbers (checksum), mainland
 * mobile and landline numbers (and North American numbers outside zh-CN), Luhn-valid card numbers,
 * bank account numbers after an account word, e-mail addresses and passport numbers — written,
 * grouped, spaced or spoken (English number words, "double five", "oh", Chinese numerals incl. 幺
 * and 两). Never throws; pure and synchronous.
 *
 * @param text transcript text as Amazon Transcribe writes it
 * @param options see {@link RedactOptions}
 * @returns the text with each finding replaced by its tag (e.g. `[PHONE]`), and the findings
 *   (type and input offsets only, never the value), sorted by offset
 */
export function redact(text: string, options: RedactOptions = {}): RedactResult {
  if (typeof text !== 'string' || text.length === 0)
    return { text: typeof text === 'string' ? text : '', findings: [] };
  const n = normaliseSpokenDigits(text);
  const masked = new Uint8Array(n.text.length);
  const findings: Finding[] = [];
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(n.text); m !== null; m = EMAIL.exec(n.text)) {
    const { start, end } = n.toOriginal(m.index, m.index + m[0].length);
    masked.fill(1, m.index, m.index + m[0].length);
    findings.push({ type: 'EMAIL', start, end });
  }
  const nanp = options.locale !== 'zh-CN';
  let previousEnd = 0;
  const numbers: Finding[] = [];
  for (const run of findRuns(n, masked)) {
    numbers.push(...redactRun(run, text, n, nanp, previousEnd));
    previousEnd = n.ends[run.pos[run.pos.length - 1] ?? 0] ?? previousEnd;
  }
  findings.push(...maskStreams(text, n, masked, numbers, nanp));
  findings.sort((a, b) => a.start - b.start || b.end - a.end);

  const merged: Finding[] = [];
  for (const f of findings) {
    const last = merged[merged.length - 1];
    if (last !== undefined && f.start < last.end) {
      // Cannot happen with well-formed runs; kept so the output never re-exposes a covered digit.
      if (f.end > last.end) merged[merged.length - 1] = { ...last, end: f.end };
      continue;
    }
    merged.push(f);
  }
  return applyFindings(text, merged);
}

/** Replaces disjoint, sorted findings by their tags. */
export function applyFindings(text: string, findings: readonly Finding[]): RedactResult {
  const parts: string[] = [];
  let at = 0;
  for (const f of findings) {
    parts.push(text.slice(at, f.start), PII_TAGS[f.type]);
    at = f.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), findings };
}
