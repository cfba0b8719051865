/**
 * Generates the labelled PII set (`test/fixtures/pii/labelled.<locale>.json`) from a fixed seed.
 * Every value is synthetic: ID numbers from random region codes and dates with a valid checksum,
 * card numbers from test BIN ranges with a valid Luhn digit, mobile numbers from real prefixes
 * with random subscriber digits, North American numbers in the fictional 555-01XX range.
 * Labels come from how each text is built, never from the redactor.
 *
 *   npx tsx test/support/pii-fixtures.ts && npx biome format --write test/fixtures/pii   # rewrite the fixtures
 *   npm run bench -- pii   # redactor throughput (bench/pii.ts)
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../../lambdas/contracts/locales';
import type { LabelledCase, LabelledSpan } from '../../lambdas/core/pii/evaluate';
import type { PiiType } from '../../lambdas/core/pii/types';
import {
  isCalendarDate,
  isValidPrcIdChecksum,
  luhnCheckDigit,
  luhnValid,
  MAINLAND_MOBILE_PREFIXES,
  prcIdCheckChar,
} from '../../lambdas/core/pii/validators';

const SEED = 20261101;
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pii');

// --- random -----------------------------------------------------------------------------------------

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

// --- synthetic values ----------------------------------------------------------------------------

const REGIONS = [
  '110101',
  '110105',
  '120101',
  '130102',
  '140105',
  '210102',
  '220102',
  '310104',
  '310115',
  '320102',
  '330106',
  '340102',
  '350102',
  '360102',
  '370202',
  '410105',
  '420106',
  '430102',
  '440305',
  '440106',
  '450102',
  '500103',
  '510107',
  '520102',
  '530102',
  '610113',
  '620102',
  '650102',
];

function prcId(g: Gen): string {
  let date = '';
  while (!isCalendarDate(date))
    date = `${g.int(1950, 2008)}${String(g.int(1, 12)).padStart(2, '0')}${String(g.int(1, 31)).padStart(2, '0')}`;
  const first17 = `${g.pick(REGIONS)}${date}${g.digits(3)}`;
  return `${first17}${prcIdCheckChar(first17)}`;
}

/** An 18-digit string that is one digit off a valid ID: must not be redacted as an ID. */
function badChecksumId(g: Gen): string {
  const id = prcId(g);
  const first17 = id.slice(0, 17);
  let check = String(g.int(0, 9));
  while (isValidPrcIdChecksum(`${first17}${check}`)) check = String(g.int(0, 9));
  return `${first17}${check}`;
}

/** Test BIN ranges and card lengths. */
const BINS: readonly [string, number][] = [
  ['411111', 16],
  ['424242', 16],
  ['400005', 16],
  ['401288', 16],
  ['555555', 16],
  ['510510', 16],
  ['222300', 16],
  ['378282', 15],
  ['371449', 15],
  ['601111', 16],
  ['353011', 16],
  ['622202', 19],
  ['621700', 19],
  ['620000', 16],
  ['400000', 13],
];

function card(g: Gen): string {
  const [bin, len] = g.pick(BINS);
  const partial = `${bin}${g.digits(len - bin.length - 1)}`;
  return `${partial}${luhnCheckDigit(partial)}`;
}

function luhnInvalid(g: Gen): string {
  const c = card(g);
  const last = (Number(c.slice(-1)) + g.int(1, 9)) % 10;
  return `${c.slice(0, -1)}${last}`;
}

function mobile(g: Gen): string {
  return `${g.pick(MAINLAND_MOBILE_PREFIXES)}${g.digits(8)}`;
}

const AREA_2 = ['010', '020', '021', '022', '023', '024', '025', '027', '028', '029'];
const AREA_3 = ['0755', '0571', '0512', '0731', '0532', '0871', '0931', '0591', '0351'];

