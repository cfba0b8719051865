import { z } from 'zod';
import { TABLE_ENV } from '../tables';

/** Environment variable carrying the ARN of the secret with the payment private key(s). */
export const PAYMENT_KEY_SECRET_ENV = 'PAYMENT_KEY_SECRET_ARN';
/** Environment variable carrying the Connect key ID of the key, when the secret is a bare PEM. */
export const PAYMENT_KEY_ID_ENV = 'PAYMENT_KEY_ID';
/** Environment variable selecting the gateway; only `sandbox` exists today. */
export const PAYMENT_GATEWAY_ENV = 'PAYMENT_GATEWAY';

/** Gateways this build can construct. */
export const PAYMENT_GATEWAYS = ['sandbox'] as const;

/** The payment function's settings, read once at cold start. */
export interface PaymentEnv {
  readonly ordersTable: string;
  readonly idempotencyTable: string;
  readonly keySecretArn: string;
  readonly keyId?: string;
  readonly gateway: (typeof PAYMENT_GATEWAYS)[number];
}

const VARIABLES = {
  ordersTable: TABLE_ENV.orders,
  idempotencyTable: TABLE_ENV.idempotency,
  keySecretArn: PAYMENT_KEY_SECRET_ENV,
  keyId: PAYMENT_KEY_ID_ENV,
  gateway: PAYMENT_GATEWAY_ENV,
} as const satisfies Record<keyof PaymentEnv, string>;

const envSchema = z.object({
  ordersTable: z.string().min(1),
  idempotencyTable: z.string().min(1),
  keySecretArn: z.string().min(1),
  keyId: z.string().min(1).optional(),
  gateway: z.enum(PAYMENT_GATEWAYS).default('sandbox'),
});

/**
 * Validates the payment function's environment; a failure is a deployment error raised at cold
 * start, naming each bad variable. An unknown gateway name fails instead of falling back to the
 * sandbox, so production can never charge "successfully" through a fake by accident of a typo.
 *
 * @param env usually `process.env`
 */
export function parsePaymentEnv(env: Readonly<Record<string, string | undefined>>): PaymentEnv {
  const parsed = envSchema.safeParse({
    ordersTable: env[VARIABLES.ordersTable],
    idempotencyTable: env[VARIABLES.idempotencyTable],
    keySecretArn: env[VARIABLES.keySecretArn],
    keyId: env[VARIABLES.keyId] || undefined,
    gateway: env[VARIABLES.gateway] || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const setting = String(issue.path[0] ?? '');
      return `${VARIABLES[setting as keyof PaymentEnv] ?? setting}: ${issue.message}`;
    });
    throw new Error(`invalid payment function environment:\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data;
}
