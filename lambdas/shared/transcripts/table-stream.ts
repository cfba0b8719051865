import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import {
  type ConsentEvent,
  consentEventSchema,
  type OrderEvent,
  orderEventSchema,
  partFileName,
  partitionPath,
} from '../../../lib/lake/layout';
import type { LakeObject } from './lake-transcript';

/**
 * Orders and consent decisions from the tables' DynamoDB streams (NEW_IMAGE) to lake rows. Items
 * already hold only the caller's HMAC, never a number, so the mapping copies layout fields only.
 */

/** Which lake table a stream feeds. */
export type StreamTable = 'orders' | 'consents';

/** A stream record that cannot become a lake row. */
export class StreamMappingError extends Error {
  override name = 'StreamMappingError';
}

const iso = (epochSeconds: number | undefined, fallback: string): string =>
  epochSeconds === undefined ? fallback : new Date(epochSeconds * 1000).toISOString();

const issues = (e: { issues: readonly { path: readonly PropertyKey[] }[] }): string =>
  e.issues.map((i) => i.path.map(String).join('.')).join(', ');

/**
 * Maps one stream record to a lake row, or undefined for changes the lake does not keep (removals,
 * and anything but inserts on the append-only ledger).
 */
export function toLakeRow(table: StreamTable, record: DynamoDBRecord): ConsentEvent | OrderEvent | undefined {
  const image = record.dynamodb?.NewImage;
  if (!image || record.eventName === 'REMOVE') return undefined;
  // biome-ignore lint/suspicious/noExplicitAny: the SDK types stream images with its own AttributeValue.
  const item = unmarshall(image as any) as Record<string, unknown>;
  const created = record.dynamodb?.ApproximateCreationDateTime;
  if (table === 'consents') {
    if (record.eventName !== 'INSERT') return undefined;
    const decidedAt = String(item.decidedAt ?? '');
    const parsed = consentEventSchema.safeParse({
      eventName: 'INSERT',
      eventTimestamp: iso(created, decidedAt),
      contactId: item.contactId,
      decision: item.decision,
      noticeVersion: item.noticeVersion,
      noticeSha256: item.noticeSha256,
      locale: item.locale,
      callerHmac: item.callerHmac ?? null,
      decidedAt,
      channel: item.channel ?? null,
    });
    if (!parsed.success)
      throw new StreamMappingError(`consent item does not fit the lake: ${issues(parsed.error)}`);
    return parsed.data;
  }
  const updatedAt = String(item.updatedAt ?? '');
  const parsed = orderEventSchema.safeParse({
    eventName: record.eventName,
    eventTimestamp: updatedAt,
    orderId: item.orderId,
    callerHmac: item.callerHmac ?? null,
    contactId: item.contactId ?? null,
    sku: item.sku,
    quantity: item.quantity,
    currency: item.currency,
    unitPriceMinor: item.unitPriceMinor,
    totalMinor: item.totalMinor,
    status: item.status,
    locale: item.locale,
    createdAt: item.createdAt,
    updatedAt,
  });
  if (!parsed.success)
    throw new StreamMappingError(`order item does not fit the lake: ${issues(parsed.error)}`);
  return parsed.data;
}

/**
 * One JSON-lines object per partition for a batch of rows. The writer id comes from the batch's
 * first sequence number, so a retried batch overwrites its own objects instead of duplicating rows.
 */
export function streamLakeObjects(
  table: StreamTable,
  rows: readonly (ConsentEvent | OrderEvent)[],
  firstSequenceNumber: string,
): LakeObject[] {
  const writer = `s${firstSequenceNumber.replace(/[^A-Za-z0-9_-]/g, '')}`.slice(0, 64);
  const byKey = new Map<string, string[]>();
  for (const row of rows) {
    const path =
      table === 'consents'
        ? partitionPath('consents', row as ConsentEvent)
        : partitionPath('orders', row as OrderEvent);
    const key = `${path}/${partFileName(writer)}`;
    const lines = byKey.get(key) ?? [];
    lines.push(JSON.stringify(row));
    byKey.set(key, lines);
  }
  return [...byKey].map(([key, lines]) => ({ key, body: `${lines.join('\n')}\n` }));
}
