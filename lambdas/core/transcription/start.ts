import type { Locale } from '../../contracts/locales';
import {
  parseRecordingKey,
  rawTranscriptKey,
  TRANSCRIBE_REDACTION_LOCALES,
  transcriptionJobName,
} from '../../contracts/transcription';
import { effectiveConsent } from '../consent/ledger';
import type { ConsentLookup, RecordingStore, Transcriber } from './ports';

/**
 * Starting a transcription for a new recording. The consent ledger is checked again before any
 * transcription starts (defence in depth, COMPLIANCE C2, C14): only a contact whose decision on
 * record is GRANTED and not withdrawn is transcribed, and its locale picks the Transcribe language.
 * A refused recording is deleted from staging at once: it never reaches the vault.
 */

/** A recording Connect wrote to the staging bucket. */
export interface NewRecording {
  readonly bucket: string;
  readonly key: string;
}

/** What happened to a recording. */
export type StartOutcome =
  | { readonly kind: 'STARTED'; readonly jobName: string; readonly locale: Locale }
  | { readonly kind: 'ALREADY_STARTED'; readonly jobName: string; readonly locale: Locale }
  | { readonly kind: 'IGNORED'; readonly reason: 'NOT_A_RECORDING' }
  | {
      readonly kind: 'REFUSED';
      readonly contactId: string;
      readonly reason: 'NO_CONSENT_ON_RECORD' | 'NOT_GRANTED' | 'WITHDRAWN';
    };

/** Dependencies of {@link startTranscription}. */
export interface StartDeps {
  readonly consent: ConsentLookup;
  readonly transcriber: Transcriber;
  /** The staging bucket Connect writes to (refused recordings are deleted from it). */
  readonly staging: Pick<RecordingStore, 'bucket' | 'delete'>;
}

/** Starts (idempotently) the Transcribe job of one recording. */
export async function startTranscription(recording: NewRecording, deps: StartDeps): Promise<StartOutcome> {
  const ref = parseRecordingKey(recording.key);
  if (!ref) return { kind: 'IGNORED', reason: 'NOT_A_RECORDING' };
  const history = await deps.consent.history(ref.contactId);
  const state = effectiveConsent(history);
  const consent = history.decision;
  const reason =
    consent === undefined || state === 'NONE'
      ? 'NO_CONSENT_ON_RECORD'
      : state === 'WITHDRAWN'
        ? 'WITHDRAWN'
        : state !== 'GRANTED'
          ? 'NOT_GRANTED'
          : undefined;
  if (reason !== undefined || consent === undefined) {
    if (recording.bucket === deps.staging.bucket) await deps.staging.delete(recording.key);
    return { kind: 'REFUSED', contactId: ref.contactId, reason: reason ?? 'NO_CONSENT_ON_RECORD' };
  }
  const jobName = transcriptionJobName(ref.contactId);
  const started = await deps.transcriber.start({
    jobName,
    mediaUri: `s3://${recording.bucket}/${recording.key}`,
    locale: consent.locale,
    transcribeRedaction: TRANSCRIBE_REDACTION_LOCALES.has(consent.locale),
    outputKey: rawTranscriptKey(jobName),
  });
  return { kind: started ? 'STARTED' : 'ALREADY_STARTED', jobName, locale: consent.locale };
}
