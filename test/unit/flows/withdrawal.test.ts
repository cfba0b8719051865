import { describe, expect, it } from 'vitest';
import {
  type CheckFlowOptions,
  checkFlow,
  edgesOf,
  type FlowCheckResult,
  type FlowViolation,
  formatViolations,
  offeredKeys,
  PLACEHOLDER_ARNS,
} from '../../../lib/flows';
import { action, configFor, inbound, type MutableFlow, mutable, noticeTexts } from './helpers';

/**
 * The consent proof for any flow (issue "declined means not kept", item 3) and the withdrawal
 * segment. Each mutation below passed the checker before the rules `consent-asked-once`,
 * `consent-prompt-keys` and `withdrawal-honoured` existed; the en-US (or zh-CN) segment of the
 * default two-locale render is mutated.
 */

const withArns: CheckFlowOptions = {
  noticeTexts: noticeTexts(),
  consentFunctionArn: PLACEHOLDER_ARNS.consentFunctionArn,
  recordingControlFunctionArn: PLACEHOLDER_ARNS.recordingControlFunctionArn,
  paymentFunctionArn: PLACEHOLDER_ARNS.paymentFunctionArn,
};
const flow = (): MutableFlow => mutable(inbound());

function violationsOf(result: FlowCheckResult, rule: string): FlowViolation[] {
  const found = result.violations.filter((v) => v.rule === rule);
  expect(found, `expected a ${rule} violation, got:\n${formatViolations(result.violations)}`).not.toEqual([]);
  return found;
}

/** Points every condition of an action that goes to `from` at `to`. */
function redirect(a: { Transitions: { Conditions?: unknown[] } }, from: string, to: string): void {
  for (const c of (a.Transitions.Conditions ?? []) as { NextAction: string }[]) {
    if (c.NextAction === from) c.NextAction = to;
  }
}

describe('the rendered flow', () => {
  it('passes every rule, the new ones included', () => {
    const result = checkFlow(inbound(), withArns);
    expect(formatViolations(result.violations)).toBe('');
  });

  it('withdraws in order: ledger, stop, disable, the sentence for the outcome, back to the bot', () => {
    // Prepare
    const f = inbound(configFor('en-US'));
    const byId = new Map(f.Actions.map((a) => [a.Identifier, a]));
    const get = (id: string) => byId.get(id) ?? expect.fail(`no ${id}`);
    // Assess
    expect(get('withdraw-ledger-en-US').Parameters).toMatchObject({
      LambdaFunctionARN: PLACEHOLDER_ARNS.consentFunctionArn,
      LambdaInvocationAttributes: { action: 'withdraw', locale: 'en-US' },
    });
    expect(get('withdraw-stop-en-US').Parameters).toMatchObject({
      LambdaFunctionARN: PLACEHOLDER_ARNS.recordingControlFunctionArn,
      LambdaInvocationAttributes: { action: 'stop' },
    });
    // Every way through the ledger step (answer or error) reaches the stop and the disable.
    expect(edgesOf(get('withdraw-noted-en-US')).map((e) => `${e.label} ${e.target}`)).toEqual([
      '! NoMatchingError withdraw-failed-en-US',
      'next withdraw-stop-en-US',
    ]);
    expect(edgesOf(get('withdraw-failed-en-US')).map((e) => e.target)).toEqual([
      'withdraw-stop-en-US',
      'withdraw-stop-en-US',
    ]);
    expect(edgesOf(get('withdraw-stop-en-US')).map((e) => e.target)).toEqual([
      'withdraw-off-en-US',
      'withdraw-off-en-US',
    ]);
    expect(get('withdraw-off-en-US').Parameters).toEqual({
      RecordingBehavior: { RecordedParticipants: [], IVRRecordingBehavior: 'Disabled' },
    });
    const said = Object.fromEntries(
      edgesOf(get('withdraw-said-check-en-US')).map((e) => [e.label, e.target]),
    );
    expect(said).toMatchObject({
      '= RECORDED': 'withdraw-said-en-US',
      '= ALREADY': 'withdraw-said-en-US',
      '= NOT_GRANTED': 'withdraw-not-recorded-said-en-US',
      next: 'withdraw-failed-said-en-US',
    });
    expect(get('withdraw-said-en-US').Parameters.Text).toMatch(
      /deleted after this call, within 2 days at the latest/,
    );
  });

  it('tells only a caller who granted that the card part is not recorded', () => {
    // Prepare
    const f = inbound(configFor('en-US'));
    const byId = new Map(f.Actions.map((a) => [a.Identifier, a]));
    // Act
    const check = byId.get('pay-recorded-check-en-US');
    const branches = Object.fromEntries(
      edgesOf(check ?? expect.fail('no check')).map((e) => [e.label, e.target]),
    );
    // Assess
    expect(check?.Parameters.ComparisonValue).toBe('$.Attributes.consent');
    expect(branches['= GRANTED']).toBe('pay-card-en-US');
    expect(branches.next).toBe('pay-card-plain-en-US');
    expect(byId.get('pay-card-en-US')?.Parameters.Text).toMatch(/not recorded/);
    expect(byId.get('pay-card-plain-en-US')?.Parameters.Text).not.toMatch(/record/i);
  });
});

