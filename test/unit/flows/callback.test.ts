import { describe, expect, it } from 'vitest';
import { CALLBACK_ATTRIBUTES, CALLBACK_STATES } from '../../../lambdas/contracts/callback';
import {
  ACTION_SPECS,
  CALLBACK_SETTINGS,
  checkFlow,
  edgesOf,
  type FlowAction,
  formatViolations,
  PLACEHOLDER_ARNS,
  PROMPTS,
} from '../../../lib/flows';
import { action, inbound, type MutableFlow, mutable, placeholderCheckOptions, rulesOf } from './helpers';

/**
 * The out-of-hours callback (issue 15 item 5). What the caller hears must be what the flow makes
 * Connect do: "on the number you are calling from" is the caller ID, "we will try again N minutes
 * later" is the retry delay and more than one attempt, and the offer is made only to a caller ID
 * a colleague can dial. The checker must still prove the recording properties on these paths.
 */

const options = placeholderCheckOptions();
const LOCALES = ['en-US', 'zh-CN'] as const;
const rules = rulesOf;

function byId(): (id: string) => FlowAction {
  const actions = new Map(inbound().Actions.map((a) => [a.Identifier, a]));
  return (id) => actions.get(id) ?? expect.fail(`no action ${id}`);
}

describe('the out-of-hours callback in the rendered flow', () => {
  it('dials the caller ID from the callback queue, with the delays the caller is told', () => {
    const get = byId();
    for (const locale of LOCALES) {
      // Assess: the number is the caller's own; the callback waits in its own queue, not in the
      // queue live transfers go to.
      expect(get(`callback-number-${locale}`).Parameters).toEqual({
        CallbackNumber: '$.CustomerEndpoint.Address',
      });
      expect(get(`callback-${locale}`).Parameters).toEqual({
        QueueId: PLACEHOLDER_ARNS.callbackQueueArn,
        InitialCallDelaySeconds: String(CALLBACK_SETTINGS.initialDelaySeconds),
        MaximumConnectionAttempts: String(CALLBACK_SETTINGS.maximumAttempts),
        RetryDelaySeconds: String(CALLBACK_SETTINGS.retryDelaySeconds),
      });
      expect(get(`queue-set-${locale}`).Parameters).toEqual({ QueueId: PLACEHOLDER_ARNS.queueArn });
      expect(PLACEHOLDER_ARNS.callbackQueueArn).not.toBe(PLACEHOLDER_ARNS.queueArn);
    }
    // "we will try again, at the earliest N minutes later": whole minutes, a second attempt exists,
    // and the sentence names exactly the retry delay.
    const minutes = CALLBACK_SETTINGS.retryDelaySeconds / 60;
    expect(Number.isInteger(minutes)).toBe(true);
    expect(CALLBACK_SETTINGS.maximumAttempts).toBeGreaterThanOrEqual(2);
    expect(String(get('callback-queued-say-en-US').Parameters.Text)).toContain(
      `try again, at the earliest ${minutes} minutes later`,
    );
    expect(String(get('callback-queued-say-zh-CN').Parameters.Text)).toContain(
      `至少${minutes}分钟后再次回拨`,
    );
  });

  it('ends the call once a callback is booked, as the offer says, so the line is free when it comes', () => {
    const get = byId();
    for (const locale of LOCALES) {
      expect(get(`callback-queued-${locale}`).Transitions.NextAction).toBe(`callback-queued-say-${locale}`);
      expect(get(`callback-queued-say-${locale}`).Transitions.NextAction).toBe(`goodbye-${locale}`);
      // The goodbye leads to the survey and the disconnect, never back to the bot.
      expect(edgesOf(get(`goodbye-${locale}`)).map((e) => e.target)).toEqual([
        `apology-${locale}`,
        `survey-offer-${locale}`,
      ]);
    }
    expect(PROMPTS['en-US'].prompts.closedCallback).toContain('press 1, and this call ends');
    expect(PROMPTS['zh-CN'].prompts.closedCallback).toContain('请按1，本次通话随即结束');
  });

  it('offers the callback only to a KNOWN caller ID, and not again once Connect refused it', () => {
    const f = inbound();
    for (const locale of LOCALES) {
      const into = (target: string) =>
        f.Actions.flatMap((a) =>
          edgesOf(a)
            .filter((e) => e.target === target)
            .map((e) => `${a.Identifier} ${e.kind}${e.kind === 'condition' ? ` ${e.value}` : ''}`),
        );
      // The offer's one way in is the KNOWN condition of the caller-ID check.
      expect(into(`closed-offer-${locale}`)).toEqual([`closed-known-${locale} condition KNOWN`]);
      // The caller-ID check is skipped after NO_NUMBER or FAILED: the plain hours instead.
      expect(into(`closed-known-${locale}`)).toEqual([`closed-${locale} error`, `closed-${locale} next`]);
      expect(into(`apology-closed-${locale}`)).toEqual([
        `closed-${locale} condition NO_NUMBER`,
        `closed-${locale} condition FAILED`,
        `closed-known-${locale} error`,
        `closed-known-${locale} next`,
      ]);
      // Out of hours is the only way in: the hours check's False branch.
      expect(into(`closed-${locale}`)).toEqual([`hours-${locale} condition False`, `hours-${locale} next`]);
    }
  });

  it('records every outcome in the callback attribute, with values the lake keeps', () => {
    const f = inbound();
    const set = new Set(
      f.Actions.filter((a) => a.Type === 'UpdateContactAttributes').flatMap((a) => {
        const value = (a.Parameters.Attributes as Record<string, string>)[CALLBACK_ATTRIBUTES.callback];
        return value === undefined ? [] : [value];
      }),
    );
    expect([...set].sort()).toEqual([...CALLBACK_STATES].sort());
  });

  it('answers each key, silence and each error with its own sentence', () => {
    const get = byId();
    for (const locale of LOCALES) {
      const offer = get(`closed-offer-${locale}`);
      expect(offer.Transitions.Conditions?.map((c) => [c.Condition.Operands[0], c.NextAction])).toEqual([
        ['1', `callback-number-${locale}`],
        ['2', `callback-declined-${locale}`],
      ]);
      expect(offer.Transitions.Errors?.map((e) => [e.ErrorType, e.NextAction])).toEqual([
        ['NoMatchingCondition', `callback-declined-${locale}`],
        ['InputTimeLimitExceeded', `callback-declined-${locale}`],
        ['NoMatchingError', `apology-${locale}`],
      ]);
      expect(
        get(`callback-number-${locale}`).Transitions.Errors?.map((e) => [e.ErrorType, e.NextAction]),
      ).toEqual([
        ['InvalidCallbackNumber', `callback-no-number-${locale}`],
        ['CallbackNumberNotDialable', `callback-no-number-${locale}`],
      ]);
      expect(get(`callback-${locale}`).Transitions.Errors).toEqual([
        { NextAction: `callback-failed-${locale}`, ErrorType: 'NoMatchingError' },
      ]);
      // Each state's attribute is followed by its sentence; all but a booking go back to the bot.
      const sentence: Record<string, string> = {
        declined: PROMPTS[locale].prompts.callbackDeclined,
        'no-number': PROMPTS[locale].prompts.callbackNoNumber,
        failed: PROMPTS[locale].prompts.callbackFailed,
      };
      for (const [state, text] of Object.entries(sentence)) {
        const set = get(`callback-${state}-${locale}`);
        expect(set.Transitions.NextAction).toBe(`callback-${state}-say-${locale}`);
        expect(set.Transitions.Errors?.map((e) => e.NextAction)).toEqual([`callback-${state}-say-${locale}`]);
        const say = get(`callback-${state}-say-${locale}`);
        expect(say.Parameters.Text).toBe(text);
        expect(say.Transitions.NextAction).toBe(`bot-loop-${locale}`);
      }
    }
  });

  it('passes every rule of the checker', () => {
    expect(formatViolations(checkFlow(inbound(), options).violations)).toBe('');
  });

  it('is caught when a callback path turns the recording on for a caller who declined', () => {
    // Prepare: recording switched on right after a callback is queued.
    const f: MutableFlow = mutable(inbound());
    action(f, 'callback-queued-en-US').Transitions.NextAction = 'sneaky-record';
    f.Actions.push({
      Identifier: 'sneaky-record',
      Type: 'UpdateContactRecordingBehavior',
      Parameters: {
        RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'], IVRRecordingBehavior: 'Enabled' },
      },
      Transitions: {
        NextAction: 'callback-queued-say-en-US',
        Errors: [{ NextAction: 'callback-queued-say-en-US', ErrorType: 'NoMatchingError' }],
      },
    });
    // Act
    const result = checkFlow(f, options);
    // Assess: the declined path reaches it without the GRANTED branch.
    expect(rules(result)).toEqual(['consent-before-recording']);
    expect(
      result.violations.some(
        (v) =>
          v.action === 'sneaky-record' &&
          v.message.endsWith(
            'enables recording before the path took the branch $.External.consent = GRANTED',
          ),
      ),
    ).toBe(true);
  });
});

