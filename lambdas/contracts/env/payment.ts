import * as z from 'zod/mini';
import { TABLE_ENV } from '../tables';
import { defineEnv, nonEmpty, optional, variable } from './define';
import { PAYMENT_KEY_SECRET_ENV } from './names';

/** Gateways this build can construct. */
export const PAYMENT_GATEWAYS = ['sandbox'] as const;
/** A payment gateway name. */
export type PaymentGatewayName = (typeof PAYMENT_GATEWAYS)[number];

/**
 * Environment of the payment function (`lambdas/payment`). An unknown gateway name fails at cold
 * start instead of falling back to the sandbox, so production can never charge "successfully"
 * through a fake by accident of a typo.
 */
export const PAYMENT_ENV = defineEnv('payment', {
  ordersTable: variable(TABLE_ENV.orders, nonEmpty()),
  idempotencyTable: variable(TABLE_ENV.idempotency, nonEmpty()),
  /** ARN of the secret with the payment private key(s). */
  keySecretArn: variable(PAYMENT_KEY_SECRET_ENV, nonEmpty()),
  /** Connect key ID of the key, when the secret holds a bare PEM. */
  keyId: variable('PAYMENT_KEY_ID', optional(nonEmpty())),
  /** Which gateway charges cards. */
  gateway: variable('PAYMENT_GATEWAY', z.enum(PAYMENT_GATEWAYS)),
});
