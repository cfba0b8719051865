import { type AccessEvent, type Expectations, toAccessEvent } from './events';
import type { AuditQuery, ReportPublisher } from './ports';
import { buildNotCompletedReport, buildReport, type NotCompletedReason } from './report';
import { type ReviewWindow, windowParameters } from './window';

/**
 * The weekly access review (COMPLIANCE C8, the periodic security audit): run the access-review
 * query for one period, wait for it within a deadline, read its rows, and publish exactly one
 * message: the report, or a message that the review did not complete and why. A review never
 * sends part of a result as if it were all of it.
 */

/** Pages of 1,000 rows the review reads at most (50,000 events a week). */
export const MAX_RESULT_PAGES = 50;

/** Dependencies of {@link reviewAccess}. */
export interface AccessReviewDeps {
  readonly query: AuditQuery;
  readonly publisher: ReportPublisher;
  readonly expectations: Expectations;
  /** Named in every message, for the officer who opens the query. */
  readonly workGroup: string;
  /** `Runbook: docs/RUNBOOK.md#...`, the last line of every message. */
  readonly runbookPointer: string;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Wait between two status checks. @default 2000 ms */
  readonly pollIntervalMs?: number;
}

/** One run. */
export interface AccessReviewRequest {
  readonly window: ReviewWindow;
  /** No Athena call starts after this instant; the publish always does. */
  readonly deadline: Date;
  /** Idempotency token of the query (see `reviewRequestToken`). */
  readonly requestToken: string;
}

/** What a run did; every outcome published exactly one message. */
export type AccessReviewOutcome =
  | {
      readonly kind: 'REPORTED';
      readonly executionId: string;
      readonly reads: number;
      readonly jobs: number;
      readonly unexpected: number;
      readonly listed: number;
    }
  | {
      readonly kind: 'NOT_COMPLETED';
      readonly reason: NotCompletedReason;
      readonly executionId: string | undefined;
    };

/** A run that ends without a report, with what the message says. */
class NotCompleted extends Error {
  override name = 'AccessReviewNotCompleted';
  constructor(
    readonly reason: NotCompletedReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Runs one review and publishes its one message.
 *
 * @throws only when the message itself cannot be published (Lambda retries the event, then it
 *   goes to the undelivered-alerts queue, whose depth is alarmed)
 */
export async function reviewAccess(
  request: AccessReviewRequest,
  deps: AccessReviewDeps,
): Promise<AccessReviewOutcome> {
  let executionId: string | undefined;
  let message: { readonly subject: string; readonly message: string };
  let outcome: AccessReviewOutcome;
  try {
    executionId = await deps.query.start(windowParameters(request.window), request.requestToken);
    const { events, moreRowsThanRead } = await readResult(executionId, request, deps);
    const report = buildReport({
      window: request.window,
      events,
      expectations: deps.expectations,
      executionId,
      workGroup: deps.workGroup,
      moreRowsThanRead,
      runbookPointer: deps.runbookPointer,
    });
    message = report;
    outcome = {
      kind: 'REPORTED',
      executionId,
      reads: report.reads,
      jobs: report.jobs,
      unexpected: report.unexpected,
      listed: report.listed,
    };
  } catch (error) {
    const reason = error instanceof NotCompleted ? error.reason : 'ERROR';
    message = buildNotCompletedReport({
      window: request.window,
      reason,
      detail: error instanceof NotCompleted ? error.detail : describeError(error),
      executionId,
      workGroup: deps.workGroup,
      runbookPointer: deps.runbookPointer,
    });
    outcome = { kind: 'NOT_COMPLETED', reason, executionId };
  }
  // Outside the try: a failed publish is not a failed review; it throws for Lambda to retry.
  await deps.publisher.publish(message.subject, message.message);
  return outcome;
}

/** Waits for the execution within the deadline and reads its rows. */
async function readResult(
  executionId: string,
  request: AccessReviewRequest,
  deps: AccessReviewDeps,
): Promise<{ readonly events: AccessEvent[]; readonly moreRowsThanRead: boolean }> {
  const pollMs = deps.pollIntervalMs ?? 2_000;
  const beforeDeadline = (extraMs = 0) => deps.clock().getTime() + extraMs <= request.deadline.getTime();
  let status = await deps.query.status(executionId);
  while (status.state === 'QUEUED' || status.state === 'RUNNING') {
    if (!beforeDeadline(pollMs)) {
      // Best effort: a query left running only costs its scan; the message says what happened.
      await deps.query.stop(executionId).catch(() => undefined);
      throw new NotCompleted('TIMED_OUT', `still ${status.state} at the deadline; the query was stopped`);
    }
    await deps.sleep(pollMs);
    status = await deps.query.status(executionId);
  }
  if (status.state === 'FAILED') throw new NotCompleted('QUERY_FAILED', status.reason ?? 'no reason given');
  if (status.state === 'CANCELLED') {
    throw new NotCompleted('QUERY_CANCELLED', status.reason ?? 'cancelled outside the review');
  }
  const events: AccessEvent[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    if (!beforeDeadline()) {
      throw new NotCompleted(
        'TIMED_OUT',
        `the query succeeded, but only ${pages} result page(s) were read in time`,
      );
    }
    const page = await deps.query.page(executionId, nextToken);
    for (const row of page.rows) events.push(toAccessEvent(row));
    nextToken = page.nextToken;
    pages += 1;
  } while (nextToken !== undefined && pages < MAX_RESULT_PAGES);
  return { events, moreRowsThanRead: nextToken !== undefined };
}
