import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import { PAY_LATER_VARIANT, PROPERTY_LABELS, proveFlows, toHtml } from '../../tools/compliance';

describe('compliance report rendering', () => {
  it('names each flow proof by its own property', () => {
    expect(PROPERTY_LABELS.decline).toBe('recording disabled and caller told unless granted');
    expect(PROPERTY_LABELS.payment).toBe('recording suspended for card input');
    expect(new Set(Object.values(PROPERTY_LABELS)).size).toBe(Object.keys(PROPERTY_LABELS).length);
  });

  it('proves the pay-later flow a default deploy runs, next to the card-payment flow', () => {
    // Act
    const proofs = proveFlows(parseConfig({}));
    // Assess
    const payLater = proofs.filter((p) => p.variant === `locales zh-CN,en-US, ${PAY_LATER_VARIANT}`);
    expect(payLater.map((p) => p.property)).toEqual(Object.keys(PROPERTY_LABELS));
    expect(payLater.every((p) => p.holds && p.cardInputs === 0 && p.paths > 0)).toBe(true);
    expect(proofs.filter((p) => p.variant === 'locales zh-CN,en-US' && p.cardInputs > 0)).toHaveLength(6);
  });

  it('writes tables that scroll inside the page rather than widen it', () => {
    const html = toHtml([{ kind: 'table', head: ['a'], rows: [['`x`']] }], 't');
    expect(html).toContain('<div class="table"><table><thead><tr><th>a</th></tr></thead>');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/\.table\{max-width:100%;overflow-x:auto/);
  });
});