function landline(g: Gen): { area: string; subscriber: string } {
  if (g.chance(0.5)) return { area: g.pick(AREA_2), subscriber: `${g.int(2, 8)}${g.digits(7)}` };
  return { area: g.pick(AREA_3), subscriber: `${g.int(2, 8)}${g.digits(g.chance(0.7) ? 7 : 6)}` };
}

const US_AREAS = ['206', '212', '415', '312', '617', '303', '512', '702', '404', '213'];

function nanp(g: Gen): string {
  return `${g.pick(US_AREAS)}55501${g.digits(2)}`;
}

/** Bank account numbers that are not Luhn-valid (a Luhn-valid one is labelled a card). */
function bankAccount(g: Gen, locale: Locale): string {
  for (;;) {
    const v =
      locale === 'zh-CN'
        ? `${g.pick(['622848', '621226', '601382'])}${g.digits(13)}`
        : g.digits(g.int(9, 12));
    if (!luhnValid(v)) return v;
  }
}

const PASSPORT_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

function passport(g: Gen): string {
  const kind = g.int(0, 2);
  if (kind === 0) return `E${g.digits(8)}`;
  if (kind === 1) return `E${PASSPORT_LETTERS.charAt(g.int(0, PASSPORT_LETTERS.length - 1))}${g.digits(7)}`;
  return `G${g.digits(8)}`;
}

const LOCAL_PARTS = [
  'john.smith',
  'jane_doe',
  'li.wei',
  'zhangsan',
  'wang.fang88',
  'a.chen',
  'm.garcia',
  'test.user7',
];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.cn', 'qq.example.com'];

// --- surface forms -------------------------------------------------------------------------------

const EN_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const ZH_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function group(value: string, sizes: readonly number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const s of sizes) {
    if (at >= value.length) break;
    out.push(value.slice(at, at + s));
    at += s;
  }
  if (at < value.length) out.push(value.slice(at));
  return out;
}

/** Says a digit group in English: words, "oh" for zero, "double"/"triple" for repeats. */
function sayEn(g: Gen, digits: string, useDouble: boolean): string {
  const zero = g.chance(0.5) ? 'oh' : 'zero';
  const words: string[] = [];
  for (let i = 0; i < digits.length; ) {
    if (digits[i] === 'X') {
      words.push('X');
      i += 1;
      continue;
    }
    const d = Number(digits[i]);
    const word = d === 0 ? zero : (EN_WORDS[d] ?? '');
    let run = 1;
    while (digits[i + run] === digits[i] && run < 3) run++;
    if (useDouble && run === 3) {
      words.push(`triple ${word}`);
      i += 3;
    } else if (useDouble && run >= 2) {
      words.push(`double ${word}`);
      i += 2;
    } else {
      words.push(word);
      i += 1;
    }
  }
  return words.join(' ');
}

/** Says digits in Chinese: 幺 for 1 (as when reading numbers out), sometimes 两 for 2 or 〇 for 0. */
function sayZh(g: Gen, digits: string, spaced: boolean): string {
  const yao = g.chance(0.7);
  const liang = g.chance(0.15);
  const ling = g.chance(0.1) ? '〇' : '零';
  const chars = [...digits].map((ch) => {
    if (ch === 'X') return g.chance(0.5) ? 'X' : '叉';
    const d = Number(ch);
    if (d === 1) return yao ? '幺' : '一';
    if (d === 2) return liang ? '两' : '二';
    if (d === 0) return ling;
    return ZH_NUMERALS[d] ?? '';
  });
  return chars.join(spaced ? ' ' : '');
}

type Style =
  | 'plain'
  | 'grouped'
  | 'dashed'
  | 'spoken'
  | 'spoken-grouped'
  | 'spoken-double'
  | 'mixed'
  | 'spaced-digits'
  | 'numerals'
  | 'numerals-spaced'
  | 'numerals-grouped';

const EN_STYLES: readonly Style[] = [
  'plain',
  'grouped',
  'dashed',
  'spoken',
  'spoken-grouped',
  'spoken-double',
  'mixed',
];
const ZH_STYLES: readonly Style[] = [
  'plain',
  'grouped',
  'spaced-digits',
  'numerals',
  'numerals-spaced',
  'numerals-grouped',
  'mixed',
];

