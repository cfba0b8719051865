import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PLACEHOLDER_ENV } from '../support/caller-facing';

/**
 * The payment function as Lambda loads it (lambdas/payment/index.ts): it reads its one
 * environment contract at cold start and builds the gateway PAYMENT_GATEWAY names. A bad or
 * half-configured environment fails the import with the variable named, never a fallback.
 */

const ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:phone-robot/stripe-AbC123';
const saved = { ...process.env };

beforeEach(() => {
  vi.resetModules();
  process.env = { ...saved, ...PLACEHOLDER_ENV };
  delete process.env.PAYMENT_GATEWAY;
});

afterEach(() => {
  process.env = { ...saved };
  vi.restoreAllMocks();
});

/** Imports the entry point afresh with `env`, recording what it logs at cold start. */
async function coldStart(env: Record<string, string>) {
  Object.assign(process.env, env);
  const { logger } = await import('../../lambdas/edge/powertools');
  const logged: string[] = [];
  for (const level of ['info', 'warn'] as const) {
    vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
      logged.push(`${level}: ${String(args[0])}`);
    });
  }
  const index = await import('../../lambdas/payment/index');
  return { handler: index.handler, logged };
}

describe('payment function cold start', () => {
  it.each([
    [{ PAYMENT_GATEWAY: 'paypal' }, /PAYMENT_GATEWAY is invalid/],
    [{}, /PAYMENT_GATEWAY is not set/],
    [{ PAYMENT_GATEWAY: 'stripe', STRIPE_MODE: 'live' }, /STRIPE_SECRET_ARN is not set/],
    [{ PAYMENT_GATEWAY: 'stripe', STRIPE_SECRET_ARN: ARN }, /STRIPE_MODE is not set/],
    [{ PAYMENT_GATEWAY: 'stripe', STRIPE_SECRET_ARN: ARN, STRIPE_MODE: 'sandbox' }, /STRIPE_MODE is invalid/],
    [
      { PAYMENT_GATEWAY: 'sandbox', STRIPE_SECRET_ARN: ARN },
      /STRIPE_SECRET_ARN is set, but PAYMENT_GATEWAY is sandbox/,
    ],
  ])('fails on %o, naming the variable', async (env, message) => {
    await expect(coldStart(env)).rejects.toThrow(message);
  });

  it.each([
    [{ PAYMENT_GATEWAY: 'sandbox' }, 'warn: payment gateway is the sandbox: no money moves'],
    [
      { PAYMENT_GATEWAY: 'stripe', STRIPE_SECRET_ARN: ARN, STRIPE_MODE: 'live' },
      'info: payment gateway is Stripe',
    ],
    [{ PAYMENT_GATEWAY: 'disabled' }, 'info: card payments are disabled: every charge is refused'],
  ])('builds the gateway %o names and says which', async (env, line) => {
    const { handler, logged } = await coldStart(env);
    expect(typeof handler).toBe('function');
    expect(logged).toEqual([line]);
  });
});
