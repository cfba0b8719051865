import { describe, expect, it } from 'vitest';
import { checkFlow, type FlowCheckResult, type FlowViolation, formatViolations } from '../../../lib/flows';
import { action, configFor, inbound, type MutableFlow, mutable, noticeTexts } from './helpers';

/** The violations of one rule; fails the test with the full report when there are none. */
function violationsOf(result: FlowCheckResult, rule: string): FlowViolation[] {
  const found = result.violations.filter((v) => v.rule === rule);
  expect(found, `expected a ${rule} violation, got:\n${formatViolations(result.violations)}`).not.toEqual([]);
  return found;
}

const enOnly = (): MutableFlow => mutable(inbound(configFor('en-US')));

describe('checkFlow on rendered flows', () => {
  it.each([
    ['two locales', 'zh-CN,en-US'],
    ['en-US only', 'en-US'],
    ['zh-CN only', 'zh-CN'],
  ])('passes the %s flow, proving the consent property on every path', (_label, locales) => {
    // Prepare
    const config = configFor(locales);
    const flow = inbound(config);
    // Act
    const result = checkFlow(flow, { noticeTexts: noticeTexts(config) });
    // Assess
    expect(formatViolations(result.violations)).toBe('');
    expect(result.ok).toBe(true);
    expect(result.stats.paths).toBeGreaterThan(1000);
    expect(result.stats.actions).toBeLessThanOrEqual(250);
  });

  it('also passes when the notice is recognised by identifier (rendered files given by path)', () => {
    // Prepare
    const flow = inbound();
    // Act
    const result = checkFlow(flow);
    // Assess
    expect(result.ok).toBe(true);
  });
});

