import { describe, expect, it } from 'vitest';
import {
  type CheckFlowOptions,
  checkFlow,
  defaultProperties,
  enablesRecording,
  type FlowAction,
  type FlowCheckResult,
  type FlowLambdaArns,
  type FlowViolation,
  flowValues,
  formatViolations,
  noticeContentGaps,
  PLACEHOLDER_ARNS,
  renderFlow,
  renderNotices,
} from '../../../lib/flows';
import { action, configFor, inbound, type MutableFlow, mutable, noticeTexts } from './helpers';

/**
 * Mutation tests for the review findings on the flow checker (items 2, 3, 4, 5, 8, 9): each
 * mutation passed the checker before the fix. The flow is the default two-locale render; the
 * en-US segment is mutated.
 */

const ARNS: FlowLambdaArns = {
  consentFunctionArn: PLACEHOLDER_ARNS.consentFunctionArn,
  recordingControlFunctionArn: PLACEHOLDER_ARNS.recordingControlFunctionArn,
  paymentFunctionArn: PLACEHOLDER_ARNS.paymentFunctionArn,
};
const withArns: CheckFlowOptions = { noticeTexts: noticeTexts(), ...ARNS };
const inferred: CheckFlowOptions = { noticeTexts: noticeTexts() };
/** A CloudFormation token string as the CDK renders an ARN it does not know yet. */
const cfnToken = (n: number): string => `\${Token[TOKEN.${n}]}`;
const OTHER_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:always-granted';

const flow = (): MutableFlow => mutable(inbound());

/** The violations of one rule; fails the test with the full report when there are none. */
function violationsOf(result: FlowCheckResult, rule: string): FlowViolation[] {
  const found = result.violations.filter((v) => v.rule === rule);
  expect(found, `expected a ${rule} violation, got:\n${formatViolations(result.violations)}`).not.toEqual([]);
  return found;
}

/** Every violation must show the path from StartAction that breaks the rule. */
function expectPaths(result: FlowCheckResult): void {
  for (const v of result.violations) {
    expect(v.path?.[0], `${v.rule}: ${v.message}`).toMatch(/^logging-on/);
  }
}

type Branch = { NextAction: string; Condition?: { Operands: string[] }; ErrorType?: string };
const conditionsOf = (a: { Transitions: { Conditions?: unknown[] } }) =>
  (a.Transitions.Conditions ?? []) as Branch[];

/** The first branch of a list; throws when absent so a broken test setup is loud. */
function first(branches: readonly Branch[] | undefined): Branch {
  const found = branches?.[0];
  if (found === undefined) throw new Error('test setup: no branch');
  return found;
}

