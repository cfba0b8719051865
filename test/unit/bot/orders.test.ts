import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG, catalogSchema } from '../../../lambdas/contracts/catalog';
import {
  parseOrderNumber,
  randomOrderNumber,
  speakOrderNumber,
} from '../../../lambdas/contracts/order-number';
import { CatalogIndex } from '../../../lambdas/core/orders/catalog-index';
import { formatMoney, majorToMinor } from '../../../lambdas/core/orders/money';
import {
  decodeQuote,
  encodeQuote,
  parseBudget,
  parseQuantity,
  placeOrderKey,
  validCallerHmac,
} from '../../../lambdas/core/orders/service';

describe('catalog', () => {
  it('is valid, with 8-12 products and unique SKUs', () => {
    const catalog = catalogSchema.parse(CATALOG);
    expect(catalog.products.length).toBeGreaterThanOrEqual(8);
    expect(catalog.products.length).toBeLessThanOrEqual(12);
    expect(new Set(catalog.products.map((p) => p.sku)).size).toBe(catalog.products.length);
    const categories = new Set(catalog.categories.map((c) => c.id));
    for (const p of catalog.products) expect(categories.has(p.category)).toBe(true);
  });

  it('resolves names and synonyms in both locales, whatever the case and spacing', () => {
    const index = new CatalogIndex();
    expect(index.skuFor(['USB C Cable'])).toBe('CB-100');
    expect(index.skuFor(['快充数据线'])).toBe('CB-100');
    expect(index.skuFor(['nothing', 'smart plug'])).toBe('PL-100');
    expect(index.categoryFor(['智能家居'])).toBe('smart-home');
  });

  it('rejects unknown products and categories', () => {
    const index = new CatalogIndex();
    expect(index.skuFor(['flux capacitor'])).toBeUndefined();
    expect(index.categoryFor(['groceries'])).toBeUndefined();
  });
});

describe('money', () => {
  it('speaks prices per locale', () => {
    expect(formatMoney(4999, 'USD', 'en-US')).toBe('$49.99');
    expect(formatMoney(4999, 'CNY', 'zh-CN')).toBe('49.99元');
    expect(formatMoney(123456789, 'USD', 'en-US')).toBe('$1,234,567.89');
    expect(formatMoney(5, 'USD', 'zh-CN')).toBe('0.05美元');
    expect(formatMoney(34900, 'CNY', 'en-US')).toBe('349.00 yuan');
  });

  it('round-trips any integer amount through its spoken form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (minor) => {
        const text = formatMoney(minor, 'CNY', 'zh-CN').replace('元', '');
        expect(majorToMinor(text, 'CNY')).toBe(minor);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a non-integer amount', () => {
    expect(() => formatMoney(49.99, 'USD', 'en-US')).toThrow(/safe integer/);
  });
});

describe('input checks', () => {
  it('accepts quantities from 1 to the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), (n) => {
        expect(parseQuantity(String(n), 20)).toEqual({ ok: true, quantity: n });
      }),
    );
  });

  it('rejects zero, negatives, too many and non-numbers with the reason', () => {
    expect(parseQuantity('0', 20)).toEqual({ ok: false, reason: 'notPositive' });
    expect(parseQuantity('-3', 20)).toEqual({ ok: false, reason: 'notPositive' });
    expect(parseQuantity('21', 20)).toEqual({ ok: false, reason: 'aboveMaximum' });
    expect(parseQuantity('2.5', 20)).toEqual({ ok: false, reason: 'notANumber' });
    expect(parseQuantity('lots', 20)).toEqual({ ok: false, reason: 'notANumber' });
    expect(parseQuantity(undefined, 20)).toEqual({ ok: false, reason: 'notANumber' });
  });

  it('rejects any string that is not a whole number in range', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseQuantity(s, 20);
        if (r.ok) expect(Number(s.trim())).toBe(r.quantity);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads budgets in minor units and rejects zero', () => {
    expect(parseBudget('60', 'USD')).toBe(6000);
    expect(parseBudget('49.5', 'USD')).toBe(4950);
    expect(parseBudget('0', 'USD')).toBeUndefined();
    expect(parseBudget('cheap', 'USD')).toBeUndefined();
  });

  it('reads six-digit order numbers, spoken with spaces or keyed', () => {
    expect(parseOrderNumber('4 8 2 9 1 3')).toBe('482913');
    expect(parseOrderNumber('482913#')).toBe('482913');
    expect(parseOrderNumber('012345')).toBeUndefined();
    expect(parseOrderNumber('48291')).toBeUndefined();
    expect(parseOrderNumber('四八二九一三')).toBe('482913');
    expect(parseOrderNumber('四 八 二，九 幺 三')).toBe('482913');
    expect(parseOrderNumber('两零零幺五七')).toBe('200157');
    expect(parseOrderNumber('四十八万二千九百一十三')).toBeUndefined();
    expect(parseOrderNumber('零八二九一三')).toBeUndefined();
    expect(speakOrderNumber('482913')).toBe('4 8 2 9 1 3');
    expect(parseOrderNumber(speakOrderNumber(randomOrderNumber()))).toMatch(/^[1-9]\d{5}$/);
  });

  it('accepts only hex SHA-256 caller HMACs', () => {
    expect(validCallerHmac('a'.repeat(64))).toBe('a'.repeat(64));
    expect(validCallerHmac('+15550100')).toBeUndefined();
    expect(validCallerHmac(undefined)).toBeUndefined();
  });
});

describe('quotes and idempotency keys', () => {
  it('round-trips a quote through its session attribute', () => {
    const quote = {
      sku: 'HS-100',
      quantity: 2,
      currency: 'USD' as const,
      unitPriceMinor: 4999,
      totalMinor: 9998,
    };
    expect(decodeQuote(encodeQuote(quote))).toEqual(quote);
  });

  it('rejects a tampered quote', () => {
    expect(decodeQuote('HS-100|2|USD|-1')).toBeUndefined();
    expect(decodeQuote('HS-100|2|EUR|4999')).toBeUndefined();
    expect(decodeQuote(undefined)).toBeUndefined();
  });

  it('gives a retry the same key and a second order another', () => {
    const parts = {
      sessionId: 's-1',
      intentName: 'PlaceOrder',
      sku: 'HS-100',
      quantity: 2,
      confirmationState: 'Confirmed',
      orderSeq: 0,
    };
    expect(placeOrderKey(parts)).toBe(placeOrderKey({ ...parts }));
    expect(placeOrderKey(parts)).not.toBe(placeOrderKey({ ...parts, orderSeq: 1 }));
    expect(placeOrderKey(parts)).not.toBe(placeOrderKey({ ...parts, quantity: 3 }));
  });
});
