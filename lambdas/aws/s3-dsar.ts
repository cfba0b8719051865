import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectRetentionCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  eraseLakeRows,
  lakeTableOf,
  parseJsonLines,
  type RowErasure,
  rowConcerns,
  toJsonLines,
  withdrawLakeRows,
} from '../core/dsar/policy';
import type {
  DsarSubject,
  LakeErasure,
  LakeFinding,
  LakeStore,
  RecordingCatalog,
  RecordingRef,
} from '../core/dsar/types';

async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
  }
  return keys;
}

/**
 * The analytics lake in S3 (same layout as the local lake under `prefix`). Erasure rewrites each
 * affected object without the caller's rows (or deletes it when nothing else is left). The lake
 * bucket has no Object Lock, so a rewrite replaces the object.
 */
export class S3Lake implements LakeStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = '',
  ) {}

  async find(subject: DsarSubject): Promise<LakeFinding[]> {
    const out: LakeFinding[] = [];
    for await (const { key, table, rows } of this.parts()) {
      const mine = rows.filter((r) => rowConcerns(table, r, subject));
      if (mine.length > 0) out.push({ table, location: `s3://${this.bucket}/${key}`, rows: mine });
    }
    return out;
  }

  erase(subject: DsarSubject): Promise<LakeErasure> {
    return this.rewrite((table, rows) => eraseLakeRows(table, rows, subject));
  }

  withdraw(contactIds: ReadonlySet<string>): Promise<LakeErasure> {
    return this.rewrite((table, rows) => withdrawLakeRows(table, rows, contactIds));
  }

  /** Rewrites every object a policy changes (deletes it when no row is left). */
  private async rewrite(
    policy: (table: string, rows: readonly Record<string, unknown>[]) => RowErasure,
  ): Promise<LakeErasure> {
    let rowsDeleted = 0;
    let rowsMinimised = 0;
    const locations: string[] = [];
    for await (const { key, table, rows } of this.parts()) {
      const result = policy(table, rows);
      if (result.deleted === 0 && result.minimised === 0) continue;
      rowsDeleted += result.deleted;
      rowsMinimised += result.minimised;
      locations.push(`s3://${this.bucket}/${key}`);
      if (result.rows.length === 0) {
        await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
      } else {
        await this.s3.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: toJsonLines(result.rows),
            ContentType: 'application/x-ndjson',
          }),
        );
      }
    }
    return { rowsDeleted, rowsMinimised, locations };
  }

  private async *parts(): AsyncGenerator<{ key: string; table: string; rows: Record<string, unknown>[] }> {
    for (const key of await keysUnder(this.s3, this.bucket, this.prefix)) {
      const table = lakeTableOf(key.slice(this.prefix.length));
      if (table === undefined) continue;
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const text = (await out.Body?.transformToString('utf8')) ?? '';
      yield { key, table, rows: parseJsonLines(text) };
    }
  }
}

/**
 * Recordings in the vault: Connect names each object after the contact id. Listing the prefix is
 * linear in the vault size; acceptable for a rare, operator-run request. Reading the retention
 * date needs s3:GetObjectRetention only, never the recording itself.
 */
export class S3VaultRecordings implements RecordingCatalog {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = 'connect/',
  ) {}

  async find(contactIds: ReadonlySet<string>): Promise<RecordingRef[]> {
    const out: RecordingRef[] = [];
    for (const key of await keysUnder(this.s3, this.bucket, this.prefix)) {
      const contactId = [...contactIds].find((id) => key.includes(id));
      if (contactId === undefined) continue;
      const retention = await this.s3.send(new GetObjectRetentionCommand({ Bucket: this.bucket, Key: key }));
      out.push({
        contactId,
        location: `s3://${this.bucket}/${key}`,
        retainUntil: retention.Retention?.RetainUntilDate?.toISOString(),
      });
    }
    return out;
  }
}
