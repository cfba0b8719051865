import { SUPPORTED_LOCALES } from '../../contracts/locales';
import { contactIdOfJob, parseRecordingKey, rawTranscriptKey } from '../../contracts/transcription';
import { effectiveConsent } from '../consent/ledger';
import { type LakeObject, toTranscriptRecords, transcriptLakeObjects } from '../lake/transcript';
import type { ConsentLookup, ObjectStore, Transcriber } from './ports';
import { transcribeOutputSchema, transcriptSegments } from './transcribe-output';

/**
 * Turning a finished Transcribe job into lake rows: read the raw output, redact every line with
 * our redactor, write the rows to the lake, then delete the raw output. The order makes retries
 * safe: lake objects are named after the contact (a retry overwrites them), and the raw output is
 * deleted only after the lake write succeeded. A missing raw output means an earlier attempt
 * finished the job.
 *
 * The consent ledger is read again right before the lake write: a caller who withdrew while the
 * job ran (COMPLIANCE C14) gets no transcript; the raw output is deleted unread.
 */

/** A raw transcript that cannot be turned into lake rows (a permanent failure). */
export class TranscriptError extends Error {
  override name = 'TranscriptError';
  constructor(
    readonly reason: 'NOT_OUR_JOB' | 'JOB_NOT_COMPLETED' | 'UNSUPPORTED_LANGUAGE' | 'MALFORMED_OUTPUT',
    message: string,
  ) {
    super(message);
  }
}

/** Dependencies of {@link redactTranscript}. */
export interface RedactDeps {
  readonly transcriber: Transcriber;
  /** The consent ledger, read-only. */
  readonly consent: ConsentLookup;
  /** The work bucket holding Transcribe's raw output. */
  readonly raw: ObjectStore;
  /** The lake bucket (keys relative to the lake root). */
  readonly lake: ObjectStore;
  /** Fallback start time when the recording key carries none. @default the system clock */
  readonly clock?: () => Date;
}

/** What {@link redactTranscript} did. */
export type RedactOutcome =
  | {
      readonly kind: 'WRITTEN';
      readonly contactId: string;
      readonly lines: number;
      readonly redactions: number;
      readonly objects: readonly LakeObject[];
    }
  | { readonly kind: 'ALREADY_DONE'; readonly contactId: string }
  /** Consent is no longer GRANTED (withdrawn): nothing was written, the raw output is deleted. */
  | { readonly kind: 'DISCARDED'; readonly contactId: string; readonly reason: 'WITHDRAWN' | 'NOT_GRANTED' };

/** Redacts one job's transcript into the lake and deletes the raw output. */
export async function redactTranscript(jobName: string, deps: RedactDeps): Promise<RedactOutcome> {
  const contactId = contactIdOfJob(jobName);
  if (!contactId) throw new TranscriptError('NOT_OUR_JOB', `job ${jobName} was not started by phone-robot`);
  const rawKey = rawTranscriptKey(jobName);
  const text = await deps.raw.get(rawKey);
  if (text === undefined) return { kind: 'ALREADY_DONE', contactId };
  const consent = effectiveConsent(await deps.consent.history(contactId));
  if (consent !== 'GRANTED') {
    await deps.raw.delete(rawKey);
    return { kind: 'DISCARDED', contactId, reason: consent === 'WITHDRAWN' ? 'WITHDRAWN' : 'NOT_GRANTED' };
  }

  const job = await deps.transcriber.get(jobName);
  if (job.status !== 'COMPLETED') {
    throw new TranscriptError('JOB_NOT_COMPLETED', `job ${jobName} is ${job.status}`);
  }
  const locale = SUPPORTED_LOCALES.find((l) => l === job.languageCode);
  if (!locale) {
    throw new TranscriptError(
      'UNSUPPORTED_LANGUAGE',
      `job ${jobName} has language ${job.languageCode ?? '(none)'}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TranscriptError('MALFORMED_OUTPUT', `raw output of ${jobName} is not JSON`);
  }
  const parsed = transcribeOutputSchema.safeParse(json);
  if (!parsed.success) {
    // Paths only: the raw output is unredacted and must never reach a log.
    throw new TranscriptError(
      'MALFORMED_OUTPUT',
      `raw output of ${jobName} does not match Transcribe's format at ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  const mediaKey = job.mediaUri?.replace(/^s3:\/\/[^/]+\//, '');
  const recordedAt =
    (mediaKey ? parseRecordingKey(mediaKey)?.recordedAt : undefined) ??
    (deps.clock ?? (() => new Date()))().toISOString();
  const { records, redactions } = toTranscriptRecords({
    contactId,
    locale,
    recordedAt,
    segments: transcriptSegments(parsed.data),
  });
  const objects = transcriptLakeObjects(contactId, records);
  for (const o of objects) await deps.lake.put(o.key, o.body);
  await deps.raw.delete(rawKey);
  return { kind: 'WRITTEN', contactId, lines: records.length, redactions, objects };
}
