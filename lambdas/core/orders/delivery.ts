import type { Locale } from '../../contracts/locales';
import { normaliseSpokenDigits } from '../pii';
import { ZH_DIGITS } from '../pii/normalise';
import { isMainlandMobile, isNanpNumber } from '../pii/validators';

/**
 * Delivery details of an order, the minimum a parcel needs: who receives it, where, and whether
 * the delivery team may phone about it. They are collected by the bot as free-form speech
 * (Lex AMAZON.FreeFormInput slots, obfuscated), parsed here, read back for confirmation, and stored
 * only on the order item (the orders table, encrypted with the data key); never in the lake, a log,
 * an order event or a session attribute.
 */

/**
 * The bot's slots that carry delivery details (lib/bot/model.ts), in the order they are asked for.
 * A turn with any of them filled keeps no words in its record, and its Lex utterances are deleted
 * after the call whatever the consent (lambdas/core/after-call).
 */
export const DELIVERY_SLOTS = [
  'UseDetailsOnFile',
  'RecipientName',
  'DeliveryAddress',
  'UpdatesPhone',
] as const;

/** The parts an address must have. */
export type AddressPart = 'street' | 'city' | 'state' | 'zip' | 'province' | 'district';

/** A parsed delivery address. */
export type DeliveryAddress =
  | {
      readonly country: 'US';
      /** House number, street and unit, e.g. "12 Oak Street Apartment 4B". */
      readonly street: string;
      readonly city: string;
      /** USPS two-letter code. */
      readonly state: string;
      readonly zip: string;
    }
  | {
      readonly country: 'CN';
      /** Province or autonomous region; for a municipality (上海市) the municipality itself. */
      readonly province?: string;
      readonly city: string;
      readonly district: string;
      /** Road, number, building and room, e.g. 文三路88号3号楼2单元501室. */
      readonly street: string;
    };

/** How the delivery team may phone about the delivery, as the caller agreed. */
export type DeliveryUpdates =
  /** The number the caller called from (read from Amazon Connect when the order is placed). */
  | { readonly channel: 'CALLING_NUMBER'; readonly number?: string }
  /** A number the caller keyed in or said. */
  | { readonly channel: 'NUMBER'; readonly number: string }
  /** No phone calls about the delivery. */
  | { readonly channel: 'NONE' };

/** The delivery details stored on an order. */
export interface DeliveryDetails {
  readonly name: string;
  /**
   * Parsed parts. `unparsed` (the caller's words) is the shape for an address taken by an agent;
   * the bot never stores one: an address it cannot understand hands the order to an agent.
   */
  readonly address: DeliveryAddress | { readonly unparsed: string };
  readonly updates: DeliveryUpdates;
  /** Whether the caller confirmed the address at the read-back (the bot places no order otherwise). */
  readonly confirmed: boolean;
}

/** An address understood, or what was missing from it. */
export type AddressParse =
  | { readonly ok: true; readonly address: DeliveryAddress }
  | { readonly ok: false; readonly missing: readonly AddressPart[]; readonly outside?: undefined }
  /** A complete address where the shop does not deliver (data/faq.json: the contiguous US, mainland China). */
  | { readonly ok: false; readonly missing: readonly []; readonly outside: true };

/** States and regions outside the delivery area (the contiguous US, mainland China). */
const OUTSIDE_US = new Set(['AK', 'HI']);
const OUTSIDE_CN = /^(?:台湾|香港|澳门)/;

const US_STATES: Readonly<Record<string, string>> = {
  alabama: 'AL',
  alaska: 'AK',
  arizona: 'AZ',
  arkansas: 'AR',
  california: 'CA',
  colorado: 'CO',
  connecticut: 'CT',
  delaware: 'DE',
  'district of columbia': 'DC',
  florida: 'FL',
  georgia: 'GA',
  hawaii: 'HI',
  idaho: 'ID',
  illinois: 'IL',
  indiana: 'IN',
  iowa: 'IA',
  kansas: 'KS',
  kentucky: 'KY',
  louisiana: 'LA',
  maine: 'ME',
  maryland: 'MD',
  massachusetts: 'MA',
  michigan: 'MI',
  minnesota: 'MN',
  mississippi: 'MS',
  missouri: 'MO',
  montana: 'MT',
  nebraska: 'NE',
  nevada: 'NV',
  'new hampshire': 'NH',
  'new jersey': 'NJ',
  'new mexico': 'NM',
  'new york': 'NY',
  'north carolina': 'NC',
  'north dakota': 'ND',
  ohio: 'OH',
  oklahoma: 'OK',
  oregon: 'OR',
  pennsylvania: 'PA',
  'rhode island': 'RI',
  'south carolina': 'SC',
  'south dakota': 'SD',
  tennessee: 'TN',
  texas: 'TX',
  utah: 'UT',
  vermont: 'VT',
  virginia: 'VA',
  washington: 'WA',
  'west virginia': 'WV',
  wisconsin: 'WI',
  wyoming: 'WY',
};
const STATE_CODES = new Set(Object.values(US_STATES));
const STATE_NAMES = Object.keys(US_STATES).sort((a, b) => b.length - a.length);

