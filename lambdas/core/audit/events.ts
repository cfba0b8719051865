import type { ResultRow } from './ports';

/**
 * The rows of the `weekly-access-review` query (analytics/queries/weekly-access-review.sql) as
 * typed events, and who was expected to cause them. CloudTrail records carry no caller numbers;
 * recording keys carry contact ids only, so events are reported as they are.
 */

/** What an event is: a read of a recording, or a Transcribe job being started. */
export type AccessEventKind = 'recording-read' | 'transcription-job';

/** The result columns of the query, in order. A test checks the SQL selects exactly these. */
export const ACCESS_REVIEW_COLUMNS = [
  'kind',
  'event_time',
  'principal_arn',
  'action',
  'subject',
  'media_uri',
  'outcome',
] as const;

/** One CloudTrail record the review reports. */
export interface AccessEvent {
  readonly kind: AccessEventKind;
  /** ISO 8601 UTC, seconds precision (`2026-11-30T11:40:00Z`). */
  readonly time: string;
  /** `userIdentity.arn` of the caller. */
  readonly principalArn: string;
  /** The API call, e.g. `GetObject`, `StartTranscriptionJob`. */
  readonly action: string;
  /** The recording key (reads) or the job name (jobs); empty when CloudTrail has none. */
  readonly subject: string;
  /** The job's media URI when CloudTrail recorded one (it records an empty string today). */
  readonly mediaUri: string | undefined;
  /** `OK`, or CloudTrail's error code (`AccessDenied`, `AccessDeniedException`). */
  readonly outcome: string;
}

/** A result the review cannot read (the SQL and this module drifted apart). */
export class AccessReviewResultError extends Error {
  override name = 'AccessReviewResultError';
}

/**
 * A timestamp as Athena (`2026-11-30 11:40:00.000 UTC`) or DuckDB (`2026-11-30 11:40:00+00`)
 * prints it, as ISO 8601 UTC with seconds.
 */
export function isoSeconds(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?\s*(?:UTC|Z|\+00(?::?00)?)?$/.exec(
    value.trim(),
  );
  if (!match) throw new AccessReviewResultError(`event_time ${JSON.stringify(value)} is not a UTC timestamp`);
  return `${match[1]}T${match[2]}Z`;
}

/** Turns one result row into an event. */
export function toAccessEvent(row: ResultRow): AccessEvent {
  const kind = row.kind;
  if (kind !== 'recording-read' && kind !== 'transcription-job') {
    throw new AccessReviewResultError(
      `unknown kind ${JSON.stringify(kind)}; expected recording-read or transcription-job`,
    );
  }
  const time = row.event_time;
  if (!time) throw new AccessReviewResultError('a row has no event_time');
  const media = row.media_uri ?? '';
  return {
    kind,
    time: isoSeconds(time),
    principalArn: row.principal_arn ?? '(unknown principal)',
    action: row.action ?? '(unknown action)',
    subject: row.subject ?? '',
    mediaUri: media.length > 0 ? media : undefined,
    outcome: row.outcome ?? 'OK',
  };
}

/** The principals whose events are expected: anyone else's needs the officer's look. */
export interface Expectations {
  /** Roles that may read recordings: the auditor role and Transcribe's data-access role. */
  readonly expectedReaderRoleArns: readonly string[];
  /** The role of the function that starts the pipeline's Transcribe jobs. */
  readonly transcriptionStarterRoleArn: string;
}

/**
 * `<account>/<role name>` of a role ARN (`arn:aws:iam::111122223333:role/path/Name`) or of a role
 * session (`arn:aws:sts::111122223333:assumed-role/Name/session`); undefined for anything else
 * (IAM users, the root user, federated users). A role session's ARN carries no role path, so the
 * name is the key.
 */
export function roleKey(arn: string): string | undefined {
  const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (role) return `${role[1]}/${role[2]}`;
  const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return session ? `${session[1]}/${session[2]}` : undefined;
}

/** Whether an event was caused by a principal expected to cause it. */
export function isExpected(event: AccessEvent, expectations: Expectations): boolean {
  const key = roleKey(event.principalArn);
  if (key === undefined) return false;
  if (event.kind === 'recording-read') {
    return expectations.expectedReaderRoleArns.some((arn) => roleKey(arn) === key);
  }
  return roleKey(expectations.transcriptionStarterRoleArn) === key;
}
