import { type Locale, SUPPORTED_LOCALES } from '../../contracts/locales';
import { contactIdOfJob, parseRecordingKey, rawTranscriptKey } from '../../contracts/transcription';
import { piiSpans, sensitiveUtteranceSpans } from '../audio/pii-spans';
import { GUARD_SECONDS, mergeSpans, silenceSpans } from '../audio/silence';
import { WavFormatError } from '../audio/wav';
import { effectiveConsent } from '../consent/ledger';
import { type LakeObject, toTranscriptRecords, transcriptLakeObjects } from '../lake/transcript';
import type {
  ConsentLookup,
  LockedRecordingStore,
  ObjectStore,
  RecordingStore,
  Transcriber,
  TurnOutcomes,
} from './ports';
import { type TranscribeOutput, transcribeOutputSchema, transcriptSegments } from './transcribe-output';

/**
 * Turning a finished Transcribe job into lake rows and a redacted recording: read the raw output,
 * redact every line with our redactor and write the rows to the lake; then map every redacted span
 * to the word timings, silence those spans (plus guard bands) on every channel of the staged
 * recording, write the redacted recording into the locked vault, delete the staged original, and
 * last delete the raw output. The order makes retries safe and never puts unredacted audio in the
 * vault: lake objects are named after the contact (a retry overwrites them); the vault write is
 * conditional (a retry finds it done) and happens only once silencing succeeded; the staged
 * original goes only after the vault holds the redacted copy; the raw output (the word timings
 * a retry needs) is deleted after everything else, so a missing raw output means an earlier
 * attempt finished the job, and a missing staged recording with the raw output still present
 * means the vault write already happened. With `keepOriginalRecording`, the staged original is
 * also written, unchanged, to a second locked vault only the auditor reads, after the redacted
 * copy and before the staged delete.
 *
 * The consent ledger is read again before anything is written: a caller who withdrew while the
 * job ran (COMPLIANCE C14) gets no transcript and no recording; the raw output and the staged
 * recording are deleted unread. Contacts whose bot turns were marked SENSITIVE_DIGITS are
 * redacted like every other; where the redactor finds nothing on the caller's channel, every
 * caller utterance holding a digit-like word is silenced as a fallback.
 */