/** Street suffixes as spoken or abbreviated, with the written form. */
const SUFFIXES: Readonly<Record<string, string>> = {
  street: 'Street',
  st: 'Street',
  avenue: 'Avenue',
  ave: 'Avenue',
  av: 'Avenue',
  road: 'Road',
  rd: 'Road',
  boulevard: 'Boulevard',
  blvd: 'Boulevard',
  drive: 'Drive',
  dr: 'Drive',
  lane: 'Lane',
  ln: 'Lane',
  court: 'Court',
  ct: 'Court',
  way: 'Way',
  place: 'Place',
  pl: 'Place',
  parkway: 'Parkway',
  pkwy: 'Parkway',
  highway: 'Highway',
  hwy: 'Highway',
  circle: 'Circle',
  cir: 'Circle',
  terrace: 'Terrace',
  trail: 'Trail',
  square: 'Square',
  loop: 'Loop',
  alley: 'Alley',
  plaza: 'Plaza',
  row: 'Row',
  pike: 'Pike',
  crescent: 'Crescent',
  run: 'Run',
  path: 'Path',
  crossing: 'Crossing',
  xing: 'Crossing',
  esplanade: 'Esplanade',
  turnpike: 'Turnpike',
  tpke: 'Turnpike',
  ter: 'Terrace',
  walk: 'Walk',
  bend: 'Bend',
  point: 'Point',
  ridge: 'Ridge',
  hollow: 'Hollow',
  commons: 'Commons',
};
/** Roads named by a number after the kind ("Highway 61", "County Road 14", "Route 9"). */
const NUMBERED_ROADS = /^(?:highway|hwy|route|rte|road|county road|state road|farm road|interstate)$/i;
const COMPOUND_DIRECTIONS = new Set([
  'northeast',
  'northwest',
  'southeast',
  'southwest',
  'ne',
  'nw',
  'se',
  'sw',
]);
/** Suffix words that are also common words inside street names ("Willow Bend Lane"). */
const WEAK_SUFFIXES = new Set([
  'bend',
  'ridge',
  'hollow',
  'point',
  'run',
  'path',
  'crossing',
  'walk',
  'row',
  'loop',
  'commons',
  'crescent',
  'square',
  'plaza',
  'trail',
]);
const UNIT_WORDS: Readonly<Record<string, string>> = {
  apartment: 'Apartment',
  apt: 'Apartment',
  unit: 'Unit',
  suite: 'Suite',
  ste: 'Suite',
  floor: 'Floor',
  room: 'Room',
  building: 'Building',
  '#': 'Unit',
};
/** Words that open an address answer and are not part of it. */
const EN_LEAD_IN =
  /^(?:(?:uh|um|er|so|yes|yeah|yep|ok|okay|sure|well|right|it'?s|it is|that'?s|that is|my address is|the address is|address is|my address|the address|address|deliver(?: it)? to|send(?: it)? to|ship(?: it)? to|please deliver(?: it)? to|i live at|we live at|please|to|at)\b[\s,.:]*)+/i;

/** Title Case of a spoken word run ("san jose" → "San Jose"). */
function titleCase(text: string): string {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) =>
      /^\d+(?:st|nd|rd|th)$/.test(w)
        ? w
        : /^\d/.test(w)
          ? w.toUpperCase()
          : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join(' ');
}

/** Ordinal words of numbered streets. */
const ORDINALS: Readonly<Record<string, string>> = {
  first: '1st',
  second: '2nd',
  third: '3rd',
  fourth: '4th',
  fifth: '5th',
  sixth: '6th',
  seventh: '7th',
  eighth: '8th',
  ninth: '9th',
  tenth: '10th',
  eleventh: '11th',
  twelfth: '12th',
};

/**
 * Spoken English as address tokens: number words as digits ("twelve" → 12, "six two seven zero
 * four" → 62704), letters spelled with spaces joined ("I L" → IL), fillers and self-corrections
 * ("12 no 14" → 14) removed.
 */