describe('review 2: the key pressed is the key the consent Lambda records', () => {
  it('fails when consentDigit "1" is set on the press-2 branch', () => {
    // Prepare
    const f = flow();
    (action(f, 'consent-digit-2-en-US').Parameters.Attributes as Record<string, string>).consentDigit = '1';
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'consent-before-recording');
    expect(v?.message).toBe(
      'recording-on-en-US (UpdateContactRecordingBehavior) enables recording before the consent Lambda recorded the key the caller pressed (the caller pressed key 2 but consent-digit-2-en-US set consentDigit "1")',
    );
    expect(v?.path).toContain('consent-ask-1-en-US -[= 2]->');
    expect(v?.path?.at(-1)).toBe('recording-on-en-US');
    expectPaths(result);
  });

  it('fails when the 1 and 2 branches of the consent input are swapped', () => {
    // Prepare
    const f = flow();
    const [one, two] = conditionsOf(action(f, 'consent-ask-1-en-US'));
    if (one === undefined || two === undefined) throw new Error('test setup: consent input conditions');
    [one.NextAction, two.NextAction] = [two.NextAction, one.NextAction];
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'consent-before-recording');
    expect(v?.message).toMatch(/the caller pressed key 1 but consent-digit-2-en-US set consentDigit "2"/);
    expect(v?.path).toContain('consent-ask-1-en-US -[= 1]->');
  });

  it('fails when the consent Lambda is sent a literal "1" instead of the pressed key', () => {
    // Prepare
    const f = flow();
    const invoke = action(f, 'consent-invoke-en-US');
    (invoke.Parameters.LambdaInvocationAttributes as Record<string, string>).consentDigit = '1';
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'consent-before-recording');
    expect(v?.message).toMatch(
      /consent-invoke-en-US sends consentDigit "1" instead of \$\.Attributes\.consentDigit/,
    );
    expect(v?.path).toContain('consent-invoke-en-US -[next]->');
  });

  it('fails when a second consent invocation after GRANTED records a refusal and the path records anyway', () => {
    // Prepare
    const f = flow();
    const original = action(f, 'consent-invoke-en-US');
    f.Actions.push({
      ...structuredClone(original),
      Identifier: 'consent-again-en-US',
      Parameters: {
        ...structuredClone(original.Parameters),
        LambdaInvocationAttributes: { consentDigit: '2', locale: 'en-US' },
      },
      Transitions: {
        NextAction: 'recording-on-en-US',
        Errors: [{ NextAction: 'recording-on-en-US', ErrorType: 'NoMatchingError' }],
      },
    });
    first(conditionsOf(action(f, 'consent-check-en-US'))).NextAction = 'consent-again-en-US';
    // Act
    const result = checkFlow(f, withArns);
    const oneDecision = checkFlow(f, {
      ...withArns,
      properties: defaultProperties().filter((p) => p.id !== 'consent-asked-once'),
    });
    // Assess: rejected as a second decision; without that rule, still as recording without consent.
    const [asked] = violationsOf(result, 'consent-asked-once');
    expect(asked?.action).toBe('consent-again-en-US');
    const [v] = violationsOf(oneDecision, 'consent-before-recording');
    expect(v?.path?.at(-2)).toMatch(/^consent-again-en-US -\[/);
    expect(v?.path?.at(-1)).toBe('recording-on-en-US');
  });
});

