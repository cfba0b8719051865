import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noticeRef } from '../../lambdas/contracts/notices';
import {
  allowsRecording,
  CONSENT_DECISIONS,
  type ConsentDecision,
  decisionFromDigit,
} from '../../lambdas/core/consent/decision';
import { assertNoticeForDefault, resolveLocale } from '../../lambdas/core/consent/record-consent';

describe('decisionFromDigit', () => {
  it.each<[string | undefined, ConsentDecision]>([
    ['1', 'GRANTED'],
    ['2', 'DECLINED'],
    ['', 'NO_INPUT'],
    [undefined, 'NO_INPUT'],
    ['0', 'INVALID'],
    ['3', 'INVALID'],
    ['9', 'INVALID'],
    ['*', 'INVALID'],
    ['#', 'INVALID'],
    ['11', 'INVALID'],
    ['12', 'INVALID'],
    [' 1', 'INVALID'],
    ['1 ', 'INVALID'],
    ['yes', 'INVALID'],
    ['１', 'INVALID'],
  ])('maps %j to %s', (digit, expected) => {
    // Prepare / Act
    const decision = decisionFromDigit(digit);
    // Assess
    expect(decision).toBe(expected);
  });

  it('rejects every input other than exactly "1" as consent to record', () => {
    // Prepare
    const notOne = fc.string({ maxLength: 8 }).filter((s) => s !== '1');
    // Act / Assess
    fc.assert(
      fc.property(notOne, (digit) => {
        const decision = decisionFromDigit(digit);
        return decision !== 'GRANTED' && !allowsRecording(decision);
      }),
    );
  });
});

describe('allowsRecording', () => {
  it('allows recording for GRANTED only', () => {
    // Prepare / Act
    const allowed = CONSENT_DECISIONS.filter((d) => allowsRecording(d));
    // Assess
    expect(allowed).toEqual(['GRANTED']);
  });
});

describe('resolveLocale', () => {
  const notices = { 'en-US': noticeRef('v1', 'notice'), 'zh-CN': noticeRef('v1', '通知') };

  it('prefers the flow parameter, then the contact language, then the default', () => {
    // Prepare / Act / Assess
    expect(resolveLocale(['en-US', 'zh-CN'], notices, 'zh-CN')).toBe('en-US');
    expect(resolveLocale([undefined, 'en-US'], notices, 'zh-CN')).toBe('en-US');
    expect(resolveLocale([undefined, undefined], notices, 'zh-CN')).toBe('zh-CN');
  });

  it('rejects unsupported locales and locales without a notice', () => {
    // Prepare
    const onlyChinese = { 'zh-CN': noticeRef('v1', '通知') };
    // Act / Assess
    expect(resolveLocale(['fr-FR', 'de-DE'], notices, 'zh-CN')).toBe('zh-CN');
    expect(resolveLocale(['en-US'], onlyChinese, 'zh-CN')).toBe('zh-CN');
  });
});

describe('notices', () => {
  it('fingerprints the exact notice text with SHA-256', () => {
    // Prepare / Act
    const ref = noticeRef('2026-11-01', 'abc');
    // Assess
    expect(ref).toEqual({
      version: '2026-11-01',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('fails fast when the default locale has no notice', () => {
    // Prepare
    const onlyEnglish = { 'en-US': noticeRef('v1', 'notice') };
    // Act / Assess
    expect(() => assertNoticeForDefault(onlyEnglish, 'zh-CN')).toThrow(/default locale zh-CN/);
  });
});