function enTokens(said: string): string[] {
  // Letters that spell a state code or "P O box" are joined first: "o" would otherwise be read as
  // the digit zero ("oh") by the digit normaliser.
  const spelled = said
    .replace(EN_LEAD_IN, '')
    .replace(/\b(?:p\.?\s*o\.?|post office)\s+box\b/gi, 'PO Box')
    .replace(/\b([a-z])\.?\s+([a-z])\.?(?=\s|$)/gi, (m, a: string, b: string) =>
      STATE_CODES.has(`${a}${b}`.toUpperCase()) ? PROTECT + `${a}${b}`.toUpperCase() : m,
    )
    .replace(/\b(oh|ok|or)\b(?=\s+\d{5}\b|\s*$)/gi, (m) => `${PROTECT}${m.toUpperCase()}`)
    // "58larkmoor", "apartment4b": digits glued to words.
    .replace(/(\d)([a-z]{3,})/gi, '$1 $2')
    .replace(/\b(apartment|apt|unit|suite|room|floor)(\d)/gi, '$1 $2')
    .replace(/\bzip(?: code)?\b/gi, ' ');
  const digits = joinSpokenHouseNumbers(normaliseSpokenDigits(spelled).text).replaceAll(PROTECT, '');
  const raw = digits
    .replace(/[,;:!?]/g, ' ')
    .replace(/\b(uh|um|er|like)\b/gi, ' ')
    .replace(/(\d)\s+-\s+(\d)/g, '$1-$2')
    .replace(/\bnumber\s+(?=\d)/gi, '')
    .replace(/\.(?=\s|$)/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const w = raw[i] ?? '';
    const lower = w.toLowerCase();
    // "12 no 14", "12 sorry 14", "12 I mean 14": the later number replaces the earlier one.
    if (
      /^(?:no|sorry|actually)$/.test(lower) &&
      /^\d/.test(out.at(-1) ?? '') &&
      /^\d/.test(raw[i + 1] ?? '')
    ) {
      out.pop();
      continue;
    }
    if (lower === 'i' && raw[i + 1]?.toLowerCase() === 'mean' && /^\d/.test(out.at(-1) ?? '')) {
      out.pop();
      i++;
      continue;
    }
    // Digits said one by one ("6 2 7 0 4") are one number.
    if (/^\d$/.test(w) && /^\d+$/.test(out.at(-1) ?? '') && /^\d$/.test(raw[i - 1] ?? '')) {
      out[out.length - 1] = `${out.at(-1)}${w}`;
      continue;
    }
    if (ORDINALS[lower]) {
      out.push(ORDINALS[lower]);
      continue;
    }
    // A word said twice by a stutter ("321 321", "street street"); doubled place names such as
    // Walla Walla keep both.
    if (lower === out.at(-1)?.toLowerCase() && (/^\d/.test(lower) || SUFFIXES[lower] !== undefined)) continue;
    // "81 cinder lane I mean cinder hill lane": the words after the correction replace the street.
    if (/^(?:mean|sorry)$/.test(lower) && out.some((o) => /^\d/.test(o))) {
      const house = out.findIndex((o) => /^\d/.test(o));
      if (lower === 'mean' && out.at(-1)?.toLowerCase() === 'i') out.pop();
      if (!/^\d/.test(raw[i + 1] ?? '')) out.splice(house + 1);
      continue;
    }
    out.push(w);
  }
  return out;
}

/** Marks a state code the digit normaliser must not read as "oh" (zero). */
const PROTECT = 'Qqz';

/**
 * House numbers said in groups, as the digit normaliser leaves them: "one twenty three" (1 23) is
 * 123, "four hundred fifty six" (4 00 56, 400 56) is 456.
 */
function joinSpokenHouseNumbers(text: string): string {
  return (
    text
      .replace(/\b\d(?: \d\b)+/g, (run) => run.replace(/ /g, ''))
      .replace(/\b([1-9]) ?00 ([1-9]\d?)\b/g, (_m, h: string, rest: string) =>
        String(Number(h) * 100 + Number(rest)),
      )
      .replace(/\b([1-9]) ([1-9]\d)\b(?= [a-z])/gi, '$1$2')
      // "fifteen oh seven" (15 07), "twenty two fourteen" (22 14): a house number read in pairs.
      .replace(/\b([1-9]\d) (\d\d)\b(?= [a-z])/gi, '$1$2')
  );
}

/** The state code at tokens[i..], and how many tokens it used. */
function stateAt(tokens: readonly string[], i: number): { code: string; used: number } | undefined {
  for (const name of STATE_NAMES) {
    const parts = name.split(' ');
    const said = tokens
      .slice(i, i + parts.length)
      .join(' ')
      .toLowerCase();
    if (said === name) return { code: US_STATES[name] ?? '', used: parts.length };
  }
  const one = (tokens[i] ?? '').replace(/\./g, '').toUpperCase();
  if (one.length === 2 && STATE_CODES.has(one)) return { code: one, used: 1 };
  const two = `${tokens[i] ?? ''}${tokens[i + 1] ?? ''}`.replace(/\./g, '').toUpperCase();
  if (
    (tokens[i] ?? '').replace(/\./g, '').length === 1 &&
    (tokens[i + 1] ?? '').replace(/\./g, '').length === 1 &&
    STATE_CODES.has(two)
  ) {
    return { code: two, used: 2 };
  }
  return undefined;
}

/** Whether tokens[from..to] (inclusive) name a numbered road's kind ("county road", "highway"). */
function roadKindAt(tokens: readonly string[], from: number, to: number): boolean {
  for (let k = Math.max(from, to - 1); k <= to; k++) {
    if (NUMBERED_ROADS.test(tokens.slice(k, to + 1).join(' '))) return true;
  }
  return false;
}

