import type { Locale } from '../../contracts/locales';
import {
  parseRecordingKey,
  rawTranscriptKey,
  TRANSCRIBE_REDACTION_LOCALES,
  transcriptionJobName,
} from '../../contracts/transcription';
import { effectiveConsent } from '../consent/ledger';
import type { ConsentLookup, Transcriber } from './ports';

/**
 * Starting a transcription for a new recording. The consent ledger is checked again before any
 * transcription starts (defence in depth, COMPLIANCE C2, C14): only a contact whose decision on
 * record is GRANTED and not withdrawn is transcribed, and its locale picks the Transcribe language.
 */

/** A recording that appeared in the vault. */
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
}

/** Starts (idempotently) the Transcribe job of one recording. */
export async function startTranscription(recording: NewRecording, deps: StartDeps): Promise<StartOutcome> {
  const ref = parseRecordingKey(recording.key);
  if (!ref) return { kind: 'IGNORED', reason: 'NOT_A_RECORDING' };
  const history = await deps.consent.history(ref.contactId);
  const state = effectiveConsent(history);
  const consent = history.decision;
  if (consent === undefined || state === 'NONE') {
    return { kind: 'REFUSED', contactId: ref.contactId, reason: 'NO_CONSENT_ON_RECORD' };
  }
  if (state === 'WITHDRAWN') return { kind: 'REFUSED', contactId: ref.contactId, reason: 'WITHDRAWN' };
  if (state !== 'GRANTED') return { kind: 'REFUSED', contactId: ref.contactId, reason: 'NOT_GRANTED' };
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
