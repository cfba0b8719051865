import { describe, expect, it } from 'vitest';
import { CardExpiry, CardNumber } from '../../../lambdas/core/payment/card';
import type { ChargeRequest } from '../../../lambdas/core/payment/gateway';
import { SandboxGateway } from '../../../lambdas/core/payment/sandbox-gateway';
import { TEST_CARDS } from './support';

function request(number: string, key = `key-${number}`, amountMinor = 4999): ChargeRequest {
  const card = CardNumber.parse(number);
  const expiry = CardExpiry.parse('1230');
  if (!card || !expiry) throw new Error('test card must parse');
  return { idempotencyKey: key, orderId: '123456', amountMinor, currency: 'USD', card, expiry };
}

describe('sandbox gateway', () => {
  it.each([
    [TEST_CARDS.approve, 'APPROVED'],
    [TEST_CARDS.approveMastercard, 'APPROVED'],
    [TEST_CARDS.approveAmex, 'APPROVED'],
    [TEST_CARDS.decline, 'DECLINED'],
    [TEST_CARDS.error, 'ERROR'],
  ])('answers test card %s with %s', async (number, expected) => {
    // Prepare
    const gateway = new SandboxGateway();
    // Act
    const result = await gateway.charge(request(number));
    // Assess
    expect(result.outcome).toBe(expected);
    if (expected === 'ERROR') expect(result.reference).toBeUndefined();
    else expect(result.reference).toMatch(/^sbx_/);
  });

  it('rejects an unknown card by declining it (a real card never "succeeds" on the sandbox)', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    // Act
    const result = await gateway.charge(request(TEST_CARDS.unknown));
    // Assess
    expect(result).toMatchObject({ outcome: 'DECLINED', code: 'unknown_test_card' });
  });

  it('rejects a zero amount', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    // Act
    const result = await gateway.charge(request(TEST_CARDS.approve, 'zero', 0));
    // Assess
    expect(result).toMatchObject({ outcome: 'DECLINED', code: 'invalid_amount' });
  });

  it('charges once per idempotency key and keeps no card number', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    // Act
    const first = await gateway.charge(request(TEST_CARDS.approve, 'same'));
    const again = await gateway.charge(request(TEST_CARDS.approve, 'same'));
    // Assess
    expect(again).toEqual(first);
    expect(gateway.calls).toBe(2);
    expect(gateway.charges).toHaveLength(1);
    expect(JSON.stringify(gateway.charges)).not.toContain('411111111111');
    expect(gateway.charges[0]).toMatchObject({ brand: 'VISA', last4: '1111', amountMinor: 4999 });
  });

  it('looks up the first answer by idempotency key, and nothing for a key it never charged', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const first = await gateway.charge(request(TEST_CARDS.approve, 'order-1-payment-0'));
    // Act
    const found = await gateway.lookup('order-1-payment-0');
    const missing = await gateway.lookup('order-1-payment-1');
    // Assess
    expect(found).toEqual(first);
    expect(missing).toBeUndefined();
    expect(gateway.calls).toBe(1);
  });
});