/** A US address said in one utterance ("12 Oak Street Springfield Illinois 62704"). */
export function parseUsAddress(said: string): AddressParse {
  const tokens = enTokens(said);
  const missing = new Set<AddressPart>();
  // ZIP: the last five-digit number (ZIP+4 keeps its first five).
  let zipAt = -1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (/^\d{5}(?:-?\d{4})?$/.test(tokens[i] ?? '') && i > 0) {
      zipAt = i;
      break;
    }
  }
  const end = zipAt >= 0 ? zipAt : tokens.length;
  // State: the last state name or code before the ZIP (or at the end).
  // The longest state name wins: "west virginia", not "virginia".
  let state: { code: string; at: number; used: number } | undefined;
  for (let i = Math.max(1, end - 3); i < end; i++) {
    const found = stateAt(tokens, i);
    if (found && i + found.used === end) {
      state = { ...found, at: i };
      break;
    }
  }
  // Street: a house number (or PO Box), words up to a suffix, a direction after it, then a unit.
  let start = tokens.findIndex((t) => /^\d+(?:-\d+)?[a-z]?$/i.test(t));
  const box = tokens.findIndex((t, i) => t === 'PO' && tokens[i + 1]?.toLowerCase() === 'box');
  let streetEnd = -1;
  if (box >= 0 && /^\d+$/.test(tokens[box + 2] ?? '')) {
    start = box;
    streetEnd = box + 3;
  } else if (start >= 0) {
    const limit = state ? state.at : end;
    for (let i = start + 1; i < limit; i++) {
      const lower = (tokens[i] ?? '').toLowerCase().replace(/\.$/, '');
      const kind =
        i + 1 < limit && /^\d+$/.test(tokens[i + 1] ?? '') ? roadKindAt(tokens, start + 1, i) : false;
      if (kind) {
        streetEnd = i + 2;
        break;
      }
      if (SUFFIXES[lower] && i > start + 1) {
        streetEnd = i + 1;
        // "Willow Bend Lane", "Granite Ridge Rd": a weak suffix word inside the name; a strong one
        // ("Street") ends the street, so "Pine Street Crescent City" keeps its city.
        while (
          WEAK_SUFFIXES.has(lower) &&
          streetEnd < limit - 1 &&
          SUFFIXES[(tokens[streetEnd] ?? '').toLowerCase().replace(/\.$/, '')]
        ) {
          streetEnd++;
        }
        // "Kestrel Street Northwest": a compound direction after the suffix; a plain one ("West")
        // starts the city ("West Palm Beach").
        if (COMPOUND_DIRECTIONS.has((tokens[streetEnd] ?? '').toLowerCase()) && streetEnd < limit - 1)
          streetEnd++;
        break;
      }
    }
    if (streetEnd > 0) {
      const unit = UNIT_WORDS[(tokens[streetEnd] ?? '').toLowerCase()];
      const unitValue = tokens[streetEnd + 1];
      if (unit && unitValue && streetEnd + 1 < limit) {
        let stop = streetEnd + 2;
        // "apartment 4 B": a spelled letter after the number belongs to it.
        if (/^[a-z]$/i.test(tokens[stop] ?? '') && stop < limit && /^\d+$/.test(unitValue)) stop++;
        streetEnd = stop;
      }
    }
  }
  if (start < 0 || streetEnd < 0) missing.add('street');
  // "... Lane in Minneapolis": the preposition is not part of the city.
  const cityFrom = streetEnd > 0 ? streetEnd + (/^(?:in|at)$/i.test(tokens[streetEnd] ?? '') ? 1 : 0) : -1;
  const cityTo = state ? state.at : end;
  const cityWords = cityFrom >= 0 ? tokens.slice(cityFrom, cityTo).filter((w) => !/^\d+$/.test(w)) : [];
  if (cityWords.length === 0 || cityWords.length > 4) missing.add('city');
  if (!state) missing.add('state');
  if (zipAt < 0) missing.add('zip');
  if (missing.size > 0) return { ok: false, missing: [...missing] };
  const streetTokens = tokens.slice(start, streetEnd).map((t) => {
    const lower = t.toLowerCase().replace(/\.$/, '');
    return SUFFIXES[lower] ?? UNIT_WORDS[lower] ?? t;
  });
  let street = titleCase(streetTokens.join(' ')).replace(/\bPo Box\b/, 'PO Box');
  street = street.replace(/(\d) ([A-Z])$/, '$1$2');
  if (OUTSIDE_US.has(state?.code ?? '')) return { ok: false, missing: [], outside: true };
  return {
    ok: true,
    address: {
      country: 'US',
      street,
      city: titleCase(cityWords.join(' ')),
      state: state?.code ?? '',
      zip: (tokens[zipAt] ?? '').slice(0, 5),
    },
  };
}

const MUNICIPALITIES = ['北京', '上海', '天津', '重庆'];
/** Cities of three or more characters that callers say without 市 (石家庄桥西区…). */
const LONG_CITY_NAMES = [
  '石家庄',
  '哈尔滨',
  '呼和浩特',
  '乌鲁木齐',
  '齐齐哈尔',
  '张家口',
  '秦皇岛',
  '连云港',
  '张家界',
  '驻马店',
  '平顶山',
  '景德镇',
  '马鞍山',
  '葫芦岛',
  '牡丹江',
  '佳木斯',
  '鄂尔多斯',
];

