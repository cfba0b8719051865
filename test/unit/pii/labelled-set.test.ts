import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../lambdas/contracts/locales';
import { evaluateRedactor, formatEvaluation } from '../../../lambdas/core/pii';
import { generateLabelledSet } from '../../support/pii-fixtures';
import { labelledSet } from './support';

const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];
/** Compliance control C10: recall on ID, phone and card numbers. */
const RECALL_FLOOR = 0.99;

describe.each(LOCALES)('labelled set %s', (locale) => {
  const cases = labelledSet(locale);

  it('has at least 200 synthetic cases with negatives, spoken forms and every type', () => {
    // Prepare / Act
    const tags = cases.flatMap((c) => c.tags ?? []);
    const types = new Set(cases.flatMap((c) => c.spans.map((s) => s.type)));
    // Assess
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(cases.every((c) => c.locale === locale)).toBe(true);
    expect(cases.filter((c) => c.spans.length === 0).length).toBeGreaterThanOrEqual(50);
    expect(tags.filter((t) => /spoken|numerals/.test(t)).length).toBeGreaterThanOrEqual(50);
    expect([...types].sort()).toEqual(['BANK_ACCOUNT', 'CARD', 'EMAIL', 'ID_NUMBER', 'PASSPORT', 'PHONE']);
  });

  it('is exactly what the seeded generator produces (labels come from construction, not the redactor)', () => {
    expect(cases).toEqual(generateLabelledSet(locale));
  });

  it('labels spans that lie inside their text', () => {
    for (const c of cases) {
      for (const s of c.spans) {
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeLessThanOrEqual(c.text.length);
        expect(s.end).toBeGreaterThan(s.start);
      }
    }
  });

  it('reaches 99 % recall on ID, phone and card numbers and reports precision', () => {
    // Act
    const evaluation = evaluateRedactor(cases);
    console.log(
      `PII redactor on the ${locale} labelled set (${cases.length} cases)\n${formatEvaluation(evaluation)}`,
    );
    // Assess
    for (const type of ['ID_NUMBER', 'PHONE', 'CARD'] as const) {
      expect(evaluation[type].tp + evaluation[type].fn, `${type} spans in the set`).toBeGreaterThanOrEqual(
        40,
      );
      expect(evaluation[type].recall, `${type} recall`).toBeGreaterThanOrEqual(RECALL_FLOOR);
    }
  });
});
