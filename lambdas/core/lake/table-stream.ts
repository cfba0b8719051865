import {
  type ConsentEvent,
  consentEventSchema,
  type OrderEvent,
  orderEventSchema,
  partFileName,
  partitionPath,
} from '../../contracts/lake';
import { CONSENT_EVENTS } from '../../contracts/tables';
import type { LakeObject } from './transcript';

/**
 * Orders and consent decisions from the tables' DynamoDB streams (NEW_IMAGE) to lake rows. Items
 * already hold only the caller's HMAC, never a number, so the mapping copies layout fields only.
 */

/**
 * One item change as a table stream reports it, already unmarshalled into plain values (the edge
 * does that: `lambdas/edge/dynamodb-stream.ts`).
 */
export interface TableChange {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** The item after the change (NEW_IMAGE); absent for removals. */
  readonly newItem?: Readonly<Record<string, unknown>>;
  /** When DynamoDB wrote the change, in epoch seconds. */
  readonly approximateCreationEpochSeconds?: number;
}

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
export function toLakeRow(table: StreamTable, change: TableChange): ConsentEvent | OrderEvent | undefined {
  const item = change.newItem;
  if (!item || change.eventName === 'REMOVE') return undefined;
  const created = change.approximateCreationEpochSeconds;
  if (table === 'consents') {
    if (change.eventName !== 'INSERT') return undefined;
    const withdrawn = item.event === CONSENT_EVENTS.withdrawn;
    const at = String((withdrawn ? item.withdrawnAt : item.decidedAt) ?? '');
    const parsed = consentEventSchema.safeParse({
      eventName: 'INSERT',
      eventTimestamp: iso(created, at),
      contactId: item.contactId,
      event: item.event,
      decision: withdrawn ? null : item.decision,
      noticeVersion: item.noticeVersion,
      noticeSha256: withdrawn ? null : item.noticeSha256,
      locale: item.locale,
      callerHmac: item.callerHmac ?? null,
      decidedAt: withdrawn ? null : at,
      withdrawnAt: withdrawn ? at : null,
      withdrawnVia: withdrawn ? item.via : null,
      channel: item.channel ?? null,
    });
    if (!parsed.success)
      throw new StreamMappingError(`consent item does not fit the lake: ${issues(parsed.error)}`);
    return parsed.data;
  }
  const updatedAt = String(item.updatedAt ?? '');
  const parsed = orderEventSchema.safeParse({
    eventName: change.eventName,
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