describe('callback action specs', () => {
  const run = (type: string, parameters: Record<string, unknown>) =>
    ACTION_SPECS[type]?.validate?.({
      Identifier: 'x',
      Type: type,
      Parameters: parameters,
      Transitions: {},
    } as FlowAction) ?? expect.fail(`no validate for ${type}`);
  const good = { InitialCallDelaySeconds: '300', MaximumConnectionAttempts: '3', RetryDelaySeconds: '600' };

  it('takes the documented CreateCallbackContact bounds', () => {
    expect(run('CreateCallbackContact', good)).toEqual([]);
    expect(run('CreateCallbackContact', { ...good, QueueId: '$.Attributes.queue' })).toEqual([]);
    expect(run('CreateCallbackContact', { ...good, InitialCallDelaySeconds: '259200' })).toEqual([]);
    for (const bad of [
      { InitialCallDelaySeconds: '0' },
      { InitialCallDelaySeconds: '259201' },
      { RetryDelaySeconds: '1.5' },
      { RetryDelaySeconds: '$.Attributes.delay' },
      { MaximumConnectionAttempts: '0' },
      { QueueId: 'arn:queue', AgentId: 'arn:agent' },
      { QueueId: 'queue-$.Attributes.x' },
    ]) {
      expect(run('CreateCallbackContact', { ...good, ...bad }), JSON.stringify(bad)).not.toEqual([]);
    }
  });

  it('wants the callback number as one JSONPath, never a static number', () => {
    expect(run('UpdateContactCallbackNumber', { CallbackNumber: '$.CustomerEndpoint.Address' })).toEqual([]);
    expect(run('UpdateContactCallbackNumber', { CallbackNumber: '+15550100' })).not.toEqual([]);
    expect(
      run('UpdateContactCallbackNumber', { CallbackNumber: 'call $.CustomerEndpoint.Address' }),
    ).not.toEqual([]);
  });

  it('is caught by the checker when an error branch of the callback number is missing', () => {
    const f = mutable(inbound());
    const number = action(f, 'callback-number-zh-CN');
    number.Transitions.Errors = number.Transitions.Errors?.filter(
      (e) => e.ErrorType !== 'CallbackNumberNotDialable',
    );
    const result = checkFlow(f, options);
    expect(result.violations.map((v) => v.message).join('\n')).toMatch(
      /callback-number-zh-CN .*missing error branch CallbackNumberNotDialable/,
    );
  });
});