/** A raw transcript that cannot be turned into lake rows (a permanent failure). */
export class TranscriptError extends Error {
  override name = 'TranscriptError';
  constructor(
    readonly reason:
      | 'NOT_OUR_JOB'
      | 'JOB_NOT_COMPLETED'
      | 'UNSUPPORTED_LANGUAGE'
      | 'MALFORMED_OUTPUT'
      | 'FOREIGN_MEDIA'
      | 'UNSUPPORTED_AUDIO',
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
  /** Where Connect writes recordings (not locked, short-lived): Transcribe's input. */
  readonly staging: RecordingStore;
  /** The retention-locked vault: receives the redacted recording only. */
  readonly vault: LockedRecordingStore;
  /**
   * The locked vault of unredacted originals (`keepOriginalRecording`, auditor-only): the staged
   * original is copied there, byte for byte, before it is deleted. Absent (the default), the
   * original is only deleted.
   */
  readonly originals?: LockedRecordingStore;
  /** The code hook's turn records (SENSITIVE_DIGITS marks). */
  readonly turns: TurnOutcomes;
  /** Seconds silenced before and after each span. @default GUARD_SECONDS */
  readonly guardSeconds?: number;
  /** Fallback start time when the recording key carries none. @default the system clock */
  readonly clock?: () => Date;
}

/** What happened to the recording (counts and times only). */
export type RecordingOutcome =
  | {
      readonly kind: 'REDACTED';
      /** Spans silenced (after guard bands and merging). */
      readonly spans: number;
      readonly silencedSeconds: number;
      readonly durationSeconds: number;
      /** The contact had SENSITIVE_DIGITS turns. */
      readonly sensitiveTurns: boolean;
      /** The SENSITIVE_DIGITS fallback added spans (the redactor found nothing on the caller's channel). */
      readonly fallback: boolean;
      /** False when an earlier attempt had already written the vault object. */
      readonly written: boolean;
      /** The unredacted original was kept in the originals vault (now or by an earlier attempt). */
      readonly originalKept: boolean;
    }
  /** The staged original is gone: an earlier attempt wrote the vault and deleted it. */
  | { readonly kind: 'ALREADY_IN_VAULT' };

/** What {@link redactTranscript} did. */
export type RedactOutcome =
  | {
      readonly kind: 'WRITTEN';
      readonly contactId: string;
      readonly lines: number;
      readonly redactions: number;
      readonly objects: readonly LakeObject[];
      readonly recording: RecordingOutcome;
    }
  | { readonly kind: 'ALREADY_DONE'; readonly contactId: string }
  /** Consent is no longer GRANTED (withdrawn): nothing was written, the raw output is deleted. */
  | { readonly kind: 'DISCARDED'; readonly contactId: string; readonly reason: 'WITHDRAWN' | 'NOT_GRANTED' };

/** The staged recording's key, from the job's media URI; it must be in the staging bucket. */
function stagedKeyOf(jobName: string, mediaUri: string | undefined, bucket: string): string {
  const prefix = `s3://${bucket}/`;
  if (!mediaUri?.startsWith(prefix)) {
    throw new TranscriptError('FOREIGN_MEDIA', `job ${jobName} did not transcribe a staged recording`);
  }
  return mediaUri.slice(prefix.length);
}

/** Redacts one job's transcript into the lake and its recording into the vault, then cleans up. */
export async function redactTranscript(jobName: string, deps: RedactDeps): Promise<RedactOutcome> {
  const contactId = contactIdOfJob(jobName);
  if (!contactId) throw new TranscriptError('NOT_OUR_JOB', `job ${jobName} was not started by phone-robot`);
  const rawKey = rawTranscriptKey(jobName);
  const text = await deps.raw.get(rawKey);
  if (text === undefined) return { kind: 'ALREADY_DONE', contactId };
  const job = await deps.transcriber.get(jobName);
  const stagedKey = stagedKeyOf(jobName, job.mediaUri, deps.staging.bucket);
  const consent = effectiveConsent(await deps.consent.history(contactId));
  if (consent !== 'GRANTED') {
    await deps.staging.delete(stagedKey);
    await deps.raw.delete(rawKey);
    return { kind: 'DISCARDED', contactId, reason: consent === 'WITHDRAWN' ? 'WITHDRAWN' : 'NOT_GRANTED' };
  }

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
  const recordedAt =
    parseRecordingKey(stagedKey)?.recordedAt ?? (deps.clock ?? (() => new Date()))().toISOString();
  const { records, redactions } = toTranscriptRecords({
    contactId,
    locale,
    recordedAt,
    segments: transcriptSegments(parsed.data),
  });
  const objects = transcriptLakeObjects(contactId, records);
  for (const o of objects) await deps.lake.put(o.key, o.body);
  const recording = await redactRecording(contactId, stagedKey, locale, parsed.data, deps);
  await deps.raw.delete(rawKey);
  return { kind: 'WRITTEN', contactId, lines: records.length, redactions, objects, recording };
}

/**
 * Silences the personal data in the staged recording, writes the result into the vault under the
 * same key, then deletes the staged original. Nothing reaches the vault unless silencing succeeded.
 */
async function redactRecording(
  contactId: string,
  stagedKey: string,
  locale: Locale,
  output: TranscribeOutput,
  deps: RedactDeps,
): Promise<RecordingOutcome> {
  const audio = await deps.staging.get(stagedKey);
  if (audio === undefined) return { kind: 'ALREADY_IN_VAULT' };
  const found = piiSpans(output, locale);
  const sensitiveTurns = (await deps.turns.turns(contactId)).some((t) => t.outcome === 'SENSITIVE_DIGITS');
  const fallbackSpans = sensitiveTurns && found.customerFindings === 0 ? sensitiveUtteranceSpans(output) : [];
  let silenced: ReturnType<typeof silenceSpans>;
  try {
    silenced = silenceSpans(
      audio,
      mergeSpans([...found.spans, ...fallbackSpans]),
      deps.guardSeconds ?? GUARD_SECONDS,
    );
  } catch (error) {
    if (error instanceof WavFormatError) {
      throw new TranscriptError('UNSUPPORTED_AUDIO', `recording of ${contactId}: ${error.message}`);
    }
    throw error;
  }
  const written = await deps.vault.putOnce(stagedKey, silenced.wav);
  // After the redacted copy, before the staged delete: a retry that finds the staged original
  // still there writes whichever of the two is missing, and the original is never lost halfway.
  if (deps.originals) await deps.originals.putOnce(stagedKey, audio);
  await deps.staging.delete(stagedKey);
  return {
    kind: 'REDACTED',
    spans: silenced.frameRanges.length,
    silencedSeconds: silenced.silencedSeconds,
    durationSeconds: silenced.durationSeconds,
    sensitiveTurns,
    fallback: fallbackSpans.length > 0,
    written,
    originalKept: deps.originals !== undefined,
  };
}