/** Renders a digit string (with an optional trailing X) in a given surface style. */
function render(g: Gen, locale: Locale, value: string, sizes: readonly number[], style: Style): string {
  const groups = group(value, sizes);
  switch (style) {
    case 'plain':
      return value;
    case 'grouped':
      return groups.join(' ');
    case 'dashed':
      return groups.join('-');
    case 'spaced-digits':
      return [...value].join(' ');
    case 'spoken':
      return sayEn(g, value, false);
    case 'spoken-grouped':
      return groups.map((x) => sayEn(g, x, false)).join(', ');
    case 'spoken-double':
      return groups.map((x) => sayEn(g, x, true)).join(g.chance(0.5) ? ', ' : ' ');
    case 'numerals':
      return sayZh(g, value, false);
    case 'numerals-spaced':
      return sayZh(g, value, true);
    case 'numerals-grouped':
      return groups.map((x) => sayZh(g, x, false)).join(g.chance(0.5) ? '，' : ' ');
    case 'mixed':
      return groups
        .map((x, i) => (i % 2 === 0 ? x : locale === 'zh-CN' ? sayZh(g, x, false) : sayEn(g, x, false)))
        .join(' ');
  }
}

// --- case builder --------------------------------------------------------------------------------

type Part = string | { readonly type: PiiType; readonly surface: string };

function build(locale: Locale, id: string, parts: readonly Part[], tags: readonly string[]): LabelledCase {
  let text = '';
  const spans: LabelledSpan[] = [];
  for (const p of parts) {
    if (typeof p === 'string') {
      text += p;
    } else {
      spans.push({ type: p.type, start: text.length, end: text.length + p.surface.length });
      text += p.surface;
    }
  }
  return { id, locale, text, spans, tags };
}

interface Pii {
  readonly part: Part;
  readonly tags: string[];
}

function idPii(g: Gen, locale: Locale): Pii {
  const style = g.pick(locale === 'zh-CN' ? ZH_STYLES : EN_STYLES);
  const value = prcId(g);
  return {
    part: { type: 'ID_NUMBER', surface: render(g, locale, value, [6, 8, 4], style) },
    tags: [`id:${style}`],
  };
}

function cardPii(g: Gen, locale: Locale): Pii {
  const style = g.pick(locale === 'zh-CN' ? ZH_STYLES : EN_STYLES);
  const value = card(g);
  const sizes = value.length === 15 ? [4, 6, 5] : [4, 4, 4, 4, 4];
  return { part: { type: 'CARD', surface: render(g, locale, value, sizes, style) }, tags: [`card:${style}`] };
}

function phonePii(g: Gen, locale: Locale): Pii {
  const style = g.pick(locale === 'zh-CN' ? ZH_STYLES : EN_STYLES);
  const kind =
    locale === 'zh-CN'
      ? g.pick(['mobile', 'mobile', 'mobile', 'landline', 'mobile+86'])
      : g.pick(['nanp', 'nanp', 'nanp+1', 'mobile', 'nanp']);
  if (kind === 'landline') {
    const { area, subscriber } = landline(g);
    const value = `${area}${subscriber}`;
    const surface =
      style === 'plain'
        ? value
        : style === 'grouped' || style === 'mixed'
          ? `${area}-${render(g, locale, subscriber, [4, 4], 'grouped')}`
          : render(g, locale, value, [area.length, 4, 4], style);
    return { part: { type: 'PHONE', surface }, tags: [`phone:landline:${style}`] };
  }
  if (kind === 'nanp' || kind === 'nanp+1') {
    const value = nanp(g);
    const body = style === 'plain' ? value : render(g, locale, value, [3, 3, 4], style);
    const surface = kind === 'nanp+1' ? `+1 ${render(g, locale, value, [3, 3, 4], 'grouped')}` : body;
    return {
      part: { type: 'PHONE', surface },
      tags: [`phone:${kind}:${kind === 'nanp+1' ? 'grouped' : style}`],
    };
  }
  const value = mobile(g);
  const body = render(g, locale, value, [3, 4, 4], style);
  const surface = kind === 'mobile+86' ? `+86 ${render(g, locale, value, [3, 4, 4], 'grouped')}` : body;
  return {
    part: { type: 'PHONE', surface },
    tags: [`phone:${kind}:${kind === 'mobile+86' ? 'grouped' : style}`],
  };
}

