import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseRecordingKey } from '../lambdas/contracts/transcription';
import {
  eraseLakeRows,
  lakeTableOf,
  parseJsonLines,
  type RowErasure,
  rowConcerns,
  toJsonLines,
  withdrawLakeRows,
} from '../lambdas/core/dsar/policy';
import type {
  DsarAuditLog,
  DsarAuditRecord,
  DsarSubject,
  LakeErasure,
  LakeFinding,
  LakeStore,
  RecordingCatalog,
  RecordingRef,
} from '../lambdas/core/dsar/types';
import { LocalVault, RETENTION_SUFFIX } from './aws/vault';

/** Every file under `dir`, recursively (none when it does not exist). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * The local lake of the simulator (`<dataDir>/lake/<table>/dt=*\/part-*.jsonl`). Erasure rewrites
 * each affected part file without the caller's transcript rows and with caller fields nulled.
 */
export class LocalLake implements LakeStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'lake');
  }

  async find(subject: DsarSubject): Promise<LakeFinding[]> {
    const out: LakeFinding[] = [];
    for (const { file, table, rows } of this.parts()) {
      const mine = rows.filter((r) => rowConcerns(table, r, subject));
      if (mine.length > 0) out.push({ table, location: file, rows: mine });
    }
    return out;
  }

  async erase(subject: DsarSubject): Promise<LakeErasure> {
    return this.rewrite((table, rows) => eraseLakeRows(table, rows, subject));
  }

  async withdraw(contactIds: ReadonlySet<string>): Promise<LakeErasure> {
    return this.rewrite((table, rows) => withdrawLakeRows(table, rows, contactIds));
  }

  /** Rewrites every part file a policy changes (deletes it when no row is left). */
  private rewrite(
    policy: (table: string, rows: readonly Record<string, unknown>[]) => RowErasure,
  ): LakeErasure {
    let rowsDeleted = 0;
    let rowsMinimised = 0;
    const locations: string[] = [];
    for (const { file, table, rows } of this.parts()) {
      const result = policy(table, rows);
      if (result.deleted === 0 && result.minimised === 0) continue;
      rowsDeleted += result.deleted;
      rowsMinimised += result.minimised;
      locations.push(file);
      if (result.rows.length === 0) rmSync(file);
      else writeFileSync(file, toJsonLines(result.rows), 'utf8');
    }
    return { rowsDeleted, rowsMinimised, locations };
  }

  private *parts(): Generator<{ file: string; table: string; rows: Record<string, unknown>[] }> {
    for (const file of filesUnder(this.root)) {
      const table = lakeTableOf(relative(this.root, file).split('\\').join('/'));
      if (table === undefined) continue;
      yield { file, table, rows: parseJsonLines(readFileSync(file, 'utf8')) };
    }
  }
}

/**
 * Recordings in the local vaults: `<dataDir>/vault/<recording key>` (the redacted WAV) and, with
 * `keepOriginalRecording`, `<dataDir>/originals/<recording key>` (the original), each with its
 * retain-until date beside it; see local/aws/vault.ts.
 */
export class LocalVaultRecordings implements RecordingCatalog {
  constructor(private readonly dataDir: string) {}

  async find(contactIds: ReadonlySet<string>): Promise<RecordingRef[]> {
    const out: RecordingRef[] = [];
    for (const folder of ['vault', 'originals']) {
      const root = join(this.dataDir, folder);
      const vault = new LocalVault(root, 0);
      for (const file of filesUnder(root)) {
        if (file.endsWith(RETENTION_SUFFIX)) continue;
        const contactId = parseRecordingKey(file)?.contactId;
        if (contactId === undefined || !contactIds.has(contactId)) continue;
        out.push({ contactId, location: file, retainUntil: vault.retainUntil(relative(root, file)) });
      }
    }
    return out;
  }
}

/** Audit records appended to a JSON-lines file (owner read/write only). */
export class FileAuditLog implements DsarAuditLog {
  constructor(readonly path: string) {}

  async append(record: DsarAuditRecord): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${JSON.stringify(record)}\n`, { encoding: 'utf8', mode: 0o600 });
  }
}
