import { describe, expect, it } from 'vitest';
import { BOT_MODEL } from '../../../lib/bot';
import type { BotLocaleModel } from '../../../lib/bot/types';
import {
  BLEND_CALLER_ONLY_SHARE,
  BLEND_THRESHOLD,
  BLEND_WEIGHT,
  BlendedClassifier,
  standInClassifier,
} from '../../../local/lex/blended-classifier';
import { IntentClassifier } from '../../../local/lex/classifier';
import { LibraryClassifier } from '../../../local/lex/library-classifier';

/**
 * The stand-in's classifier: the home-made nearest-sample score blended with nlp.js's network
 * (bin/nlu-compare.ts chose the weight and thresholds on the development sets).
 */
describe('BlendedClassifier', () => {
  const en = standInClassifier(BOT_MODEL.locales['en-US']);
  const home = new IntentClassifier(BOT_MODEL.locales['en-US']);
  const net = new LibraryClassifier(BOT_MODEL.locales['en-US'], {
    engine: 'nlpjs-neural',
    features: 'words+bigrams',
    noneFeature: true,
  });

  it('scores each intent as (1 − w) × its home-made score + w × the network’s probability', () => {
    const text = 'um so my headset stopped charging what do i do';
    const dice = new Map(home.classify(text).ranking.map((r) => [r.intent, r.score]));
    const p = new Map(net.verdict(text).ranking.map((r) => [r.intent, r.score]));
    const ranking = en.blendedRanking(text);
    expect(ranking.length).toBe(dice.size);
    for (const r of ranking) {
      expect(r.score).toBeCloseTo(
        (1 - BLEND_WEIGHT['en-US']) * (dice.get(r.intent) ?? 0) +
          BLEND_WEIGHT['en-US'] * (p.get(r.intent) ?? 0),
        12,
      );
    }
    expect(ranking.map((r) => r.score)).toEqual([...ranking.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('is the home-made classifier at weight 0, and falls back below its own threshold', () => {
    const alone = new BlendedClassifier(BOT_MODEL.locales['en-US'], { weight: 0 });
    for (const text of ['what do you sell', 'where is my order 482913', 'are you a robot']) {
      expect(alone.blendedRanking(text)[0]).toEqual(home.classify(text).ranking[0]);
    }
    const noise = en.classify('zxqv blorp');
    expect(noise.score).toBeLessThan(BLEND_THRESHOLD['en-US']);
    expect(noise.intent).toBe('FallbackIntent');
  });

  it('scores zh-CN with its own caller-only share: a long turn holding a whole sample stays nearer it', () => {
    const zh = BOT_MODEL.locales['zh-CN'];
    expect(BLEND_CALLER_ONLY_SHARE['en-US']).toBe(0.5);
    expect(BLEND_CALLER_ONLY_SHARE['zh-CN']).toBeLessThan(0.5);
    const dice = new IntentClassifier(zh);
    const share = new IntentClassifier(zh, { callerOnlyShare: BLEND_CALLER_ONLY_SHARE['zh-CN'] });
    // Sample words said exactly score 1 either way; extra words cost less at the smaller share.
    expect(dice.classify('帮我转人工客服').score).toBeCloseTo(1, 12);
    expect(share.classify('帮我转人工客服').score).toBeCloseTo(1, 12);
    const long = '我跟你说啊我都打了好几回了每回都是机器帮我转人工客服';
    expect(share.classify(long).score).toBeGreaterThan(dice.classify(long).score);
    const zhBlend = new BlendedClassifier(zh, { weight: 0 });
    expect(zhBlend.blendedRanking(long)[0]).toEqual(share.classify(long).ranking[0]);
  });

  it('fills the chosen intent’s slots as the home-made classifier does', () => {
    const order = en.classify('I want to buy two smart plugs');
    expect(order.intent).toBe('PlaceOrder');
    expect(order.slots).toEqual(home.slotsFor('PlaceOrder', home.entities('I want to buy two smart plugs')));
    expect(standInClassifier(BOT_MODEL.locales['zh-CN']).classify('我要转人工').intent).toBe('TalkToAgent');
  });

  it('trains once per model object: the same model shares it, a patched copy gets its own', () => {
    expect(standInClassifier(BOT_MODEL.locales['en-US'])).toBe(en);
    const patched: BotLocaleModel = { ...BOT_MODEL.locales['en-US'] };
    expect(standInClassifier(patched)).not.toBe(en);
  });
});