function bankPii(g: Gen, locale: Locale): Pii {
  const value = bankAccount(g, locale);
  const style = g.pick(['plain', 'grouped'] as const);
  return {
    part: { type: 'BANK_ACCOUNT', surface: render(g, locale, value, [4, 4, 4, 4, 4], style) },
    tags: [`bank:${style}`],
  };
}

function passportPii(g: Gen, locale: Locale): Pii {
  const value = passport(g);
  const letters = value.replace(/\d/g, '');
  const digits = value.slice(letters.length);
  const spoken = g.chance(0.4);
  const surface = spoken
    ? `${[...letters].join(' ')} ${locale === 'zh-CN' ? sayZh(g, digits, false) : sayEn(g, digits, false)}`
    : value;
  return { part: { type: 'PASSPORT', surface }, tags: [`passport:${spoken ? 'spoken' : 'plain'}`] };
}

function emailPii(g: Gen, locale: Locale): Pii {
  const local = g.pick(LOCAL_PARTS);
  const domain = g.pick(DOMAINS);
  const spoken = g.chance(0.5);
  let surface = `${local}@${domain}`;
  if (spoken) {
    surface =
      locale === 'zh-CN'
        ? `${local.replace(/\./g, '点').replace(/_/g, '下划线')}艾特${domain.replace(/\./g, '点')}`
        : `${local.replace(/\./g, ' dot ').replace(/_/g, ' underscore ')} at ${domain.replace(/\./g, ' dot ')}`;
  }
  return { part: { type: 'EMAIL', surface }, tags: [`email:${spoken ? 'spoken' : 'plain'}`] };
}

// --- templates -----------------------------------------------------------------------------------

type Slot = (g: Gen, locale: Locale) => Pii;

const EN_TEMPLATES: readonly [Slot, readonly [string, string][]][] = [
  [
    idPii,
    [
      ['my Chinese ID number is ', ''],
      ['the resident ID on my account is ', ', thanks'],
      ['ID number ', ' please'],
      ['sure, it is ', ''],
      ['my identity card says ', ' okay'],
    ],
  ],
  [
    phonePii,
    [
      ['you can reach me at ', ''],
      ['my number is ', ' thanks'],
      ['call me back on ', ' after five'],
      ['my phone number is ', '.'],
      ['yeah it is ', ' that is my cell'],
      ['text me at ', ' please'],
    ],
  ],
  [
    cardPii,
    [
      ['my card number is ', ''],
      ['charge it to ', ' please'],
      ['the card is ', ', expiry next year'],
      ['okay, ', ' is the number on the card'],
      ['use my visa ', ''],
    ],
  ],
  [
    bankPii,
    [
      ['my account number is ', ''],
      ['the bank account is ', ' thanks'],
    ],
  ],
  [
    passportPii,
    [
      ['my passport number is ', ''],
      ['passport ', ' issued in Beijing'],
    ],
  ],
  [
    emailPii,
    [
      ['my email is ', ''],
      ['send the receipt to ', ' please'],
    ],
  ],
];

