import { describe, expect, it } from 'vitest';
import { LOW_SURVEY_SCORE, SURVEY_SCORES } from '../../../lambdas/contracts/survey';
import { checkFlow, edgesOf, formatViolations, PLACEHOLDER_ARNS } from '../../../lib/flows';
import { action, inbound, type MutableFlow, mutable, placeholderCheckOptions, rulesOf } from './helpers';

/**
 * The post-call survey (issue 15 item 4): after the bot, before the disconnect, in the caller's
 * language, and proven by the checker not to change the recording. Each mutation below must be
 * caught; the en-US segment of the default two-locale render is mutated.
 */

const options = placeholderCheckOptions();
const flow = (): MutableFlow => mutable(inbound());
const rules = rulesOf;

describe('the post-call survey in the rendered flow', () => {
  it('is offered on both goodbye paths, in each locale, and ends at the disconnect', () => {
    // Prepare
    const f = inbound();
    const byId = new Map(f.Actions.map((a) => [a.Identifier, a]));
    for (const locale of ['en-US', 'zh-CN']) {
      const get = (id: string) => byId.get(`${id}-${locale}`) ?? expect.fail(`no ${id}-${locale}`);
      // Assess: the bot's goodbye and the flow's own goodbye both lead to the offer.
      expect(edgesOf(get('bot-exit-goodbye')).map((e) => e.target)).toContain(`survey-offer-${locale}`);
      expect(edgesOf(get('goodbye')).map((e) => e.target)).toContain(`survey-offer-${locale}`);
      // Each score key sets its attribute, then the survey Lambda gets the score.
      const offer = get('survey-offer');
      const keys = (offer.Transitions.Conditions ?? []).map((c) => c.Condition.Operands[0]);
      expect(keys).toEqual([...SURVEY_SCORES]);
      for (const score of SURVEY_SCORES) {
        expect(get(`survey-score-${score}`).Parameters).toMatchObject({ Attributes: { surveyScore: score } });
      }
      expect(get('survey-save').Parameters).toMatchObject({
        LambdaFunctionARN: PLACEHOLDER_ARNS.surveyFunctionArn,
        LambdaInvocationAttributes: { surveyScore: '$.Attributes.surveyScore' },
      });
      // Silence or a wrong key at the offer: straight to the disconnect, nothing asked again.
      expect(
        edgesOf(offer)
          .filter((e) => e.kind !== 'condition')
          .map((e) => e.target),
      ).toEqual([
        `disconnect-${locale}`,
        `disconnect-${locale}`,
        `disconnect-${locale}`,
        `disconnect-${locale}`,
      ]);
    }
    expect(LOW_SURVEY_SCORE).toBe(2);
  });

  it('speaks the caller language at every survey prompt', () => {
    const f = inbound();
    const prompts = (locale: string) =>
      f.Actions.filter(
        (a) => a.Identifier.startsWith('survey-') && a.Identifier.endsWith(locale) && a.Parameters.Text,
      ).map((a) => String(a.Parameters.Text));
    expect(prompts('zh-CN')).toHaveLength(4);
    for (const text of prompts('zh-CN')) expect(text).toMatch(/[\u4e00-\u9fff]/);
    for (const text of prompts('en-US')) expect(text).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('passes every rule, the survey rule included', () => {
    const result = checkFlow(inbound(), options);
    expect(formatViolations(result.violations)).toBe('');
  });
});

describe('checkFlow on mutated surveys', () => {
  it('rejects a survey that turns the recording on', () => {
    // Prepare: the score goes through a recording-on block before the survey Lambda.
    const f = flow();
    f.Actions.push({
      Identifier: 'survey-record-en-US',
      Type: 'UpdateContactRecordingBehavior',
      Parameters: {
        RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'], IVRRecordingBehavior: 'Enabled' },
      },
      Transitions: { NextAction: 'survey-save-en-US' },
    } as never);
    action(f, 'survey-score-3-en-US').Transitions.NextAction = 'survey-record-en-US';
    // Act
    const result = checkFlow(f, options);
    // Assess
    expect(rules(result)).toContain('survey-leaves-recording');
  });

  it('rejects a survey that asks the recording-control Lambda to resume', () => {
    const f = flow();
    f.Actions.push({
      Identifier: 'after-rating-en-US',
      Type: 'InvokeLambdaFunction',
      Parameters: {
        LambdaFunctionARN: PLACEHOLDER_ARNS.recordingControlFunctionArn,
        LambdaInvocationAttributes: { action: 'resume' },
      },
      Transitions: { NextAction: 'survey-thanks-check-en-US', Errors: [] },
    } as never);
    action(f, 'survey-resolved-yes-en-US').Transitions.NextAction = 'after-rating-en-US';
    const result = checkFlow(f, options);
    expect(rules(result)).toContain('survey-leaves-recording');
  });

  it('rejects a survey offered before the caller reached the bot', () => {
    // Prepare: the announcement that recording is off goes to the survey instead of the bot.
    const f = flow();
    action(f, 'recording-off-said-en-US').Transitions.NextAction = 'survey-offer-en-US';
    const result = checkFlow(f, options);
    expect(rules(result)).toContain('survey-leaves-recording');
  });

  it('rejects a survey that goes back into the bot', () => {
    const f = flow();
    action(f, 'survey-thanks-en-US').Transitions.NextAction = 'bot-again-en-US';
    const result = checkFlow(f, options);
    expect(rules(result)).toContain('survey-leaves-recording');
  });

  it('treats a survey question that speaks of recording as a second consent question', () => {
    // Prepare: "press 2" now sounds like a way to stop the recording, which nothing honours.
    const f = flow();
    action(f, 'survey-resolved-en-US').Parameters.Text =
      'Shall we keep the recording of this call? Press 1 for yes, or 2 for no.';
    const result = checkFlow(f, options);
    expect(rules(result)).toContain('consent-asked-once');
  });

  it('finds the survey Lambda by its parameter whatever the block is called', () => {
    // Prepare: a renamed survey invocation placed right after the consent announcement.
    const f = flow();
    const save = action(f, 'survey-save-en-US');
    f.Actions.push({ ...structuredClone(save), Identifier: 'rating-en-US' });
    action(f, 'recording-on-said-en-US').Transitions.NextAction = 'rating-en-US';
    const result = checkFlow(f, options);
    expect(rules(result)).toContain('survey-leaves-recording');
  });
});

describe('the hand-over to a colleague', () => {
  it.each(['en-US', 'zh-CN'])(
    'copies the reason and the order from the bot into the contact the agent sees (%s)',
    (locale) => {
      const exit = inbound().Actions.find((a) => a.Identifier === `bot-exit-agent-${locale}`);
      expect(exit?.Parameters).toEqual({
        Attributes: {
          intents: '$.Lex.SessionAttributes.intents',
          handoverReason: '$.Lex.SessionAttributes.handoverReason',
          handoverOrder: '$.Lex.SessionAttributes.handoverOrder',
        },
        TargetContact: 'Current',
      });
      // An attribute that cannot be copied never changes the caller's way: both branches queue.
      expect(new Set(edgesOf(exit as never).map((e) => e.target))).toEqual(new Set([`hours-${locale}`]));
    },
  );
});
