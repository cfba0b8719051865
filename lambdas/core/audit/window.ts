import { type IoBudget, worstCallMs } from '../../contracts/io-budgets';

/**
 * The period one access review covers and how long it may spend on the query. Consecutive weekly
 * runs cover consecutive periods without gap or overlap: each period ends on the whole hour before
 * the run, less the time CloudTrail may take to deliver a record.
 */

/** A half-open period `[start, end)`. */
export interface ReviewWindow {
  readonly start: Date;
  readonly end: Date;
}

/** CloudTrail delivers most records within minutes; a period ends at least this long before the run. */
export const DELIVERY_LAG_MS = 60 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The period a run at `invokedAt` reviews: `days` days ending on the whole hour at least
 * {@link DELIVERY_LAG_MS} before it (a run on Monday 01:00 UTC covers the previous Monday 00:00
 * to this Monday 00:00).
 */
export function reviewWindow(invokedAt: Date, days: number): ReviewWindow {
  if (!Number.isInteger(days) || days < 1) throw new Error(`days must be a whole number >= 1, got ${days}`);
  const end = Math.floor((invokedAt.getTime() - DELIVERY_LAG_MS) / HOUR_MS) * HOUR_MS;
  return { start: new Date(end - days * DAY_MS), end: new Date(end) };
}

/** ISO 8601 UTC with seconds, as the query's parameters and the report print instants. */
export function isoInstant(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The query's four parameters: start, end for the reads; start, end for the jobs. */
export function windowParameters(window: ReviewWindow): readonly string[] {
  const start = isoInstant(window.start);
  const end = isoInstant(window.end);
  return [start, end, start, end];
}

/**
 * The idempotency token of a run (Athena accepts 32 to 128 characters): the period and the
 * invocation (the schedule event's id, the same on Lambda's retries of that event), so a retried
 * event reuses its query and a manual rerun starts a new one.
 */
export function reviewRequestToken(window: ReviewWindow, invocationId: string): string {
  const period = isoInstant(window.end).replace(/[-:]/g, '');
  const id = invocationId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 80);
  return `access-review-${period}-${id}`.padEnd(32, '0');
}

/**
 * The last moment the review may start an Athena call: the invocation's end, less one worst-case
 * Athena call still in flight and the one publish that must always go out.
 */
export function queryDeadline(now: Date, remainingMs: number, budget: IoBudget): Date {
  return new Date(now.getTime() + remainingMs - 2 * worstCallMs(budget) - 1_000);
}