const ZH_TEMPLATES: readonly [Slot, readonly [string, string][]][] = [
  [
    idPii,
    [
      ['我的身份证号是', ''],
      ['身份证号码 ', ' 谢谢'],
      ['证件号是', '，麻烦核对一下'],
      ['好的，', '就是我的身份证'],
      ['我 的 身 份 证 是 ', ''],
    ],
  ],
  [
    phonePii,
    [
      ['我的手机号是', ''],
      ['电话 ', ' 谢谢'],
      ['你打这个号码', '就行'],
      ['联系方式是', '，白天都在'],
      ['嗯 ', ' 是我的手机'],
      ['号码是 ', ''],
    ],
  ],
  [
    cardPii,
    [
      ['我的信用卡号是', ''],
      ['刷这张卡 ', ' 吧'],
      ['卡号 ', '，有效期明年'],
      ['好，', '是卡上的号码'],
    ],
  ],
  [
    bankPii,
    [
      ['我的银行账号是', ''],
      ['退款打到账户 ', ' 就行'],
    ],
  ],
  [
    passportPii,
    [
      ['护照号码是', ''],
      ['我的护照 ', ' 北京签发的'],
    ],
  ],
  [
    emailPii,
    [
      ['邮箱是', ''],
      ['发到我的邮箱 ', ' 吧'],
    ],
  ],
];

/** Hard negatives: numbers that look like PII but are not. */
function negative(g: Gen, locale: Locale): { text: string; tag: string } {
  const en = locale === 'en-US';
  const kinds = [
    'order',
    'order-spoken',
    'price',
    'quantity',
    'date',
    'year',
    'time',
    'id-bad-checksum',
    'luhn-invalid',
    'product-code',
    'postcode',
    'long-order',
  ] as const;
  const kind = g.pick(kinds);
  switch (kind) {
    case 'order':
      return { tag: kind, text: en ? `my order number is ${g.digits(8)}` : `订单号是 ${g.digits(8)}` };
    case 'order-spoken': {
      const v = g.digits(g.int(5, 8));
      return { tag: kind, text: en ? `order ${sayEn(g, v, false)} please` : `订单号${sayZh(g, v, false)}` };
    }
    case 'price':
      return en
        ? {
            tag: kind,
            text: g.pick([
              `it costs $${g.int(10, 999)}.${g.digits(2)}`,
              'that is forty nine ninety nine',
              `total 1,${g.digits(3)} dollars`,
            ]),
          }
        : {
            tag: kind,
            text: g.pick([
              `价格是 ${g.int(10, 999)} 元`,
              '一共三百九十九块',
              `总共 1${g.digits(3)}.${g.digits(2)} 元`,
            ]),
          };
    case 'quantity':
      return en
        ? {
            tag: kind,
            text: g.pick([
              `I want ${g.int(2, 20)} of them`,
              'two boxes and one bag please',
              `twenty ${g.pick(['units', 'packs'])}`,
            ]),
          }
        : { tag: kind, text: g.pick([`我要两个`, `买 ${g.int(2, 20)} 件`, '来三箱一袋']) };
    case 'date':
      return en
        ? {
            tag: kind,
            text: g.pick([
              `deliver on 2026-${String(g.int(1, 12)).padStart(2, '0')}-${String(g.int(1, 28)).padStart(2, '0')}`,
              'by November first twenty twenty six',
              `on 11/${g.int(1, 28)}/2026`,
            ]),
          }
        : {
            tag: kind,
            text: g.pick([
              '二零二六年十一月一日送到',
              `${g.int(1, 12)}月${g.int(1, 28)}日到货`,
              `2026-${String(g.int(1, 12)).padStart(2, '0')}-${String(g.int(1, 28)).padStart(2, '0')} 发货`,
            ]),
          };
    case 'year':
      return en
        ? { tag: kind, text: `I bought it in ${g.int(1990, 2026)}` }
        : { tag: kind, text: `我是${g.int(1990, 2026)}年买的` };
    case 'time':
      return en
        ? {
            tag: kind,
            text: g.pick([
              `call me at ${g.int(1, 12)}:${g.pick(['00', '15', '30', '45'])}`,
              'between nine and five',
              'around ten thirty',
            ]),
          }
        : {
            tag: kind,
            text: g.pick(['下午三点半', `${g.int(8, 20)}:${g.pick(['00', '30'])} 送货`, '九点到五点']),
          };
    case 'id-bad-checksum':
      return en
        ? { tag: kind, text: `reference ${badChecksumId(g)}` }
        : { tag: kind, text: `流水号 ${badChecksumId(g)}` };
    case 'luhn-invalid': {
      const v = luhnInvalid(g);
      return en
        ? { tag: kind, text: `the code on the box is ${group(v, [4, 4, 4, 4]).join(' ')}` }
        : { tag: kind, text: `包装上的编码 ${group(v, [4, 4, 4, 4]).join(' ')}` };
    }
    case 'product-code':
      return en
        ? {
            tag: kind,
            text: g.pick([
              `SKU-${g.digits(4)}-B`,
              `model X${g.int(100, 999)}`,
              `part number AB-${g.digits(4)}-${g.digits(2)}`,
            ]),
          }
        : {
            tag: kind,
            text: g.pick([`型号 X${g.int(100, 999)}`, `货号 AB-${g.digits(4)}`, `商品编号 ${g.digits(6)}`]),
          };
    case 'postcode':
      return en
        ? { tag: kind, text: `zip code ${g.digits(5)}` }
        : { tag: kind, text: `邮编 ${g.int(100000, 850000)}` };
    case 'long-order': {
      const v = `2026${g.digits(8)}`;
      return en ? { tag: kind, text: `confirmation ${v}` } : { tag: kind, text: `运单号 ${v}` };
    }
  }
}

