import { describe, expect, it } from 'vitest';
import { PAYMENT_RESULTS } from '../../../lambdas/core/payment/pay';
import { PAYMENT_PARAMETERS } from '../../../lambdas/payment/handler';
import { RECORDING_PARAMETERS } from '../../../lambdas/recording-control/handler';
import {
  type CheckFlowOptions,
  checkFlow,
  collectsCardInput,
  edgesOf,
  type FlowAction,
  type FlowCheckResult,
  flowValues,
  formatViolations,
  PLACEHOLDER_ARNS,
  PROMPTS,
  recordingControlAction,
  renderFlow,
} from '../../../lib/flows';
import { action, configFor, inbound, type MutableFlow, mutable, noticeTexts } from './helpers';

const config = configFor('en-US');
const options: CheckFlowOptions = { noticeTexts: noticeTexts(config) };
const enOnly = (): MutableFlow => mutable(inbound(config));
const RULE = 'recording-suspended-for-card-input';

/** The payment-property violations; fails with the full report when there are none. */
function paymentViolations(result: FlowCheckResult) {
  const found = result.violations.filter((v) => v.rule === RULE);
  expect(found, `expected a ${RULE} violation, got:\n${formatViolations(result.violations)}`).not.toEqual([]);
  return found;
}

describe('payment segment of the inbound flow', () => {
  const flow = inbound(config);
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const get = (id: string) => byId.get(id) as FlowAction;

  it('collects card number and expiry with encrypted input under the configured key', () => {
    // Act
    const inputs = flow.Actions.filter(collectsCardInput);
    // Assess
    expect(inputs.map((a) => a.Identifier)).toEqual([
      'pay-card-en-US',
      'pay-card-plain-en-US',
      'pay-expiry-en-US',
    ]);
    for (const input of inputs) {
      expect(input.Parameters).toMatchObject({
        StoreInput: 'True',
        InputEncryption: { EncryptionKeyId: config.paymentKeyId, Key: config.paymentCertificate },
      });
    }
    for (const id of ['pay-card-en-US', 'pay-card-plain-en-US']) {
      expect(get(id).Parameters.InputValidation).toEqual({ CustomValidation: { MaximumLength: '19' } });
    }
    expect(get('pay-expiry-en-US').Parameters.InputValidation).toEqual({
      CustomValidation: { MaximumLength: '4' },
    });
  });

  it('keeps the card ciphertext in a flow attribute, never in a contact attribute', () => {
    // Assess
    expect(get('pay-card-keep-en-US')).toMatchObject({
      Type: 'UpdateFlowAttributes',
      Parameters: { FlowAttributes: { encryptedCard: { Value: '$.StoredCustomerInput' } } },
    });
    const contactAttrs = flow.Actions.filter((a) => a.Type === 'UpdateContactAttributes');
    expect(JSON.stringify(contactAttrs)).not.toContain('StoredCustomerInput');
  });

  it('calls the payment Lambda with the parameters its handler reads', () => {
    // Act
    const invoke = get('pay-invoke-en-US');
    // Assess
    expect(invoke.Parameters.LambdaFunctionARN).toBe(PLACEHOLDER_ARNS.paymentFunctionArn);
    expect(invoke.Parameters.LambdaInvocationAttributes).toEqual({
      [PAYMENT_PARAMETERS.orderId]: '$.Lex.SessionAttributes.paymentOrderId',
      [PAYMENT_PARAMETERS.encryptedCard]: '$.FlowAttributes.encryptedCard',
      [PAYMENT_PARAMETERS.encryptedExpiry]: '$.StoredCustomerInput',
    });
    for (const control of flow.Actions.filter((a) => recordingControlAction(a) !== undefined)) {
      expect(control.Parameters.LambdaFunctionARN).toBe(PLACEHOLDER_ARNS.recordingControlFunctionArn);
      expect(Object.keys(control.Parameters.LambdaInvocationAttributes as object)).toEqual([
        RECORDING_PARAMETERS.action,
      ]);
    }
  });

  it.each(PAYMENT_RESULTS.map((r) => [r]))(
    'resumes the recording before speaking the result %s',
    (result) => {
      // Prepare
      const branches = edgesOf(get('pay-result-en-US'));
      // Act
      const target = (branches.find((e) => e.value === result) ?? branches.find((e) => e.kind === 'error'))
        ?.target;
      const resume = get(target ?? '');
      // Assess
      expect(recordingControlAction(resume)).toBe('resume');
      const message = get(edgesOf(resume).find((e) => e.kind === 'next')?.target ?? '');
      expect(message.Type).toBe('MessageParticipant');
      // Resume failing does not hide the result from the caller.
      expect(edgesOf(resume).every((e) => e.target === message.Identifier)).toBe(true);
    },
  );

  it.each([
    ['pay-suspend-en-US', 'pay-unavailable-en-US', /^Sorry/],
    // Before any charge: the caller hears that nothing was charged.
    ['pay-card-en-US', 'pay-noinput-en-US', /nothing was charged/],
    ['pay-expiry-en-US', 'pay-noinput-en-US', /nothing was charged/],
    // The payment Lambda failed or timed out: money may have moved, so the outcome is unknown.
    ['pay-invoke-en-US', 'pay-unconfirmed-en-US', /^We could not confirm your payment yet\./],
  ])('answers a failure of %s by resuming and saying %s, then serving on', (from, said, wording) => {
    // Act
    const resume = get(edgesOf(get(from)).find((e) => e.value === 'NoMatchingError')?.target ?? '');
    const message = get(edgesOf(resume).find((e) => e.kind === 'next')?.target ?? '');
    // Assess
    expect(recordingControlAction(resume)).toBe('resume');
    expect(message.Identifier).toBe(said);
    expect(String(message.Parameters.Text)).toMatch(wording);
    expect(edgesOf(message).find((e) => e.kind === 'next')?.target).toBe('pay-loop-en-US');
  });

  it('checks unconfirmed = "true" before the result and speaks it after resuming the recording', () => {
    // Prepare
    const invoke = get('pay-invoke-en-US');
    // Act
    const check = get(edgesOf(invoke).find((e) => e.kind === 'next')?.target ?? '');
    const resume = get(edgesOf(check).find((e) => e.value === 'true')?.target ?? '');
    const message = get(edgesOf(resume).find((e) => e.kind === 'next')?.target ?? '');
    // Assess
    expect(check).toMatchObject({
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.External.unconfirmed' },
    });
    expect(edgesOf(check).map((e) => `${e.label} ${e.target}`)).toEqual([
      '= true pay-resume-unconfirmed-en-US',
      '! NoMatchingCondition pay-result-en-US',
      'next pay-result-en-US',
    ]);
    expect(recordingControlAction(resume)).toBe('resume');
    // Resume failing does not hide the outcome from the caller.
    expect(edgesOf(resume).every((e) => e.target === message.Identifier)).toBe(true);
    expect(message).toMatchObject({
      Type: 'MessageParticipant',
      Parameters: { Text: PROMPTS['en-US'].prompts.payUnconfirmed },
    });
    expect(edgesOf(message).map((e) => `${e.label} ${e.target}`)).toEqual([
      '! NoMatchingError apology-en-US',
      'next pay-loop-en-US',
    ]);
  });

  it('sends the payment Lambda error branch to the same unconfirmed path as unconfirmed = "true"', () => {
    // Act
    const onError = edgesOf(get('pay-invoke-en-US')).find((e) => e.kind === 'error');
    const onUnconfirmed = edgesOf(get('pay-unconfirmed-check-en-US')).find((e) => e.value === 'true');
    // Assess
    expect(onError?.value).toBe('NoMatchingError');
    expect(onError?.target).toBe('pay-resume-unconfirmed-en-US');
    expect(onUnconfirmed?.target).toBe(onError?.target);
  });

  it.each([
    ['en-US', /not be charged twice/],
    ['zh-CN', /不会被重复扣款/],
  ] as const)('words the unconfirmed outcome in %s without claiming success or failure', (locale, twice) => {
    // Prepare
    const rendered = inbound(configFor(locale));
    // Act
    const message = rendered.Actions.find((a) => a.Identifier === `pay-unconfirmed-${locale}`);
    // Assess
    expect(message?.Parameters.Text).toBe(PROMPTS[locale].prompts.payUnconfirmed);
    expect(String(message?.Parameters.Text)).toMatch(twice);
    expect(PROMPTS[locale].prompts.payUnconfirmed).not.toBe(PROMPTS[locale].prompts.payError);
  });

  it('enters the payment only for the bot hand-off nextStep = PAYMENT', () => {
    // Act
    const check = get('pay-check-en-US');
    // Assess
    expect(check.Parameters.ComparisonValue).toBe('$.Lex.SessionAttributes.nextStep');
    expect(edgesOf(check).map((e) => `${e.label} ${e.target}`)).toEqual([
      '= PAYMENT pay-suspend-en-US',
      '! NoMatchingCondition pay-loop-en-US',
      'next pay-loop-en-US',
    ]);
  });

  it('renders the pay-later segment without the payment ARN, keeping recording control for withdrawals', () => {
    // Prepare
    const { paymentFunctionArn: _p, ...rest } = PLACEHOLDER_ARNS;
    // Act
    const payLater = renderFlow('inbound', flowValues(config, rest));
    // Assess
    expect(payLater.Actions.filter(collectsCardInput)).toEqual([]);
    expect(payLater.Actions.map((a) => a.Identifier)).toContain('pay-later-en-US');
    expect(
      payLater.Actions.filter((a) => a.Parameters.LambdaFunctionARN === rest.recordingControlFunctionArn).map(
        (a) => a.Identifier,
      ),
    ).toEqual(['withdraw-stop-en-US']);
    expect(checkFlow(payLater, options).ok).toBe(true);
  });
});