describe('mutation: consent asked twice on one path', () => {
  it('rejects a second consent question after the decision (caller presses 1, then 2)', () => {
    // Prepare: after "recording on", ask again with a fresh input, digit and invocation.
    const f = flow();
    const ask = structuredClone(action(f, 'consent-ask-1-en-US'));
    ask.Identifier = 'consent-ask-again-en-US';
    ask.Transitions.NextAction = 'bot-en-US';
    ask.Transitions.Errors = [
      { NextAction: 'bot-en-US', ErrorType: 'InputTimeLimitExceeded' },
      { NextAction: 'bot-en-US', ErrorType: 'NoMatchingCondition' },
      { NextAction: 'bot-en-US', ErrorType: 'NoMatchingError' },
    ];
    f.Actions.push(ask);
    action(f, 'recording-on-said-en-US').Transitions.NextAction = 'consent-ask-again-en-US';
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const [v] = violationsOf(result, 'consent-asked-once');
    expect(v?.action).toBe('consent-ask-again-en-US');
    expect(v?.message).toMatch(/asks for consent again after consent-invoke-en-US recorded the decision/);
    expect(v?.path?.join(' ')).toMatch(/consent-check-en-US -\[= GRANTED\]-> .*consent-ask-again-en-US$/);
  });

  it('rejects a second consent invocation on one path even without a second question', () => {
    const f = flow();
    const again = structuredClone(action(f, 'consent-invoke-en-US'));
    again.Identifier = 'consent-invoke-again-en-US';
    again.Transitions = {
      NextAction: 'consent-store-en-US',
      Errors: [{ NextAction: 'recording-off-error-en-US', ErrorType: 'NoMatchingError' }],
    };
    f.Actions.push(again);
    action(f, 'consent-invoke-en-US').Transitions.NextAction = 'consent-invoke-again-en-US';
    const [v] = violationsOf(checkFlow(f, withArns), 'consent-asked-once');
    expect(v?.action).toBe('consent-invoke-again-en-US');
  });

  it('still allows asking again after silence or a wrong key (no answer yet)', () => {
    const result = checkFlow(inbound(), withArns);
    expect(result.violations.filter((v) => v.rule === 'consent-asked-once')).toEqual([]);
  });
});

describe('mutation: the prompt offers the wrong keys', () => {
  it.each([
    ['en-US', 'consent-ask-1-en-US', 'To decline recording, press 1. To allow it, press 2.'],
    ['en-US', 'consent-ask-2-en-US', 'Sorry. Press 1 to decline, or 2 to allow recording.'],
    ['zh-CN', 'consent-ask-1-zh-CN', '不同意录音，请按1；同意，请按2。'],
    ['en-US', 'consent-ask-3-en-US', 'To allow recording, press 1. To decline, press 1.'],
  ])('rejects a %s prompt that says %s: %s', (_locale, id, text) => {
    // Prepare: the conditions still send key 1 to GRANTED, as the Lambda maps it.
    const f = flow();
    action(f, id).Parameters.Text = text;
    // Act
    const result = checkFlow(f, withArns);
    // Assess
    const found = violationsOf(result, 'consent-prompt-keys');
    expect(found.map((v) => v.action)).toContain(id);
    expect(found[0]?.message).toMatch(/consent Lambda grants on 1 and declines on 2/);
  });

  it('rejects a consent prompt played from audio, whose keys cannot be read', () => {
    const f = flow();
    const ask = action(f, 'consent-ask-1-en-US');
    delete ask.Parameters.Text;
    ask.Parameters.PromptId = 'arn:aws:connect:us-east-1:111122223333:instance/x/prompt/y';
    const [v] = violationsOf(checkFlow(f, withArns), 'consent-prompt-keys');
    expect(v?.message).toMatch(/without a text the checker can read/);
  });
});