/** The labelled set of one locale. */
export function generateLabelledSet(locale: Locale, seed = SEED): LabelledCase[] {
  const g = new Gen(rng(seed + (locale === 'zh-CN' ? 1 : 2)));
  const templates = locale === 'zh-CN' ? ZH_TEMPLATES : EN_TEMPLATES;
  const cases: LabelledCase[] = [];
  const quota: Record<string, number> = {
    idPii: 45,
    phonePii: 70,
    cardPii: 45,
    bankPii: 12,
    passportPii: 12,
    emailPii: 12,
  };
  let n = 0;
  const nextId = () => `${locale}-${String(++n).padStart(3, '0')}`;
  for (const [slot, frames] of templates) {
    for (let k = 0; k < (quota[slot.name] ?? 10); k++) {
      const [before, after] = g.pick(frames);
      const pii = slot(g, locale);
      cases.push(build(locale, nextId(), [before, pii.part, after], pii.tags));
    }
  }
  // Two findings in one utterance, and PII next to a hard negative.
  const joiner = locale === 'zh-CN' ? '，' : ', and ';
  for (let k = 0; k < 25; k++) {
    const a = g.pick(templates);
    const b = g.pick(templates);
    const [aBefore, aAfter] = g.pick(a[1]);
    const [bBefore, bAfter] = g.pick(b[1]);
    const pa = a[0](g, locale);
    const pb = b[0](g, locale);
    cases.push(
      build(
        locale,
        nextId(),
        [aBefore, pa.part, aAfter, joiner, bBefore, pb.part, bAfter],
        ['combo', ...pa.tags, ...pb.tags],
      ),
    );
  }
  for (let k = 0; k < 20; k++) {
    const neg = negative(g, locale);
    const [slot, frames] = g.pick(templates);
    const [before, after] = g.pick(frames);
    const pii = slot(g, locale);
    cases.push(
      build(
        locale,
        nextId(),
        [neg.text, joiner, before, pii.part, after],
        ['combo-negative', `negative:${neg.tag}`, ...pii.tags],
      ),
    );
  }
  for (let k = 0; k < 80; k++) {
    const neg = negative(g, locale);
    cases.push(build(locale, nextId(), [neg.text], [`negative:${neg.tag}`]));
  }
  return cases;
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const set = generateLabelledSet(locale);
    writeFileSync(join(OUT_DIR, `labelled.${locale}.json`), `${JSON.stringify(set, null, 1)}\n`);
    console.log(`${locale}: ${set.length} cases, ${set.reduce((s, c) => s + c.spans.length, 0)} spans`);
  }
}
