import { describe, expect, it } from 'vitest';
import { normaliseSpokenDigits } from '../../../lambdas/core/pii';

describe('normaliseSpokenDigits', () => {
  it('rewrites English digit words, oh, double and triple, keeping the spaces between them', () => {
    // Prepare / Act
    const n = normaliseSpokenDigits('two oh six, double five triple nine');
    // Assess
    expect(n.text).toBe('2 0 6, 55 999');
  });

  it('rewrites tens, teens and hundred after a digit but leaves "a hundred" alone', () => {
    expect(normaliseSpokenDigits('forty one eleven').text).toBe('41 11');
    expect(normaliseSpokenDigits('eight hundred').text).toBe('8 00');
    expect(normaliseSpokenDigits('a hundred').text).toBe('a hundred');
  });

  it('rewrites Chinese numerals including 幺, 两 and 〇, and full-width digits', () => {
    expect(normaliseSpokenDigits('幺三八 两〇零 ５６').text).toBe('138 200 56');
  });

  it('leaves multipliers and digit words inside other words alone', () => {
    expect(normaliseSpokenDigits("三百九十九 someone phone ten o'clock").text).toBe(
      "3百9十9 someone phone 10 o'clock",
    );
  });

  it('maps a span of the rewritten text back to the exact input span', () => {
    // Prepare
    const input = 'call double five oh, 幺三八 now';
    const n = normaliseSpokenDigits(input);
    const at = n.text.indexOf('55 0');
    // Act
    const back = n.toOriginal(at, at + 4);
    // Assess
    expect(input.slice(back.start, back.end)).toBe('double five oh');
    const zh = n.text.indexOf('138');
    const zhBack = n.toOriginal(zh, zh + 3);
    expect(input.slice(zhBack.start, zhBack.end)).toBe('幺三八');
  });

  it('reports where each digit came from', () => {
    const n = normaliseSpokenDigits('1 one 一 １');
    expect([0, 2, 4, 6].map((i) => n.sourceOf(i))).toEqual(['ascii', 'en', 'zh', 'wide']);
  });
});
