import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AFTER_SALES_REASONS,
  afterSalesCase,
  afterSalesKindOf,
  afterSalesReasonOf,
  kindForReason,
} from '../../../lambdas/core/cases/after-sales';

/**
 * The after-sales classifier on the helper-written turns of test/fixtures/after-sales-heldout/
 * (a development set now: see its README for the first, honest score), and the case it builds.
 */

interface Turn {
  readonly text: string;
  readonly kind: string | null;
  readonly reason: string;
}
const turns = (file: string, dir = 'after-sales-heldout'): Turn[] =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${dir}/${file}.json`, import.meta.url), 'utf8')).turns;

describe.each(['en_US', 'zh_CN'])('after-sales turns (%s)', (file) => {
  it('has every reason and kind labelled, about 60 turns', () => {
    const set = turns(file);
    expect(set.length).toBeGreaterThanOrEqual(60);
    expect(new Set(set.map((t) => t.reason))).toEqual(new Set(AFTER_SALES_REASONS));
  });

  it('names the kind and the reason of nearly every turn', () => {
    const set = turns(file);
    const kinds = set.filter((t) => (afterSalesKindOf(t.text) ?? null) === t.kind).length;
    const reasons = set.filter((t) => afterSalesReasonOf(t.text) === t.reason).length;
    // Floors under today's development-set figures (100 % and 98-100 %).
    expect(kinds / set.length).toBeGreaterThanOrEqual(0.95);
    expect(reasons / set.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe.each(['en_US', 'zh_CN'])('after-sales turns of the held-out second set (%s)', (file) => {
  it('names the kind and the reason of most turns (floors under the first and only score)', () => {
    const set = turns(file, 'after-sales-heldout-2');
    expect(set.length).toBeGreaterThanOrEqual(48);
    const kinds = set.filter((t) => (afterSalesKindOf(t.text) ?? null) === t.kind).length;
    const reasons = set.filter((t) => afterSalesReasonOf(t.text) === t.reason).length;
    // Measured once: kind 85.4 % in both locales, reason 70.8 % (en-US) and 79.2 % (zh-CN).
    expect(kinds / set.length).toBeGreaterThanOrEqual(0.8);
    expect(reasons / set.length).toBeGreaterThanOrEqual(0.65);
  });
});

describe('the after-sales case', () => {
  it('carries kind, order, reason category and context, and none of the caller words', () => {
    const task = afterSalesCase({
      contactId: 'c0ffee00-0000-4000-8000-000000000042',
      kind: 'return',
      reason: 'damaged',
      orderId: '482913',
      sku: 'SP-100',
      quantity: 1,
      status: 'DELIVERED',
      locale: 'en-US',
      consent: 'DECLINED',
    });
    expect(task).toMatchObject({
      token: 'after-sales-c0ffee00-0000-4000-8000-000000000042-482913-return',
      name: 'Return request: order 482913',
      attributes: {
        caseKind: 'after-sales-return',
        orderId: '482913',
        reason: 'damaged',
        consent: 'DECLINED',
      },
    });
    expect(task.description).toContain('arrived damaged');
  });

  it('infers the kind from the reason when the caller named none', () => {
    expect(kindForReason('not-working')).toBe('warranty');
    expect(kindForReason('courier')).toBe('complaint');
    expect(kindForReason('wrong-item')).toBe('return');
  });
});
