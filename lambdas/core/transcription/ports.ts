import type { Locale } from '../../contracts/locales';
import type { ConsentHistory } from '../consent/ledger';

/**
 * Ports of the transcription pipeline. AWS adapters live in `aws.ts`; tests and the offline
 * runtime pass fakes or folder-backed stores.
 */

/** Reads the consent ledger (read-only). */
export interface ConsentLookup {
  /**
   * Every event of a contact, read consistently: its decision and any withdrawal.
   *
   * @throws ConsentLedgerError when the ledger cannot be read or holds an unreadable event
   */
  history(contactId: string): Promise<ConsentHistory>;
}

/** A request to transcribe one recording. */
export interface TranscriptionRequest {
  readonly jobName: string;
  readonly mediaUri: string;
  readonly locale: Locale;
  /** Ask Transcribe to redact PII itself (only where the language supports it). */
  readonly transcribeRedaction: boolean;
  /** Key of the raw output in the work bucket. */
  readonly outputKey: string;
}

/** A finished (or failed) transcription job. */
export interface TranscriptionJob {
  readonly jobName: string;
  readonly status: 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  readonly languageCode: string | undefined;
  readonly mediaUri: string | undefined;
  readonly failureReason: string | undefined;
}

/** Amazon Transcribe, as the pipeline uses it. */
export interface Transcriber {
  /**
   * Starts a job. Resolves `false` when a job of that name already exists (a retry), which the
   * caller treats as success.
   */
  start(request: TranscriptionRequest): Promise<boolean>;
  /** Describes a job. */
  get(jobName: string): Promise<TranscriptionJob>;
}

/** Objects by key in one bucket (or folder). */
export interface ObjectStore {
  /** The object's text, or undefined when it does not exist. */
  get(key: string): Promise<string | undefined>;
  put(key: string, body: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Call recordings (binary objects) by key in one bucket. */
export interface RecordingStore {
  /** The bucket name, as it appears in `s3://` media URIs. */
  readonly bucket: string;
  /** The object's bytes, or undefined when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
}

/** The retention-locked vault: objects are written once and never replaced. */
export interface LockedRecordingStore {
  /**
   * Writes `body` under `key` unless an object is already there (a conditional write).
   *
   * @returns false when the key already held an object (an earlier attempt wrote it)
   */
  putOnce(key: string, body: Uint8Array): Promise<boolean>;
}

/** The code hook's turn records of a contact, read-only (what the audio redaction needs of them). */
export interface TurnOutcomes {
  turns(contactId: string): Promise<readonly { readonly outcome: string; readonly at: string }[]>;
}
