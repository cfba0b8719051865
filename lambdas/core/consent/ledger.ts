import * as z from 'zod/mini';
import { SUPPORTED_LOCALES } from '../../contracts/locales';
import { CONSENT_DECISIONS, type ConsentDecision } from './decision';

/**
 * The consent ledger is an append-only event log per contact: first the caller's decision at the
 * notice, then, if they granted and change their mind, one withdrawal. An event is written once
 * and never updated or deleted, so the ledger always shows what the caller chose and when.
 */

const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));

/**
 * The decision taken at the notice. The raw caller number is never part of it: only its HMAC.
 */
export const consentRecordSchema = z.object({
  contactId: z.string().check(z.minLength(1)),
  decision: z.enum(CONSENT_DECISIONS),
  noticeVersion: z.string().check(z.minLength(1)),
  noticeSha256: hex64,
  locale: z.enum(SUPPORTED_LOCALES),
  /** HMAC-SHA256 (hex) of the normalised caller number; absent when Connect gave no number. */
  callerHmac: z.optional(hex64),
  /** When the decision was recorded (ISO 8601, UTC). */
  decidedAt: z.iso.datetime(),
  /** Contact channel (VOICE, CHAT, ...), from the Connect event. */
  channel: z.optional(z.string().check(z.minLength(1))),
  /** ARN of the Connect instance that handled the contact. */
  instanceArn: z.optional(z.string().check(z.minLength(1))),
});

/** A consent decision on record. */
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

/** Who withdrew: the caller during the call, or staff on the caller's request after it. */
export const WITHDRAWAL_CHANNELS = ['CALLER', 'STAFF'] as const;
/** How a withdrawal reached us. */
export type WithdrawalChannel = (typeof WITHDRAWAL_CHANNELS)[number];

/** A withdrawal of a GRANTED decision. It copies the decision's HMAC so a caller's events stay together. */
export const withdrawalRecordSchema = z.object({
  contactId: z.string().check(z.minLength(1)),
  /** When the withdrawal was recorded (ISO 8601, UTC). */
  withdrawnAt: z.iso.datetime(),
  via: z.enum(WITHDRAWAL_CHANNELS),
  /** The locale of the decision it withdraws. */
  locale: z.enum(SUPPORTED_LOCALES),
  /** The notice the withdrawn decision was given on. */
  noticeVersion: z.string().check(z.minLength(1)),
  callerHmac: z.optional(hex64),
  /** The staff request that withdrew (its audit record), when staff did. */
  requestId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});

/** A withdrawal on record. */
export type WithdrawalRecord = z.infer<typeof withdrawalRecordSchema>;

/** Everything the ledger holds about one contact. */
export interface ConsentHistory {
  /** The decision at the notice; undefined when the contact never reached it. */
  readonly decision: ConsentRecord | undefined;
  /** The withdrawal, when the caller withdrew a GRANTED decision. */
  readonly withdrawal: WithdrawalRecord | undefined;
}

/**
 * What the ledger allows for a contact now: GRANTED only while the decision is GRANTED and not
 * withdrawn; WITHDRAWN after a withdrawal; the decision otherwise; NONE without one.
 */
export type EffectiveConsent = ConsentDecision | 'WITHDRAWN' | 'NONE';

/** The state a contact's history amounts to. */
export function effectiveConsent(history: ConsentHistory): EffectiveConsent {
  if (history.decision === undefined) return 'NONE';
  if (history.withdrawal !== undefined) return 'WITHDRAWN';
  return history.decision.decision;
}

/** The result of appending a decision. */
export interface AppendOutcome {
  /** True when this call wrote the event; false when a decision was already on record. */
  readonly written: boolean;
  /** The decision now on file: the one given, or the earlier one that was kept. */
  readonly record: ConsentRecord;
}

/** The result of appending a withdrawal. */
export interface WithdrawalOutcome {
  /** False when the contact was already withdrawn (the earlier withdrawal is kept). */
  readonly written: boolean;
  readonly withdrawal: WithdrawalRecord;
}

/**
 * The consent ledger port. Implementations must be append-only: each event of a contact is
 * written at most once and never updated or deleted, so the first decision stays the evidence.
 */
export interface ConsentLedger {
  /**
   * Writes the decision unless the contact already has one; in that case returns the existing one.
   *
   * @throws ConsentLedgerError when the store fails or holds an unreadable record
   */
  appendOnce(record: ConsentRecord): Promise<AppendOutcome>;
  /**
   * Writes the withdrawal unless the contact already has one; in that case returns the existing one.
   * The caller checks first that the decision on record is GRANTED.
   *
   * @throws ConsentLedgerError when the store fails or holds an unreadable record
   */
  appendWithdrawal(withdrawal: WithdrawalRecord): Promise<WithdrawalOutcome>;
  /**
   * Every event of a contact, read consistently.
   *
   * @throws ConsentLedgerError when the store fails or holds an unreadable record
   */
  history(contactId: string): Promise<ConsentHistory>;
}

/** Why the ledger could not answer. */
export type ConsentLedgerFailure = 'UNAVAILABLE' | 'CORRUPT';

/**
 * The ledger failed: `UNAVAILABLE` (throttled, down, misconfigured: nothing was written) or
 * `CORRUPT` (an existing event could not be read back).
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
