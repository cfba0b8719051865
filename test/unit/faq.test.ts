import { describe, expect, it } from 'vitest';
import faqJson from '../../data/faq.json';
import {
  FAQ,
  FAQ_VERSION,
  type Faq,
  faqAnswer,
  faqSchema,
  TIME_ZONE_PLACEHOLDER,
} from '../../lambdas/contracts/faq';
import { SUPPORTED_LOCALES } from '../../lambdas/contracts/locales';
import { asksToStopRecording } from '../../lambdas/core/dialog/privacy';
import { normaliseName } from '../../lambdas/core/orders/catalog-index';
import { redactAll } from '../../lambdas/core/pii/full';
import { faqIntentModels } from '../../lib/bot/faq';
import { SAMPLE_UTTERANCES } from '../../lib/bot/utterances';

/** The entries ops asked for, by id. */
const EXPECTED_IDS = [
  'delivery-times',
  'delivery-cost',
  'returns',
  'warranty',
  'payment-methods',
  'opening-hours',
  'privacy-policy',
  'order-change',
  'recording-notice',
];

/** A deep copy of the shipped file (as plain JSON, not yet validated) with one change applied. */
function mutated(change: (faq: any) => void): unknown {
  const copy = structuredClone(faqJson) as any;
  change(copy);
  return copy;
}

/** The issue messages of a rejected file, joined, so a test can say why it was rejected. */
function rejection(input: unknown): string {
  const result = faqSchema.safeParse(input);
  expect(result.success, 'the file should be rejected').toBe(false);
  return (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
}

describe('FAQ schema', () => {
  it('accepts the shipped file with every entry ops asked for', () => {
    // Prepare / Act
    const result = faqSchema.safeParse(structuredClone(faqJson));
    // Assess
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    expect(FAQ.entries.map((e) => e.id).sort()).toEqual([...EXPECTED_IDS].sort());
    expect(FAQ_VERSION).toBe(faqJson.version);
    expect(FAQ_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });

  it('rejects a duplicate id', () => {
    const input = mutated((f) => {
      f.entries[1].id = f.entries[0].id;
    });
    expect(rejection(input)).toContain(`duplicate id ${faqJson.entries[0]?.id}`);
  });

  it('rejects a duplicate intent and an intent name that is not Faq + PascalCase', () => {
    expect(
      rejection(
        mutated((f) => {
          f.entries[2].intent = f.entries[0].intent;
        }),
      ),
    ).toContain('duplicate intent');
    expect(
      rejection(
        mutated((f) => {
          f.entries[0].intent = 'DeliveryTimes';
        }),
      ),
    ).toContain('entries.0.intent');
  });

  it('rejects a question repeated in another entry, in the same entry, or differing only in case', () => {
    const across = mutated((f) => {
      f.entries[1].questions['en-US'][3] = f.entries[0].questions['en-US'][0];
    });
    expect(rejection(across)).toContain('entries.1.questions.en-US.3: duplicate question');
    const within = mutated((f) => {
      f.entries[4].questions['zh-CN'][5] = f.entries[4].questions['zh-CN'][2];
    });
    expect(rejection(within)).toContain('entries.4.questions.zh-CN.5: duplicate question');
    const spacing = mutated((f) => {
      f.entries[2].questions['en-US'][0] = f.entries[3].questions['en-US'][0].replace(' ', '  ');
    });
    expect(rejection(spacing)).toContain('duplicate question');
  });

  it('rejects an entry with a locale missing from its questions or its answer', () => {
    expect(
      rejection(
        mutated((f) => {
          delete f.entries[0].questions['zh-CN'];
        }),
      ),
    ).toContain('entries.0.questions.zh-CN');
    expect(
      rejection(
        mutated((f) => {
          delete f.entries[5].answer['en-US'];
        }),
      ),
    ).toContain('entries.5.answer.en-US');
  });

  it('rejects a question with punctuation, in either language, or in upper case', () => {
    for (const [locale, question] of [
      ['en-US', 'what is your return policy?'],
      ['en-US', 'what is the warranty, please'],
      ['en-US', "what's the warranty"],
      ['zh-CN', '可以退货吗？'],
      ['zh-CN', '退货，怎么办'],
      ['en-US', 'What is the warranty'],
    ] as const) {
      const input = mutated((f) => {
        f.entries[2].questions[locale][0] = question;
      });
      expect(rejection(input), question).toContain(`entries.2.questions.${locale}.0`);
    }
  });

  it('rejects too few questions, an empty or a 201-character question and an answer over 300 characters', () => {
    expect(
      rejection(
        mutated((f) => {
          f.entries[0].questions['en-US'] = f.entries[0].questions['en-US'].slice(0, 13);
        }),
      ),
    ).toContain('entries.0.questions.en-US');
    expect(
      rejection(
        mutated((f) => {
          f.entries[0].questions['en-US'][0] = '';
        }),
      ),
    ).toContain('entries.0.questions.en-US.0');
    expect(
      rejection(
        mutated((f) => {
          f.entries[0].questions['en-US'][0] = 'a'.repeat(201);
        }),
      ),
    ).toContain('entries.0.questions.en-US.0');
    expect(
      rejection(
        mutated((f) => {
          f.entries[0].answer['zh-CN'] = '好'.repeat(301);
        }),
      ),
    ).toContain('entries.0.answer.zh-CN');
  });
});

describe('FAQ content', () => {
  it('has at least 15 questions per entry and locale (what the bot model requires of every intent)', () => {
    for (const entry of FAQ.entries) {
      for (const locale of SUPPORTED_LOCALES) {
        expect(entry.questions[locale].length, `${entry.id} ${locale}`).toBeGreaterThanOrEqual(15);
      }
    }
  });

  it('contains no personal data in any answer or question (the full redactor finds nothing)', () => {
    for (const entry of FAQ.entries) {
      for (const locale of SUPPORTED_LOCALES) {
        for (const text of [entry.answer[locale], ...entry.questions[locale]]) {
          expect(redactAll(text, { locale }).findings, `${entry.id} ${locale}: ${text}`).toEqual([]);
        }
      }
    }
  });

  it('shares no question with the shop intents, and no question reads as a request to stop recording', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const shop = new Map<string, string>();
      for (const [intent, utterances] of Object.entries(SAMPLE_UTTERANCES)) {
        for (const u of utterances[locale]) shop.set(normaliseName(u), intent);
      }
      for (const entry of FAQ.entries) {
        for (const q of entry.questions[locale]) {
          expect(shop.get(normaliseName(q)), `${entry.id} ${locale}: ${q}`).toBeUndefined();
          expect(asksToStopRecording(q), `${entry.id} ${locale}: ${q}`).toBe(false);
        }
      }
    }
  });

  it('answers in one or two sentences and promises no message, e-mail or tracking link', () => {
    for (const entry of FAQ.entries) {
      for (const locale of SUPPORTED_LOCALES) {
        const answer = entry.answer[locale];
        const sentences = answer.split(/(?<=[^.]{3}[.?!])\s+|(?<=[。？！])/u).filter((s) => s.trim() !== '');
        expect(sentences.length, `${entry.id} ${locale}: ${answer}`).toBeLessThanOrEqual(2);
        expect(answer, `${entry.id} ${locale}`).not.toMatch(
          /\b(?:sms|text message|e-?mail|tracking|track)\b|短信|邮件|邮箱|跟踪|追踪|物流单号|运单号/i,
        );
      }
    }
  });

  it('points to the full privacy policy on example.com only, and states the one-year warranty in both locales', () => {
    const privacy = FAQ.entries.find((e) => e.id === 'privacy-policy');
    const warranty = FAQ.entries.find((e) => e.id === 'warranty');
    for (const locale of SUPPORTED_LOCALES) {
      const domains = privacy?.answer[locale].match(/[a-z0-9-]+\.(?:com|cn|net|org)\b/gi) ?? [];
      expect(domains, locale).toEqual(['example.com']);
    }
    expect(warranty?.answer['en-US']).toMatch(/\bone-year\b/);
    expect(warranty?.answer['zh-CN']).toContain('一年');
  });
});

