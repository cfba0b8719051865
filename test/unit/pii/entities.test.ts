import { describe, expect, it } from 'vitest';
import { redact } from '../../../lambdas/core/pii';
import { findEntities } from '../../../lambdas/core/pii/entities';
import { redactAll } from '../../../lambdas/core/pii/full';

describe('names, addresses and sensitive facts', () => {
  it.each([
    ['en-US', 'Hi, my name is Olga Brandvold, I live at 4471 Quarry Hill Road, Duluth, Minnesota 55803.'],
    ['zh-CN', '收件人是欧阳晓峰，地址是杭州市西湖区文一西路九十八号三栋二零二。'],
  ] as const)('redacts the name and the address in %s, and nothing else', (locale, text) => {
    // Act
    const out = redactAll(text, { locale }).text;
    // Assess
    expect(out).toMatch(/\[NAME\]/);
    expect(out).toMatch(/\[ADDRESS\]/);
    expect(out).not.toMatch(/Brandvold|Quarry|欧阳|文一西路/);
    expect(out.startsWith(locale === 'en-US' ? 'Hi, my name is ' : '收件人是')).toBe(true);
  });

  it('marks health and money facts as SENSITIVE in both languages, with the words that qualify them', () => {
    // Act
    const en = redactAll('I have epilepsy and I earn about $2,100 a month.', { locale: 'en-US' }).text;
    const zh = redactAll('我有糖尿病，月薪八千左右。', { locale: 'zh-CN' }).text;
    const product = redactAll('Is the wheelchair ramp you sell rated for 400 pounds?', {
      locale: 'en-US',
    }).text;
    // Assess
    expect(en).toBe('[SENSITIVE].');
    expect(zh).toBe('[SENSITIVE]。');
    expect(product).toBe('Is the wheelchair ramp you sell rated for 400 pounds?');
  });

  it('leaves products, brands and places alone when no one is named', () => {
    for (const [locale, text] of [
      ['en-US', 'Does the Smart bulb work with Alexa? I saw it at the Ann Arbor store in Georgia.'],
      ['zh-CN', '这个台灯叫林肯，黄铜色的那个，明天能送到杭州吗？'],
    ] as const) {
      expect(findEntities(text, locale)).toEqual([]);
    }
  });

  it('is not part of the digit redactor the code hook uses', () => {
    expect(redact('my name is Olga Brandvold', { locale: 'en-US' }).findings).toEqual([]);
  });

  it('never throws on odd input', () => {
    for (const text of ['', ' ', '\u0000', 'A'.repeat(5000), '张'.repeat(3000), '1 Street Street Street']) {
      expect(() => redactAll(text, { locale: 'en-US' })).not.toThrow();
      expect(() => redactAll(text, { locale: 'zh-CN' })).not.toThrow();
    }
  });
});