describe('review 3: Lambdas are recognised by ARN, not by their parameters', () => {
  it('passes every rendered variant with the exact ARNs, including CDK token strings', () => {
    // Prepare
    const tokens = {
      ...PLACEHOLDER_ARNS,
      consentFunctionArn: cfnToken(101),
      recordingControlFunctionArn: cfnToken(102),
      paymentFunctionArn: cfnToken(103),
    };
    const { paymentFunctionArn: _p, ...payLater } = PLACEHOLDER_ARNS;
    const cases = [
      [configFor(), PLACEHOLDER_ARNS],
      [configFor('en-US'), PLACEHOLDER_ARNS],
      [configFor('zh-CN'), PLACEHOLDER_ARNS],
      [configFor(), payLater],
      [configFor(), tokens],
    ] as const;
    for (const [config, arns] of cases) {
      // Act
      const result = checkFlow(renderFlow('inbound', flowValues(config, arns)), {
        noticeTexts: noticeTexts(config),
        consentFunctionArn: arns.consentFunctionArn,
        recordingControlFunctionArn: arns.recordingControlFunctionArn,
        ...('paymentFunctionArn' in arns ? { paymentFunctionArn: arns.paymentFunctionArn } : {}),
      });
      // Assess
      expect(formatViolations(result.violations)).toBe('');
    }
  });

  it('fails when the deployed tokens differ from the ARNs the checker expects', () => {
    // Prepare: rendered with CDK tokens, checked against the placeholders
    const rendered = renderFlow(
      'inbound',
      flowValues(configFor(), { ...PLACEHOLDER_ARNS, consentFunctionArn: cfnToken(101) }),
    );
    // Act
    const result = checkFlow(rendered, withArns);
    // Assess
    expect(violationsOf(result, 'lambda-role')[0]?.message).toMatch(
      /sends a consentDigit \(or action withdraw\) to \$\{Token\[TOKEN\.101\]\}, which is not the consent Lambda/,
    );
    expectPaths(result);
  });

  it('fails when one consent invocation calls another Lambda, with or without expected ARNs', () => {
    // Prepare
    const f = flow();
    action(f, 'consent-invoke-en-US').Parameters.LambdaFunctionARN = OTHER_ARN;
    // Act
    const given = checkFlow(f, withArns);
    const guessed = checkFlow(f, inferred);
    // Assess
    expect(violationsOf(given, 'lambda-role').map((v) => v.message)).toContain(
      `consent-invoke-en-US (InvokeLambdaFunction) sends a consentDigit (or action withdraw) to ${OTHER_ARN}, which is not the consent Lambda ${PLACEHOLDER_ARNS.consentFunctionArn}`,
    );
    expect(violationsOf(given, 'consent-before-recording')[0]?.path).toContain(
      'consent-invoke-en-US -[next]->',
    );
    expect(violationsOf(guessed, 'lambda-role')[0]?.message).toMatch(
      /^invocations that send a consentDigit \(or action withdraw\) call 2 different Lambdas: .*always-granted \(consent-invoke-en-US\)/,
    );
    violationsOf(guessed, 'consent-before-recording');
    expectPaths(given);
  });

  it('fails when every consent invocation calls an "always granted" Lambda and the ARNs are known', () => {
    // Prepare
    const f = flow();
    for (const a of f.Actions) {
      if (a.Parameters.LambdaFunctionARN === PLACEHOLDER_ARNS.consentFunctionArn)
        a.Parameters.LambdaFunctionARN = OTHER_ARN;
    }
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'consent-before-recording');
    expect(v?.message).toMatch(
      /consent-invoke-(zh-CN|en-US) replaced \$\.External with the answer of .*always-granted/,
    );
  });

  it('fails when the suspend calls the consent Lambda', () => {
    // Prepare
    const f = flow();
    action(f, 'pay-suspend-en-US').Parameters.LambdaFunctionARN = PLACEHOLDER_ARNS.consentFunctionArn;
    // Act
    const given = checkFlow(f, withArns);
    const guessed = checkFlow(f, inferred);
    // Assess
    expect(violationsOf(given, 'lambda-role').map((v) => v.message)).toContain(
      `pay-suspend-en-US (InvokeLambdaFunction) sends action suspend/resume/stop to ${PLACEHOLDER_ARNS.consentFunctionArn}, which is not the recording-control Lambda ${PLACEHOLDER_ARNS.recordingControlFunctionArn}`,
    );
    expect(violationsOf(given, 'recording-suspended-for-card-input')[0]?.message).toBe(
      'pay-card-en-US (GetParticipantInput) collects card input before the recording was suspended (recording-control Lambda, action suspend)',
    );
    violationsOf(guessed, 'lambda-role');
    violationsOf(guessed, 'recording-suspended-for-card-input');
  });

  it('fails when a resume calls a Lambda that is not the recording-control Lambda', () => {
    // Prepare
    const f = flow();
    action(f, 'pay-resume-approved-en-US').Parameters.LambdaFunctionARN =
      'arn:aws:lambda:us-east-1:111122223333:function:noop';
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    expect(violationsOf(result, 'lambda-role')[0]?.message).toMatch(
      /^pay-resume-approved-en-US \(InvokeLambdaFunction\) sends action suspend\/resume\/stop to .*function:noop, which is not the recording-control Lambda/,
    );
    const [v] = violationsOf(result, 'recording-suspended-for-card-input');
    expect(v?.message).toMatch(/^the path ends at .* with the recording still suspended/);
    expect(v?.path?.join(' ')).toMatch(/pay-result-en-US -\[= APPROVED\]-> pay-resume-approved-en-US -\[/);
  });

  it('fails when another Lambda answer feeds the consent decision, naming that Lambda', () => {
    // Prepare
    const f = flow();
    action(f, 'consent-store-en-US').Transitions.NextAction = 'other-lambda';
    f.Actions.push({
      Identifier: 'other-lambda',
      Type: 'InvokeLambdaFunction',
      Parameters: { LambdaFunctionARN: OTHER_ARN, InvocationTimeLimitSeconds: '3' },
      Transitions: {
        NextAction: 'consent-check-en-US',
        Errors: [{ NextAction: 'apology-en-US', ErrorType: 'NoMatchingError' }],
      },
    });
    // Act
    const result = checkFlow(f, inferred);
    // Assess
    const [v] = violationsOf(result, 'lambda-role');
    expect(v?.message).toBe(
      `consent-check-en-US (Compare) decides on $.External.consent, which on some path holds the answer of other-lambda (${OTHER_ARN}), not of the consent Lambda`,
    );
    expect(v?.path?.slice(-2)).toEqual(['other-lambda -[next]->', 'consent-check-en-US']);
  });
});

