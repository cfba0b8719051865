import { describe, expect, it } from 'vitest';
import { FAQ } from '../../../lambdas/contracts/faq';
import { BOT_MODEL } from '../../../lib/bot';
import { REVIEWED_UTTERANCES } from '../../../lib/bot/reviewed';
import {
  candidateModel,
  groupMisses,
  propose,
  type ReviewRow,
  withProposals,
} from '../../../local/bot-review';
import { IntentClassifier } from '../../../local/lex/classifier';

/**
 * The improvement loop's steps on rows shaped like the review-candidates query's: grouping per
 * locale, turns without words only counted, proposals for the nearest intent (FAQ entries get
 * questions), and texts that must never become training data left out with a reason.
 */

const row = (locale: string, text: string | null, times = 1): ReviewRow => ({
  locale,
  outcome: 'FALLBACK',
  intent: 'FallbackIntent',
  confidence: text === null ? null : 0.2,
  text,
  times,
});

describe('bot review', () => {
  const rows = [
    row('en-US', 'does the charging pad work with a phone case on', 2),
    row('en-US', 'does the charging pad work with a thick phone case'),
    row('en-US', null, 4),
    row('en-US', 'how many days does shipping usually take to get here'),
    row('en-US', 'call me back on 555 201 7788 about the charging pad'),
    row('zh-CN', '你们那个插头能不能定时开关', 1),
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

  it('proposes sample utterances with slot references for the nearest intent, and FAQ questions for FAQ intents', () => {
    const { groups } = groupMisses(rows, BOT_MODEL);
    const { proposals, rejections } = propose(groups, BOT_MODEL, { 'en-US': new Set(), 'zh-CN': new Set() });
    const pad = proposals.find((p) => p.add.some((u) => u.includes('phone case')));
    expect(pad?.kind).toBe('utterances');
    expect(pad?.add.every((u) => u.includes('{Product}') || !u.includes('charging pad'))).toBe(true);
    const delivery = proposals.find((p) => p.add.some((u) => u.includes('shipping usually')));
    expect(delivery).toMatchObject({ kind: 'faq', faqId: 'delivery-times' });
    // A caller's number is never proposed, whatever intent is near.
    expect(JSON.stringify(proposals)).not.toContain('7788');
    expect(rejections.find((r) => r.text.includes('7788'))?.why).toMatch(/personal data/);
  });

  it('leaves out evaluation utterances and texts another intent already has', () => {
    const { groups } = groupMisses(
      [row('en-US', 'what do you sell'), row('en-US', 'zz my order thingy qq')],
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
