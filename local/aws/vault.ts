import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { Locale } from '../../lambdas/contracts/locales';

/**
 * The local recording vault: what Connect writes to S3 for a recorded call, under the key Connect
 * would use (`<prefix>/YYYY/MM/DD/<contactId>_<YYYYMMDD>T<HHmm>_UTC.wav`). Offline there is no
 * audio, so the object is a JSON description of it: each line said while recording captured
 * audio, who said it and when. The local Transcribe stand-in "transcribes" that description.
 */

/** Bucket name the local vault plays in S3 URIs and events. */
export const LOCAL_VAULT_BUCKET = 'local-recording-vault';

/** What a local recording holds. */
export interface LocalRecording {
  readonly contactId: string;
  readonly locale: Locale;
  /** When recording started (the first recorded line). */
  readonly recordedFrom: string;
  readonly recordedUntil: string;
  /** Until when the lock keeps it (Object Lock retain-until in AWS). */
  readonly retainUntil: string;
  readonly retentionDays: number;
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

/** Recordings under `<dir>` by key (`<dir>/<key>.json`), written once like a locked object. */
export class LocalVault {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  /** The file that holds a key. */
  fileOf(key: string): string {
    const file = resolve(join(this.root, `${key}.json`));
    if (!file.startsWith(this.root + sep)) throw new Error(`key escapes the vault: ${key}`);
    return file;
  }

  /** Writes a recording; a second write of the same key fails, as a locked object would refuse it. */
  put(key: string, recording: LocalRecording): void {
    const file = this.fileOf(key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(recording, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
  }

  /** The recording at `key`, or undefined. */
  get(key: string): LocalRecording | undefined {
    try {
      return JSON.parse(readFileSync(this.fileOf(key), 'utf8')) as LocalRecording;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