describe('payment property (mutation tests)', () => {
  it('holds on the rendered flows', () => {
    // Act
    const result = checkFlow(enOnly(), options);
    // Assess
    expect(formatViolations(result.violations)).toBe('');
  });

  it('fails when the resume is removed from the declined branch', () => {
    // Prepare
    const flow = enOnly();
    const result = action(flow, 'pay-result-en-US');
    const declined = result.Transitions.Conditions as {
      NextAction: string;
      Condition: { Operands: string[] };
    }[];
    for (const c of declined)
      if (c.Condition.Operands.includes('DECLINED')) c.NextAction = 'pay-declined-en-US';
    // Act
    const [v] = paymentViolations(checkFlow(flow, options));
    // Assess
    expect(v?.message).toMatch(/^the path ends at disconnect-en-US .* with the recording still suspended/);
    expect(v?.path).toContain('pay-result-en-US -[= DECLINED]->');
  });

  it('fails when the suspend is moved after the card input', () => {
    // Prepare
    const flow = enOnly();
    const check = action(flow, 'pay-check-en-US');
    (check.Transitions.Conditions as { NextAction: string }[])[0] = {
      ...(check.Transitions.Conditions?.[0] as object),
      NextAction: 'pay-card-en-US',
    } as never;
    action(flow, 'pay-card-keep-en-US').Transitions.NextAction = 'pay-suspend-en-US';
    const suspended = action(flow, 'pay-suspended-en-US');
    (suspended.Transitions.Conditions as { NextAction: string }[])[0] = {
      ...(suspended.Transitions.Conditions?.[0] as object),
      NextAction: 'pay-expiry-en-US',
    } as never;
    // Act
    const violations = paymentViolations(checkFlow(flow, options));
    // Assess
    expect(violations.map((v) => v.message)).toContain(
      'pay-card-en-US (GetParticipantInput) collects card input before the recording was suspended (recording-control Lambda, action suspend)',
    );
  });

  it('fails when the error branch of the payment Lambda skips the resume', () => {
    // Prepare
    const flow = enOnly();
    const invoke = action(flow, 'pay-invoke-en-US');
    invoke.Transitions.Errors = [{ ErrorType: 'NoMatchingError', NextAction: 'pay-error-en-US' }];
    // Act
    const [v] = paymentViolations(checkFlow(flow, options));
    // Assess
    expect(v?.path).toContain('pay-invoke-en-US -[! NoMatchingError]->');
    expect(v?.message).toMatch(/still suspended: resume it on this branch/);
  });

  it('fails when the unconfirmed branch skips the resume', () => {
    // Prepare
    const flow = enOnly();
    const check = action(flow, 'pay-unconfirmed-check-en-US');
    for (const c of check.Transitions.Conditions as { NextAction: string }[])
      c.NextAction = 'pay-unconfirmed-en-US';
    // Act
    const [v] = paymentViolations(checkFlow(flow, options));
    // Assess
    expect(v?.path).toContain('pay-unconfirmed-check-en-US -[= true]->');
    expect(v?.message).toMatch(/still suspended: resume it on this branch/);
  });

  it('fails when the payment Lambda error branch goes straight to the unconfirmed wording', () => {
    // Prepare
    const flow = enOnly();
    const invoke = action(flow, 'pay-invoke-en-US');
    invoke.Transitions.Errors = [{ ErrorType: 'NoMatchingError', NextAction: 'pay-unconfirmed-en-US' }];
    // Act
    const [v] = paymentViolations(checkFlow(flow, options));
    // Assess
    const path = v?.path ?? [];
    const failed = path.indexOf('pay-invoke-en-US -[! NoMatchingError]->');
    expect(failed).toBeGreaterThanOrEqual(0);
    expect(path[failed + 1]).toMatch(/^pay-unconfirmed-en-US -\[/);
    expect(v?.message).toMatch(/still suspended: resume it on this branch/);
  });

  it('fails when a timeout at the card prompt skips the resume', () => {
    // Prepare
    const flow = enOnly();
    const card = action(flow, 'pay-card-en-US');
    for (const e of card.Transitions.Errors ?? []) {
      if (e.ErrorType === 'InputTimeLimitExceeded') e.NextAction = 'pay-noinput-en-US';
    }
    // Act
    const [v] = paymentViolations(checkFlow(flow, options));
    // Assess
    expect(v?.path).toContain('pay-card-en-US -[! InputTimeLimitExceeded]->');
  });

  it('fails when card input follows a suspend that Connect refused', () => {
    // Prepare
    const flow = enOnly();
    const suspended = action(flow, 'pay-suspended-en-US');
    suspended.Transitions.NextAction = 'pay-card-en-US';
    // Act
    const violations = paymentViolations(checkFlow(flow, options));
    // Assess: ok = false means nothing was suspended
    const refused = violations.find((v) => v.path?.includes('pay-suspended-en-US -[next]->'));
    expect(refused?.message).toBe(
      'pay-card-en-US (GetParticipantInput) collects card input before the recording was suspended (recording-control Lambda, action suspend)',
    );
  });

  it('fails when card input follows a suspend whose answer another Lambda overwrote', () => {
    // Prepare: an extra Lambda between the suspend and the ok check replaces $.External
    const flow = enOnly();
    action(flow, 'pay-suspend-en-US').Transitions.NextAction = 'pay-extra-en-US';
    flow.Actions.push({
      Identifier: 'pay-extra-en-US',
      Type: 'InvokeLambdaFunction',
      Parameters: { LambdaFunctionARN: PLACEHOLDER_ARNS.consentFunctionArn, InvocationTimeLimitSeconds: '3' },
      Transitions: {
        NextAction: 'pay-suspended-en-US',
        Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'pay-resume-unavailable-en-US' }],
      },
    });
    // Act
    const violations = paymentViolations(checkFlow(flow, options));
    // Assess
    expect(violations.map((v) => v.message)).toContain(
      'pay-card-en-US (GetParticipantInput) collects card input before the path took the branch $.External.ok = true after the suspend',
    );
  });
});
