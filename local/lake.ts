import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LAKE_SCHEMAS,
  type LakeRecords,
  type LakeTable,
  partFileName,
  partitionPath,
} from '../lambdas/contracts/lake';

/**
 * The local data folder (default `.local-data/`): a local lake in the layout of lambdas/contracts/lake.ts
 * and a local recording vault. Every row is validated against its schema before it is written, so
 * a field the AWS pipeline would not produce (or a raw phone number) fails the call loudly.
 *
 * Layout:
 * - `<dir>/lake/<table>/dt=YYYY-MM-DD/part-<writerId>.jsonl`
 * - `<dir>/vault/<YYYY-MM-DD>/<contactId>.json` (consented calls only: transcript + metadata)
 */

/** A "recording" in the local vault: what was said while recording was on, with retention. */
export interface VaultRecording {
  readonly contactId: string;
  readonly locale: string;
  readonly consent: string;
  readonly noticeVersion: string | undefined;
  readonly recordedFrom: string;
  readonly recordedUntil: string;
  /** Date until which the recording is kept (Object Lock retention in AWS). */
  readonly retainUntil: string;
  readonly retentionDays: number;
  readonly lines: readonly { readonly participant: string; readonly text: string; readonly at: string }[];
}

/** Writes lake rows and vault recordings under one folder. */
export class LocalDataStore {
  /** This process's part-file id, so concurrent writers never share a file. */
  readonly writerId: string;

  constructor(
    readonly dir: string,
    writerId?: string,
  ) {
    this.writerId =
      writerId ??
      `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
  }

  /** Appends validated rows to the table's partition files; returns the files written. */
  append<T extends LakeTable>(table: T, rows: readonly LakeRecords[T][]): string[] {
    const files = new Set<string>();
    const byFile = new Map<string, string[]>();
    for (const row of rows) {
      const parsed = LAKE_SCHEMAS[table].safeParse(row);
      if (!parsed.success) {
        throw new Error(
          `lake row for ${table} does not match lambdas/contracts/lake.ts: ${parsed.error.issues
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}`,
        );
      }
      const folder = join(this.dir, 'lake', partitionPath(table, parsed.data));
      const file = join(folder, partFileName(this.writerId));
      const lines = byFile.get(file) ?? [];
      lines.push(JSON.stringify(parsed.data));
      byFile.set(file, lines);
    }
    for (const [file, lines] of byFile) {
      mkdirSync(join(file, '..'), { recursive: true });
      appendFileSync(file, `${lines.join('\n')}\n`, 'utf8');
      files.add(file);
    }
    return [...files];
  }

  /** Stores a recording in the vault; returns its path (the CTR's Recording.Location). */
  storeRecording(recording: VaultRecording): string {
    const folder = join(this.dir, 'vault', recording.recordedFrom.slice(0, 10));
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${recording.contactId}.json`);
    writeFileSync(file, `${JSON.stringify(recording, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
    return file;
  }
}
