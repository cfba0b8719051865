import { beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_ENV, paymentGatewaySettings } from '../../lambdas/contracts/env/payment';
import type { PhoneRobotStacks } from '../../lib/app';
import { type Synthesized, synth } from '../support/synth';

/**
 * The payment function's gateway is configuration (lib/config.ts): prod never holds the sandbox,
 * Stripe gets its secret's ARN, its mode and read access to that one secret, and a prod stage
 * without card payments refuses every charge.
 */

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const COMPLETE_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:phone-robot/stripe-AbC123';
const PARTIAL_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:phone-robot/stripe';
const PAYMENTS = {
  paymentKeyId: 'c0ffee00-0000-4000-8000-000000000001',
  paymentCertificate: '-----BEGIN CERTIFICATE-----\nMIIBsyntheticTestCertificate\n-----END CERTIFICATE-----',
};
const STACKS: (keyof PhoneRobotStacks)[] = ['data', 'contactCenter', 'analytics', 'observability'];

/** The payment function's environment variables and its role's policy statements. */
function paymentOf(s: Synthesized) {
  const stack = s.stacks.contactCenter;
  const fn = stack.paymentFunction.fn;
  const resources = s.template('contactCenter').toJSON().Resources as Record<string, Resource>;
  const variables = resources[stack.getLogicalId(fn.node.defaultChild as never)]?.Properties.Environment
    .Variables as Record<string, unknown>;
  const roleId = stack.getLogicalId(fn.role?.node.defaultChild as never);
  const statements = Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    )
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
  return { variables, statements };
}

/** What Lambda sees: tokens (Ref, GetAtt) become some non-empty string. */
const deployed = (variables: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : 'resolved']));

const templatesText = (s: Synthesized) =>
  STACKS.map((k) => JSON.stringify(s.template(k).toJSON())).join('\n');

describe('payment gateway in the templates', () => {
  describe('prod with Stripe', () => {
    let s: Synthesized;
    beforeAll(() => {
      s = synth({ stage: 'prod', ...PAYMENTS, paymentGateway: 'stripe', stripeSecretArn: COMPLETE_ARN });
    });

    it('sets the gateway, the secret ARN and live mode, and the function parses them at cold start', () => {
      const { variables } = paymentOf(s);
      expect(variables).toMatchObject({
        PAYMENT_GATEWAY: 'stripe',
        STRIPE_SECRET_ARN: COMPLETE_ARN,
        STRIPE_MODE: 'live',
      });
      expect(variables.STRIPE_MOTO).toBeUndefined();
      expect(paymentGatewaySettings(PAYMENT_ENV.parse(deployed(variables)))).toEqual({
        name: 'stripe',
        secretArn: COMPLETE_ARN,
        mode: 'live',
        moto: false,
      });
    });

    it('grants GetSecretValue on that secret alone, and nothing else on it, to the payment and refund functions only', () => {
      const { statements } = paymentOf(s);
      const onStripe = statements.filter((st) => JSON.stringify(st.Resource).includes('phone-robot/stripe'));
      expect(onStripe).toEqual([
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: COMPLETE_ARN },
      ]);
      // The ARN appears in the environment variable and that one statement of each of the two
      // functions that charge and refund, nowhere else in the app.
      expect(templatesText(s).split(COMPLETE_ARN).length - 1).toBe(4);
      const refundRole = s.stacks.contactCenter.fulfilment.refundFunction.fn.role;
      const refundPolicy = JSON.stringify(
        s.stacks.contactCenter.resolve(
          (refundRole?.node.tryFindChild('DefaultPolicy') as { document?: unknown } | undefined)?.document,
        ),
      );
      expect(refundPolicy).toContain(COMPLETE_ARN);
    });

    it('leaves no unacknowledged cdk-nag finding', () => {
      expect(s.findings.map((f) => `${f.rule} at ${f.path}: ${f.description}`)).toEqual([]);
    });

    it('holds no sandbox', () => {
      expect(templatesText(s)).not.toMatch(/sandbox/i);
    });
  });

  describe('prod without card payments', () => {
    let s: Synthesized;
    beforeAll(() => {
      s = synth({ stage: 'prod' }, { nag: false });
    });

    it('gives the payment function the disabled gateway, no Stripe variable and no secret grant beyond its own', () => {
      const { variables, statements } = paymentOf(s);
      expect(variables.PAYMENT_GATEWAY).toBe('disabled');
      expect(Object.keys(variables).filter((k) => k.startsWith('STRIPE_'))).toEqual([]);
      expect(paymentGatewaySettings(PAYMENT_ENV.parse(deployed(variables)))).toEqual({ name: 'disabled' });
      expect(JSON.stringify(statements)).not.toMatch(/stripe/i);
    });

    it('holds no sandbox anywhere in the prod templates', () => {
      expect(templatesText(s)).not.toMatch(/sandbox/i);
    });
  });

  describe('dev with Stripe and a partial secret ARN', () => {
    let s: Synthesized;
    beforeAll(() => {
      s = synth({ stage: 'dev', paymentGateway: 'stripe', stripeSecretArn: PARTIAL_ARN }, { nag: false });
    });

    it('uses test mode and matches the 6-character suffix exactly (??????, never *)', () => {
      const { variables, statements } = paymentOf(s);
      expect(variables).toMatchObject({ STRIPE_SECRET_ARN: PARTIAL_ARN, STRIPE_MODE: 'test' });
      const onStripe = statements.filter((st) => JSON.stringify(st.Resource).includes('phone-robot/stripe'));
      expect(onStripe).toEqual([
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `${PARTIAL_ARN}-??????` },
      ]);
    });
  });

  it('gives dev the sandbox by default', () => {
    const s = synth({ stage: 'dev' }, { nag: false });
    expect(paymentOf(s).variables.PAYMENT_GATEWAY).toBe('sandbox');
  });
});
