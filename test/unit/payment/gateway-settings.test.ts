import { describe, expect, it } from 'vitest';
import { paymentGateway } from '../../../lambdas/aws/payment-gateways';
import { StripeGateway } from '../../../lambdas/aws/stripe-gateway';
import { EnvError } from '../../../lambdas/contracts/env/define';
import { PAYMENT_ENV, paymentGatewaySettings } from '../../../lambdas/contracts/env/payment';
import { DisabledGateway } from '../../../lambdas/core/payment/disabled-gateway';
import { canRefund } from '../../../lambdas/core/payment/gateway';
import { SandboxGateway } from '../../../lambdas/core/payment/sandbox-gateway';

const BASE = { ORDERS_TABLE: 'o', IDEMPOTENCY_TABLE: 'i', PAYMENT_KEY_SECRET_ARN: 'arn:secret' };
const ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:phone-robot/stripe-AbC123';
const settingsOf = (env: Record<string, string>) =>
  paymentGatewaySettings(PAYMENT_ENV.parse({ ...BASE, ...env }));

describe('payment gateway settings (PAYMENT_GATEWAY and STRIPE_*)', () => {
  it('reads sandbox and disabled without Stripe variables', () => {
    expect(settingsOf({ PAYMENT_GATEWAY: 'sandbox' })).toEqual({ name: 'sandbox' });
    expect(settingsOf({ PAYMENT_GATEWAY: 'disabled' })).toEqual({ name: 'disabled' });
  });

  it('reads Stripe from STRIPE_SECRET_ARN, STRIPE_MODE and the optional STRIPE_MOTO', () => {
    expect(settingsOf({ PAYMENT_GATEWAY: 'stripe', STRIPE_SECRET_ARN: ARN, STRIPE_MODE: 'live' })).toEqual({
      name: 'stripe',
      secretArn: ARN,
      mode: 'live',
      moto: false,
    });
    expect(
      settingsOf({
        PAYMENT_GATEWAY: 'stripe',
        STRIPE_SECRET_ARN: ARN,
        STRIPE_MODE: 'test',
        STRIPE_MOTO: 'true',
      }),
    ).toMatchObject({ mode: 'test', moto: true });
  });

  it.each([
    [
      { PAYMENT_GATEWAY: 'stripe', STRIPE_MODE: 'live' },
      /STRIPE_SECRET_ARN is not set \(PAYMENT_GATEWAY=stripe needs it\)/,
    ],
    [{ PAYMENT_GATEWAY: 'stripe', STRIPE_SECRET_ARN: ARN }, /STRIPE_MODE is not set/],
    [{ PAYMENT_GATEWAY: 'stripe', STRIPE_SECRET_ARN: ARN, STRIPE_MODE: 'prod' }, /STRIPE_MODE is invalid/],
    [
      { PAYMENT_GATEWAY: 'stripe', STRIPE_SECRET_ARN: ARN, STRIPE_MODE: 'live', STRIPE_MOTO: 'yes' },
      /STRIPE_MOTO/,
    ],
    [
      { PAYMENT_GATEWAY: 'sandbox', STRIPE_SECRET_ARN: ARN },
      /STRIPE_SECRET_ARN is set, but PAYMENT_GATEWAY is sandbox/,
    ],
    [
      { PAYMENT_GATEWAY: 'disabled', STRIPE_MODE: 'live' },
      /STRIPE_MODE is set, but PAYMENT_GATEWAY is disabled/,
    ],
    [{ PAYMENT_GATEWAY: 'paypal' }, /PAYMENT_GATEWAY is invalid/],
  ])('refuses %o, naming the variable', (env, message) => {
    const attempt = () => settingsOf(env);
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/invalid payment function environment/);
  });
});

describe('payment gateway by name (lambdas/payment/gateway.ts)', () => {
  it('builds the sandbox, Stripe (which refunds) and the disabled gateway, with no I/O', () => {
    const sandbox = paymentGateway({ name: 'sandbox' });
    const stripe = paymentGateway({ name: 'stripe', secretArn: ARN, mode: 'live', moto: false });
    const disabled = paymentGateway({ name: 'disabled' });
    expect(sandbox).toBeInstanceOf(SandboxGateway);
    expect(stripe).toBeInstanceOf(StripeGateway);
    expect(canRefund(stripe)).toBe(true);
    expect(disabled).toBeInstanceOf(DisabledGateway);
    expect([sandbox.name, stripe.name, disabled.name]).toEqual(['sandbox', 'stripe', 'disabled']);
  });
});