describe('mutation: a withdrawal the bot asked for is not carried out', () => {
  it('rejects a flow that goes straight back to the bot on nextStep = WITHDRAW', () => {
    const f = flow();
    redirect(action(f, 'bot-next-en-US'), 'bot-exit-withdraw-en-US', 'bot-loop-en-US');
    const [v] = violationsOf(checkFlow(f, withArns), 'withdrawal-honoured');
    expect(v?.message).toMatch(
      /returns to the bot after it asked to withdraw consent, before the consent Lambda/,
    );
  });

  it('rejects a withdrawal that leaves recording enabled', () => {
    const f = flow();
    action(f, 'withdraw-stop-en-US').Transitions = {
      NextAction: 'withdraw-said-check-en-US',
      Errors: [{ NextAction: 'withdraw-said-check-en-US', ErrorType: 'NoMatchingError' }],
    };
    const result = checkFlow(f, withArns);
    expect(violationsOf(result, 'withdrawal-honoured')[0]?.message).toMatch(
      /recording was explicitly disabled/,
    );
    expect(violationsOf(result, 'recording-disabled-unless-granted')).not.toEqual([]);
  });

  it('rejects a flow that records again after the withdrawal', () => {
    const f = flow();
    action(f, 'withdraw-said-en-US').Transitions.NextAction = 'recording-on-en-US';
    const [v] = violationsOf(checkFlow(f, withArns), 'consent-before-recording');
    expect(v?.message).toMatch(
      /enables recording after the caller withdrew consent at withdraw-ledger-en-US/,
    );
  });

  it('rejects a withdrawal sent to another Lambda than the consent Lambda', () => {
    const f = flow();
    action(f, 'withdraw-ledger-en-US').Parameters.LambdaFunctionARN =
      'arn:aws:lambda:us-east-1:111122223333:function:noop';
    const result = checkFlow(f, withArns);
    expect(violationsOf(result, 'lambda-role')[0]?.message).toMatch(/withdraw-ledger-en-US/);
  });
});

describe('offeredKeys: reading a consent prompt', () => {
  it.each([
    ['To allow recording of this call, press 1. To decline, press 2.', '1', '2'],
    ['Sorry, I did not catch that. To allow recording, press 1. To decline, press 2.', '1', '2'],
    ['Press 1 to agree to recording, or 2 if you do not agree.', '1', '2'],
    ['If you are happy to be recorded, press one; otherwise, to refuse, press two.', '1', '2'],
    ['For no recording press 2, to allow it press 1.', '1', '2'],
    ['同意对本次通话录音，请按1；不同意，请按2。', '1', '2'],
    ['抱歉，没有收到您的选择。同意录音，请按1；不同意，请按2。', '1', '2'],
    ['同意录音请按1，拒绝请按2。', '1', '2'],
    ['如不同意录音请按二，同意请按一。', '1', '2'],
  ])('%s', (text, allow, decline) => {
    expect(offeredKeys(text)).toEqual({ allow, decline, ambiguous: false });
  });

  it('reports a prompt that names one key for both answers', () => {
    expect(offeredKeys('To allow, press 1. To decline, press 1.').ambiguous).toBe(true);
  });

  it('does not invent a mapping for a prompt that names no purpose', () => {
    expect(offeredKeys('Press 1 or 2.')).toEqual({ allow: undefined, decline: undefined, ambiguous: false });
  });
});