describe('review 4: notice content', () => {
  it('accepts the rendered notices of every locale and retention period', () => {
    for (const retentionDays of [365, 730]) {
      // Prepare
      const notices = renderNotices({ ...configFor(), retentionDays });
      for (const notice of Object.values(notices)) {
        // Act / Assess
        expect(noticeContentGaps(notice.text, retentionDays).missing).toEqual([]);
      }
    }
  });

  it.each([
    ['Welcome.', ['purpose', 'retention days', 'rights channel']],
    ['We record calls to improve our service. Recordings are deleted after 365 days.', ['rights channel']],
  ])('rejects the notice "%s", naming what is missing', (text, missing) => {
    // Act
    const gaps = noticeContentGaps(text, 365);
    // Assess
    expect(gaps.missing).toEqual(missing);
  });

  it('rejects a zh-CN notice without the retention period, by the zh-CN rules', () => {
    // Prepare
    const text = renderNotices(configFor())['zh-CN'].text.replace('365天后删除', '到期后删除');
    // Act
    const gaps = noticeContentGaps(text, 365);
    // Assess
    expect(gaps).toEqual({ locale: 'zh-CN', missing: ['retention days'] });
  });

  it('fails a notice play that matches no rendered notice and lacks content, with its path', () => {
    // Prepare
    const f = flow();
    action(f, 'notice-en-US').Parameters.Text = 'Welcome.';
    // Act
    const result = checkFlow(f, { ...withArns, noticeContent: { retentionDays: 365 } });
    // Assess
    const [v] = violationsOf(result, 'notice-content');
    expect(v?.message).toBe(
      'notice-en-US (MessageParticipant) plays a notice that matches no rendered notice of the config and lacks purpose, retention days, rights channel (en-US rules; retention must read 365 days)',
    );
    expect(v?.path?.at(-1)).toBe('notice-en-US');
    expect(violationsOf(result, 'consent-before-recording')[0]?.message).toMatch(
      /before the recording notice was played/,
    );
  });

  it('accepts a reworded notice that states all required content', () => {
    // Prepare
    const f = flow();
    action(f, 'notice-en-US').Parameters.Text =
      'We use recordings only to improve our service. They are deleted after 365 days. To see or delete your data, email privacy at example dot com.';
    // Act
    const result = checkFlow(f, { ...withArns, noticeContent: { retentionDays: 365 } });
    // Assess
    expect(formatViolations(result.violations)).toBe('');
  });
});

