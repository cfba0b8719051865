import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../lambdas/contracts/locales';
import {
  abandonsOrder,
  addressHint,
  correctAddress,
  type DeliveryAddress,
  leavesOrder,
  parseAddress,
  parseCorrection,
  parseName,
  parseUpdatesAnswer,
  parseYesNo,
  phoneNumber,
  speakAddress,
} from '../../../lambdas/core/orders/delivery';

/** Street suffixes and unit words in one written form, so "Ave" and "Avenue" compare equal. */
const CANONICAL: Readonly<Record<string, string>> = {
  st: 'street',
  ave: 'avenue',
  av: 'avenue',
  rd: 'road',
  blvd: 'boulevard',
  dr: 'drive',
  ln: 'lane',
  ct: 'court',
  pl: 'place',
  pkwy: 'parkway',
  hwy: 'highway',
  cir: 'circle',
  apt: 'apartment',
  ste: 'suite',
  ter: 'terrace',
};

function canonical(value: string): string {
  return value
    .toLowerCase()
    .replace(/[.,]/g, '')
    .split(/\s+/)
    .map((w) => CANONICAL[w] ?? w)
    .join(' ');
}

interface HeldOutCase {
  readonly said: string;
  readonly expect: Record<string, string> | null;
  readonly missing?: readonly string[];
}

/** Whether the parser's answer is the expected one (a missing province is accepted: see below). */
function matches(c: HeldOutCase, locale: Locale): boolean {
  const parsed = parseAddress(c.said, locale);
  if (c.expect === null) return !parsed.ok && !parsed.outside;
  // Alaska and Hawaii are outside the delivery area (data/faq.json): recognised and refused.
  if (!parsed.ok) return parsed.outside === true && ['AK', 'HI'].includes(c.expect.state ?? '');
  const got = parsed.address as unknown as Record<string, string | undefined>;
  return Object.entries(c.expect).every(([part, want]) => {
    // The parser does not infer a province the caller did not say (杭州市 → 浙江省): the delivery
    // needs city, district and street, and a guessed province is one more thing to read back wrong.
    if (part === 'province' && got.province === undefined) return true;
    return canonical(got[part] ?? '') === canonical(want);
  });
}

