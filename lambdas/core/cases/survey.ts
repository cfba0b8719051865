import { LOW_SURVEY_SCORE, SURVEY_SCORES, type SurveyScore } from '../../contracts/survey';
import type { BackOfficeTask } from './task';

/**
 * The case a low survey score opens: staff look at how the call went (its intents, whether the
 * caller consented, so whether a recording and transcript exist at all) and may call back. It holds
 * no words of the caller and no number: the agent opens the contact by its id.
 */

/** A keyed survey score and what the contact carries beside it. */
export interface SurveyAnswer {
  readonly contactId: string;
  readonly score: SurveyScore;
  /** The contact attributes (locale, consent, intents). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** The score as keyed, or undefined for anything that is not one of 1 to 5. */
export function parseSurveyScore(value: string | undefined): SurveyScore | undefined {
  const trimmed = value?.trim() ?? '';
  return (SURVEY_SCORES as readonly string[]).includes(trimmed) ? (trimmed as SurveyScore) : undefined;
}

/** Whether a score opens a case. */
export const isLowScore = (score: SurveyScore): boolean => Number(score) <= LOW_SURVEY_SCORE;

/** Attribute values copied into the case: set by our own flow and code hook, never personal data. */
const CASE_CONTEXT = ['locale', 'consent', 'intents'] as const;

/** The back-office case for a low score; undefined when the score is not low. */
export function lowScoreCase(answer: SurveyAnswer): BackOfficeTask | undefined {
  if (!isLowScore(answer.score)) return undefined;
  const context = Object.fromEntries(
    CASE_CONTEXT.flatMap((k) => {
      const v = answer.attributes[k];
      return v && /^[A-Za-z0-9_,.:-]{1,200}$/.test(v) ? [[k, v]] : [];
    }),
  );
  const intents = context.intents ? context.intents.split(',').join(', ') : 'none recorded';
  return {
    // One case per contact, however often the flow or Lambda retries.
    token: `survey-${answer.contactId}`,
    name: `Low call rating ${answer.score}/5`,
    description:
      `The caller rated the call ${answer.score} out of 5 in the post-call survey. ` +
      `What the bot handled: ${intents}. Consent: ${context.consent ?? 'unknown'}. ` +
      `Contact ${answer.contactId}: look at how the call went and, where the caller is known, whether to call back.`,
    attributes: {
      caseKind: 'low-survey-score',
      contactId: answer.contactId,
      surveyScore: answer.score,
      ...context,
    },
  };
}