describe('review 5: card input is found by where its value goes', () => {
  it('fails when card number and expiry are collected without InputEncryption', () => {
    // Prepare
    const f = flow();
    for (const id of ['pay-card-en-US', 'pay-expiry-en-US']) delete action(f, id).Parameters.InputEncryption;
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const found = violationsOf(result, 'card-input-encryption');
    expect(found.map((v) => v.message)).toEqual([
      'pay-card-en-US (GetParticipantInput) collects input that reaches the payment Lambda pay-invoke-en-US (LambdaInvocationAttributes.encryptedCard) without InputEncryption: card data must use encrypted DTMF input',
      'pay-expiry-en-US (GetParticipantInput) collects input that reaches the payment Lambda pay-invoke-en-US (LambdaInvocationAttributes.encryptedExpiry) without InputEncryption: card data must use encrypted DTMF input',
    ]);
    expect(found[0]?.path).toEqual(
      expect.arrayContaining([
        'pay-card-en-US -[next]->',
        'pay-card-keep-en-US -[next]->',
        'pay-invoke-en-US',
      ]),
    );
    expect(result.stats.cardInputs).toBe(6);
    expectPaths(result);
  });

  it('fails when plain card input skips the suspend', () => {
    // Prepare
    const f = flow();
    for (const id of ['pay-card-en-US', 'pay-expiry-en-US']) delete action(f, id).Parameters.InputEncryption;
    first(conditionsOf(action(f, 'pay-check-en-US'))).NextAction = 'pay-card-en-US';
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'recording-suspended-for-card-input');
    expect(v?.message).toBe(
      'pay-card-en-US (GetParticipantInput) collects card input before the recording was suspended (recording-control Lambda, action suspend)',
    );
    expect(v?.path?.slice(-2)).toEqual(['pay-check-en-US -[= PAYMENT]->', 'pay-card-en-US']);
  });

  it('fails when a stored input that nothing reads asks for the card before the suspend', () => {
    // Prepare
    const f = flow();
    f.Actions.push({
      Identifier: 'plain-card',
      Type: 'GetParticipantInput',
      Parameters: {
        Text: 'Key your card number',
        StoreInput: 'True',
        InputTimeLimitSeconds: '20',
        InputValidation: { CustomValidation: { MaximumLength: '19' } },
        DTMFConfiguration: { InputTerminationSequence: '#' },
      },
      Transitions: {
        NextAction: 'pay-suspend-en-US',
        Errors: [
          { NextAction: 'pay-suspend-en-US', ErrorType: 'InputTimeLimitExceeded' },
          { NextAction: 'pay-suspend-en-US', ErrorType: 'NoMatchingError' },
        ],
      },
    });
    first(conditionsOf(action(f, 'pay-check-en-US'))).NextAction = 'plain-card';
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'stored-input-unused');
    expect(v?.message).toMatch(
      /^plain-card \(GetParticipantInput\) stores caller input \(StoreInput True\) that no action reads/,
    );
    expect(v?.path?.slice(-2)).toEqual(['pay-check-en-US -[= PAYMENT]->', 'plain-card']);
  });

  it('fails when card input reaches a second Lambda besides the payment Lambda (ARNs inferred)', () => {
    // Prepare: the card ciphertext also goes to another function
    const f = flow();
    action(f, 'pay-card-keep-en-US').Transitions.NextAction = 'exfil';
    f.Actions.push({
      Identifier: 'exfil',
      Type: 'InvokeLambdaFunction',
      Parameters: {
        LambdaFunctionARN: 'arn:aws:lambda:us-east-1:111122223333:function:exfil',
        InvocationTimeLimitSeconds: '3',
        LambdaInvocationAttributes: { card: '$.FlowAttributes.encryptedCard' },
      },
      Transitions: {
        NextAction: 'pay-expiry-en-US',
        Errors: [{ NextAction: 'pay-resume-error-en-US', ErrorType: 'NoMatchingError' }],
      },
    });
    // Act
    const result = checkFlow(f, inferred);
    // Assess
    expect(violationsOf(result, 'lambda-role')[0]?.message).toMatch(
      /^stored customer input reaches 2 different Lambdas: .*function:exfil \(exfil\)/,
    );
  });
});