/** Provinces and autonomous regions as callers shorten them ("广西", "新疆"), with the full name. */
const PROVINCES: Readonly<Record<string, string>> = {
  河北: '河北省',
  山西: '山西省',
  辽宁: '辽宁省',
  吉林: '吉林省',
  黑龙江: '黑龙江省',
  江苏: '江苏省',
  浙江: '浙江省',
  安徽: '安徽省',
  福建: '福建省',
  江西: '江西省',
  山东: '山东省',
  河南: '河南省',
  湖北: '湖北省',
  湖南: '湖南省',
  广东: '广东省',
  海南: '海南省',
  四川: '四川省',
  贵州: '贵州省',
  云南: '云南省',
  陕西: '陕西省',
  甘肃: '甘肃省',
  青海: '青海省',
  台湾: '台湾省',
  内蒙古: '内蒙古自治区',
  广西: '广西壮族自治区',
  西藏: '西藏自治区',
  宁夏: '宁夏回族自治区',
  新疆: '新疆维吾尔自治区',
};
const ZH_LEAD_IN =
  /^(?:嗯+|呃+|啊+|那个|就是|是|好的|好|对|我的|收货地址|送货地址|地址|我家|家|住|在|送到|寄到|发到|送去|寄去|请|麻烦|帮我|给我|是在|写|改成|为|：|:|，|,|\s)+/;

/** A Chinese numeral run (八十八, 一百零五, 五零一) as a number string. */
export function chineseNumeral(run: string): string {
  if (!/[十百千]/.test(run)) return [...run].map((c) => ZH_DIGITS[c] ?? '').join('');
  let total = 0;
  let digit = 0;
  for (const c of run) {
    if (c in ZH_DIGITS) digit = Number(ZH_DIGITS[c] ?? 0);
    else {
      const unit = c === '十' ? 10 : c === '百' ? 100 : 1000;
      total += (digit === 0 && c === '十' ? 1 : digit) * unit;
      digit = 0;
    }
  }
  return String(total + digit);
}

/**
 * "成都市武侯区不对锦江区…", "江苏无锡不对常州市…": the place said before 不对 gives way to the one
 * after it (a province said in front of it stays).
 */
function withoutCorrectedPlace(text: string): string {
  const m = /(不对|不是|说错了|哦不)是?(?=[\u4e00-\u9fa5]{1,6}?(?:市|区|县))/.exec(text);
  if (!m) return text;
  const before = text.slice(0, m.index);
  const lastUnit = Math.max(...['省', '市', '区', '县', '自治区'].map((u) => before.lastIndexOf(u)));
  let keep = lastUnit >= 0 ? before.slice(0, lastUnit + 1) : '';
  // The segment replaced is what follows the last complete unit, unless it would be the unit itself.
  if (lastUnit === before.length - 1)
    keep = before.slice(0, before.slice(0, -1).search(/[省市区县][^省市区县]*$/) + 1);
  const rest = before.slice(keep.length);
  const province = Object.keys(PROVINCES).find((name) => rest.startsWith(name));
  return keep + (province ?? '') + text.slice(m.index + m[0].length);
}

/** A Chinese address said in one utterance (上海市浦东新区张江路88号). */
export function parseCnAddress(said: string): AddressParse {
  let text = said
    .normalize('NFKC')
    .replace(/[\s，。,.!?！？、]/g, '')
    .replace(/(?:嗯|呃|啊|那个)+/g, '');
  text = text.replace(ZH_LEAD_IN, '');
  // Numbers of doors, buildings and rooms: Chinese numerals as digits.
  text = text.replace(/([零〇一幺二两三四五六七八九十百千]+)(?=号|栋|幢|楼|单元|室|层|弄|巷|组)/g, (run) =>
    chineseNumeral(run),
  );
  const missing = new Set<AddressPart>();
  let province: string | undefined;
  let city: string | undefined;
  text = withoutCorrectedPlace(text);
  // Self-corrections: "88号不对是86号", "3号楼不是4号楼" (the later number stands).
  text = text.replace(/(\d+)(号楼|号|栋|幢|单元|室)(?:不对|不是|哦不|说错了|错了)是?(\d+)\2/g, '$3$2');
  const region = /^([^市区县路街号]{2,10}?(?:省|自治区|特别行政区))/.exec(text);
  const short = Object.keys(PROVINCES).find((name) => text.startsWith(name));
  if (region?.[1]) {
    province = region[1];
    text = text.slice(province.length);
  } else if (short) {
    province = PROVINCES[short];
    text = text.slice(short.length);
  }
  const municipality = MUNICIPALITIES.find((m) => text.startsWith(m));
  if (municipality && !province) {
    province = `${municipality}市`;
    city = province;
    text = text.slice(text.startsWith(`${municipality}市`) ? municipality.length + 1 : municipality.length);
  } else {
    const c = /^(.{2,8}?(?:市|自治州|地区|盟))/.exec(text);
    // "广州天河区": a two-character city name said without 市, right before its district.
    const long = LONG_CITY_NAMES.find((name) => text.startsWith(name) && !text.startsWith(`${name}市`));
    const bare = long ? [long, long] : /^([\u4e00-\u9fa5]{2})(?=[\u4e00-\u9fa5]{1,4}(?:区|县))/.exec(text);
    if (c?.[1]) {
      city = c[1];
      text = text.slice(city.length);
    } else if (bare?.[1]) {
      city = `${bare[1]}市`;
      text = text.slice(bare[1].length);
    }
  }
  const d = /^(.{1,10}?(?:区|县|旗|市))(?=.)/.exec(text);
  let district: string | undefined;
  if (d?.[1] && !/[路街道巷弄]/.test(d[1])) {
    district = d[1];
    text = text.slice(district.length);
  }
  // The district said twice ("吴中区吴中区") and a room number read digit by digit at the end.
  if (district && text.startsWith(district)) text = text.slice(district.length);
  const street = text.replace(/([零〇一幺二两三四五六七八九]{2,})$/, (run) => chineseNumeral(run));
  if (OUTSIDE_CN.test(province ?? '') || OUTSIDE_CN.test(said.normalize('NFKC').replace(ZH_LEAD_IN, ''))) {
    return { ok: false, missing: [], outside: true };
  }
  if (!city) missing.add('city');
  if (!district) missing.add('district');
  if (!/[路街道巷弄胡同村镇里]/.test(street) || !/\d+号/.test(street)) missing.add('street');
  if (missing.size > 0) return { ok: false, missing: [...missing] };
  return {
    ok: true,
    address: {
      country: 'CN',
      ...(province ? { province } : {}),
      city: city ?? '',
      district: district ?? '',
      street,
    },
  };
}

