import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import {
  ACCESS_REVIEW_IO_BUDGET,
  ACCESS_REVIEW_TIMEOUT_SECONDS,
  ACCESS_REVIEW_WINDOW_DAYS,
} from '../contracts/env/access-review';
import { type AccessReviewDeps, type AccessReviewOutcome, reviewAccess } from '../core/audit/review';
import { queryDeadline, reviewRequestToken, reviewWindow } from '../core/audit/window';
import { countMetric, logger } from '../edge/powertools';
import { pipeline } from '../edge/tracer';

/**
 * The weekly access review (COMPLIANCE C8): invoked by an EventBridge schedule rule once a week,
 * it reviews the period before the run and publishes one message to the alert topic. A manual
 * rerun passes `{"time": "<ISO 8601>"}`, the field the schedule's event carries, and reviews the
 * week before that instant.
 */

/** Dependencies of the access-review handler. */
export type AccessReviewHandlerDeps = AccessReviewDeps;

/** The EventBridge "Scheduled Event", reduced to what the handler reads (both fields optional). */
export const scheduledEventSchema = z.looseObject({
  id: z.optional(z.string()),
  time: z.optional(z.iso.datetime({ offset: true })),
});

/** The event is not a scheduled event nor a rerun request. */
export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
}

/** Builds the handler over its ports. */
export function createHandler(deps: AccessReviewHandlerDeps) {
  const handle = async (event: unknown, context: Context): Promise<AccessReviewOutcome> => {
    const parsed = scheduledEventSchema.safeParse(event ?? {});
    if (!parsed.success) {
      throw new MalformedEventError(
        `not a scheduled event: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      );
    }
    const now = deps.clock();
    const window = reviewWindow(
      parsed.data.time ? new Date(parsed.data.time) : now,
      ACCESS_REVIEW_WINDOW_DAYS,
    );
    // The offline runtime's bare contexts have no clock of their own: assume the full timeout.
    const remainingMs = context.getRemainingTimeInMillis?.() ?? ACCESS_REVIEW_TIMEOUT_SECONDS * 1_000;
    const outcome = await reviewAccess(
      {
        window,
        deadline: queryDeadline(now, remainingMs, ACCESS_REVIEW_IO_BUDGET),
        requestToken: reviewRequestToken(window, parsed.data.id ?? context.awsRequestId ?? 'manual'),
      },
      deps,
    );
    countMetric('AccessReview', {
      name: 'outcome',
      value: outcome.kind === 'REPORTED' ? 'REPORTED' : outcome.reason,
    });
    if (outcome.kind === 'REPORTED') logger.info('access review published', { ...outcome });
    else logger.warn('access review not completed; the message says why', { ...outcome });
    return outcome;
  };
  return pipeline(handle);
}
