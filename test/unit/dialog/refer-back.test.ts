import { describe, expect, it } from 'vitest';
import { referredProduct } from '../../../lambdas/core/dialog/dialog';

/** Referring back to products the robot just named: by position, by price, or "that one". */
describe('referredProduct', () => {
  const named = ['HS-200', 'HS-100', 'SP-100'];
  const price: Record<string, number> = { 'HS-200': 8999, 'HS-100': 4999, 'SP-100': 3999 };
  const at = (said: string, skus = named) => referredProduct(said, skus, (k) => price[k]);

  it.each([
    ['tell me about the first one', 'HS-200'],
    ['how much is the second one', 'HS-100'],
    ['the 3rd one please', 'SP-100'],
    ['I will take the last one', 'SP-100'],
    ['the cheaper one', 'SP-100'],
    ['what about the more expensive one', 'HS-200'],
    ['第二个多少钱', 'HS-100'],
    ['我要最后那个', 'SP-100'],
    ['便宜的那个', 'SP-100'],
  ])('"%s" is %s', (said, sku) => {
    expect(at(said)).toBe(sku);
  });

  it('takes "that one" only when one product was named', () => {
    expect(at('I want that one', ['HS-100'])).toBe('HS-100');
    expect(at('I want to buy two of them', ['CH-100'])).toBe('CH-100');
    expect(at('I want to buy two of them')).toBeUndefined();
    expect(at('I want that one')).toBeUndefined();
    expect(at('那个我要了', ['SP-100'])).toBe('SP-100');
  });

  it('points at nothing without a named list, past its end, or without a reference', () => {
    expect(at('the second one', [])).toBeUndefined();
    expect(at('the fifth one')).toBeUndefined();
    expect(at('tell me about your products')).toBeUndefined();
  });
});