/** The address in the caller's words, for the locale's country. */
export function parseAddress(said: string, locale: Locale): AddressParse {
  return locale === 'zh-CN' ? parseCnAddress(said) : parseUsAddress(said);
}

/** The address as read back to the caller who just said it. */
export function speakAddress(address: DeliveryDetails['address']): string {
  if ('unparsed' in address) return address.unparsed;
  if (address.country === 'US') return `${address.street}, ${address.city}, ${address.state} ${address.zip}`;
  const head = address.province && address.province !== address.city ? address.province : '';
  return `${head}${address.city}${address.district}${address.street}`;
}

/**
 * The hint of an address on file that a returning caller hears: the city only, never the street,
 * number or name, so someone else holding the phone learns next to nothing.
 */
export function addressHint(address: DeliveryDetails['address']): string | undefined {
  if ('unparsed' in address) return undefined;
  return address.city;
}

const EN_NAME_LEAD_IN =
  /^(?:(?:uh|um|er|so|yes|yeah|ok|okay|well|it'?s|it is|this is|that'?s|that is|my name is|my name'?s|the name is|name is|name'?s|my full name is|i am|i'm|for|to|deliver(?: it)? to|send(?: it)? to|addressed to|under|please|the recipient is|recipient is|it'?s for|it is for)\b[\s,.:]*)+/i;
const ZH_NAME_LEAD_IN =
  /^(?:嗯+|呃+|啊+|那个|就是|好的|是|我叫|我是|叫|名字是|名字叫|名字|姓名是|姓名|收件人是|收件人|收货人是|收货人|写|给|寄给|送给|改成)+/;

/** Words of a sentence that no recipient's name is made of. */
const EN_SENTENCE_WORDS: ReadonlySet<string> = new Set([
  'i',
  "i'm",
  'want',
  'wanna',
  'to',
  'it',
  "it's",
  'is',
  'are',
  'the',
  'my',
  'your',
  'please',
  'return',
  'order',
  'can',
  'could',
  'you',
  'would',
  'like',
  'have',
  'do',
  'does',
  'what',
  'how',
  'this',
  'that',
  'need',
  'buy',
  'send',
  'think',
  'with',
  'about',
]);

/**
 * Characters of a Chinese sentence that a recipient's name practically never holds, and the
 * ordinals and counts a caller still thinking of the product says ("第二个", "两个", "最后一个").
 */
const ZH_SENTENCE =
  /[吗呢]|想|要|订单|退|买|问|请|帮|可以|不是|一下|什么|怎么|多少|这个|那个|第[一二两三四五六七八九十\d]|[一二两三四五六七八九十几\d][个件台只副根款]/;

