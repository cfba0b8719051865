import * as z from 'zod/mini';
import { SUPPORTED_LOCALES } from '../../contracts/locales';
import { CONSENT_DECISIONS } from './decision';

/**
 * One consent decision as kept in the append-only ledger (one item per contact). The raw caller
 * number is never part of it: only its HMAC.
 */
export const consentRecordSchema = z.object({
  contactId: z.string().check(z.minLength(1)),
  decision: z.enum(CONSENT_DECISIONS),
  noticeVersion: z.string().check(z.minLength(1)),
  noticeSha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  locale: z.enum(SUPPORTED_LOCALES),
  /** HMAC-SHA256 (hex) of the normalised caller number; absent when Connect gave no number. */
  callerHmac: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  /** When the decision was recorded (ISO 8601, UTC). */
  decidedAt: z.iso.datetime(),
  /** Contact channel (VOICE, CHAT, ...), from the Connect event. */
  channel: z.optional(z.string().check(z.minLength(1))),
  /** ARN of the Connect instance that handled the contact. */
  instanceArn: z.optional(z.string().check(z.minLength(1))),
});

/** A consent ledger entry. */
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

/** The result of appending to the ledger. */
export interface AppendOutcome {
  /** True when this call wrote the item; false when one was already on record. */
  readonly written: boolean;
  /** The record now on file: the one given, or the earlier one that was kept. */
  readonly record: ConsentRecord;
}

/**
 * The consent ledger port. Implementations must be append-only: a record for a contact is written
 * at most once and never updated or deleted, so the first decision stays the evidence.
 */
export interface ConsentLedger {
  /**
   * Writes the record unless the contact already has one; in that case returns the existing one.
   *
   * @throws ConsentLedgerError when the store fails or holds an unreadable record
   */
  appendOnce(record: ConsentRecord): Promise<AppendOutcome>;
}

/** Why the ledger could not answer. */
export type ConsentLedgerFailure = 'UNAVAILABLE' | 'CORRUPT';

/**
 * The ledger failed: `UNAVAILABLE` (throttled, down, misconfigured: nothing was written) or
 * `CORRUPT` (an existing record could not be read back as a {@link ConsentRecord}).
 */
export class ConsentLedgerError extends Error {
  override name = 'ConsentLedgerError';
  constructor(
    readonly failure: ConsentLedgerFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
