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
 * (test/unit/flows/withdrawal.test.ts).
 */
const isPlannedBranch = (action: FlowAction, errorType: string): boolean =>
  (['GetParticipantInput', 'ConnectParticipantWithLexBot'].includes(action.Type) &&
    ['InputTimeLimitExceeded', 'NoMatchingCondition'].includes(errorType)) ||
  (action.Type === 'Compare' && errorType === 'NoMatchingCondition') ||
  (action.Identifier.startsWith('bot-exit-') &&
    action.Type === 'UpdateContactAttributes' &&
    action.Transitions.Errors?.every((e) => e.NextAction === action.Transitions.NextAction) === true) ||
  (action.Identifier.startsWith('pay-') && action.Type !== 'MessageParticipant') ||
  (action.Identifier.startsWith('withdraw-') && action.Type !== 'MessageParticipant');

/**
 * Every path (list of actions) from `start` to an end of the flow, each Loop left through its
 * DoneLooping branch (the checker proves every cycle goes through a Loop, so this is acyclic).
 */
function pathsFrom(flow: FlowDocument, start: string): FlowAction[][] {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const out: FlowAction[][] = [];
  const walk = (id: string, path: FlowAction[], via: string[]) => {
    const action = byId.get(id);
    if (action === undefined) throw new Error(`dangling ${id}`);
    const here = [...path, action];
    const ends = ACTION_SPECS[action.Type]?.ends;
    if (ends !== 'continues') out.push(here);
    for (const edge of edgesOf(action)) {
      if (!isLoopBack(action, edge)) walk(edge.target, here, [...via, edge.label]);
    }
  };
  walk(start, [], []);
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
    const problems: string[] = [];
    // Act
    for (const { from, error, target } of errorEdges) {
      for (const path of pathsFrom(flow, target)) {
        const ids = path.map((a) => a.Identifier);
        const apologised = path.some(
          (a) => a.Type === 'MessageParticipant' && a.Identifier.startsWith('apology'),
        );
        const last = path.at(-1) as FlowAction;
        // A failed consent Lambda keeps full service: the caller may still reach an agent.
        const servedByAgent =
          last.Type === 'TransferContactToQueue' && ids.some((id) => id.startsWith('queue-set'));
        if (!apologised || !(last.Type === 'DisconnectParticipant' || servedByAgent)) {
          problems.push(`${from} ! ${error}: ${ids.join(' > ')}`);
        }
      }
    }
    // Assess
    expect(problems).toEqual([]);
  });

  it('apologises before anything else is said on every error branch', () => {
    // Prepare
    const problems: string[] = [];
    // Act
    for (const { from, error, target } of errorEdges) {
      for (const path of pathsFrom(flow, target)) {
        const firstSpoken = path.find((a) => typeof a.Parameters.Text === 'string');
        if (!firstSpoken?.Identifier.startsWith('apology')) {
          problems.push(`${from} ! ${error}: first says ${firstSpoken?.Identifier ?? 'nothing'}`);
        }
      }
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
    const firstTwo = starts.map((id) => pathsFrom(flow, id)[0]?.slice(0, 2) ?? []);
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
