import {
  type LakeRecords,
  partFileName,
  partitionPath,
  type TranscriptRecord,
  transcriptRecordSchema,
} from '../../contracts/lake';
import type { Locale } from '../../contracts/locales';
import { redactAll } from '../pii/full';
import type { Segment } from '../transcription/transcribe-output';

/**
 * Turns Transcribe segments into redacted lake rows (COMPLIANCE C10): every line of every
 * language passes our redactor, whatever Transcribe already masked, and each row is validated
 * against the lake layout before it is written.
 */

/**
 * Channel of the customer in Connect call recordings: Connect records the customer on the left
 * channel (ch_0) and the system or agent on the right (ch_1).
 */
export const CUSTOMER_CHANNEL = 'ch_0';

/** Input of {@link toTranscriptRecords}. */
export interface TranscriptInput {
  readonly contactId: string;
  readonly locale: Locale;
  /** When the recording started; line timestamps are this plus the segment offset. */
  readonly recordedAt: string;
  readonly segments: readonly Segment[];
}

/** Redacted rows plus the number of spans replaced (for metrics; never the values). */
export interface RedactedTranscript {
  readonly records: TranscriptRecord[];
  readonly redactions: number;
}

/** Redacts every segment and builds validated transcript rows. */
export function toTranscriptRecords(input: TranscriptInput): RedactedTranscript {
  const base = Date.parse(input.recordedAt);
  if (Number.isNaN(base)) throw new Error(`recordedAt is not a timestamp: ${input.recordedAt}`);
  let redactions = 0;
  const records = input.segments.map((segment, seq) => {
    // Transcribe masks with "[PII]"; our tags name the type. Both stay in the row.
    const result = redactAll(segment.text, { locale: input.locale });
    redactions += result.findings.length;
    return transcriptRecordSchema.parse({
      contactId: input.contactId,
      locale: input.locale,
      seq,
      participant: segment.channel === CUSTOMER_CHANNEL ? 'CUSTOMER' : 'SYSTEM',
      content: result.text,
      redactions: result.findings.length,
      timestamp: new Date(base + Math.round(segment.startSeconds * 1000)).toISOString(),
    });
  });
  return { records, redactions };
}

/** One object to write to the lake. */
export interface LakeObject {
  /** Key relative to the lake root, e.g. `transcripts/dt=2026-11-01/part-<contactId>.jsonl`. */
  readonly key: string;
  /** JSON lines, newline-terminated. */
  readonly body: string;
}

/**
 * Groups one contact's rows into one JSON-lines object per partition, named after the contact so
 * that a retry overwrites the same objects instead of adding duplicates.
 */
export function contactLakeObjects<T extends 'transcripts' | 'turns'>(
  table: T,
  contactId: string,
  records: readonly LakeRecords[T][],
): LakeObject[] {
  const byKey = new Map<string, string[]>();
  for (const record of records) {
    const key = `${partitionPath(table, record)}/${partFileName(contactId)}`;
    const lines = byKey.get(key) ?? [];
    lines.push(JSON.stringify(record));
    byKey.set(key, lines);
  }
  return [...byKey].map(([key, lines]) => ({ key, body: `${lines.join('\n')}\n` }));
}

/** {@link contactLakeObjects} of a transcript. */
export function transcriptLakeObjects(contactId: string, records: readonly TranscriptRecord[]): LakeObject[] {
  return contactLakeObjects('transcripts', contactId, records);
}