describe('review 8: a caller who did not consent gets recording disabled and is told', () => {
  it('fails when every explicit Disabled block is removed', () => {
    // Prepare: the reviewer's mutation
    const f = flow();
    for (const l of ['en-US', 'zh-CN']) {
      action(f, `consent-check-${l}`).Transitions.NextAction = `bot-${l}`;
      first(action(f, `consent-check-${l}`).Transitions.Errors).NextAction = `bot-${l}`;
      action(f, `consent-store-none-${l}`).Transitions.NextAction = `bot-${l}`;
      action(f, `recording-off-said-${l}`).Transitions.NextAction = `bot-${l}`;
    }
    f.Actions = f.Actions.filter(
      (a) => !/^recording-off-(zh-CN|en-US)$|^recording-off-said|^recording-off-start$/.test(a.Identifier),
    );
    action(f, 'logging-on').Transitions.NextAction = 'lang-voice-zh-CN';
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'recording-disabled-unless-granted');
    expect(v?.message).toBe(
      'bot-zh-CN (ConnectParticipantWithLexBot) connects a caller who did not grant consent to the bot before an UpdateContactRecordingBehavior that explicitly disables recording (IVRRecordingBehavior Disabled, no participants, no analytics)',
    );
    expect(v?.path?.slice(-2)).toEqual(['consent-check-zh-CN -[! NoMatchingCondition]->', 'bot-zh-CN']);
    expectPaths(result);
  });

  it('fails when the declined caller is not told that the call is not recorded', () => {
    // Prepare
    const f = flow();
    action(f, 'recording-off-en-US').Transitions.NextAction = 'bot-en-US';
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'recording-disabled-unless-granted');
    expect(v?.message).toMatch(/before a message telling the caller the call is not recorded/);
    expect(v?.path?.slice(-2)).toEqual(['recording-off-en-US -[next]->', 'bot-en-US']);
  });

  it('fails when a consent Lambda error goes straight to the bot', () => {
    // Prepare
    const f = flow();
    first(action(f, 'consent-invoke-en-US').Transitions.Errors).NextAction = 'bot-en-US';
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'recording-disabled-unless-granted');
    expect(v?.path?.slice(-2)).toEqual(['consent-invoke-en-US -[! NoMatchingError]->', 'bot-en-US']);
  });

  it('fails when the decline path ends without disabling recording', () => {
    // Prepare
    const f = flow();
    action(f, 'consent-check-en-US').Transitions.NextAction = 'goodbye-en-US';
    for (const e of action(f, 'consent-check-en-US').Transitions.Errors ?? []) e.NextAction = 'goodbye-en-US';
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'recording-disabled-unless-granted');
    expect(v?.message).toMatch(
      /^the path ends at disconnect-en-US \(DisconnectParticipant\) after a consent decision that was not GRANTED/,
    );
  });
});

describe('review 9: Contact Lens analytics is capture', () => {
  const analytics = {
    Enabled: 'True',
    AnalyticsLanguage: 'en-US',
    AnalyticsRedactionBehavior: 'Disabled',
    AnalyticsRedactionResults: 'RedactedAndOriginal',
  };

  it('counts AnalyticsBehavior Enabled as capture, and Enabled False as none', () => {
    // Prepare
    const base: FlowAction = {
      Identifier: 'r',
      Type: 'UpdateContactRecordingBehavior',
      Parameters: { RecordingBehavior: { RecordedParticipants: [], IVRRecordingBehavior: 'Disabled' } },
      Transitions: {},
    };
    // Act / Assess
    expect(
      enablesRecording({ ...base, Parameters: { ...base.Parameters, AnalyticsBehavior: analytics } }),
    ).toBe(true);
    expect(
      enablesRecording({
        ...base,
        Parameters: { ...base.Parameters, AnalyticsBehavior: { ...analytics, Enabled: 'False' } },
      }),
    ).toBe(false);
    expect(enablesRecording(base)).toBe(false);
  });

  it('fails when the decline branch turns on analytics', () => {
    // Prepare
    const f = flow();
    action(f, 'recording-off-en-US').Parameters.AnalyticsBehavior = analytics;
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'consent-before-recording');
    expect(v?.message).toMatch(
      /^recording-off-en-US \(UpdateContactRecordingBehavior\) enables recording before/,
    );
    expect(v?.path?.at(-1)).toBe('recording-off-en-US');
  });
});
