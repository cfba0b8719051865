import { describe, expect, it } from 'vitest';
import { PAYMENT_ENV } from '../../../lambdas/contracts/env/payment';
import { hasConsistentTotal, paymentAttemptKey } from '../../../lambdas/core/payment/pay';
import type { PayableOrder } from '../../../lambdas/core/payment/store';

const ORDER: PayableOrder = {
  orderId: '482913',
  callerHmac: 'a'.repeat(64),
  sku: 'TEA-001',
  quantity: 2,
  currency: 'USD',
  unitPriceMinor: 1250,
  totalMinor: 2500,
  status: 'PENDING_PAYMENT',
  locale: 'en-US',
  createdAt: '2026-11-02T09:30:00.000Z',
  updatedAt: '2026-11-02T09:30:00.000Z',
};

describe('payment helpers', () => {
  it('gives retries of one request the same attempt key and a re-keyed card a new one', () => {
    // Prepare
    const base = {
      orderId: '482913',
      contactId: 'c-1',
      encryptedCard: 'AYADcard',
      encryptedExpiry: 'AYADexp',
    };
    // Act
    const keys = [
      paymentAttemptKey(base),
      paymentAttemptKey({ ...base }),
      paymentAttemptKey({ ...base, encryptedCard: 'AYADcard2' }),
      paymentAttemptKey({ ...base, contactId: 'c-2' }),
    ];
    // Assess
    expect(keys[0]).toBe(keys[1]);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toMatch(/^pay#482913#c-1#[A-Za-z0-9_-]{22}$/);
  });

  it.each([
    ['a consistent order', ORDER, true],
    ['a total below price x quantity', { ...ORDER, totalMinor: 1 }, false],
    ['a zero total', { ...ORDER, totalMinor: 0, unitPriceMinor: 0 }, false],
    ['a fractional total', { ...ORDER, totalMinor: 2500.5 }, false],
  ])('checks the total of %s', (_name, order, expected) => {
    // Prepare / Act / Assess
    expect(hasConsistentTotal(order as PayableOrder)).toBe(expected);
  });

  it('rejects an unknown or missing gateway name instead of falling back to the sandbox', () => {
    // Prepare
    const env = { ORDERS_TABLE: 'o', IDEMPOTENCY_TABLE: 'i', PAYMENT_KEY_SECRET_ARN: 'arn:secret' };
    // Act
    const parsed = PAYMENT_ENV.parse({ ...env, PAYMENT_GATEWAY: 'sandbox' });
    // Assess
    expect(parsed).toMatchObject({ gateway: 'sandbox', ordersTable: 'o', idempotencyTable: 'i' });
    expect(parsed.keyId).toBeUndefined();
    expect(() => PAYMENT_ENV.parse({ ...env, PAYMENT_GATEWAY: 'paypal' })).toThrow(
      /PAYMENT_GATEWAY is invalid/,
    );
    expect(() => PAYMENT_ENV.parse(env)).toThrow(/PAYMENT_GATEWAY is not set/);
    expect(() => PAYMENT_ENV.parse({ ORDERS_TABLE: 'o' })).toThrow(/PAYMENT_KEY_SECRET_ARN is not set/);
  });
});
