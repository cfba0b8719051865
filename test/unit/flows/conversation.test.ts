import { describe, expect, it } from 'vitest';
import { decisionFromDigit } from '../../../lambdas/core/consent/decision';
import {
  BOT_REENTRY_LIMIT,
  CONSENT_WRONG_KEY,
  checkFlow,
  edgesOf,
  type FlowAction,
  formatViolations,
} from '../../../lib/flows';
import { action, configFor, inbound, mutable, noticeTexts } from './helpers';

const enOnly = () => mutable(inbound(configFor('en-US')));
const check = (flow: unknown) => checkFlow(flow, { noticeTexts: noticeTexts(configFor('en-US')) });

describe('bot conversation in the inbound flow', () => {
  const flow = inbound();
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const bots = flow.Actions.filter((a) => a.Type === 'ConnectParticipantWithLexBot');

  it('has a welcome block and an "anything else?" block per locale', () => {
    // Assess
    expect(bots.map((b) => b.Identifier).sort()).toEqual(
      ['bot-en-US', 'bot-again-en-US', 'bot-zh-CN', 'bot-again-zh-CN'].sort(),
    );
  });

  it.each(bots.map((b) => [b.Identifier, b] as const))(
    'takes %s back to the bot through a bounded Loop on every unexpected return',
    (_id, bot) => {
      // Prepare
      const unexpected = edgesOf(bot).filter(
        (e) => e.kind === 'next' || ['NoMatchingCondition', 'InputTimeLimitExceeded'].includes(e.value ?? ''),
      );
      // Act: the plain end of the bot first asks whether the bot wants a withdrawal or an agent
      // (nextStep: the code hook closes any intent with AGENT after two order numbers or delivery
      // answers that led nowhere).
      const through = (e: { target: string }): FlowAction => {
        const to = byId.get(e.target) as FlowAction;
        if (to.Type !== 'Compare' || to.Parameters.ComparisonValue !== '$.Lex.SessionAttributes.nextStep')
          return to;
        const agent = edgesOf(to).find((x) => x.value === 'AGENT');
        expect(byId.get(agent?.target ?? '')?.Identifier).toMatch(/^bot-exit-agent-/);
        const others = edgesOf(to).filter((x) => x.value !== 'WITHDRAW' && x.value !== 'AGENT');
        expect(new Set(others.map((x) => x.target)).size).toBe(1);
        return byId.get((others[0] as { target: string }).target) as FlowAction;
      };
      const targets = new Set(unexpected.map(through));
      // Assess
      expect(unexpected).toHaveLength(3);
      expect(targets.size).toBe(1);
      const [loop] = [...targets];
      expect(loop?.Type).toBe('Loop');
      expect(loop?.Parameters.LoopCount).toBe(String(BOT_REENTRY_LIMIT));
      const branches = Object.fromEntries(edgesOf(loop as FlowAction).map((e) => [e.value, e.target]));
      expect(byId.get(branches.ContinueLooping ?? '')?.Type).toBe('ConnectParticipantWithLexBot');
      expect(branches.DoneLooping).toMatch(/^goodbye-/);
      // A bot that fails still ends in an apology, never in a loop.
      expect(edgesOf(bot).find((e) => e.value === 'NoMatchingError')?.target).toMatch(/^apology-/);
    },
  );

  it('proves every cycle is bounded and counts each loop body once', () => {
    // Act
    const result = check(enOnly());
    // Assess
    expect(formatViolations(result.violations)).toBe('');
    expect(Number.isFinite(result.stats.paths)).toBe(true);
  });

  it('fails when the bot is re-entered without a Loop (unbounded-cycle)', () => {
    // Prepare
    const bad = enOnly();
    action(bad, 'bot-again-en-US').Transitions.NextAction = 'bot-again-en-US';
    // Act
    const result = check(bad);
    // Assess
    const cycles = result.violations.filter((v) => v.rule === 'unbounded-cycle');
    expect(cycles.map((v) => v.message)).toEqual([
      'bot-again-en-US -[next]-> bot-again-en-US closes a cycle that no Loop bounds: bot-again-en-US → bot-again-en-US',
    ]);
    expect(result.stats.paths).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects a Loop without its DoneLooping branch or with an out-of-range count', () => {
    // Prepare
    const bad = enOnly();
    const loop = action(bad, 'bot-loop-en-US');
    loop.Parameters.LoopCount = '101';
    loop.Transitions.Conditions = loop.Transitions.Conditions?.slice(0, 1);
    // Act
    const result = check(bad);
    // Assess
    const messages = result.violations.filter((v) => v.rule === 'parameter').map((v) => v.message);
    expect(messages).toEqual([
      'bot-loop-en-US (Loop): LoopCount must be a whole number from 0 to 100 or one JSONPath',
      'bot-loop-en-US (Loop): needs exactly one condition Equals ContinueLooping and one Equals DoneLooping',
    ]);
  });
});

describe('consent retries in the inbound flow', () => {
  const flow = enOnly();
  const last = action(flow, 'consent-ask-3-en-US');
  const errorTarget = (type: string) =>
    last.Transitions.Errors?.find((e) => e.ErrorType === type)?.NextAction;

  it('records INVALID when the last attempt was a wrong key', () => {
    // Act
    const invoke = action(flow, errorTarget('NoMatchingCondition') ?? '');
    // Assess
    expect(invoke.Type).toBe('InvokeLambdaFunction');
    const digit = (invoke.Parameters.LambdaInvocationAttributes as Record<string, string>).consentDigit;
    expect(digit).toBe(CONSENT_WRONG_KEY);
    expect(decisionFromDigit(digit)).toBe('INVALID');
  });

  it('records NO_INPUT when the last attempt timed out', () => {
    // Act
    const invoke = action(flow, errorTarget('InputTimeLimitExceeded') ?? '');
    // Assess
    const digit = (invoke.Parameters.LambdaInvocationAttributes as Record<string, string>).consentDigit;
    expect(digit).toBe('');
    expect(decisionFromDigit(digit)).toBe('NO_INPUT');
  });

  it('keeps two retries for timeouts and wrong keys', () => {
    // Assess
    for (const id of ['consent-ask-1-en-US', 'consent-ask-2-en-US']) {
      const next = Number(id.at(-7)) + 1;
      for (const type of ['NoMatchingCondition', 'InputTimeLimitExceeded']) {
        expect(action(flow, id).Transitions.Errors?.find((e) => e.ErrorType === type)?.NextAction).toBe(
          `consent-ask-${next}-en-US`,
        );
      }
    }
  });

  it('fails the consent property when the wrong-key answer could reach the GRANTED branch', () => {
    // Prepare
    const bad = enOnly();
    action(bad, 'consent-invoke-invalid-en-US').Transitions.NextAction = 'consent-store-en-US';
    // Act
    const result = check(bad);
    // Assess
    const [v] = result.violations.filter((x) => x.rule === 'consent-before-recording');
    expect(v?.message).toMatch(
      /^recording-on-en-US \(UpdateContactRecordingBehavior\) enables recording before/,
    );
    expect(v?.path).toContain('consent-ask-3-en-US -[! NoMatchingCondition]->');
  });
});