describe('checkFlow on mutated flows', () => {
  it('fails when the consent branch is removed, printing the path that records without consent', () => {
    // Prepare
    const flow = enOnly();
    action(flow, 'consent-store-en-US').Transitions.NextAction = 'recording-on-en-US';
    // Act
    const result = checkFlow(flow, { noticeTexts: noticeTexts() });
    // Assess
    const [v] = violationsOf(result, 'consent-before-recording');
    expect(v?.message).toBe(
      'recording-on-en-US (UpdateContactRecordingBehavior) enables recording before the path took the branch $.External.consent = GRANTED',
    );
    expect(v?.path?.slice(-2)).toEqual(['consent-store-en-US -[next]->', 'recording-on-en-US']);
    expect(formatViolations(result.violations)).toContain('path: logging-on -[next]-> recording-off-start');
  });

  it('fails when recording is enabled before the notice', () => {
    // Prepare
    const flow = enOnly();
    action(flow, 'locale-attr-en-US').Transitions.NextAction = 'early-recording';
    flow.Actions.push({
      Identifier: 'early-recording',
      Type: 'UpdateContactRecordingBehavior',
      Parameters: {
        RecordingBehavior: { RecordedParticipants: ['Customer'], IVRRecordingBehavior: 'Enabled' },
      },
      Transitions: { NextAction: 'notice-en-US' },
    });
    // Act
    const result = checkFlow(flow, { noticeTexts: noticeTexts() });
    // Assess
    const [v] = violationsOf(result, 'consent-before-recording');
    expect(v?.message).toMatch(/early-recording .* enables recording before the recording notice was played/);
    expect(v?.path?.at(-1)).toBe('early-recording');
  });

  it('fails when the notice text is not the approved notice', () => {
    // Prepare
    const flow = enOnly();
    action(flow, 'notice-en-US').Parameters.Text = 'Calls may be recorded.';
    // Act
    const result = checkFlow(flow, { noticeTexts: noticeTexts() });
    // Assess
    const [v] = violationsOf(result, 'consent-before-recording');
    expect(v?.message).toMatch(/before the recording notice was played/);
  });

  it('fails when recording is enabled on the no-input path that never asked the caller', () => {
    // Prepare
    const flow = enOnly();
    action(flow, 'consent-store-none-en-US').Transitions.NextAction = 'consent-check-en-US';
    // Act
    const result = checkFlow(flow, { noticeTexts: noticeTexts() });
    // Assess
    const [v] = violationsOf(result, 'consent-before-recording');
    expect(v?.message).toMatch(/before the caller answered a consent input/);
    expect(v?.path).toContain('consent-ask-3-en-US -[! InputTimeLimitExceeded]->');
  });

  it('fails when another Lambda overwrites $.External between the consent Lambda and the branch', () => {
    // Prepare
    const flow = enOnly();
    action(flow, 'consent-store-en-US').Transitions.NextAction = 'other-lambda';
    flow.Actions.push({
      Identifier: 'other-lambda',
      Type: 'InvokeLambdaFunction',
      Parameters: {
        LambdaFunctionARN: 'arn:aws:lambda:us-east-1:111122223333:function:x',
        InvocationTimeLimitSeconds: '3',
      },
      Transitions: {
        NextAction: 'consent-check-en-US',
        Errors: [{ NextAction: 'apology-en-US', ErrorType: 'NoMatchingError' }],
      },
    });
    // Act
    const result = checkFlow(flow);
    // Assess
    const [v] = violationsOf(result, 'consent-before-recording');
    expect(v?.message).toMatch(/before the consent Lambda recorded the decision/);
  });

  it('fails on a dangling transition, naming source, edge and missing target', () => {
    // Prepare
    const flow = enOnly();
    action(flow, 'goodbye-en-US').Transitions.NextAction = 'hang-up-nowhere';
    // Act
    const result = checkFlow(flow);
    // Assess
    const [v] = violationsOf(result, 'dangling-transition');
    expect(v?.message).toBe('goodbye-en-US -[next]-> hang-up-nowhere: no action has that identifier');
    expect(v?.path?.at(-1)).toBe('goodbye-en-US');
  });

  it('fails on an unreachable action', () => {
    // Prepare
    const flow = enOnly();
    flow.Actions.push({
      Identifier: 'orphan',
      Type: 'DisconnectParticipant',
      Parameters: {},
      Transitions: {},
    });
    // Act
    const result = checkFlow(flow);
    // Assess
    const [v] = violationsOf(result, 'unreachable');
    expect(v?.message).toBe('orphan (DisconnectParticipant) cannot be reached from StartAction logging-on');
  });

  it('fails on an unknown action type', () => {
    // Prepare
    const flow = enOnly();
    action(flow, 'goodbye-en-US').Type = 'PlayPromptAndHope';
    // Act
    const result = checkFlow(flow);
    // Assess
    const [v] = violationsOf(result, 'unknown-action');
    expect(v?.message).toMatch(/^goodbye-en-US: unknown action type PlayPromptAndHope/);
    expect(v?.path?.[0]).toBe('logging-on -[next]->');
  });

  it('fails on a missing required parameter', () => {
    // Prepare
    const flow = enOnly();
    delete action(flow, 'consent-invoke-en-US').Parameters.LambdaFunctionARN;
    // Act
    const result = checkFlow(flow);
    // Assess
    const [v] = violationsOf(result, 'missing-parameter');
    expect(v?.message).toBe(
      'consent-invoke-en-US (InvokeLambdaFunction): missing required parameter LambdaFunctionARN',
    );
    expect(v?.path?.at(-1)).toBe('consent-invoke-en-US');
  });

  it('fails on a missing error branch', () => {
    // Prepare
    const flow = enOnly();
    action(flow, 'bot-en-US').Transitions.Errors = [
      { NextAction: 'apology-en-US', ErrorType: 'NoMatchingError' },
    ];
    // Act
    const result = checkFlow(flow);
    // Assess
    expect(violationsOf(result, 'missing-error').map((v) => v.message)).toEqual([
      'bot-en-US (ConnectParticipantWithLexBot): missing error branch NoMatchingCondition',
      'bot-en-US (ConnectParticipantWithLexBot): missing error branch InputTimeLimitExceeded',
    ]);
  });

  it('fails on a path with no terminal action, printing that path', () => {
    // Prepare
    const flow = enOnly();
    delete action(flow, 'goodbye-en-US').Transitions.NextAction;
    // Act
    const result = checkFlow(flow);
    // Assess
    const [v] = violationsOf(result, 'no-terminal');
    expect(v?.message).toBe(
      'path ends at goodbye-en-US (MessageParticipant) without a terminal action: it has no NextAction',
    );
    expect(v?.path?.at(-1)).toBe('goodbye-en-US');
    expect(v?.path).toContain('bot-loop-en-US -[= DoneLooping]->');
  });

  it('fails on more than 250 actions', () => {
    // Prepare
    const flow = enOnly();
    const last = action(flow, 'goodbye-en-US');
    const fillers = Array.from({ length: 230 }, (_, i) => ({
      Identifier: `filler-${i}`,
      Type: 'MessageParticipant',
      Parameters: { Text: `Filler ${i}.` },
      Transitions: {
        NextAction: i === 229 ? 'disconnect-en-US' : `filler-${i + 1}`,
        Errors: [{ NextAction: 'disconnect-en-US', ErrorType: 'NoMatchingError' }],
      },
    }));
    last.Transitions.NextAction = 'filler-0';
    flow.Actions.push(...fillers);
    // Act
    const result = checkFlow(flow);
    // Assess
    const [v] = violationsOf(result, 'size');
    expect(v?.message).toBe(`flow has ${flow.Actions.length} actions; Connect accepts at most 250`);
    expect(flow.Actions.length).toBeGreaterThan(250);
    expect(result.violations.filter((x) => x.rule !== 'size')).toEqual([]);
  });

  it('fails on identifiers Connect rejects: too long, forbidden characters, reserved, duplicate', () => {
    // Prepare
    const flow = enOnly();
    flow.Actions.push(
      { Identifier: 'x'.repeat(51), Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      { Identifier: 'bad:id', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      { Identifier: 'constructor', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      { Identifier: 'goodbye-en-US', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    );
    // Act
    const result = checkFlow(flow);
    // Assess
    expect(violationsOf(result, 'identifier').map((v) => v.message)).toEqual([
      `identifier "${'x'.repeat(51)}" must have 1 to 50 characters (has 51)`,
      'identifier "bad:id" contains the forbidden character ":"',
      'identifier "constructor" is a reserved name',
      'identifier "goodbye-en-US" is used twice',
    ]);
  });

  it('rejects content that is not a flow document', () => {
    // Prepare
    const notAFlow = { Version: '2020-01-01', Actions: 'none' };
    // Act
    const result = checkFlow(notAFlow);
    // Assess
    expect(result.ok).toBe(false);
    expect(result.violations.map((v) => v.message)).toEqual([
      'Version must be "2019-10-30", got "2020-01-01"',
      'StartAction must be a string',
      'Actions must be an array',
    ]);
  });
});
