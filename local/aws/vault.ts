import { readFileSync, writeFileSync } from 'node:fs';
import type { Locale } from '../../lambdas/contracts/locales';
import { FolderRecordingStore } from './recording-store';

/**
 * The local recording buckets. Connect writes a consenting caller's recording (a stereo 8 kHz WAV,
 * local/aws/connect-recording.ts) to STAGING under the key Connect would use
 * (`<prefix>/YYYY/MM/DD/<contactId>_<YYYYMMDD>T<HHmm>_UTC.wav`); the production pipeline
 * transcribes it, silences its personal data and writes the REDACTED recording into the VAULT
 * under the same key, then deletes the staged original. The vault is write-once, and each object
 * gets its Object Lock retain-until date (bucket default retention) as a sidecar file.
 */

/** Bucket name the local vault plays in S3 URIs and events. */
export const LOCAL_VAULT_BUCKET = 'local-recording-vault';
/** Bucket name the local staging bucket plays. */
export const LOCAL_STAGING_BUCKET = 'local-recording-staging';

/**
 * What a caller and the robot said while a local recording ran: the local Connect renders it into
 * audio, and the local Transcribe stand-in "hears" it (it has no speech recognition). It is never
 * stored with the recording.
 */
export interface LocalRecording {
  readonly contactId: string;
  readonly locale: Locale;
  /** When recording started (the first recorded line). */
  readonly recordedFrom: string;
  readonly recordedUntil: string;
  /** CUSTOMER lines are the left channel (ch_0), SYSTEM lines the right (ch_1), as Connect records them. */
  readonly lines: readonly {
    readonly participant: 'CUSTOMER' | 'SYSTEM';
    readonly text: string;
    readonly at: string;
  }[];
}

/** The key Connect gives a recording that started at `startedAt`. */
export function recordingKey(prefix: string, contactId: string, startedAt: string): string {
  const [date = '', time = ''] = startedAt.split('T');
  const [y, m, d] = date.split('-');
  const hhmm = time.slice(0, 5).replace(':', '');
  return `${prefix.replace(/\/$/, '')}/${y}/${m}/${d}/${contactId}_${y}${m}${d}T${hhmm}_UTC.wav`;
}

/** Suffix of the sidecar holding an object's Object Lock retain-until date. */
export const RETENTION_SUFFIX = '.retention.json';

/** The locked vault: write once, each object retained `retentionDays` from its write. */
export class LocalVault extends FolderRecordingStore {
  constructor(
    dir: string,
    private readonly retentionDays: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super(dir, LOCAL_VAULT_BUCKET);
  }

  override async putOnce(key: string, body: Uint8Array): Promise<boolean> {
    const written = await super.putOnce(key, body);
    if (written) {
      const retainUntil = new Date(this.clock().getTime() + this.retentionDays * 86_400_000).toISOString();
      writeFileSync(`${this.fileOf(key)}${RETENTION_SUFFIX}`, `${JSON.stringify({ retainUntil })}\n`, 'utf8');
    }
    return written;
  }

  /** The retain-until date of an object, when it has one. */
  retainUntil(key: string): string | undefined {
    try {
      return (
        JSON.parse(readFileSync(`${this.fileOf(key)}${RETENTION_SUFFIX}`, 'utf8')) as { retainUntil?: string }
      ).retainUntil;
    } catch {
      return undefined;
    }
  }
}
