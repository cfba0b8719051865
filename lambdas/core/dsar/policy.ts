import type { DsarSubject } from './types';

/**
 * What erasure keeps and why. Orders stay as business records (tax and accounting law require
 * them) but lose every attribute that links them to a person; the consent ledger entry stays
 * untouched as legal evidence of the decision (PIPL art. 47 / GDPR art. 17(3)(b),(e)); recordings
 * stay until their Object Lock retention ends. Everything else about the caller goes.
 */

/** Order attributes that are business facts, not personal data: kept on erasure. */
export const ORDER_RETAINED_FIELDS: ReadonlySet<string> = new Set([
  'orderId',
  'orderNumber',
  'sku',
  'quantity',
  'currency',
  'unitPriceMinor',
  'totalMinor',
  'status',
  'locale',
  'createdAt',
  'updatedAt',
  'refundDue',
  // The audited status changes (who on staff, when, tracking or refund ids: no caller data) and the
  // gateway's charge reference, which a refund still due needs.
  'transitions',
  'paymentReference',
  // Set by the erasure itself.
  'erasedAt',
  'erasureRequestId',
]);

/** Legal basis shown next to every retained item in a report. */
export const RETENTION_BASIS = {
  consent:
    'consent evidence: proof of the notice heard and the decision taken, kept append-only (PIPL art. 14, 47; GDPR art. 7(1), 17(3))',
  order: 'business record without personal attributes (accounting and tax retention)',
  textAgreement:
    "evidence that a text was agreed to before it was sent (contact, product, the question, outcome), without the caller's HMAC; expires with retentionDays",
  recording:
    'storage-only: retention-locked (Object Lock) until the date shown, then deleted by the lifecycle rule; no processing meanwhile',
} as const;

/** Lake tables whose rows hold what a caller said (redacted), or counts of it. */
const WORD_TABLES: ReadonlySet<string> = new Set(['transcripts', 'turns']);

/** Result of applying the erasure policy to the rows of one lake file. */
export interface RowErasure {
  readonly rows: Record<string, unknown>[];
  readonly deleted: number;
  readonly minimised: number;
}

const contactOf = (table: string, row: Record<string, unknown>): unknown =>
  table === 'ctr' ? row.ContactId : row.contactId;

/** True when a lake row belongs to the subject. */
export function rowConcerns(table: string, row: Record<string, unknown>, subject: DsarSubject): boolean {
  const contact = contactOf(table, row);
  if (typeof contact === 'string' && subject.contactIds.has(contact)) return true;
  const hmac =
    table === 'ctr' ? (row.Attributes as Record<string, unknown> | undefined)?.callerHmac : row.callerHmac;
  return hmac === subject.callerHmac;
}

/**
 * Applies the erasure policy to one lake table's rows: transcripts and bot turns of the subject's
 * contacts are deleted; orders and consents keep their facts with `callerHmac` (and an order's `contactId`)
 * nulled; CTRs lose the caller HMAC attribute but keep the contact id and recording location,
 * which point at a locked recording.
 */
export function eraseLakeRows(
  table: string,
  rows: readonly Record<string, unknown>[],
  subject: DsarSubject,
): RowErasure {
  let deleted = 0;
  let minimised = 0;
  const out: Record<string, unknown>[] = [];
  for (const row of rows) {
    if (!rowConcerns(table, row, subject)) {
      out.push(row);
      continue;
    }
    if (WORD_TABLES.has(table)) {
      // Transcripts and bot turns are what the caller said: erased, not minimised.
      deleted++;
      continue;
    }
    minimised++;
    if (table === 'ctr') {
      const { callerHmac: _dropped, ...attributes } = (row.Attributes ?? {}) as Record<string, unknown>;
      out.push({ ...row, Attributes: attributes });
    } else if (table === 'orders') {
      out.push({ ...row, callerHmac: null, contactId: null });
    } else {
      out.push({ ...row, callerHmac: null });
    }
  }
  return { rows: out, deleted, minimised };
}

/** Parses JSON lines, skipping blank lines. */
export function parseJsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Serialises rows as JSON lines (empty string for no rows). */
export function toJsonLines(rows: readonly Record<string, unknown>[]): string {
  return rows.length === 0 ? '' : `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

/** Table name of a lake-relative path such as `transcripts/dt=2026-11-30/part-x.jsonl`. */
export function lakeTableOf(relativePath: string): string | undefined {
  return /^(ctr|consents|orders|transcripts|turns)\/dt=\d{4}-\d{2}-\d{2}\/[^/]+\.jsonl$/.exec(
    relativePath,
  )?.[1];
}

/**
 * Applies a withdrawal of consent to one lake table's rows (COMPLIANCE C14): the transcripts of
 * the withdrawn contacts are deleted and their bot turns lose their words (counts and outcomes
 * stay, as for a caller who never consented); every other row is untouched, since the decision,
 * the orders and the contact records do not depend on consent to be recorded.
 */
export function withdrawLakeRows(
  table: string,
  rows: readonly Record<string, unknown>[],
  contactIds: ReadonlySet<string>,
): RowErasure {
  if (!WORD_TABLES.has(table)) return { rows: [...rows], deleted: 0, minimised: 0 };
  let deleted = 0;
  let minimised = 0;
  const out: Record<string, unknown>[] = [];
  for (const row of rows) {
    if (typeof row.contactId !== 'string' || !contactIds.has(row.contactId)) {
      out.push(row);
    } else if (table === 'transcripts') {
      deleted++;
    } else if (row.text !== null && row.text !== undefined) {
      minimised++;
      out.push({ ...row, text: null });
    } else {
      out.push(row);
    }
  }
  return { rows: out, deleted, minimised };
}
