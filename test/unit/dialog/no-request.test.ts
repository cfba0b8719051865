import { describe, expect, it } from 'vitest';
import { asksNothingYet, breaksOff, saysOnlyFillers, yesOrNo } from '../../../lambdas/core/dialog/no-request';
import { BOT_MODEL } from '../../../lib/bot';

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
    // A preposition at the end is no sign: the question is whole.
    ['en-US', 'who am I talking to'],
    ['en-US', 'what are you capable of'],
    ['en-US', 'what is this line for'],
    ['en-US', 'what can you help with'],
    ['en-US', "what's it for"],
    ['en-US', 'who can I speak to'],
    // Longer turns: their earlier words may already say it (the classifier decides).
    ['en-US', 'wait is this a real person or'],
    ['en-US', 'uh the voice pro headset does that come in black or'],
    ['zh-CN', '我要这个'],
    ['zh-CN', '我要那个'],
    ['zh-CN', '我要买降噪耳机'],
    ['zh-CN', '订单号四八二九一三我想'],
    // "I want" after what it points at, or after a yes, says it.
    ['zh-CN', '这个我要'],
    ['zh-CN', '是的我要'],
    ['zh-CN', '好我要'],
  ] as const)('%s "%s" does not', (locale, text) => {
    expect(breaksOff(text, locale)).toBe(false);
  });

  it('is one of the two ways to ask for nothing yet', () => {
    expect(asksNothingYet('um uh', 'en-US')).toBe(true);
    expect(asksNothingYet('the blue one with the', 'en-US')).toBe(true);
    expect(asksNothingYet('the blue one please', 'en-US')).toBe(false);
  });
});

describe('yesOrNo', () => {
  it.each([
    ['en-US', 'yes please', 'YES'],
    ['en-US', 'Um, sure.', 'YES'],
    ['en-US', "yeah okay that's fine", 'YES'],
    ['en-US', "I'm fine thanks", 'NO'],
    ['en-US', 'no thanks', 'NO'],
    ['en-US', "that's all", 'NO'],
    ['en-US', "nah I'm good, thank you", 'NO'],
    ['en-US', 'yes the first one', undefined],
    ['en-US', 'yes no', undefined],
    ['en-US', 'um', undefined],
    ['zh-CN', '好的', 'YES'],
    ['zh-CN', '嗯，可以', 'YES'],
    ['zh-CN', '不用了谢谢', 'NO'],
    ['zh-CN', '没有了', 'NO'],
    // "不要" may mean "cancel it": not read as a bare no.
    ['zh-CN', '不要', undefined],
    ['zh-CN', '好的我要第一个', undefined],
  ] as const)('%s "%s" is %s', (locale, text, answer) => {
    expect(yesOrNo(text, locale)).toBe(answer);
  });
});

describe('the bot model’s own sample utterances', () => {
  const samples = Object.values(BOT_MODEL.locales).flatMap((model) =>
    model.intents
      .filter((intent) => intent.name !== 'FallbackIntent')
      .flatMap((intent) =>
        intent.sampleUtterances.map((text) => ({ locale: model.locale, intent: intent.name, text })),
      ),
  );

  it('covers every locale and a few thousand wordings', () => {
    expect(new Set(samples.map((s) => s.locale)).size).toBe(2);
    expect(samples.length).toBeGreaterThan(1000);
  });

  it('are never screened as asking for nothing yet', () => {
    expect(samples.filter((s) => asksNothingYet(s.text, s.locale))).toEqual([]);
  });

  it('read as a bare yes or no only where they say goodbye', () => {
    const answers = samples.filter((s) => yesOrNo(s.text, s.locale) !== undefined);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((s) => s.intent !== 'Goodbye')).toEqual([]);
  });
});
