import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  LAKE_SCHEMAS,
  type LakeRecords,
  type LakeTable,
  partFileName,
  partitionPath,
} from '../lambdas/contracts/lake';
import { FolderObjectStore } from './aws/folder-store';
import { FolderRecordingStore } from './aws/recording-store';
import { LOCAL_STAGING_BUCKET } from './aws/vault';

/**
 * The local data folder (default `.local-data/`), laid out like the AWS buckets:
 * - `<dir>/lake/<table>/dt=YYYY-MM-DD/part-<writer>.jsonl`: the analytics lake, written by the
 *   real pipeline handlers (CTR transformation, lake feed, transcript redaction);
 * - `<dir>/staging/<recording key>`: what Connect recorded (a WAV), until the pipeline redacted it;
 * - `<dir>/vault/<recording key>`: the redacted recordings of consenting callers, write-once, each
 *   with its retain-until date beside it (see local/aws/vault.ts);
 * - `<dir>/transcribe-work/`: Transcribe's raw output until the redact handler deletes it.
 */
export class LocalDataStore {
  /** This process's part-file id, for rows seeded by {@link append}. */
  readonly writerId: string;
  /** The lake bucket. */
  readonly lake: FolderObjectStore;
  /** Where Connect writes recordings (the vault is built by the pipeline, which knows the retention). */
  readonly staging: FolderRecordingStore;
  /** The folder of the recording vault (local/aws/vault.ts `LocalVault`). */
  readonly vaultDir: string;
  /** The folder of the originals vault, used only with `keepOriginalRecording`. */
  readonly originalsDir: string;
  /** The fulfilment queue's messages (JSON lines; an SQS queue in AWS). */
  readonly fulfilmentQueueFile: string;
  /** Back-office tasks (JSON lines; Amazon Connect tasks in AWS). */
  readonly tasksFile: string;
  /** Texts sent to callers (JSON lines; AWS End User Messaging SMS in AWS). */
  readonly textOutboxFile: string;
  /** The transcription work bucket. */
  readonly work: FolderObjectStore;

  constructor(
    readonly dir: string,
    writerId?: string,
  ) {
    this.writerId =
      writerId ??
      `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
    this.lake = new FolderObjectStore(join(dir, 'lake'));
    this.staging = new FolderRecordingStore(join(dir, 'staging'), LOCAL_STAGING_BUCKET);
    this.vaultDir = join(dir, 'vault');
    this.originalsDir = join(dir, 'originals');
    this.fulfilmentQueueFile = join(dir, 'queues', 'fulfilment.jsonl');
    this.tasksFile = join(dir, 'connect-tasks.jsonl');
    this.textOutboxFile = join(dir, 'sms-outbox.jsonl');
    this.work = new FolderObjectStore(join(dir, 'transcribe-work'));
  }

  /**
   * Appends rows to the table's partition files after validating them against the lake layout.
   * For test fixtures only: calls reach the lake through the production pipeline
   * (local/pipeline.ts), never through here.
   */
  append<T extends LakeTable>(table: T, rows: readonly LakeRecords[T][]): string[] {
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
      const file = join(this.dir, 'lake', partitionPath(table, parsed.data), partFileName(this.writerId));
      const lines = byFile.get(file) ?? [];
      lines.push(JSON.stringify(parsed.data));
      byFile.set(file, lines);
    }
    for (const [file, lines] of byFile) {
      mkdirSync(join(file, '..'), { recursive: true });
      appendFileSync(file, `${lines.join('\n')}\n`, 'utf8');
    }
    return [...byFile.keys()];
  }
}