describe('faqAnswer', () => {
  it('returns the approved answer of an FAQ intent in each locale, and nothing for another intent', () => {
    for (const raw of faqJson.entries) {
      for (const locale of SUPPORTED_LOCALES) {
        // The placeholder given back as its own value: the answer is the file's text, word for word.
        expect(faqAnswer(raw.intent, locale, { timeZoneName: TIME_ZONE_PLACEHOLDER })).toBe(
          raw.answer[locale],
        );
      }
    }
    // The agents' time zone, named in the caller's language, and the answer for a line without card input.
    expect(faqAnswer('FaqOpeningHours', 'en-US', { timeZoneName: 'China Standard Time' })).toMatch(
      /9 a\.m\. to 6 p\.m\. China Standard Time\./,
    );
    expect(faqAnswer('FaqPaymentMethods', 'en-US', { cardPayments: false })).not.toMatch(/keypad, and/);
    expect(faqAnswer('FaqPaymentMethods', 'en-US', { cardPayments: true })).toMatch(
      /card on your phone keypad/,
    );
    expect(faqAnswer('PlaceOrder', 'en-US')).toBeUndefined();
    expect(faqAnswer('faqreturns', 'zh-CN')).toBeUndefined();
  });
});

describe('faqIntentModels', () => {
  it('returns one model per entry and locale with its questions and the exact approved answer', () => {
    for (const locale of SUPPORTED_LOCALES) {
      // Act
      const models = faqIntentModels(locale);
      // Assess: against the raw file, not the parsed FAQ the function read
      expect(models).toHaveLength(faqJson.entries.length);
      faqJson.entries.forEach((raw, i) => {
        const model = models[i];
        expect(model?.name).toBe(raw.intent);
        expect(model?.sampleUtterances).toEqual(raw.questions[locale]);
        expect(model?.answer).toBe(raw.answer[locale]);
        expect(model?.description.length).toBeGreaterThan(0);
        expect(model?.description.length).toBeLessThanOrEqual(200);
      });
    }
  });

  it('builds from another FAQ, so the bot cannot drift from the data', () => {
    // Prepare
    const first = FAQ.entries[0];
    if (!first) throw new Error('the FAQ has no entries');
    const faq: Faq = {
      version: '2027-01-01.2',
      entries: [
        {
          ...first,
          intent: 'FaqGiftWrap',
          answer: { 'en-US': 'We do not gift wrap.', 'zh-CN': '不提供礼品包装。' },
        },
      ],
    };
    // Act
    const models = faqIntentModels('zh-CN', faq);
    // Assess
    expect(models.map((m) => [m.name, m.answer])).toEqual([['FaqGiftWrap', '不提供礼品包装。']]);
    expect(models[0]?.description).toContain('2027-01-01.2');
  });
});
