import { describe, expect, it } from 'vitest';
import { normaliseSpokenDigits, PII_TAGS, redact } from '../../../lambdas/core/pii';
import { goldenCases, labelledSet } from './support';

describe('redact', () => {
  it('replaces each finding with its tag and reports input offsets', () => {
    // Prepare
    const text = '我的手机号是 138 0013 8000，身份证 11010519491231002X。';
    // Act
    const { text: out, findings } = redact(text, { locale: 'zh-CN' });
    // Assess
    expect(out).toBe('我的手机号是 [PHONE]，身份证 [ID_NUMBER]。');
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['PHONE', '138 0013 8000'],
      ['ID_NUMBER', '11010519491231002X'],
    ]);
  });

  it('never puts the matched value into a finding', () => {
    // Prepare / Act
    const { findings } = redact('card 4111 1111 1111 1111, email a.b@example.com', { locale: 'en-US' });
    // Assess
    for (const f of findings) expect(Object.keys(f).sort()).toEqual(['end', 'start', 'type']);
    expect(JSON.stringify(findings)).not.toMatch(/4111|example/);
  });

  it('redacts spoken digits with a stray numeral after them', () => {
    const { text } = redact('我的手机号是幺三八零零幺三八零零零一下', { locale: 'zh-CN' });
    expect(text).not.toMatch(/[幺三八零]{4}/);
    expect(text).toContain('[PHONE]');
  });

  it('redacts a card inside a bank-card context as a card and a non-Luhn account as an account', () => {
    expect(redact('银行卡号 4111 1111 1111 1111').findings[0]?.type).toBe('CARD');
    expect(redact('银行账号 6228 4800 1234 5678 901').findings[0]?.type).toBe('BANK_ACCOUNT');
  });

  it('searches North American numbers except in zh-CN transcripts', () => {
    expect(redact('it is 206 555 0142', { locale: 'en-US' }).findings).toHaveLength(1);
    expect(redact('it is 206 555 0142', { locale: 'zh-CN' }).findings).toHaveLength(0);
  });

  it('leaves hard negatives alone: order numbers, prices, dates, times, codes, bad checksums', () => {
    // Prepare
    const negatives = [
      'order number 88213, it was $49.99 on 2026-11-01 at 10:30',
      'reference 110105194912310022',
      'the code on the box is 4111 1111 1111 1112',
      'SKU-4471-B, model X200, zip code 94105',
      '订单号 20261101，一共三百九十九元，二零二六年十一月一日下午三点半送到',
    ];
    // Act / Assess
    for (const text of negatives) expect(redact(text).findings).toEqual([]);
  });

  it('tags every type with a bracketed upper-case name', () => {
    for (const [type, tag] of Object.entries(PII_TAGS)) expect(tag).toBe(`[${type}]`);
  });

  it('returns empty input unchanged', () => {
    expect(redact('')).toEqual({ text: '', findings: [] });
  });
});

describe('golden list (no false negative allowed)', () => {
  // Case names carry no PII: a log scan of all test output must find none of the seeded values.
  for (const [index, c] of goldenCases().entries()) {
    const kinds = c.pii.map((p) => p.type).join(', ') || 'negative';
    it(`golden #${index + 1} ${c.locale} (${kinds})`, () => {
      // Prepare
      const spans = c.pii.map((p) => {
        const start = c.text.indexOf(p.text);
        expect(start, `golden #${index + 1}: a ${p.type} value is not in the text`).toBeGreaterThanOrEqual(0);
        return { type: p.type, start, end: start + p.text.length };
      });
      // Act
      const { findings } = redact(c.text, { locale: c.locale });
      // Assess
      for (const s of spans) {
        const covering = findings.find((f) => f.type === s.type && f.start <= s.start && f.end >= s.end);
        expect(covering, `golden #${index + 1}: ${s.type} at ${s.start}-${s.end} not redacted`).toBeDefined();
      }
    });
  }
});

describe('redacted output of the labelled set', () => {
  it('contains none of the digits of any true span', () => {
    // Prepare
    const cases = [...labelledSet('en-US'), ...labelledSet('zh-CN')];
    const leaks: string[] = [];
    for (const c of cases) {
      // Act
      const out = redact(c.text, { locale: c.locale }).text;
      const outDigits = normaliseSpokenDigits(out).text.replace(/\D/g, '');
      // Assess: neither the surface form nor the digit sequence of a true span survives
      for (const s of c.spans) {
        const surface = c.text.slice(s.start, s.end);
        const digits = normaliseSpokenDigits(surface).text.replace(/\D/g, '');
        if (out.includes(surface) || (digits.length >= 4 && outDigits.includes(digits)))
          leaks.push(`${c.id}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
