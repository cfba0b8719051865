import { SURVEY_PARAMETERS, type SurveyResult } from '../contracts/survey';
import { lowScoreCase, parseSurveyScore } from '../core/cases/survey';
import type { TaskOpener } from '../core/cases/task';
import { parseConnectEvent } from '../edge/connect-event';
import { callerFacing } from '../edge/middleware';
import { countMetric, logger } from '../edge/powertools';

/**
 * The survey function: the flow calls it once the caller keyed a score (1 to 5) in the post-call
 * survey. A low score opens a back-office case ({@link lowScoreCase}); the answer says whether one
 * was opened, so the flow tells the caller only what happened. The score itself reaches the lake
 * as a contact attribute the flow set; this function stores nothing and never throws.
 */

/** Dependencies of the survey handler. */
export interface SurveyDeps {
  readonly tasks: TaskOpener;
}

/** Metric names the handler emits. */
export const SURVEY_METRICS = {
  answered: 'SurveyAnswered',
  lowScore: 'SurveyLowScore',
  /** Alarm-worthy: a low score whose case could not be opened. */
  caseFailure: 'SurveyCaseFailure',
  invalidRequest: 'SurveyInvalidRequest',
} as const;

const NO_CASE: SurveyResult = Object.freeze({ caseOpened: 'false' });
const CASE: SurveyResult = Object.freeze({ caseOpened: 'true' });

/** Builds the survey handler over its task port. */
export function createHandler(deps: SurveyDeps) {
  const handle = async (event: unknown): Promise<SurveyResult> => {
    const parsed = parseConnectEvent(event);
    if (!parsed.success) {
      logger.warn('malformed Connect event; no case', { issues: parsed.issues });
      countMetric(SURVEY_METRICS.invalidRequest);
      return NO_CASE;
    }
    const contact = parsed.event.Details.ContactData;
    const score = parseSurveyScore(parsed.event.Details.Parameters?.[SURVEY_PARAMETERS.score]);
    if (!score) {
      logger.warn('survey answer without a score from 1 to 5; no case', { contactId: contact.ContactId });
      countMetric(SURVEY_METRICS.invalidRequest);
      return NO_CASE;
    }
    countMetric(SURVEY_METRICS.answered);
    const task = lowScoreCase({ contactId: contact.ContactId, score, attributes: contact.Attributes ?? {} });
    if (!task) return NO_CASE;
    countMetric(SURVEY_METRICS.lowScore);
    try {
      await deps.tasks.open(task);
    } catch (error) {
      countMetric(SURVEY_METRICS.caseFailure);
      logger.error('could not open the case for a low survey score', {
        contactId: contact.ContactId,
        errorName: (error as Error)?.name,
      });
      return NO_CASE;
    }
    logger.info('case opened for a low survey score', { contactId: contact.ContactId, score });
    return CASE;
  };
  return callerFacing(handle);
}
