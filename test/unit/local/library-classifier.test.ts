import { describe, expect, it } from 'vitest';
import { BOT_MODEL } from '../../../lib/bot';
import { IntentClassifier } from '../../../local/lex/classifier';
import { LibraryClassifier } from '../../../local/lex/library-classifier';

/**
 * The adapter that puts an npm NLU library where the home-made classifier stands (bin/nlu-compare.ts
 * measures them side by side; the stand-in blends nlp.js's network into the home-made score, see
 * blended-classifier.test.ts). Trained on the same bot model, it must recognise the same slot values,
 * fall back below its threshold and give the same answers twice.
 */
describe.each(['wink-bayes', 'nlpjs-neural'] as const)('LibraryClassifier (%s)', (engine) => {
  const en = new LibraryClassifier(BOT_MODEL.locales['en-US'], { engine });
  const zh = new LibraryClassifier(BOT_MODEL.locales['zh-CN'], { engine });

  it('classifies plain requests in both locales and fills slots as the home-made classifier does', () => {
    const order = en.classify('I want to buy two smart plugs');
    expect(order.intent).toBe('PlaceOrder');
    expect(order.slots).toEqual(
      new IntentClassifier(BOT_MODEL.locales['en-US']).classify('I want to buy two smart plugs').slots,
    );
    expect(en.classify('how much is the studio speaker').intent).toBe('ProductPrice');
    expect(zh.classify('我要转人工').intent).toBe('TalkToAgent');
  });

  it('falls back on noise', () => {
    expect(en.classify('zxqv blorp').intent).toBe('FallbackIntent');
  });

  it('is deterministic: a second training gives the same verdicts', () => {
    const again = new LibraryClassifier(BOT_MODEL.locales['en-US'], { engine });
    for (const text of ['what do you sell', 'where is my order', 'are you a robot', 'bye']) {
      expect(again.classify(text)).toEqual(en.classify(text));
    }
  });
});
