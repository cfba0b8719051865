import * as z from 'zod/mini';
import { TABLE_ENV } from '../tables';
import { defineEnv, EnvError, nonEmpty, optional, variable } from './define';
import {
  PAYMENT_GATEWAY_ENV,
  PAYMENT_KEY_SECRET_ENV,
  STRIPE_MODE_ENV,
  STRIPE_MOTO_ENV,
  STRIPE_SECRET_ENV,
} from './names';

/**
 * Gateways this build can construct: the sandbox (moves no money; dev and the local runtime),
 * Stripe, and `disabled`, which refuses every charge (a stage without card payments, so that a
 * prod payment function never holds the sandbox).
 */
export const PAYMENT_GATEWAYS = ['sandbox', 'stripe', 'disabled'] as const;
/** A payment gateway name. */
export type PaymentGatewayName = (typeof PAYMENT_GATEWAYS)[number];

/** Stripe's two environments: a key belongs to one of them. */
export const STRIPE_MODES = ['live', 'test'] as const;
/** A Stripe environment. */
export type StripeMode = (typeof STRIPE_MODES)[number];

/**
 * Environment of the payment function (`lambdas/payment`). An unknown gateway name fails at cold
 * start instead of falling back to the sandbox, so production can never charge "successfully"
 * through a fake by accident of a typo. The Stripe variables are set exactly when the gateway is
 * `stripe` ({@link paymentGatewaySettings} checks the combination).
 */
/** The gateway's variables, in the payment function's and the refund function's contracts. */
export const GATEWAY_VARIABLES = {
  /** Which gateway charges cards. */
  gateway: variable(PAYMENT_GATEWAY_ENV, z.enum(PAYMENT_GATEWAYS)),
  /** ARN of the secret with the Stripe key (gateway `stripe` only). */
  stripeSecretArn: variable(STRIPE_SECRET_ENV, optional(nonEmpty())),
  /** The Stripe environment the key must belong to (gateway `stripe` only). */
  stripeMode: variable(STRIPE_MODE_ENV, optional(z.enum(STRIPE_MODES))),
  /** `true` flags charges as MOTO (gateway `stripe` only). @default false */
  stripeMoto: variable(STRIPE_MOTO_ENV, optional(z.enum(['true', 'false']))),
} as const;

export const PAYMENT_ENV = defineEnv('payment', {
  ordersTable: variable(TABLE_ENV.orders, nonEmpty()),
  idempotencyTable: variable(TABLE_ENV.idempotency, nonEmpty()),
  /** ARN of the secret with the payment private key(s). */
  keySecretArn: variable(PAYMENT_KEY_SECRET_ENV, nonEmpty()),
  /** Connect key ID of the key, when the secret holds a bare PEM. */
  keyId: variable('PAYMENT_KEY_ID', optional(nonEmpty())),
  ...GATEWAY_VARIABLES,
});

/** The parsed payment environment. */
export type PaymentEnv = ReturnType<typeof PAYMENT_ENV.parse>;

/** What the payment function builds its gateway from. */
export type PaymentGatewaySettings =
  | { readonly name: 'sandbox' }
  | { readonly name: 'disabled' }
  | {
      readonly name: 'stripe';
      readonly secretArn: string;
      readonly mode: StripeMode;
      readonly moto: boolean;
    };

/**
 * The gateway settings of a parsed payment environment: `stripe` needs its secret and mode, and
 * no other gateway takes Stripe variables (a half-configured gateway is a deployment error).
 *
 * @throws EnvError at cold start, naming each missing or stray variable
 */
export function paymentGatewaySettings(
  env: Pick<PaymentEnv, 'gateway' | 'stripeSecretArn' | 'stripeMode' | 'stripeMoto'>,
  functionName: string = PAYMENT_ENV.functionName,
): PaymentGatewaySettings {
  const stripe: [string, unknown][] = [
    [STRIPE_SECRET_ENV, env.stripeSecretArn],
    [STRIPE_MODE_ENV, env.stripeMode],
    [STRIPE_MOTO_ENV, env.stripeMoto],
  ];
  const problems =
    env.gateway === 'stripe'
      ? stripe
          .slice(0, 2)
          .filter(([, value]) => value === undefined)
          .map(([name]) => `${name} is not set (${PAYMENT_GATEWAY_ENV}=stripe needs it)`)
      : stripe
          .filter(([, value]) => value !== undefined)
          .map(([name]) => `${name} is set, but ${PAYMENT_GATEWAY_ENV} is ${env.gateway}, not stripe`);
  if (problems.length > 0) {
    throw new EnvError(
      `invalid ${functionName} function environment (the CDK construct sets it):\n  - ${problems.join('\n  - ')}`,
    );
  }
  if (env.gateway !== 'stripe') return { name: env.gateway };
  return {
    name: 'stripe',
    secretArn: env.stripeSecretArn as string,
    mode: env.stripeMode as StripeMode,
    moto: env.stripeMoto === 'true',
  };
}
