import { describe, expect, it } from 'vitest';
import { FAQ } from '../../../lambdas/contracts/faq';
import { BOT_MODEL } from '../../../lib/bot';
import { REVIEWED_UTTERANCES } from '../../../lib/bot/reviewed';
import {
  candidateModel,
  groupMisses,
  isSaidAgainEvidence,
  propose,
  type ReviewRow,
  withProposals,
} from '../../../local/bot-review';
import { standInClassifier } from '../../../local/lex/blended-classifier';
import { IntentClassifier } from '../../../local/lex/classifier';

/**
 * The improvement loop's steps on rows shaped like the review-candidates query's: grouping per
 * locale, turns without words only counted, proposals for the intent callers reached by saying it
 * again (FAQ entries get questions), guesses never proposed, and texts that must never become
 * training data left out with a reason.
 */

const row = (
  locale: string,
  text: string | null,
  times = 1,
  saidAgainAs: string | null = null,
): ReviewRow => ({
  locale,
  outcome: 'FALLBACK',
  intent: 'FallbackIntent',
  confidence: text === null ? null : 0.2,
  text,
  saidAgainAs: text === null ? null : saidAgainAs,
  times,
});
const noEvaluation = { 'en-US': new Set<string>(), 'zh-CN': new Set<string>() };