function heldOut(folder: string, locale: Locale): HeldOutCase[] {
  const file = join(__dirname, '../../fixtures', folder, `${locale}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: HeldOutCase[] }).cases;
}

describe('spoken delivery addresses', () => {
  it.each([
    [
      '12 Oak Street Springfield Illinois 62704',
      { street: '12 Oak Street', city: 'Springfield', state: 'IL', zip: '62704' },
    ],
    [
      "it's twelve oak street springfield I L six two seven zero four",
      { street: '12 Oak Street', city: 'Springfield', state: 'IL', zip: '62704' },
    ],
    [
      'deliver to 450 West 5th Avenue apartment 4B New York New York 10019',
      { street: '450 West 5th Avenue Apartment 4B', city: 'New York', state: 'NY', zip: '10019' },
    ],
    [
      'uh 12 no 14 Maple Drive San Jose CA 95112',
      { street: '14 Maple Drive', city: 'San Jose', state: 'CA', zip: '95112' },
    ],
    ['PO Box 123 Austin Texas 78701', { street: 'PO Box 123', city: 'Austin', state: 'TX', zip: '78701' }],
    [
      '77 Birch Road Columbus o h 43215',
      { street: '77 Birch Road', city: 'Columbus', state: 'OH', zip: '43215' },
    ],
  ])('reads a US address from %j', (said, want) => {
    expect(parseAddress(said, 'en-US')).toEqual({ ok: true, address: { country: 'US', ...want } });
  });

  it.each([
    [
      '上海市浦东新区张江路88号',
      { province: '上海市', city: '上海市', district: '浦东新区', street: '张江路88号' },
    ],
    [
      '地址是浙江省杭州市西湖区文三路八十八号3号楼2单元501室',
      { province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路88号3号楼2单元501室' },
    ],
    [
      '送到广西南宁青秀区民族大道100号',
      { province: '广西壮族自治区', city: '南宁市', district: '青秀区', street: '民族大道100号' },
    ],
    ['杭州市拱墅区柳岸路88号不对是86号', { city: '杭州市', district: '拱墅区', street: '柳岸路86号' }],
  ])('reads a Chinese address from %j', (said, want) => {
    expect(parseAddress(said, 'zh-CN')).toEqual({ ok: true, address: { country: 'CN', ...want } });
  });

  it('names what is missing from an incomplete address', () => {
    expect(parseAddress('12 Oak Street Springfield', 'en-US')).toEqual({
      ok: false,
      missing: ['state', 'zip'],
    });
    expect(parseAddress('Springfield Illinois 62704', 'en-US')).toEqual({
      ok: false,
      missing: ['street', 'city'],
    });
    expect(parseAddress('浦东新区张江路', 'zh-CN')).toMatchObject({ ok: false });
    expect(parseAddress('我也不知道', 'zh-CN')).toEqual({
      ok: false,
      missing: ['city', 'district', 'street'],
    });
  });

  it('reads back an address so that it parses to the same parts (what the slots carry between turns)', () => {
    for (const [said, locale] of [
      ['450 West 5th Avenue apartment 4B New York New York 10019', 'en-US'],
      ['浙江省杭州市西湖区文三路88号3号楼2单元501室', 'zh-CN'],
      ['上海市浦东新区张江路100号', 'zh-CN'],
    ] as const) {
      const first = parseAddress(said, locale);
      if (!first.ok) throw new Error(`did not parse ${said}`);
      expect(parseAddress(speakAddress(first.address), locale)).toEqual(first);
    }
  });

  it('hints an address on file by its city alone', () => {
    const address = parseAddress('12 Oak Street Springfield Illinois 62704', 'en-US');
    if (!address.ok) throw new Error('fixture');
    expect(addressHint(address.address)).toBe('Springfield');
    expect(addressHint({ unparsed: '12 Oak' })).toBeUndefined();
  });

  // Written by a helper from how Transcribe and Lex write spoken addresses, without the parser's
  // code. The first set was then used to improve the parser (so it is a development set now);
  // the second was written after that and not looked at while changing the parser.
  describe.each([['delivery-heldout'], ['delivery-heldout-2']])('held-out set %s', (folder) => {
    it.each([['en-US'], ['zh-CN']] as const)(
      '%s: at least 85 % of the addresses are read right',
      (locale) => {
        const cases = heldOut(folder, locale);
        const right = cases.filter((c) => matches(c, locale)).length;
        expect(cases.length).toBeGreaterThanOrEqual(60);
        expect(right / cases.length).toBeGreaterThanOrEqual(0.85);
      },
    );
  });
});

describe('names, phone answers and corrections', () => {
  it('takes the name out of what the caller said', () => {
    expect(parseName('my name is alex doe', 'en-US')).toBe('Alex Doe');
    expect(parseName("it's for Pat O'brien", 'en-US')).toBe("Pat O'Brien");
    expect(parseName('收件人是张伟', 'zh-CN')).toBe('张伟');
    expect(parseName('12 Oak Street', 'en-US')).toBeUndefined();
    expect(parseName('no', 'en-US')).toBeUndefined();
    expect(parseName('算了', 'zh-CN')).toBeUndefined();
  });

  it('takes no sentence for a name (a caller who answers with something else entirely)', () => {
    for (const said of [
      'I want to return it',
      'can you check my order',
      'what is the price of that one',
      'the second one',
    ]) {
      expect(parseName(said, 'en-US'), said).toBeUndefined();
    }
    // An ordinal or a count is the product still on the caller's mind, not a recipient.
    for (const said of ['我想退货', '帮我查一下订单', '这个多少钱呢', '第二个', '最后一个', '两个']) {
      expect(parseName(said, 'zh-CN'), said).toBeUndefined();
    }
    // Real names still pass, hyphens, apostrophes and particles included.
    expect(parseName('Mary-Jane van der Berg', 'en-US')).toBe('Mary-Jane Van Der Berg');
    expect(parseName('欧阳娜娜', 'zh-CN')).toBe('欧阳娜娜');
  });

  it('reads yes, no and a keyed number, and refuses a number of another country', () => {
    expect(parseUpdatesAnswer('yes please', 'en-US')).toEqual({ kind: 'CALLING_NUMBER' });
    expect(parseUpdatesAnswer('no thanks', 'en-US')).toEqual({ kind: 'NONE' });
    expect(parseUpdatesAnswer('2025550143', 'en-US')).toEqual({ kind: 'NUMBER', number: '+12025550143' });
    expect(parseUpdatesAnswer('two zero two five five five zero one four three', 'en-US')).toEqual({
      kind: 'NUMBER',
      number: '+12025550143',
    });
    expect(parseUpdatesAnswer('13912345678', 'zh-CN')).toEqual({ kind: 'NUMBER', number: '+8613912345678' });
    expect(parseUpdatesAnswer('8613912345678', 'en-US')).toEqual({ kind: 'INVALID_NUMBER' });
    expect(parseUpdatesAnswer('5550143', 'zh-CN')).toEqual({ kind: 'INVALID_NUMBER' });
    expect(parseUpdatesAnswer('可以', 'zh-CN')).toEqual({ kind: 'CALLING_NUMBER' });
    expect(parseUpdatesAnswer('不用了', 'zh-CN')).toEqual({ kind: 'NONE' });
    expect(parseUpdatesAnswer('what', 'en-US')).toBeUndefined();
    expect(phoneNumber('12345', 'en-US')).toBeUndefined();
  });

  it('understands a correction at the read-back and applies it to one part', () => {
    const parsed = parseAddress('12 Oak Street Springfield Illinois 62704', 'en-US');
    if (!parsed.ok) throw new Error('fixture');
    const zip = parseCorrection('no, the zip is 62705', 'en-US');
    expect(zip).toEqual({ part: 'zip', text: '62705' });
    const corrected = correctAddress(parsed.address, 'zip', '62705', 'en-US') as DeliveryAddress;
    expect(corrected).toMatchObject({ street: '12 Oak Street', zip: '62705' });
    expect(correctAddress(parsed.address, 'zip', 'soon', 'en-US')).toBeUndefined();
    expect(parseCorrection('actually make it three', 'en-US')).toEqual({ part: 'quantity', text: 'three' });
    expect(parseCorrection('no', 'en-US')).toBeUndefined();

    const zh = parseAddress('浙江省杭州市西湖区文三路88号3号楼', 'zh-CN');
    if (!zh.ok) throw new Error('fixture');
    expect(parseCorrection('不对，门牌号是99号', 'zh-CN')).toEqual({ part: 'street', text: '99号' });
    expect(correctAddress(zh.address, 'street', '99号', 'zh-CN')).toMatchObject({
      street: '文三路99号3号楼',
    });
    expect(parseCorrection('等一下，改成三个吧', 'zh-CN')).toEqual({ part: 'quantity', text: '三' });
  });

  it('takes yes or no to the details on file from the whole answer, a new address always a no', () => {
    expect(parseYesNo('yes', 'en-US')).toBe('yes');
    expect(parseYesNo('sure, the same', 'en-US')).toBe('yes');
    expect(parseYesNo("okay, but it's a new address now", 'en-US')).toBe('no');
    expect(parseYesNo('please use my new address', 'en-US')).toBe('no');
    expect(parseYesNo('是的', 'zh-CN')).toBe('yes');
    expect(parseYesNo('是新地址', 'zh-CN')).toBe('no');
    expect(parseYesNo('好像搬家了', 'zh-CN')).toBe('no');
    expect(parseYesNo('收件人是王芳', 'zh-CN')).toBeUndefined();
    expect(parseYesNo('what', 'en-US')).toBeUndefined();
  });

  it('refuses non-names and hears a request for an agent or to hang up at a delivery question', () => {
    for (const said of ['me', 'to me', 'myself', 'not sure', 'sorry'])
      expect(parseName(said, 'en-US')).toBeUndefined();
    expect(parseName('我自己', 'zh-CN')).toBeUndefined();
    expect(leavesOrder('can I talk to an agent')).toBe('AGENT');
    expect(leavesOrder('转人工')).toBe('AGENT');
    expect(leavesOrder('goodbye')).toBe('HANGUP');
    expect(leavesOrder('12 Oak Street Springfield Illinois 62704')).toBeUndefined();
  });

  it('refuses addresses outside the delivery area (the contiguous US, mainland China)', () => {
    expect(parseAddress('1 Kalakaua Avenue Honolulu Hawaii 96815', 'en-US')).toEqual({
      ok: false,
      missing: [],
      outside: true,
    });
    expect(parseAddress('台湾省台北市信义区松仁路1号', 'zh-CN')).toMatchObject({ ok: false, outside: true });
    expect(parseAddress('12 Oak Street Springfield Illinois 62704', 'en-US')).toMatchObject({ ok: true });
  });

  it('keeps a city that starts with a direction or a street word, and Chinese cities said without 市', () => {
    expect(parseAddress('123 Main Street West Palm Beach Florida 33401', 'en-US')).toMatchObject({
      address: { street: '123 Main Street', city: 'West Palm Beach' },
    });
    expect(parseAddress('55 Pine Street Crescent City California 95531', 'en-US')).toMatchObject({
      address: { street: '55 Pine Street', city: 'Crescent City' },
    });
    expect(parseAddress('石家庄桥西区中山路100号', 'zh-CN')).toMatchObject({
      address: { city: '石家庄市', district: '桥西区' },
    });
    expect(parseAddress('杭州市西湖区省府路8号', 'zh-CN')).toMatchObject({
      address: { city: '杭州市', district: '西湖区', street: '省府路8号' },
    });
  });

  it('reads the part a correction names before the generic rules', () => {
    expect(parseCorrection('no, the street name is Birch Road', 'en-US')).toEqual({
      part: 'street',
      text: 'Birch Road',
    });
    expect(parseCorrection('the phone number is 2025550143', 'en-US')).toEqual({
      part: 'phone',
      text: '2025550143',
    });
    expect(parseCorrection('不对，电话是13912345678', 'zh-CN')).toEqual({
      part: 'phone',
      text: '13912345678',
    });
    const parsed = parseAddress('9 Cedar Lane Denver Colorado 80203', 'en-US');
    if (!parsed.ok) throw new Error('fixture');
    expect(correctAddress(parsed.address, 'street', 'Birch Road', 'en-US')).toMatchObject({
      street: '9 Birch Road',
    });
    expect(correctAddress(parsed.address, 'street', 'fourteen', 'en-US')).toMatchObject({
      street: '14 Cedar Lane',
    });
  });

  it('hears a caller give up on the order at a delivery question', () => {
    expect(abandonsOrder('never mind')).toBe(true);
    expect(abandonsOrder('算了，不买了')).toBe(true);
    expect(abandonsOrder('12 Oak Street Springfield Illinois 62704')).toBe(false);
  });
});
