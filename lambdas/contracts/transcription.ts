import type { Locale } from './locales';

/**
 * Names that tie a recording, its Transcribe job and its raw output together, so that every step
 * can be retried without bookkeeping: the job name is derived from the contact id (a second
 * StartTranscriptionJob for the same recording fails with ConflictException instead of starting a
 * second job), and the raw output key is derived from the job name.
 */

/** Prefix of every phone-robot Transcribe job; IAM and the completion rule match on it. */
export const JOB_NAME_PREFIX = 'phone-robot-';
/** Folder of Transcribe's raw (unredacted) output in the work bucket. */
export const RAW_TRANSCRIPT_PREFIX = 'raw/';

/**
 * Days a recording may stay in staging before the lifecycle deletes it: the latest a recording the
 * pipeline refused (declined, withdrawn) or failed on is gone. The withdrawal prompt says it.
 */
export const STAGED_RECORDING_DAYS = 2;

const CONTACT_ID = /^[A-Za-z0-9-]{1,128}$/;

/** The Transcribe job name of a contact's recording. */
export function transcriptionJobName(contactId: string): string {
  if (!CONTACT_ID.test(contactId)) throw new Error(`not a Connect contact id: ${JSON.stringify(contactId)}`);
  return `${JOB_NAME_PREFIX}${contactId}`;
}

/** The contact id a job name was derived from, or undefined for a job that is not ours. */
export function contactIdOfJob(jobName: string): string | undefined {
  if (!jobName.startsWith(JOB_NAME_PREFIX)) return undefined;
  const id = jobName.slice(JOB_NAME_PREFIX.length);
  return CONTACT_ID.test(id) ? id : undefined;
}

/** Key of a job's raw output in the work bucket (Transcribe's `OutputKey`). */
export function rawTranscriptKey(jobName: string): string {
  return `${RAW_TRANSCRIPT_PREFIX}${jobName}.json`;
}

/** A call recording identified from its S3 key. */
export interface RecordingRef {
  readonly contactId: string;
  /** When the recording started (minute precision from the key), ISO 8601 UTC. */
  readonly recordedAt: string | undefined;
}

/**
 * Reads contact id and start time from a Connect recording key,
 * `<prefix>/<alias>/CallRecordings/YYYY/MM/DD/<contactId>_<YYYYMMDD>T<HH:mm>_UTC.wav`.
 *
 * @returns undefined for any other object (which the pipeline ignores)
 */
export function parseRecordingKey(key: string): RecordingRef | undefined {
  const file = decodeURIComponent(key.replace(/\+/g, ' ')).split('/').at(-1) ?? '';
  const match =
    /^([A-Za-z0-9-]{1,128})_(\d{4})(\d{2})(\d{2})T(\d{2}):?(\d{2})_UTC\.(wav|opus|mp3|flac)$/.exec(file);
  if (!match) return undefined;
  const [, contactId, y, mo, d, h, mi] = match;
  if (!contactId) return undefined;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:00.000Z`);
  return { contactId, recordedAt: Number.isNaN(at.getTime()) ? undefined : at.toISOString() };
}

/**
 * Locales whose Transcribe batch jobs support PII redaction (ContentRedaction). Amazon Transcribe
 * does not redact zh-CN, so for it only our own redactor runs; for en-US both do.
 */
export const TRANSCRIBE_REDACTION_LOCALES: ReadonlySet<Locale> = new Set<Locale>(['en-US']);