describe('bot review', () => {
  const rows = [
    row('en-US', 'does the charging pad work with a phone case on', 2, 'ProductInfo'),
    row('en-US', 'does the charging pad work with a thick phone case', 1, 'ProductInfo'),
    row('en-US', null, 4),
    row('en-US', 'how many days does shipping usually take to get here', 1, 'FaqDeliveryTimes'),
    row('en-US', 'call me back on 555 201 7788 about the charging pad', 1, 'ProductInfo'),
    row('zh-CN', '你们那个插头能不能定时开关', 1, 'ProductInfo'),
    row('zh-CN', null, 2),
  ];

  it('groups similar turns per locale and only counts the turns without words', () => {
    const { groups, withoutWords } = groupMisses(rows, BOT_MODEL);
    expect(withoutWords).toEqual({ 'en-US': 4, 'zh-CN': 2 });
    const pad = groups.find((g) => g.texts.includes('does the charging pad work with a phone case on'));
    expect(pad?.texts).toContain('does the charging pad work with a thick phone case');
    expect(pad?.times).toBe(3);
    expect(groups.filter((g) => g.locale === 'zh-CN')).toHaveLength(1);
  });

  it('proposes sample utterances with slot references for the intent said again, and FAQ questions for FAQ intents', () => {
    const { groups } = groupMisses(rows, BOT_MODEL);
    expect(
      groups.find((g) => g.texts.includes('does the charging pad work with a phone case on'))?.saidAgainAs,
    ).toEqual({
      intent: 'ProductInfo',
      times: 3,
    });
    const { proposals, rejections } = propose(groups, BOT_MODEL, noEvaluation);
    const pad = proposals.find((p) => p.add.some((u) => u.includes('phone case')));
    expect(pad?.kind).toBe('utterances');
    expect(pad?.add.every((u) => u.includes('{Product}') || !u.includes('charging pad'))).toBe(true);
    const delivery = proposals.find((p) => p.add.some((u) => u.includes('shipping usually')));
    expect(delivery).toMatchObject({ kind: 'faq', faqId: 'delivery-times' });
    // A caller's number is never proposed, whatever intent is near.
    expect(JSON.stringify(proposals)).not.toContain('7788');
    expect(rejections.find((r) => r.text.includes('7788'))?.why).toMatch(/personal data/);
  });

  it('proposes nothing on the nearest guess alone: the caller must have said it again as an intent near it', () => {
    const text = 'gift wrap the charging pad please';
    const classifier = standInClassifier(BOT_MODEL.locales['en-US']);
    const ranking = classifier.classify(text).ranking.filter((r) => r.intent !== 'FallbackIntent');
    const near = ranking[0]?.intent as string;
    const far = ranking[ranking.length - 1]?.intent as string;
    expect(isSaidAgainEvidence(classifier, text, near)).toBe(true);
    expect(isSaidAgainEvidence(classifier, text, far)).toBe(false);
    for (const [again, proposed] of [
      [null, false], // not said again: the guess stays a guess
      [far, false], // moved on to something unrelated
      ['FallbackIntent', false],
      [near, true],
    ] as const) {
      const { groups } = groupMisses([row('en-US', text, 1, again)], BOT_MODEL);
      const { proposals, rejections } = propose(groups, BOT_MODEL, noEvaluation);
      expect(proposals.length > 0).toBe(proposed);
      if (!proposed) expect(rejections[0]?.why).toMatch(/for a person to label/);
    }
  });

  it('takes giving up (goodbye, an agent) as evidence only where the stand-in ranks it first', () => {
    const classifier = standInClassifier(BOT_MODEL.locales['en-US']);
    const rankOf = (text: string, intent: string) =>
      classifier
        .classify(text)
        .ranking.filter((r) => r.intent !== 'FallbackIntent')
        .findIndex((r) => r.intent === intent);
    // Second or third nearest: evidence for any other intent, not for giving up.
    for (const [text, givingUp, other] of [
      ['no thank you what else do you have', 'Goodbye', 'ProductInfo'],
      ['i want a person to check my order', 'TalkToAgent', 'FaqOrderChange'],
    ] as const) {
      expect([1, 2]).toContain(rankOf(text, givingUp));
      expect([1, 2]).toContain(rankOf(text, other));
      expect(isSaidAgainEvidence(classifier, text, givingUp)).toBe(false);
      expect(isSaidAgainEvidence(classifier, text, other)).toBe(true);
    }
    expect(rankOf('can i get a real live person on the line', 'TalkToAgent')).toBe(0);
    expect(isSaidAgainEvidence(classifier, 'can i get a real live person on the line', 'TalkToAgent')).toBe(
      true,
    );
  });

  it('confirms a low-confidence turn only by the caller going on with the same intent', () => {
    const answered = (saidAgainAs: string): ReviewRow => ({
      locale: 'en-US',
      outcome: 'ANSWERED',
      intent: 'ProductPrice',
      confidence: 0.41,
      text: 'what does the quiet max run for these days',
      saidAgainAs,
      times: 1,
    });
    // The next request of an answered caller is another one: no evidence about this turn.
    expect(groupMisses([answered('PlaceOrder')], BOT_MODEL).groups[0]?.saidAgainAs).toBeNull();
    expect(groupMisses([answered('ProductPrice')], BOT_MODEL).groups[0]?.saidAgainAs?.intent).toBe(
      'ProductPrice',
    );
  });

  it('leaves out evaluation utterances and texts another intent already has', () => {
    const { groups } = groupMisses(
      [
        row('en-US', 'what do you sell', 1, 'BrowseCatalog'),
        row('en-US', 'zz my order thingy qq', 1, 'OrderStatus'),
      ],
      BOT_MODEL,
    );
    const { proposals, rejections } = propose(groups, BOT_MODEL, {
      'en-US': new Set(['zz my order thingy qq']),
      'zh-CN': new Set(),
    });
    expect(proposals).toEqual([]);
    expect(rejections.map((r) => r.why)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/evaluation utterance/),
        expect.stringMatching(/already/),
      ]),
    );
  });

  it('builds a candidate model with the proposals, leaving the shipped files untouched', () => {
    const { reviewed, faq } = withProposals([
      {
        kind: 'utterances',
        locale: 'en-US',
        intent: 'ProductInfo',
        add: ['does the {Product} fit in a pocket'],
        times: 2,
      },
      {
        kind: 'faq',
        locale: 'zh-CN',
        faqId: 'warranty',
        intent: 'FaqWarranty',
        add: ['坏了多久内能修'],
        times: 1,
      },
    ]);
    expect(reviewed.intents.ProductInfo?.['en-US']).toEqual(['does the {Product} fit in a pocket']);
    expect(faq.entries.find((e) => e.id === 'warranty')?.questions['zh-CN']).toContain('坏了多久内能修');
    expect(REVIEWED_UTTERANCES.intents.ProductInfo).toBeUndefined();
    expect(FAQ.entries.find((e) => e.id === 'warranty')?.questions['zh-CN']).not.toContain('坏了多久内能修');
    const model = candidateModel(reviewed, faq);
    const info = model.locales['en-US'].intents.find((i) => i.name === 'ProductInfo');
    expect(info?.sampleUtterances).toContain('does the {Product} fit in a pocket');
    expect(
      new IntentClassifier(model.locales['en-US']).classify('does the studio speaker fit in a pocket').intent,
    ).toBe('ProductInfo');
  });
});
