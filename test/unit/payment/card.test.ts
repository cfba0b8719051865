import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CardExpiry, CardNumber, cardBrand, luhnValid } from '../../../lambdas/core/payment/card';
import { SANDBOX_TEST_CARDS } from '../../../lambdas/core/payment/sandbox-gateway';
import { TEST_CARDS } from './support';

describe('card validation', () => {
  it('accepts every documented sandbox card as Luhn-valid', () => {
    // Prepare
    const numbers = Object.keys(SANDBOX_TEST_CARDS);
    // Act
    const valid = numbers.map((n) => luhnValid(n));
    // Assess
    expect(numbers.length).toBeGreaterThanOrEqual(5);
    expect(valid.every(Boolean)).toBe(true);
  });

  it.each(['4111111111111112', '1234567812345678', '', '41111111a1111111'])(
    'rejects %j in the Luhn check',
    (n) => {
      // Prepare / Act
      const valid = luhnValid(n);
      // Assess
      expect(valid).toBe(false);
    },
  );

  it.each([
    ['4111111111111111', 'VISA'],
    ['5555555555554444', 'MASTERCARD'],
    ['2221000000000009', 'MASTERCARD'],
    ['378282246310005', 'AMEX'],
    ['6011111111111117', 'DISCOVER'],
    ['6200000000000005', 'UNIONPAY'],
    ['3530111333300000', 'JCB'],
    ['9999999999999995', 'UNKNOWN'],
  ])('gives %s the brand %s', (n, brand) => {
    // Prepare / Act / Assess
    expect(cardBrand(n)).toBe(brand);
  });

  it('parses keyed digits with spaces, dashes and the # terminator', () => {
    // Prepare / Act
    const card = CardNumber.parse('4111 1111-1111 1111#');
    // Assess
    expect(card?.brand).toBe('VISA');
    expect(card?.last4).toBe('1111');
    expect(card?.reveal()).toBe(TEST_CARDS.approve);
  });

  it.each(['41111111111', '41111111111111111111', TEST_CARDS.luhnInvalid, 'abcd'])(
    'rejects %j as a card number',
    (n) => {
      // Prepare / Act / Assess
      expect(CardNumber.parse(n)).toBeUndefined();
    },
  );

  it('never shows the full number through JSON, inspect or string conversion', () => {
    // Prepare
    const card = CardNumber.parse(TEST_CARDS.approve);
    const expiry = CardExpiry.parse('1230');
    // Act
    const shown = [
      JSON.stringify({ card, expiry }),
      inspect({ card, expiry }, { depth: 5, showHidden: true }),
      `${card} ${expiry}`,
      String(card),
    ].join('\n');
    // Assess
    expect(shown).toContain('1111');
    expect(shown).not.toContain('411111111111');
    expect(shown).not.toContain('1230');
  });
});

describe('card expiry', () => {
  const at = (iso: string) => new Date(iso);

  it('keeps a card valid through the last moment of its expiry month', () => {
    // Prepare
    const expiry = CardExpiry.parse('1126');
    // Act / Assess
    expect(expiry?.isExpired(at('2026-11-30T23:59:59.999Z'))).toBe(false);
    expect(expiry?.isExpired(at('2026-12-01T00:00:00.000Z'))).toBe(true);
  });

  it('reads MMYY and MMYYYY and rolls December into the next year', () => {
    // Prepare / Act
    const short = CardExpiry.parse('1229');
    const long = CardExpiry.parse('122029');
    // Assess
    expect(short?.reveal()).toEqual({ month: 12, year: 2029 });
    expect(long?.reveal()).toEqual({ month: 12, year: 2029 });
    expect(short?.isExpired(at('2029-12-31T12:00:00Z'))).toBe(false);
    expect(short?.isExpired(at('2030-01-01T00:00:00Z'))).toBe(true);
  });

  it.each(['1330', '0030', '123', '12a9', ''])('rejects %j as an expiry', (text) => {
    // Prepare / Act / Assess
    expect(CardExpiry.parse(text)).toBeUndefined();
  });
});
