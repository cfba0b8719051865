import { beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_BUDGET, stripeWorstPaymentMs } from '../../lambdas/aws/stripe-gateway';
import {
  type CallerFacingFunction,
  IO_BUDGETS,
  type IoBudget,
  TEXT_SEND_BUDGET,
  worstCallMs,
  worstInvocationMs,
} from '../../lambdas/contracts/io-budgets';
import type { PhoneRobotFunction } from '../../lib/constructs/function/phone-robot-function';
import type { FlowDocument } from '../../lib/flows/model';
import { type Synthesized, synth } from '../support/synth';

/**
 * A caller waits on these functions: the worst time their I/O can take (their budget) must fit in
 * the function's timeout, and the timeout in what the flow waits for (InvocationTimeLimitSeconds),
 * so a stalled dependency ends in the function's own polite answer, never in Connect giving up.
 * Lex calls the code hook; no caller-facing function may run longer than Connect's 8 s limit.
 */
const CONNECT_LIMIT_S = 8;

describe('I/O budgets of the caller-facing functions', () => {
  let s: Synthesized;
  let functions: Record<CallerFacingFunction, PhoneRobotFunction>;
  let flow: FlowDocument;
  beforeAll(() => {
    s = synth(
      { stage: 'dev', paymentKeyId: 'c0ffee00-0000-4000-8000-000000000001', paymentCertificate: TEST_CERT },
      { nag: false },
    );
    const cc = s.stacks.contactCenter;
    functions = {
      consent: cc.consentFunction,
      fulfillment: cc.fulfillmentFunction,
      payment: cc.paymentFunction,
      'recording-control': cc.recordingControlFunction,
      survey: cc.surveyFunction,
    };
    flow = JSON.parse(cc.inboundFlowContent) as FlowDocument;
  });

  const timeoutSeconds = (fn: PhoneRobotFunction): number => {
    const resource = s.template('contactCenter').toJSON().Resources[
      s.stacks.contactCenter.getLogicalId(fn.fn.node.defaultChild as never)
    ];
    return Number(resource.Properties.Timeout);
  };

  /** The shortest InvocationTimeLimitSeconds of the flow's invocations of a function. */
  const flowLimitSeconds = (fn: PhoneRobotFunction): number | undefined => {
    const arn = s.stacks.contactCenter.resolve(fn.fn.functionArn);
    const limits = flow.Actions.filter(
      (a) =>
        a.Type === 'InvokeLambdaFunction' &&
        JSON.stringify(s.stacks.contactCenter.resolve(a.Parameters.LambdaFunctionARN)) ===
          JSON.stringify(arn),
    ).map((a) => Number(a.Parameters.InvocationTimeLimitSeconds));
    return limits.length > 0 ? Math.min(...limits) : undefined;
  };

  it.each(Object.keys(IO_BUDGETS) as CallerFacingFunction[])(
    '%s: worst-case I/O < function timeout <= what its caller waits',
    (name) => {
      const fn = functions[name];
      const worst = worstInvocationMs(IO_BUDGETS[name]);
      const timeout = timeoutSeconds(fn);
      expect(worst).toBeLessThan(timeout * 1000);
      expect(timeout).toBeLessThanOrEqual(CONNECT_LIMIT_S);
      const limit = flowLimitSeconds(fn);
      // Lex, not the flow, invokes the code hook.
      if (name === 'fulfillment') expect(limit).toBeUndefined();
      else expect(timeout).toBeLessThanOrEqual(limit ?? 0);
    },
  );

  it('payment: AWS worst + the gateway worst (Stripe) < function timeout <= the flow limit <= 8 s', () => {
    const budget: IoBudget = IO_BUDGETS.payment;
    // The gateway's share is the Stripe adapter's own worst case (lookup, charge, lookup), not a guess.
    expect(budget.gatewayMs).toBe(stripeWorstPaymentMs());
    // Card authorisation goes to the issuer: the charge keeps at least 2 s.
    expect(STRIPE_BUDGET.chargeDeadlineMs).toBeGreaterThanOrEqual(2_000);
    const aws = budget.longestPath * worstCallMs(budget);
    const timeout = timeoutSeconds(functions.payment);
    const limit = flowLimitSeconds(functions.payment) ?? 0;
    expect(aws + stripeWorstPaymentMs()).toBe(worstInvocationMs(budget));
    expect(aws + stripeWorstPaymentMs()).toBeLessThan(timeout * 1000);
    expect(timeout).toBeLessThanOrEqual(limit);
    expect(limit).toBeLessThanOrEqual(CONNECT_LIMIT_S);
  });

  it('a text is sent in one attempt (no duplicate texts), never slower than one fulfillment call', () => {
    expect(TEXT_SEND_BUDGET.maxAttempts).toBe(1);
    expect(worstCallMs(TEXT_SEND_BUDGET)).toBeLessThanOrEqual(worstCallMs(IO_BUDGETS.fulfillment));
  });

  it('only the payment function waits on a gateway', () => {
    const withGateway = (Object.keys(IO_BUDGETS) as CallerFacingFunction[]).filter(
      (name) => ((IO_BUDGETS[name] as IoBudget).gatewayMs ?? 0) > 0,
    );
    expect(withGateway).toEqual(['payment']);
  });
});

/** A syntactically valid PEM certificate (synthetic), so the payment segment is rendered. */
const TEST_CERT = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBszCCAVmgAwIBAgIUSyntheticTestCertificateOnly0wCgYIKoZIzj0EAwIw',
  '-----END CERTIFICATE-----',
].join('\n');