/** The recipient's name in the caller's words, or undefined when none was said. */
export function parseName(said: string, locale: Locale): string | undefined {
  const text = said.normalize('NFKC').trim();
  if (locale === 'zh-CN') {
    const name = text
      .replace(/[\s，。,.!?！？、]/g, '')
      .replace(ZH_NAME_LEAD_IN, '')
      .replace(/(?:吧|啊|呢|的)$/, '');
    if (
      !/^[\u4e00-\u9fa5·A-Za-z]{2,20}$/.test(name) ||
      /^(?:不|没|算了|取消|我自己|自己|本人|我本人|什么|不知道)/.test(name) ||
      // A sentence, not a name: "我想退货", "帮我查一下订单".
      ZH_SENTENCE.test(name)
    ) {
      return undefined;
    }
    return name;
  }
  const name = text
    .replace(EN_NAME_LEAD_IN, '')
    .replace(/[.,!?]+$/, '')
    .trim();
  if (!/^[A-Za-z][A-Za-z' -]{1,59}$/.test(name)) return undefined;
  if (
    /^(?:no|nope|yes|yeah|cancel|never mind|i don'?t know|stop|me|myself|to me|for me|i|what|sorry|pardon|huh|not sure|i'?m not sure|unsure|nobody|repeat that|say that again)$/i.test(
      name,
    )
  ) {
    return undefined;
  }
  if (name.split(/\s+/).length > 5) return undefined;
  // A sentence, not a name: "I want to return it", "can you check my order".
  if (name.split(/\s+/).some((w) => EN_SENTENCE_WORDS.has(w.toLowerCase()))) return undefined;
  return titleCase(name)
    .replace(/\b(Mc|O')([a-z])/g, (_m, p: string, l: string) => p + l.toUpperCase())
    .replace(/-([a-z])/g, (_m, l: string) => `-${l.toUpperCase()}`);
}

/** What the caller answered when asked whether the delivery team may phone them. */
export type UpdatesAnswer =
  | { readonly kind: 'CALLING_NUMBER' }
  | { readonly kind: 'NUMBER'; readonly number: string }
  | { readonly kind: 'NONE' }
  /** Digits that are no phone number of the locale's country. */
  | { readonly kind: 'INVALID_NUMBER' };

/** A phone number keyed or said, in E.164, when it is one of the locale's country. */
export function phoneNumber(said: string, locale: Locale): string | undefined {
  const digits = normaliseSpokenDigits(said).text.replace(/\D/g, '');
  if (locale === 'zh-CN') {
    const national = digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
    return isMainlandMobile(national) ? `+86${national}` : undefined;
  }
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return national.length === 10 && isNanpNumber(national) ? `+1${national}` : undefined;
}

const YES =
  /\b(?:yes|yeah|yep|sure|ok|okay|fine|please|that'?s fine|go ahead|of course|correct|use (?:it|that|this)|this number|that number)\b|^1$/i;
/** A Chinese yes is a short answer: 是 inside "收件人是王芳" is no yes. */
const ZH_YES =
  /^(?:嗯|好|好的|行|可以|是|是的|对|对的|没问题|用这个|就这个|同意|打这个|这个号码|就打这个号码)+(?:吧|啊|呀|的|了)?$/;
const NO = /\b(?:no|nope|don'?t|do not|not|never)\b|^2$|不用|不要|不行|不可以|不必|别|不/i;

/** The caller's answer to "may the delivery team call you on this number?". */
export function parseUpdatesAnswer(said: string, locale: Locale): UpdatesAnswer | undefined {
  const digits = normaliseSpokenDigits(said).text.replace(/\D/g, '');
  if (digits.length >= 7) {
    const number = phoneNumber(said, locale);
    return number ? { kind: 'NUMBER', number } : { kind: 'INVALID_NUMBER' };
  }
  if (NO.test(said)) return { kind: 'NONE' };
  const zh = said.normalize('NFKC').replace(/[\s，。,.!?！？、]/g, '');
  if (YES.test(said) || ZH_YES.test(zh) || /^(?:可以|好的?|行|没问题)/.test(zh))
    return { kind: 'CALLING_NUMBER' };
  return undefined;
}

/** The last digits of a number, as read back ("ending in 8 9"). */
export function lastDigits(number: string, count = 4): string {
  return number.replace(/\D/g, '').slice(-count).split('').join(' ');
}

/** A correction said at the read-back: which detail, and the new words for it. */
export type DeliveryCorrection =
  | { readonly part: 'name'; readonly text: string }
  | { readonly part: 'address'; readonly text: string }
  | { readonly part: AddressPart; readonly text: string }
  | { readonly part: 'quantity'; readonly text: string }
  | { readonly part: 'phone'; readonly text: string };

const EN_CORRECTIONS: readonly [RegExp, DeliveryCorrection['part']][] = [
  // The specific parts first: "the street name is ..." is a street, not a name.
  [/\b(?:the )?(?:phone|telephone|mobile|cell)(?: number)? (?:is|should be)\s+(.+)$/i, 'phone'],
  [/\b(?:the )?street(?: name)? (?:is|should be)\s+(.+)$/i, 'street'],
  [/\b(?:the )?(?:house |street |door )?number (?:is|should be)\s+(.+)$/i, 'street'],
  [/\b(?:the )?city (?:is|should be)\s+(.+)$/i, 'city'],
  [/\b(?:the )?state (?:is|should be)\s+(.+)$/i, 'state'],
  [/\b(?:the )?(?:zip|zip code|postal code|postcode) (?:is|should be)\s+(.+)$/i, 'zip'],
  [/\b(?:the )?(?:whole |full )?address (?:is|should be)\s+(.+)$/i, 'address'],
  [/\b(?:the )?(?:full |recipient'?s? )?name (?:is|should be)\s+(.+)$/i, 'name'],
  [/\b(?:it'?s|it is|deliver(?: it)?|send(?: it)?)\s+(?:for|to)\s+([A-Za-z][A-Za-z' -]+)$/i, 'name'],
  [
    /\b(?:make it|change (?:it|the quantity|that) to|i want|i'?d like|i need|actually)\s+(\w+)(?:\s+(?:of them|units|please))?$/i,
    'quantity',
  ],
];
const ZH_CORRECTIONS: readonly [RegExp, DeliveryCorrection['part']][] = [
  [/(?:电话|手机号码?|手机|号码)(?:是|改成|应该是)(.+)$/, 'phone'],
  [/(?:街道|路|门牌号?)(?:是|改成|应该是)(.+)$/, 'street'],
  [/(?:区|区县)(?:是|改成|应该是)(.+)$/, 'district'],
  [/(?:城市|市)(?:是|改成|应该是)(.+)$/, 'city'],
  [/(?:地址|收货地址)(?:是|改成|应该是)(.+)$/, 'address'],
  [/(?:收件人|收货人|名字|姓名)(?:是|叫|改成|应该是)(.+)$/, 'name'],
  [/(?:改成|换成|要|买)([零〇一二两三四五六七八九十\d]+)(?:个|件|台|只|套)/, 'quantity'],
];

/** The correction in words said at the read-back ("no, the street is 14 Oak Street"), if any. */
export function parseCorrection(said: string, locale: Locale): DeliveryCorrection | undefined {
  const text = said.normalize('NFKC').trim();
  for (const [pattern, part] of locale === 'zh-CN' ? ZH_CORRECTIONS : EN_CORRECTIONS) {
    const m = pattern.exec(text);
    const value = m?.[1]?.replace(/[。.!！]+$/, '').trim();
    if (value) return { part, text: value };
  }
  return undefined;
}

/**
 * The address with one part replaced by the caller's correction, or undefined when the new words
 * do not make a complete address.
 */
export function correctAddress(
  address: DeliveryAddress,
  part: AddressPart,
  text: string,
  locale: Locale,
): DeliveryAddress | undefined {
  if (address.country === 'US') {
    const parts = { street: address.street, city: address.city, state: address.state, zip: address.zip };
    const digits = normaliseSpokenDigits(text).text.trim();
    if (part === 'street' && /^\d+$/.test(digits)) {
      parts.street = address.street.replace(/^\d+[A-Za-z]?/, digits);
    } else if (part === 'street' && !/^\d/.test(digits)) {
      // "the street name is Birch Road": the house number stays.
      parts.street = `${/^\S+/.exec(address.street)?.[0] ?? ''} ${text}`;
    } else if (part === 'street' || part === 'city' || part === 'state' || part === 'zip') {
      parts[part] = text;
    } else return undefined;
    const again = parseUsAddress(`${parts.street} ${parts.city} ${parts.state} ${parts.zip}`);
    return again.ok ? again.address : undefined;
  }
  const parts = {
    province: address.province ?? '',
    city: address.city,
    district: address.district,
    street: address.street,
  };
  const door = /^(\d+)号?$/.exec(normaliseSpokenDigits(text).text.trim());
  if (part === 'street' && door?.[1] && /\d+号/.test(address.street)) {
    // "门牌号是99号": the door number alone changes.
    parts.street = address.street.replace(/\d+号/, `${door[1]}号`);
  } else if (part === 'street' || part === 'city' || part === 'district' || part === 'province') {
    parts[part] = text;
  } else return undefined;
  const head = parts.province === parts.city ? '' : parts.province;
  const again = parseAddress(`${head}${parts.city}${parts.district}${parts.street}`, locale);
  return again.ok ? again.address : undefined;
}

/**
 * A yes or a no to a question about details ("deliver to the address of your last order?"), or
 * undefined: a new or different address is a no whatever else is said ("okay, but it's a new
 * address"), and a yes is the whole short answer or its first words, never a word inside a
 * sentence ("收件人是王芳" is no yes).
 */
export function parseYesNo(said: string, _locale: Locale): 'yes' | 'no' | undefined {
  const text = said.normalize('NFKC').trim().toLowerCase();
  const zh = text.replace(/[\s，。,.!?！？、]/g, '');
  if (/\b(?:new|different|another|other|changed|moved)\b|新|换|搬|别的|另外|其他/.test(text)) return 'no';
  if (/^2$|^(?:no|nope|nah)\b/.test(text) || /^(?:不是|不对|不要|不用|不行|不)/.test(zh)) return 'no';
  if (
    /^1$|^(?:yes|yeah|yep|yup|sure|ok|okay|correct|right|that'?s right|please do|go ahead|same|the same)\b/.test(
      text,
    )
  ) {
    return 'yes';
  }
  if (ZH_YES.test(zh) || /^(?:是的|对的|好的|可以|行|没错|一样|同一个)/.test(zh)) return 'yes';
  return undefined;
}

/** A request, at a delivery question, to leave the order for an agent or to end the call. */
export function leavesOrder(said: string): 'AGENT' | 'HANGUP' | undefined {
  if (
    /\b(?:agent|representative|operator|human|real person|someone|somebody|customer service)\b|人工|客服|真人/i.test(
      said,
    )
  ) {
    return 'AGENT';
  }
  if (/^(?:good ?bye|bye|bye bye)\b|挂了|再见|拜拜/i.test(said.trim())) return 'HANGUP';
  return undefined;
}

/** Whether an answer at a delivery question gives up on the order ("never mind", "算了"). */
export function abandonsOrder(said: string): boolean {
  return /\b(?:never mind|forget it|cancel(?: the order| that| it)?|stop|i changed my mind|don'?t want it)\b|算了|不买了|不要了|取消订单|取消吧|不想买/i.test(
    said,
  );
}
