import { readFileSync } from 'node:fs';
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { expandContractions } from '../../../lambdas/core/dialog/contractions';
import { BOT_MODEL, SAMPLE_UTTERANCES } from '../../../lib/bot';
import {
  evalSetSchema,
  evaluate,
  HELD_OUT_ANSWERED_BY,
  loadHeldOutSet,
  localPredictor,
  withoutTrainingCopies,
} from '../../../local/bot-eval';
import { AwsLex, parseBotAliasArn } from '../../../local/lex/aws';
import { standInClassifier } from '../../../local/lex/blended-classifier';
import { findNumbers, parseChineseNumeral, parseConfirmation } from '../../../local/lex/builtins';
import { IntentClassifier } from '../../../local/lex/classifier';

const ARN = 'arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID00000/ALIASID000';

describe('built-in slot types', () => {
  it.each([
    ['三', 3],
    ['十二', 12],
    ['两千', 2000],
    ['三百五十', 350],
    ['一二三四五六', 123456],
  ])('reads the Chinese numeral %s', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  it('finds digits, English number words and Chinese numerals', () => {
    expect(findNumbers('buy twenty five plugs and 3 bulbs').map((n) => n.value)).toEqual(['25', '3']);
    expect(findNumbers('我要两个').map((n) => n.value)).toEqual(['2']);
  });

  it.each([
    ['那我要一副专业语音耳机', ['1']],
    ['来一根快充数据线', ['1']],
    ['我要一对录音室音箱', ['1']],
    ['买一盏智能灯泡', ['1']],
    ['我要一台', ['1']],
    // 一 as an article or inside a word is no quantity.
    ['推荐一款耳机', []],
    ['介绍一下充电宝', []],
    ['一直连不上', []],
  ])('reads a lone 一 in %s as a quantity only before a measure word of a count', (text, values) => {
    expect(findNumbers(text).map((n) => n.value)).toEqual(values);
  });

  it.each([
    ['order two nine three eight eight one please', ['293881']],
    ['it says one oh six four seven two', ['106472']],
    ['six oh two two four five', ['602245']],
    ['two hundred and five', ['205']],
    ['one thousand two hundred', ['1200']],
    ['under one hundred and fifty bucks', ['150']],
    // A word that cannot continue the number before it starts a new one: no sums of prices.
    ['thirty four ninety nine', ['34', '99']],
    ['nineteen ninety nine', ['19', '99']],
    // Two single digits are two numbers; "oh" alone and "and" between numbers are words.
    ['i want two one for me', ['2', '1']],
    ['two and three', ['2', '3']],
    ['oh i see', []],
  ])('reads the English number words in %s as AMAZON.Number does', (text, values) => {
    expect(findNumbers(text).map((n) => n.value)).toEqual(values);
    for (const n of findNumbers(text)) expect(text.slice(n.start, n.end)).toBe(n.original);
  });

  it.each([
    ['yes please', 'en-US', 'Confirmed'],
    ['no thanks', 'en-US', 'Denied'],
    ['是的', 'zh-CN', 'Confirmed'],
    ['不是', 'zh-CN', 'Denied'],
    ['maybe later perhaps', 'en-US', undefined],
  ] as const)('reads the confirmation %s', (text, locale, expected) => {
    expect(parseConfirmation(text, locale)).toBe(expected);
  });

  it.each([
    // Idioms with a negation word that mean yes.
    ['没问题', 'zh-CN', 'Confirmed'],
    ['好的，没错', 'zh-CN', 'Confirmed'],
    ['没错', 'zh-CN', 'Confirmed'],
    ['不错，就这样', 'zh-CN', 'Confirmed'],
    ['sure, no problem', 'en-US', 'Confirmed'],
    ['no problem', 'en-US', 'Confirmed'],
    ['why not', 'en-US', 'Confirmed'],
    // A leading explicit answer decides, whatever action word follows.
    ['yes, cancel it', 'en-US', 'Confirmed'],
    ['yes please cancel my order', 'en-US', 'Confirmed'],
    ['是的，取消吧', 'zh-CN', 'Confirmed'],
    ['no, I said two', 'en-US', 'Denied'],
    ['不是，我要三个', 'zh-CN', 'Denied'],
    ['that is not right', 'en-US', 'Denied'],
    ['of course not', 'en-US', 'Denied'],
    ['不对', 'zh-CN', 'Denied'],
    ['不要', 'zh-CN', 'Denied'],
    // Dismissals and a bare "cancel" decline an order read-back.
    ['never mind', 'en-US', 'Denied'],
    ['算了', 'zh-CN', 'Denied'],
    ['cancel', 'en-US', 'Denied'],
    ['取消', 'zh-CN', 'Denied'],
    // Self-corrections: what follows the correction counts.
    ['yes... wait, no', 'en-US', 'Denied'],
    ['no wait, yes', 'en-US', 'Confirmed'],
    ['yes, actually no', 'en-US', 'Denied'],
    ['好的，等等，不要了', 'zh-CN', 'Denied'],
    // Hedges and courtesy words answer nothing: the bot asks again.
    ["I'm not sure", 'en-US', undefined],
    ['不知道', 'zh-CN', undefined],
    ['不好意思', 'zh-CN', undefined],
    ['hold on', 'en-US', undefined],
    // Keypad.
    ['1', 'zh-CN', 'Confirmed'],
    ['2', 'en-US', 'Denied'],
    // Mixed languages.
    ['OK, 好的', 'en-US', 'Confirmed'],
  ] as const)('reads %j (%s) as %s', (text, locale, expected) => {
    // Prepare / Act
    const answer = parseConfirmation(text, locale);
    // Assess
    expect(answer).toBe(expected);
  });

  it.each([
    ['cancel it', 'en-US', 'Confirmed'],
    ['取消吧', 'zh-CN', 'Confirmed'],
    ["don't cancel", 'en-US', 'Denied'],
    ['不要取消', 'zh-CN', 'Denied'],
    ['never mind', 'en-US', 'Denied'],
    ['算了', 'zh-CN', 'Denied'],
  ] as const)('confirming a cancellation, reads %j (%s) as %s', (text, locale, expected) => {
    // Prepare / Act
    const answer = parseConfirmation(text, locale, 'CancelOrder');
    // Assess
    expect(answer).toBe(expected);
  });
});

describe('intent classifier', () => {
  it.each(['en-US', 'zh-CN'] as const)(
    '%s: classifies at least 95 percent of its own sample utterances correctly',
    (locale) => {
      // Prepare
      const classifier = new IntentClassifier(BOT_MODEL.locales[locale]);
      const samples = Object.entries(SAMPLE_UTTERANCES).flatMap(([intent, byLocale]) =>
        byLocale[locale].map((u) => ({
          intent,
          text: u
            .replace('{Product}', locale === 'en-US' ? 'smart plug' : '智能插座')
            .replace(/\{\w+\}/g, locale === 'en-US' ? '2' : '两'),
        })),
      );
      // Act
      const correct = samples.filter((s) => classifier.classify(s.text).intent === s.intent).length;
      // Assess
      expect(correct / samples.length).toBeGreaterThanOrEqual(0.95);
    },
  );

  it('fills product and quantity slots with canonical values', () => {
    const c = new IntentClassifier(BOT_MODEL.locales['en-US']).classify('I want to buy two smart plugs');
    expect(c.intent).toBe('PlaceOrder');
    expect(c.slots.Product?.interpretedValue).toBe('Smart plug');
    expect(c.slots.Quantity?.interpretedValue).toBe('2');
  });

  it.each([
    // A number said as money is a budget.
    ['en-US', 'recommend a headset under 60 dollars', 'RecommendProduct', 'Budget', '60'],
    ['en-US', 'any headphones under 60', 'RecommendProduct', 'Budget', '60'],
    ['en-US', 'I have a budget of 40', 'RecommendProduct', 'Budget', '40'],
    ['en-US', 'what can I get for $30', 'RecommendProduct', 'Budget', '30'],
    ['zh-CN', '预算三百有什么推荐的', 'RecommendProduct', 'Budget', '300'],
    ['zh-CN', '三百块以内的耳机推荐一下', 'RecommendProduct', 'Budget', '300'],
    // A count, or a pronoun "one", is none.
    ['en-US', 'can you recommend one', 'RecommendProduct', 'Budget', undefined],
    ['en-US', 'recommend two speakers', 'RecommendProduct', 'Budget', undefined],
    ['zh-CN', '帮我推荐一个耳机', 'RecommendProduct', 'Budget', undefined],
    ['zh-CN', '帮我推荐一副耳机', 'RecommendProduct', 'Budget', undefined],
    // A price is no quantity; a count is.
    ['en-US', 'I want the 40 dollar mini smart speaker', 'PlaceOrder', 'Quantity', undefined],
    ['en-US', 'I want two mini smart speakers', 'PlaceOrder', 'Quantity', '2'],
    ['zh-CN', '那我要一副专业语音耳机', 'PlaceOrder', 'Quantity', '1'],
    ['zh-CN', '我要两个智能插座', 'PlaceOrder', 'Quantity', '2'],
  ] as const)('%s %j: %s fills %s with %s', (locale, text, intent, slot, value) => {
    const c = standInClassifier(BOT_MODEL.locales[locale]).classify(text);
    expect(c.intent).toBe(intent);
    expect(c.slots[slot]?.interpretedValue).toBe(value);
  });

  it.each([
    ["what's the camera's range", 'what is the camera range'],
    ["let's do that", 'let us do that'],
    ["it's broken and I don't want it", 'it is broken and I do not want it'],
  ])('expands %j as a sample utterance would say it', (text, expanded) => {
    expect(expandContractions(text)).toBe(expanded);
  });

  it.each([
    ['is that the noise cancelling one', false],
    ['can I get a new one under the warranty', false],
    ['which one is cheaper', false],
    ['I want one', true],
    ['order one smart plug', true],
  ])('"one" in %j is a quantity feature: %s (a number slot still reads it as 1)', (text, quantity) => {
    const c = new IntentClassifier(BOT_MODEL.locales['en-US']);
    expect(c.delexicalise(text).includes('{number}')).toBe(quantity);
    expect(
      c
        .entities(text)
        .filter((e) => e.kind === 'Number')
        .map((e) => e.value),
    ).toEqual(['1']);
  });
});

describe('sample utterances read as callers are read', () => {
  it.each([
    [
      'en-US',
      'my camera stopped working after two weeks',
      'my {product} stopped working after {duration} weeks',
    ],
    ['en-US', 'does the {Product} come with a cable', 'does the {product} come with a {product}'],
    ['zh-CN', '灯泡用了三天就不亮了', '{product} 用了 {duration} 天就不亮了'],
  ] as const)('%s %j: catalog names and numbers become slot tokens as in a turn', (locale, sample, read) => {
    const c = new IntentClassifier(BOT_MODEL.locales[locale]);
    expect(c.delexicaliseSample(sample).replace(/\s+/g, ' ').trim()).toBe(read);
  });

  it.each([
    ['en-US', 'my camera died after two weeks'],
    ['zh-CN', '摄像头用了两个礼拜就坏了'],
  ] as const)(
    '%s %j: a product in an after-sales turn does not make it a product question',
    (locale, text) => {
      // AfterSales has no Product slot; its samples name products, read as {product} like the turn.
      expect(standInClassifier(BOT_MODEL.locales[locale]).classify(text).intent).toBe('AfterSales');
    },
  );
});

describe('turns that ask for nothing', () => {
  it.each([
    ['en-US', 'um uh', false],
    ['en-US', 'the the um the', false],
    ['en-US', 'hang on', false],
    ['en-US', 'so what', false],
    ['en-US', 'um the smart plug', true],
    ['en-US', 'so what do you sell', true],
    ['zh-CN', '嗯那个就是说呃', false],
    ['zh-CN', '什么', false],
    ['zh-CN', '那个……就是……', false],
    ['zh-CN', '嗯那个充电宝多少钱', true],
  ] as const)('%s %j asks for something: %s', (locale, text, asks) => {
    const c = standInClassifier(BOT_MODEL.locales[locale]);
    expect(c.hasRequest(text)).toBe(asks);
    // Fillers alone are the fallback ("sorry, I didn't catch that"), whatever sample they resemble.
    if (!asks) expect(c.classify(text).intent).toBe('FallbackIntent');
  });

  it('"forget it" is a never-mind, not a request to delete personal data (that one hands over)', () => {
    const c = standInClassifier(BOT_MODEL.locales['en-US']);
    expect(c.classify('forget it').intent).not.toBe('DataRights');
    expect(c.classify('please forget everything you know about me').intent).toBe('DataRights');
  });
});

describe('durations', () => {
  it.each([
    ['en-US', 'my camera died after two weeks', '{duration}'],
    ['en-US', 'it stopped working 3 days later', '{duration}'],
    ['en-US', 'I want two weekly plans', '{number}'],
    ['en-US', 'buy two smart plugs', '{number}'],
    ['zh-CN', '才用了三天就坏了', '{duration}'],
    ['zh-CN', '买了一个月就没声了', '{duration}'],
    ['zh-CN', '我要两个智能插座', '{number}'],
  ] as const)('%s %j: a number before a time unit is the feature %s', (locale, text, token) => {
    const c = new IntentClassifier(BOT_MODEL.locales[locale]);
    const delex = c.delexicalise(text);
    expect(delex).toContain(token);
    expect(delex).not.toContain(token === '{duration}' ? '{number}' : '{duration}');
    // The number is still a number to a number slot.
    expect(c.entities(text).some((e) => e.kind === 'Number')).toBe(true);
  });
});

describe.each([
  ['the second evaluation set', 'bot-heldout', 0.88],
  ['the third evaluation set', 'bot-heldout-3', 0.93],
  ['the fourth evaluation set', 'bot-heldout-4', 0.93],
  ['the fifth evaluation set', 'bot-heldout-5', 0.89],
  ['the sixth evaluation set', 'bot-heldout-6', 0.88],
  ['the seventh evaluation set', 'bot-heldout-7', 0.9],
  ['the eighth evaluation set', 'bot-heldout-8', 0.9],
  ['the ninth evaluation set', 'bot-heldout-9', 0.88],
  ['the tenth evaluation set', 'bot-heldout-10', 0.9],
  ['the eleventh evaluation set', 'bot-heldout-11', 0.86],
  ['the twelfth evaluation set', 'bot-heldout-12', 0.9],
  ['the thirteenth evaluation set', 'bot-heldout-13', 0.9],
  ['the fourteenth evaluation set', 'bot-heldout-14', 0.93],
  ['the fifteenth (held-out) set', 'bot-heldout-15', 0.92],
] as const)('%s (test/fixtures/%s/, written without the bot model)', (_name, dir, floor) => {
  it.each(['en-US', 'zh-CN'] as const)(
    '%s: at least 150 caller utterances besides sample-utterance copies, every label answered by some intent',
    async (locale) => {
      const file = `../../fixtures/${dir}/${locale === 'en-US' ? 'en_US' : 'zh_CN'}.json`;
      const all = loadHeldOutSet(new URL(file, import.meta.url).pathname);
      // Phrases that are also sample utterances are scored apart (see withoutTrainingCopies).
      const { set, copies } = withoutTrainingCopies(all, BOT_MODEL);
      expect(set.utterances.length).toBeGreaterThanOrEqual(150);
      expect(copies).toBeLessThan(all.utterances.length * 0.15);
      expect(set.utterances.filter((u) => !HELD_OUT_ANSWERED_BY[u.intent])).toEqual([]);
      // A floor a few points under the figures measured (development sets 2-14: en 93, 100, 100, 100,
      // 99, 100, 98, 98, 97, 96, 98, 100, 98 %, zh 96, 100, 99, 98, 99, 99, 99, 98, 97, 97, 99, 100,
      // 97 %; set 15, held out: en 95 %, zh 98 %): a change to the model that loses understanding fails here.
      const report = await evaluate(set, localPredictor(BOT_MODEL, locale), (label, intent) =>
        Boolean(HELD_OUT_ANSWERED_BY[label]?.(intent)),
      );
      expect(report.accuracy).toBeGreaterThanOrEqual(floor);
    },
  );
});

describe('bot evaluation sets', () => {
  it.each(['en-US', 'zh-CN'] as const)(
    '%s has at least 60 held-out utterances over every intent, none a sample utterance',
    (locale) => {
      // Prepare
      const set = evalSetSchema.parse(
        JSON.parse(readFileSync(new URL(`../../fixtures/bot-eval/${locale}.json`, import.meta.url), 'utf8')),
      );
      const norm = (s: string) =>
        s
          .normalize('NFKC')
          .toLowerCase()
          .replace(/[\s\p{P}]+/gu, ' ')
          .trim();
      const samples = new Set(BOT_MODEL.locales[locale].intents.flatMap((i) => i.sampleUtterances.map(norm)));
      // Act
      const copies = set.utterances.filter((u) => samples.has(norm(u.text)));
      const intents = new Set(set.utterances.map((u) => u.intent));
      // Assess
      expect(set.locale).toBe(locale);
      expect(set.utterances.length).toBeGreaterThanOrEqual(60);
      expect(copies).toEqual([]);
      // Every label is an intent of the bot (the newer intents are measured on test/fixtures/bot-heldout/).
      const names = new Set<string>(BOT_MODEL.locales[locale].intents.map((i) => i.name));
      expect([...intents].filter((i) => !names.has(i))).toEqual([]);
    },
  );
});

describe('AwsLex (deployed bot through RecognizeText)', () => {
  it('sends the turn to the alias from the ARN and maps the answer', async () => {
    // Prepare
    const mock = mockClient(LexRuntimeV2Client);
    mock.on(RecognizeTextCommand).resolves({
      messages: [{ contentType: 'PlainText', content: 'The Smart plug costs $14.99.' }],
      sessionState: {
        dialogAction: { type: 'Close' },
        intent: {
          name: 'ProductPrice',
          state: 'Fulfilled',
          slots: {
            Product: { value: { originalValue: 'plug', interpretedValue: 'Smart plug', resolvedValues: [] } },
          },
        },
        sessionAttributes: { locale: 'en-US' },
      },
      interpretations: [{ intent: { name: 'ProductPrice' }, nluConfidence: { score: 0.93 } }],
    });
    const bot = new AwsLex(ARN, new LexRuntimeV2Client({ region: 'us-east-1' }));
    // Act
    const out = await bot.recognizeText({
      sessionId: 'c-1',
      localeId: 'en_US',
      text: 'how much is the plug',
      inputMode: 'Text',
      sessionAttributes: { locale: 'en-US' },
    });
    // Assess
    const sent = mock.commandCalls(RecognizeTextCommand)[0]?.args[0].input;
    expect(sent).toMatchObject({
      botId: 'BOTID00000',
      botAliasId: 'ALIASID000',
      localeId: 'en_US',
      sessionId: 'c-1',
      text: 'how much is the plug',
    });
    expect(out).toMatchObject({
      dialogActionType: 'Close',
      intentName: 'ProductPrice',
      slots: { Product: 'Smart plug' },
      messages: ['The Smart plug costs $14.99.'],
    });
    expect(out.interpretations[0]).toEqual({ intentName: 'ProductPrice', score: 0.93 });
    mock.restore();
  });

  it('rejects an ARN that is not a Lex V2 bot alias', () => {
    expect(() => parseBotAliasArn('arn:aws:lambda:us-east-1:111122223333:function:x')).toThrow(
      /bot alias ARN/,
    );
  });
});
