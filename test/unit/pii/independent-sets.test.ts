import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../lambdas/contracts/locales';
import { evaluateRedactor, formatEvaluation, redact } from '../../../lambdas/core/pii';
import { loadIndependentSet } from '../../support/independent-pii';

/**
 * Sets written by helpers who never read the redactor, its generator or its fixtures, from how
 * Amazon Transcribe writes speech and how callers read numbers out (fillers between groups,
 * corrections, repeats, check letters said as words). Compliance control C10 is measured here.
 */
const SETS = ['pii-independent', 'pii-independent-2'] as const;
const LOCALES: readonly Locale[] = ['en-US', 'zh-CN'];
const RECALL_FLOOR = 0.99;
const NEGATIVES_CHANGED_CEILING = 0.01;

describe.each(SETS)('independent set %s', (set) => {
  describe.each(LOCALES)('%s', (locale) => {
    const { cases, other } = loadIndependentSet(
      join(import.meta.dirname, '..', '..', 'fixtures', set, `${locale}.json`),
    );

    it('reaches 99 % recall on ID, phone and card numbers', () => {
      // Act
      const evaluation = evaluateRedactor(cases);
      console.log(`${set} ${locale} (${cases.length} cases)\n${formatEvaluation(evaluation)}`);
      // Assess
      for (const type of ['ID_NUMBER', 'PHONE', 'CARD'] as const) {
        expect(evaluation[type].tp + evaluation[type].fn, `${type} spans`).toBeGreaterThanOrEqual(15);
        expect(evaluation[type].recall, `${type} recall`).toBeGreaterThanOrEqual(RECALL_FLOOR);
      }
    });

    it('changes at most 1 % of the cases without personal data', () => {
      // Prepare
      const labelledElsewhere = new Set(
        Object.values(other)
          .flat()
          .map((o) => o.caseId),
      );
      const negatives = cases.filter((c) => c.spans.length === 0 && !labelledElsewhere.has(c.id ?? ''));
      // Act
      const changed = negatives.filter((c) => redact(c.text, { locale: c.locale }).findings.length > 0);
      // Assess
      expect(negatives.length).toBeGreaterThanOrEqual(80);
      expect(changed.length / negatives.length, changed.map((c) => c.id).join(', ')).toBeLessThanOrEqual(
        NEGATIVES_CHANGED_CEILING,
      );
    });
  });
});
