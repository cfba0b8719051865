/**
 * The post-call survey (issue 15 item 4): after the bot, before the flow disconnects, the caller may
 * key a score from 1 to 5 and answer one follow-up ("was what you called about sorted out?") by
 * keypad. The flow stores the answers as contact attributes, so they reach the lake with the
 * contact record (`ctr.Attributes.surveyScore`, `ctr.Attributes.surveyResolved`), and calls the
 * survey function with the score, which opens a back-office case for a low one.
 */

/** Contact attributes the survey sets (flat strings, copied into the contact record). */
export const SURVEY_ATTRIBUTES = {
  /** "1" (poor) to "5" (excellent); absent when the caller did not answer. */
  score: 'surveyScore',
  /** "yes" or "no": whether what the caller called about was sorted out; absent when unanswered. */
  resolved: 'surveyResolved',
  /** "true" when the survey function opened a case for a low score, else "false". */
  caseOpened: 'surveyCase',
} as const;

/** The keys a caller may press for a score. */
export const SURVEY_SCORES = ['1', '2', '3', '4', '5'] as const;
/** A score as keyed. */
export type SurveyScore = (typeof SURVEY_SCORES)[number];

/** Scores up to this one open a case for staff to look at the call. */
export const LOW_SURVEY_SCORE = 2;

/** The follow-up keys: 1 = yes, 2 = no. */
export const SURVEY_RESOLVED_KEYS = { '1': 'yes', '2': 'no' } as const;

/** What the flow sends the survey function (`LambdaInvocationAttributes`). */
export const SURVEY_PARAMETERS = {
  /** The score the caller keyed ({@link SURVEY_ATTRIBUTES.score}). */
  score: 'surveyScore',
} as const;

/** The survey function's answer (`$.External.caseOpened`). */
export type SurveyResult = { readonly caseOpened: 'true' | 'false' };
