import { describe, expect, it } from 'vitest';
import { CardExpiry, CardNumber } from '../../../lambdas/core/payment/card';
import {
  DisabledGateway,
  PAYMENTS_DISABLED,
  PaymentsDisabledError,
} from '../../../lambdas/core/payment/disabled-gateway';
import { type ChargeRequest, canRefund } from '../../../lambdas/core/payment/gateway';
import { TEST_CARDS } from './support';

function request(number: string): ChargeRequest {
  const card = CardNumber.parse(number);
  const expiry = CardExpiry.parse('1230');
  if (!card || !expiry) throw new Error('test card must parse');
  return {
    idempotencyKey: `order-1-payment-0`,
    orderId: '123456',
    amountMinor: 4999,
    currency: 'USD',
    card,
    expiry,
  };
}

describe('disabled gateway', () => {
  it.each(Object.entries(TEST_CARDS).filter(([name]) => name !== 'luhnInvalid'))(
    'refuses %s (even the sandbox approve cards) with ERROR payments_disabled and no reference',
    async (_name, number) => {
      // Act
      const result = await new DisabledGateway().charge(request(number));
      // Assess: an answer (nothing charged), never APPROVED
      expect(result).toEqual({ outcome: 'ERROR', code: PAYMENTS_DISABLED });
      expect(PAYMENTS_DISABLED).toBe('payments_disabled');
    },
  );

  it('cannot say what an earlier gateway charged: lookup rejects (outcome unknown), never "no charge"', async () => {
    await expect(new DisabledGateway().lookup('order-1-payment-0')).rejects.toBeInstanceOf(
      PaymentsDisabledError,
    );
  });

  it('cannot refund, so a refund is handed to staff', () => {
    const gateway = new DisabledGateway();
    expect(gateway.name).toBe('disabled');
    expect(canRefund(gateway)).toBe(false);
  });
});
