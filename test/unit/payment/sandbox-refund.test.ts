import { describe, expect, it } from 'vitest';
import { CardExpiry, CardNumber } from '../../../lambdas/core/payment/card';
import { type ChargeRequest, canRefund, type PaymentGateway } from '../../../lambdas/core/payment/gateway';
import { SandboxGateway } from '../../../lambdas/core/payment/sandbox-gateway';
import { TEST_CARDS } from './support';

function request(number: string, key: string, amountMinor = 4999): ChargeRequest {
  const card = CardNumber.parse(number);
  const expiry = CardExpiry.parse('1230');
  if (!card || !expiry) throw new Error('test card must parse');
  return { idempotencyKey: key, orderId: '123456', amountMinor, currency: 'USD', card, expiry };
}

/** A sandbox holding one approved charge of `amountMinor`; returns its reference. */
async function approved(amountMinor = 4999): Promise<{ gateway: SandboxGateway; reference: string }> {
  const gateway = new SandboxGateway();
  const charge = await gateway.charge(request(TEST_CARDS.approve, 'order-1-payment-0', amountMinor));
  if (!charge.reference) throw new Error('approved charge has a reference');
  return { gateway, reference: charge.reference };
}

describe('sandbox gateway refunds', () => {
  it('refunds an approved charge in full', async () => {
    // Prepare
    const { gateway, reference } = await approved();
    // Act
    const result = await gateway.refund({ idempotencyKey: 'order-1-refund-0', reference, amountMinor: 4999 });
    // Assess
    expect(result).toEqual({ outcome: 'REFUNDED', reference: expect.stringMatching(/^sbx_re_/) });
    expect(gateway.refunds).toEqual([
      {
        idempotencyKey: 'order-1-refund-0',
        chargeReference: reference,
        amountMinor: 4999,
        currency: 'USD',
        result,
      },
    ]);
    expect(gateway.refundedMinor(reference)).toBe(4999);
  });

  it('refunds in parts up to the charged amount, and refuses more', async () => {
    // Prepare
    const { gateway, reference } = await approved(5000);
    // Act
    const first = await gateway.refund({ idempotencyKey: 'r-1', reference, amountMinor: 3000 });
    const above = await gateway.refund({ idempotencyKey: 'r-2', reference, amountMinor: 2001 });
    const rest = await gateway.refund({ idempotencyKey: 'r-3', reference, amountMinor: 2000 });
    const more = await gateway.refund({ idempotencyKey: 'r-4', reference, amountMinor: 1 });
    // Assess
    expect(first.outcome).toBe('REFUNDED');
    expect(above).toEqual({ outcome: 'FAILED', code: 'amount_too_large' });
    expect(rest.outcome).toBe('REFUNDED');
    expect(more).toEqual({ outcome: 'FAILED', code: 'amount_too_large' });
    expect(gateway.refundedMinor(reference)).toBe(5000);
    expect(gateway.refunds).toHaveLength(2);
  });

  it('refunds once per idempotency key: a repeat returns the first answer and refunds nothing more', async () => {
    // Prepare
    const { gateway, reference } = await approved();
    // Act
    const first = await gateway.refund({ idempotencyKey: 'same', reference, amountMinor: 1000 });
    const again = await gateway.refund({ idempotencyKey: 'same', reference, amountMinor: 1000 });
    const changed = await gateway.refund({ idempotencyKey: 'same', reference, amountMinor: 2000 });
    // Assess
    expect(again).toEqual(first);
    expect(changed).toEqual(first);
    expect(gateway.refunds).toHaveLength(1);
    expect(gateway.refundCalls).toBe(3);
    expect(gateway.refundedMinor(reference)).toBe(1000);
  });

  it('refuses an unknown reference and a charge that was not approved', async () => {
    // Prepare
    const gateway = new SandboxGateway();
    const declined = await gateway.charge(request(TEST_CARDS.decline, 'order-2-payment-0'));
    // Act
    const unknown = await gateway.refund({
      idempotencyKey: 'r-unknown',
      reference: 'sbx_nope',
      amountMinor: 1,
    });
    const notPaid = await gateway.refund({
      idempotencyKey: 'r-declined',
      reference: declined.reference ?? '',
      amountMinor: 1,
    });
    // Assess
    expect(unknown).toEqual({ outcome: 'FAILED', code: 'unknown_reference' });
    expect(notPaid).toEqual({ outcome: 'FAILED', code: 'charge_not_approved' });
    expect(gateway.refunds).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the amount %s', async (amountMinor) => {
    // Prepare
    const { gateway, reference } = await approved();
    // Act
    const result = await gateway.refund({ idempotencyKey: `r-${amountMinor}`, reference, amountMinor });
    // Assess
    expect(result).toEqual({ outcome: 'FAILED', code: 'invalid_amount' });
  });

  it('remembers a refusal under its key: a later retry with the same key is refused the same way', async () => {
    // Prepare
    const { gateway, reference } = await approved(1000);
    // Act
    const refused = await gateway.refund({ idempotencyKey: 'r-big', reference, amountMinor: 1001 });
    const retried = await gateway.refund({ idempotencyKey: 'r-big', reference, amountMinor: 1000 });
    // Assess
    expect(retried).toEqual(refused);
    expect(gateway.refunds).toEqual([]);
  });

  it('does not count refunds as charge calls, and is a refunding gateway', async () => {
    // Prepare
    const { gateway, reference } = await approved();
    // Act
    await gateway.refund({ idempotencyKey: 'r', reference, amountMinor: 1 });
    // Assess
    expect(gateway.calls).toBe(1);
    expect(canRefund(gateway)).toBe(true);
    const chargeOnly: PaymentGateway = { name: 'x', charge: gateway.charge, lookup: gateway.lookup };
    expect(canRefund(chargeOnly)).toBe(false);
  });
});
