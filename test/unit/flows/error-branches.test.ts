import { describe, expect, it } from 'vitest';
import { ACTION_SPECS, edgesOf, type FlowAction, type FlowDocument, isLoopBack } from '../../../lib/flows';
import { configFor, inbound } from './helpers';

/**
 * Errors that are not failures but planned branches: input retries, data comparisons, a bot
 * block that ended without a branch of its own (the caller is taken back to the bot, bounded),
 * the bot exits that copy the handled intents into the contact record (an analytics attribute
 * that could not be copied must not change the caller's way), the payment segment, where
 * every failure resumes the recording, tells the caller that nothing was charged and keeps
 * serving them (test/unit/flows/payment.test.ts), and the withdrawal segment, where a failure
 * still stops and disables the recording and tells the caller what was not registered
 * (test/unit/flows/withdrawal.test.ts), and the post-call survey, which the caller may leave at
 * any point: silence ends the call, and a survey Lambda or attribute that fails only means no
 * case is promised (test/unit/flows/survey.test.ts), and the out-of-hours callback, where a number
 * Connect refuses or a callback it cannot create is told as such and the caller goes back to the
 * bot (test/unit/flows/callback.test.ts).
 */
const isPlannedBranch = (action: FlowAction, errorType: string): boolean =>
  (['GetParticipantInput', 'ConnectParticipantWithLexBot'].includes(action.Type) &&
    ['InputTimeLimitExceeded', 'NoMatchingCondition'].includes(errorType)) ||
  (action.Type === 'Compare' && errorType === 'NoMatchingCondition') ||
  (action.Identifier.startsWith('bot-exit-') &&
    action.Type === 'UpdateContactAttributes' &&
    action.Transitions.Errors?.every((e) => e.NextAction === action.Transitions.NextAction) === true) ||
  (action.Identifier.startsWith('pay-') && action.Type !== 'MessageParticipant') ||
  (action.Identifier.startsWith('withdraw-') && action.Type !== 'MessageParticipant') ||
  (action.Identifier.startsWith('survey-') && action.Type !== 'MessageParticipant') ||
  (action.Identifier.startsWith('callback-') && action.Type !== 'MessageParticipant');

/**
 * Walks every path from `start` to an end of the flow, each Loop left through its DoneLooping
 * branch (the checker proves every cycle goes through a Loop, so this is acyclic), carrying a
 * state. `step` returns the state after an action, or a verdict that ends the walk of that path
 * (`ok`, or a problem sentence); `atEnd` judges a path that reaches a terminal action. Memoised on
 * (action, state), so each problem is reported once, with the first path that shows it, and the
 * walk stays linear in actions however many paths the bot loop and the survey multiply.
 */
function problemsFrom<S extends string>(
  flow: FlowDocument,
  start: string,
  initial: S,
  step: (state: S, action: FlowAction) => S | { readonly verdict: 'ok' | string },
  atEnd: (state: S, action: FlowAction) => string | undefined,
): string[] {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const seen = new Set<string>();
  const problems: string[] = [];
  const walk = (id: string, state: S, path: string[]) => {
    const action = byId.get(id);
    if (action === undefined) throw new Error(`dangling ${id}`);
    const key = `${id}\u0000${state}`;
    if (seen.has(key)) return;
    seen.add(key);
    const here = [...path, id];
    const next = step(state, action);
    if (typeof next === 'object') {
      if (next.verdict !== 'ok') problems.push(`${next.verdict}: ${here.join(' > ')}`);
      return;
    }
    if (ACTION_SPECS[action.Type]?.ends !== 'continues') {
      const problem = atEnd(next, action);
      if (problem !== undefined) problems.push(`${problem}: ${here.join(' > ')}`);
    }
    for (const edge of edgesOf(action)) {
      if (!isLoopBack(action, edge)) walk(edge.target, next, here);
    }
  };
  walk(start, initial, []);
  return problems;
}

/** The first path from `start` (first edge every time). */
function firstPath(flow: FlowDocument, start: string): FlowAction[] {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const out: FlowAction[] = [];
  for (let action = byId.get(start); action !== undefined; ) {
    out.push(action);
    const edge = edgesOf(action).find((e) => !isLoopBack(action as FlowAction, e));
    action = edge === undefined ? undefined : byId.get(edge.target);
  }
  return out;
}

