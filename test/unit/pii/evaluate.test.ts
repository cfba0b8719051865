import { describe, expect, it } from 'vitest';
import {
  evaluateRedactor,
  formatEvaluation,
  type LabelledCase,
  PII_TYPES,
  type Redactor,
} from '../../../lambdas/core/pii';

const CASES: LabelledCase[] = [
  { locale: 'en-US', text: 'call 206 555 0142 now', spans: [{ type: 'PHONE', start: 5, end: 17 }] },
  { locale: 'en-US', text: 'card 4111 1111 1111 1111', spans: [{ type: 'CARD', start: 5, end: 24 }] },
  { locale: 'en-US', text: 'order 12345', spans: [] },
];

describe('evaluateRedactor', () => {
  it('counts covered spans as true positives', () => {
    // Prepare
    const perfect: Redactor = (text) => ({
      text,
      findings: CASES.find((c) => c.text === text)?.spans.map((s) => ({ ...s })) ?? [],
    });
    // Act
    const e = evaluateRedactor(CASES, perfect);
    // Assess
    expect(e.PHONE).toEqual({ tp: 1, fp: 0, fn: 0, recall: 1, precision: 1 });
    expect(e.CARD).toEqual({ tp: 1, fp: 0, fn: 0, recall: 1, precision: 1 });
    expect(e.EMAIL).toEqual({ tp: 0, fp: 0, fn: 0, recall: 1, precision: 1 });
  });

  it('fails a span that is only partly covered or covered with the wrong type', () => {
    // Prepare
    const sloppy: Redactor = (text) => ({
      text,
      findings: text.startsWith('call')
        ? [{ type: 'PHONE', start: 5, end: 12 }]
        : text.startsWith('card')
          ? [{ type: 'BANK_ACCOUNT', start: 5, end: 24 }]
          : [{ type: 'PHONE', start: 6, end: 11 }],
    });
    // Act
    const e = evaluateRedactor(CASES, sloppy);
    // Assess
    expect(e.PHONE).toMatchObject({ tp: 0, fn: 1, fp: 1, recall: 0, precision: 0.5 });
    expect(e.CARD).toMatchObject({ tp: 0, fn: 1, recall: 0 });
    expect(e.BANK_ACCOUNT).toMatchObject({ fp: 1, precision: 0 });
  });

  it('formats a table with one row per type', () => {
    const table = formatEvaluation(evaluateRedactor(CASES));
    expect(table.split('\n')).toHaveLength(PII_TYPES.length + 1);
    expect(table).toMatch(/^type\s+tp\s+fn\s+fp\s+recall\s+precision/);
  });
});
