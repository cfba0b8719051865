import { type AccessEvent, type Expectations, isExpected } from './events';
import { MAX_MESSAGE_BYTES } from './ports';
import { isoInstant, type ReviewWindow } from './window';

/**
 * The plain-text report of one access review: counts first, then the events nobody expected, a
 * count per principal, and every event oldest first until the message reaches its size limit
 * (the footer says how many were left out and where the full list is). One report, one message.
 */

/** What a report is built from. */
export interface ReportInput {
  readonly window: ReviewWindow;
  readonly events: readonly AccessEvent[];
  readonly expectations: Expectations;
  /** The query execution, named so the officer can open the full result. */
  readonly executionId: string;
  readonly workGroup: string;
  /** True when the result had more rows than the review reads; the counts cover those it read. */
  readonly moreRowsThanRead: boolean;
  /** `Runbook: docs/RUNBOOK.md#...`, the last line. */
  readonly runbookPointer: string;
  /** @default MAX_MESSAGE_BYTES */
  readonly maxBytes?: number;
}

/** A report ready to publish, with the numbers it states. */
export interface Report {
  readonly subject: string;
  readonly message: string;
  readonly reads: number;
  readonly jobs: number;
  readonly unexpected: number;
  /** Events listed in the message (the rest were left out for size). */
  readonly listed: number;
}

const encoder = new TextEncoder();
const bytes = (text: string): number => encoder.encode(text).length;

