import { describe, expect, it } from 'vitest';
import { asksNothingYet, breaksOff, saysOnlyFillers } from '../../../lambdas/core/dialog/no-request';

/** Turns that ask for nothing yet: fillers only, or broken off where the request would begin. */
describe('saysOnlyFillers', () => {
  it.each([
    ['en-US', 'um uh'],
    ['en-US', 'Hello? Hello?'],
    ['en-US', 'hang on, let me grab a pen'],
    ['zh-CN', '嗯那个就是说'],
    ['zh-CN', '等下，我找一下'],
    ['zh-CN', '喂？喂？'],
  ] as const)('%s "%s" holds no request', (locale, text) => {
    expect(saysOnlyFillers(text, locale)).toBe(true);
  });

  it.each([
    ['en-US', 'um the quiet max'],
    ['en-US', 'hello can I cancel my order'],
    ['zh-CN', '嗯我要退货'],
    ['zh-CN', '等一下我找找订单号四八二九一三'],
  ] as const)('%s "%s" asks for something', (locale, text) => {
    expect(saysOnlyFillers(text, locale)).toBe(false);
  });
});

describe('breaksOff', () => {
  it.each([
    ['en-US', 'the blue one with the'],
    ['en-US', 'the white one with the um'],
    ['en-US', 'so what about the'],
    ['en-US', 'is it the one or'],
    ['en-US', 'hello hello can you'],
    ['en-US', 'Can you, uh…'],
    ['zh-CN', '我想'],
    ['zh-CN', '呃我想'],
    ['zh-CN', '就是……我想……'],
    ['zh-CN', '蓝色的那'],
    ['zh-CN', '我要，呃'],
  ] as const)('%s "%s" breaks off', (locale, text) => {
    expect(breaksOff(text, locale)).toBe(true);
  });

  it.each([
    // Complete requests, whatever their last word.
    ['en-US', 'how much is it'],
    ['en-US', 'can you fix that'],
    ['en-US', 'what can you do'],
    ['en-US', 'I want to order two'],
    // Longer turns: their earlier words may already say it (the classifier decides).
    ['en-US', 'wait is this a real person or'],
    ['en-US', 'uh the voice pro headset does that come in black or'],
    ['zh-CN', '我要这个'],
    ['zh-CN', '我要那个'],
    ['zh-CN', '我要买降噪耳机'],
    ['zh-CN', '订单号四八二九一三我想'],
  ] as const)('%s "%s" does not', (locale, text) => {
    expect(breaksOff(text, locale)).toBe(false);
  });

  it('is one of the two ways to ask for nothing yet', () => {
    expect(asksNothingYet('um uh', 'en-US')).toBe(true);
    expect(asksNothingYet('the blue one with the', 'en-US')).toBe(true);
    expect(asksNothingYet('the blue one please', 'en-US')).toBe(false);
  });
});
