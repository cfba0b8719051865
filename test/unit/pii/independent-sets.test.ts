import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../lambdas/contracts/locales';
import { evaluateRedactor, formatEvaluation } from '../../../lambdas/core/pii';
import { redactAll } from '../../../lambdas/core/pii/full';
import { loadIndependentSet } from '../../support/independent-pii';

/**
 * Sets written by helpers who never read the redactor, its generator or its fixtures, from how
 * Amazon Transcribe writes speech and how callers read numbers out (fillers between groups,
 * corrections, repeats, check letters said as words). Compliance control C10 is measured here.
 */
/**
 * Recall floors by set. Sets 1 and 2 were used to improve the redactor and must stay at the control's
 * 99 %. Set 3 was scored once before anything was changed for it (85-87 % en-US, 78-85 % zh-CN) and
 * once after one round of fixes; its floor is what that round reached, so a regression fails.
 */
const SETS = [
  { set: 'pii-independent', floor: 0.99 },
  { set: 'pii-independent-2', floor: 0.99 },
  { set: 'pii-independent-3', floor: 0.9 },
] as const;
/**
 * Set 4 labels names, addresses and sensitive facts only. Scored once before any change for it
 * (names 80 % en-US / 33 % zh-CN, addresses 62 % / 78 %), then after one round of fixes.
 */
const ENTITY_SETS = ['pii-independent', 'pii-independent-2', 'pii-independent-4'] as const;
const LOCALES: readonly Locale[] = ['en-US', 'zh-CN'];
/** Names and addresses (issue target), on the sets that label them. */
const ENTITY_FLOOR = 0.9;
const NEGATIVES_CHANGED_CEILING = 0.01;

describe.each(SETS)('independent set $set', ({ set, floor }) => {
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
        expect(evaluation[type].recall, `${type} recall`).toBeGreaterThanOrEqual(floor);
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
      const changed = negatives.filter((c) => redactAll(c.text, { locale: c.locale }).findings.length > 0);
      // Assess
      expect(negatives.length).toBeGreaterThanOrEqual(75);
      expect(changed.length / negatives.length, changed.map((c) => c.id).join(', ')).toBeLessThanOrEqual(
        NEGATIVES_CHANGED_CEILING,
      );
    });
  });
});

describe.each(ENTITY_SETS)('names and addresses, independent set %s', (set) => {
  describe.each(LOCALES)('%s', (locale) => {
    const { cases } = loadIndependentSet(
      join(import.meta.dirname, '..', '..', 'fixtures', set, `${locale}.json`),
    );

    it('finds 90 % of names and addresses with the full redactor', () => {
      // Act
      const evaluation = evaluateRedactor(cases, redactAll);
      console.log(`${set} ${locale}, full redactor\n${formatEvaluation(evaluation)}`);
      // Assess
      for (const type of ['NAME', 'ADDRESS'] as const) {
        expect(evaluation[type].tp + evaluation[type].fn, `${type} spans`).toBeGreaterThanOrEqual(25);
        expect(evaluation[type].recall, `${type} recall`).toBeGreaterThanOrEqual(ENTITY_FLOOR);
        expect(evaluation[type].precision, `${type} precision`).toBeGreaterThanOrEqual(ENTITY_FLOOR);
      }
      expect(evaluation.SENSITIVE.tp, 'sensitive facts found').toBeGreaterThan(0);
    });
  });
});