/** Lines added until a byte budget is spent; the footer's bytes are reserved first. */
class BoundedText {
  private readonly lines: string[] = [];
  private used = 0;
  constructor(private readonly budget: number) {}
  /** Adds the line if it fits; false when it does not (nothing is added). */
  add(line: string): boolean {
    const size = bytes(line) + 1;
    if (this.used + size > this.budget) return false;
    this.lines.push(line);
    this.used += size;
    return true;
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

const period = (w: ReviewWindow) => `${isoInstant(w.start)} to ${isoInstant(w.end)}`;

/** The subject line of a review of `window`. */
export function reportSubject(window: ReviewWindow, completed: boolean): string {
  const days = `${isoInstant(window.start).slice(0, 10)} to ${isoInstant(window.end).slice(0, 10)}`;
  return completed
    ? `phone-robot weekly access review ${days}`
    : `phone-robot weekly access review ${days}: NOT COMPLETED`;
}

const denied = (e: AccessEvent) => e.outcome !== 'OK';

function countLine(label: string, events: readonly AccessEvent[], unexpected: number, who: string): string {
  const refused = events.filter(denied).length;
  return `${label}: ${events.length} (${events.length - refused} allowed, ${refused} denied); ${unexpected} ${who}`;
}

/** One event on one line: time, kind, call, outcome, principal, subject. */
export function eventLine(e: AccessEvent): string {
  const kind = e.kind === 'recording-read' ? 'read' : 'job ';
  const media =
    e.kind === 'transcription-job' ? `  media ${e.mediaUri ?? '(CloudTrail does not record it)'}` : '';
  return `  ${e.time}  ${kind}  ${e.action}  ${e.outcome}  ${e.principalArn}  ${e.subject || '(none)'}${media}`;
}

/** Events per principal, most first: `  3  <arn>  (2 allowed, 1 denied)`. */
function byPrincipal(events: readonly AccessEvent[], expectations: Expectations): string[] {
  const groups = new Map<string, AccessEvent[]>();
  for (const e of events) {
    const group = groups.get(e.principalArn);
    if (group) group.push(e);
    else groups.set(e.principalArn, [e]);
  }
  return [...groups]
    .sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
    .map(([arn, group]) => {
      const refused = group.filter(denied).length;
      const flag = group.some((e) => !isExpected(e, expectations)) ? '  NOT EXPECTED' : '';
      return `  ${group.length}  ${arn}  (${group.length - refused} allowed, ${refused} denied)${flag}`;
    });
}

/** Builds the report of a completed review. */
export function buildReport(input: ReportInput): Report {
  const { events, expectations } = input;
  const reads = events.filter((e) => e.kind === 'recording-read');
  const jobs = events.filter((e) => e.kind === 'transcription-job');
  const unexpected = events.filter((e) => !isExpected(e, expectations));
  const footer = [
    '',
    `Source: CloudTrail, Athena query execution ${input.executionId} in workgroup ${input.workGroup}.`,
    input.runbookPointer,
  ];
  const out = new BoundedText((input.maxBytes ?? MAX_MESSAGE_BYTES) - bytes(footer.join('\n')) - 400);
  out.add('phone-robot weekly access review (COMPLIANCE C8)');
  out.add(`Period: ${period(input.window)} (UTC, end excluded)`);
  out.add('');
  let listed = 0;
  let omitted = 0;
  if (events.length === 0) {
    out.add('No recording reads, no transcription jobs in this period.');
  } else {
    out.add(
      countLine(
        'Recording reads',
        reads,
        unexpected.filter((e) => e.kind === 'recording-read').length,
        'not by the auditor or the Transcribe data-access role',
      ),
    );
    out.add(
      countLine(
        'Transcription jobs started',
        jobs,
        unexpected.filter((e) => e.kind === 'transcription-job').length,
        'not by the transcription pipeline',
      ),
    );
    if (input.moreRowsThanRead) {
      out.add(
        `The result had more rows than the review reads: these counts cover the first ${events.length}.`,
      );
    }
    const sections: [string, string[]][] = [
      [`Needs review (${unexpected.length}):`, unexpected.map(eventLine)],
      ['Recording reads by principal:', byPrincipal(reads, expectations)],
      ['Transcription jobs by principal:', byPrincipal(jobs, expectations)],
    ];
    for (const [title, lines] of sections) {
      if (lines.length === 0) continue;
      out.add('');
      out.add(title);
      for (const line of lines) if (!out.add(line)) omitted += 1;
    }
    out.add('');
    out.add('All events, oldest first:');
    for (const e of events) {
      if (out.add(eventLine(e))) listed += 1;
      else omitted += 1;
    }
  }
  const notes =
    omitted > 0
      ? [
          '',
          `${omitted} line(s) left out to keep this message under the SNS size limit (${listed} of ${events.length} events listed); ` +
            `the full list is the result of the query execution named below.`,
        ]
      : [];
  return {
    subject: reportSubject(input.window, true),
    message: [out.text, ...notes, ...footer].join('\n'),
    reads: reads.length,
    jobs: jobs.length,
    unexpected: unexpected.length,
    listed,
  };
}

/** Why a review did not complete. */
export type NotCompletedReason = 'QUERY_FAILED' | 'QUERY_CANCELLED' | 'TIMED_OUT' | 'ERROR';

/** Builds the message that a review did not complete: no events, only what happened and what to do. */
export function buildNotCompletedReport(input: {
  readonly window: ReviewWindow;
  readonly reason: NotCompletedReason;
  readonly detail: string;
  readonly executionId: string | undefined;
  readonly workGroup: string;
  readonly runbookPointer: string;
}): { readonly subject: string; readonly message: string } {
  const what: Record<NotCompletedReason, string> = {
    QUERY_FAILED: 'the Athena query failed',
    QUERY_CANCELLED: 'the Athena query was cancelled',
    TIMED_OUT: 'the Athena query and its results did not finish in the time the review has',
    ERROR: 'the review could not run the Athena query',
  };
  const detail = input.detail.replace(/\s+/g, ' ').slice(0, 1_000);
  return {
    subject: reportSubject(input.window, false),
    message: [
      'phone-robot weekly access review (COMPLIANCE C8): NOT COMPLETED',
      `Period: ${period(input.window)} (UTC, end excluded)`,
      '',
      `The review did not complete: ${what[input.reason]} (${detail}).`,
      'This message lists no events: none were left out silently, none were read.',
      input.executionId
        ? `Query execution ${input.executionId} in workgroup ${input.workGroup}.`
        : `Workgroup ${input.workGroup}; no query execution was started.`,
      input.runbookPointer,
    ].join('\n'),
  };
}
