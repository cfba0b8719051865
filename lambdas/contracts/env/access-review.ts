import * as z from 'zod/mini';
import type { IoBudget } from '../io-budgets';
import { defineEnv, nonEmpty, variable } from './define';
import {
  ACCESS_REVIEW_QUERY_ENV,
  ALERT_TOPIC_ENV,
  ATHENA_WORKGROUP_ENV,
  EXPECTED_READERS_ENV,
  RUNBOOK_POINTER_ENV,
  TRANSCRIPTION_STARTER_ENV,
} from './names';

/** File name (without `.sql`) of the named query the weekly access review runs. */
export const ACCESS_REVIEW_QUERY_NAME = 'weekly-access-review';

/** Days one review covers; the schedule runs it once a week. */
export const ACCESS_REVIEW_WINDOW_DAYS = 7;

/** The function's timeout: the query, its result pages and the one publish fit in it. */
export const ACCESS_REVIEW_TIMEOUT_SECONDS = 300;

/**
 * SDK limits of the review's Athena and SNS clients: no caller waits, but a stalled endpoint
 * must still leave time for the one message that says the review did not complete.
 */
export const ACCESS_REVIEW_IO_BUDGET: IoBudget = {
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 5_000,
  maxAttempts: 2,
  retryDelayMs: 500,
  longestPath: 1,
};

/** A comma-separated list of non-empty values (role ARNs). */
function commaList(): z.ZodMiniType<readonly string[], string | undefined> {
  return z.pipe(
    nonEmpty(),
    z.pipe(
      z.transform((text: string) =>
        text
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0),
      ),
      z.array(z.string()).check(z.minLength(1, 'must name at least one role')),
    ),
  ) as unknown as z.ZodMiniType<readonly string[], string | undefined>;
}

/** Environment of the weekly access review (`lambdas/access-review`). */
export const ACCESS_REVIEW_ENV = defineEnv('access-review', {
  workGroup: variable(ATHENA_WORKGROUP_ENV, nonEmpty()),
  namedQueryId: variable(ACCESS_REVIEW_QUERY_ENV, nonEmpty()),
  topicArn: variable(ALERT_TOPIC_ENV, nonEmpty()),
  expectedReaderRoleArns: variable(EXPECTED_READERS_ENV, commaList()),
  transcriptionStarterRoleArn: variable(TRANSCRIPTION_STARTER_ENV, nonEmpty()),
  runbookPointer: variable(RUNBOOK_POINTER_ENV, nonEmpty()),
});