describe.each([
  ['two locales', 'zh-CN,en-US'],
  ['one locale', 'en-US'],
])('error branches of the inbound flow (%s)', (_label, locales) => {
  const flow = inbound(configFor(locales));
  const errorEdges = flow.Actions.flatMap((action) =>
    (action.Transitions.Errors ?? [])
      .filter((e) => !isPlannedBranch(action, e.ErrorType) && !action.Identifier.startsWith('apology'))
      .map((e) => ({ from: action.Identifier, error: e.ErrorType, target: e.NextAction })),
  );

  it('has error branches to examine', () => {
    // Prepare / Act: collected above
    // Assess
    expect(errorEdges.length).toBeGreaterThan(20);
  });

  it('ends every error branch in an apology and a disconnect, never in silence', () => {
    // Prepare
    type Seen = `${'' | 'apology'}${'' | '+queue'}`;
    const problems: string[] = [];
    // Act
    for (const { from, error, target } of errorEdges) {
      const found = problemsFrom<Seen>(
        flow,
        target,
        '',
        (seen, a) => {
          const apology =
            seen.startsWith('apology') ||
            (a.Type === 'MessageParticipant' && a.Identifier.startsWith('apology'));
          const queue = seen.endsWith('+queue') || a.Identifier.startsWith('queue-set');
          return `${apology ? 'apology' : ''}${queue ? '+queue' : ''}` as Seen;
        },
        (seen, last) => {
          // A failed consent Lambda keeps full service: the caller may still reach an agent.
          const servedByAgent = last.Type === 'TransferContactToQueue' && seen.endsWith('+queue');
          const apologised = seen.startsWith('apology');
          return apologised && (last.Type === 'DisconnectParticipant' || servedByAgent)
            ? undefined
            : `${from} ! ${error}`;
        },
      );
      problems.push(...found);
    }
    // Assess
    expect(problems).toEqual([]);
  });

  it('apologises before anything else is said on every error branch', () => {
    // Prepare
    const problems: string[] = [];
    // Act
    for (const { from, error, target } of errorEdges) {
      const found = problemsFrom<''>(
        flow,
        target,
        '',
        (_, a) => {
          if (typeof a.Parameters.Text !== 'string') return '';
          return a.Identifier.startsWith('apology')
            ? { verdict: 'ok' }
            : { verdict: `${from} ! ${error}: first says ${a.Identifier}` };
        },
        () => `${from} ! ${error}: first says nothing`,
      );
      problems.push(...found);
    }
    // Assess
    expect(problems).toEqual([]);
  });

  it('disables recording explicitly and tells the caller on every outcome other than GRANTED', () => {
    // Prepare
    const locale = locales.split(',')[0];
    const compare = flow.Actions.find((a) => a.Identifier === `consent-check-${locale}`) as FlowAction;
    const lambdaFailure = flow.Actions.find((a) => a.Identifier === `consent-invoke-${locale}`) as FlowAction;
    const noInput = flow.Actions.find((a) => a.Identifier === `consent-store-none-${locale}`) as FlowAction;
    const invalid = flow.Actions.find(
      (a) => a.Identifier === `consent-invoke-invalid-${locale}`,
    ) as FlowAction;
    const starts = [
      ...edgesOf(compare).filter((e) => e.value !== 'GRANTED'),
      ...edgesOf(lambdaFailure).filter((e) => e.kind === 'error'),
      ...edgesOf(invalid).filter((e) => e.kind === 'error'),
      ...edgesOf(noInput).filter((e) => e.kind === 'next'),
    ].map((e) => e.target);
    // Act
    const firstTwo = starts.map((id) => firstPath(flow, id).slice(0, 2));
    // Assess
    for (const [disable, tell] of firstTwo) {
      expect(disable?.Type).toBe('UpdateContactRecordingBehavior');
      expect(disable?.Parameters.RecordingBehavior).toEqual({
        RecordedParticipants: [],
        IVRRecordingBehavior: 'Disabled',
      });
      expect(tell?.Type).toBe('MessageParticipant');
      expect(String(tell?.Parameters.Text)).toMatch(/will not be recorded|不会录音/);
    }
  });
});
