/**
 * Data-subject requests (COMPLIANCE C12): access/copy (export) and erasure of everything held about
 * one caller, found through the HMAC of their number. Pure types and ports; adapters live next to
 * this file (DynamoDB, local files, S3).
 */

/** The request kinds the tool serves: access/copy, erasure, and withdrawal of consent (PIPL art. 15). */
export type DsarKind = 'export' | 'erase' | 'withdraw';

/** Whom a request is about: the caller HMAC and every contact found for it. */
export interface DsarSubject {
  readonly callerHmac: string;
  readonly contactIds: ReadonlySet<string>;
}

/** A consent ledger item (kept on erasure: minimised legal evidence of the decision). */
export type ConsentEvidence = Readonly<Record<string, unknown>> & { readonly contactId: string };

/** An order item as stored. */
export type OrderItem = Readonly<Record<string, unknown>> & { readonly orderId: string };

/** An agreement to a product-link text (minimised on erasure: the HMAC removed, the evidence kept). */
export type TextAgreementItem = Readonly<Record<string, unknown>> & {
  readonly contactId: string;
  readonly sku: string;
};

/** An item of a transient table (idempotency, payment attempts) that mentions the caller. */
export interface TransientRef {
  readonly key: string;
  /** What kind of record it is (the item's `kind`), for the report. */
  readonly kind: string;
}

/** The DynamoDB side: consents, orders and transient records of a caller. */
export interface CallerRecords {
  /** Ledger items whose callerHmac matches. */
  consents(callerHmac: string): Promise<ConsentEvidence[]>;
  /** Orders whose callerHmac matches. */
  orders(callerHmac: string): Promise<OrderItem[]>;
  /** Transient items that mention the caller's HMAC, orders or contacts. */
  transient(subject: DsarSubject, orderIds: readonly string[]): Promise<TransientRef[]>;
  /** Removes every personal attribute of one of the caller's orders; keeps the business record. */
  eraseOrder(orderId: string, callerHmac: string, erasure: ErasureStamp): Promise<void>;
  /** Deletes a transient item. */
  deleteTransient(ref: TransientRef): Promise<void>;
  /** Agreements to product-link texts whose callerHmac matches. */
  textAgreements(callerHmac: string): Promise<TextAgreementItem[]>;
  /** Removes the caller HMAC from one of the caller's agreements; keeps what was agreed and sent. */
  eraseTextAgreement(item: TextAgreementItem, callerHmac: string, erasure: ErasureStamp): Promise<void>;
}

/** Written onto an erased order so an auditor sees when and by which request. */
export interface ErasureStamp {
  readonly requestId: string;
  readonly at: string;
}

/** Lake rows found for a subject, per table and file (or S3 key). */
export interface LakeFinding {
  readonly table: string;
  readonly location: string;
  readonly rows: readonly Record<string, unknown>[];
}

/** What an erasure did to the lake. */
export interface LakeErasure {
  /** Rows removed (transcripts). */
  readonly rowsDeleted: number;
  /** Rows kept with the caller fields nulled (orders, consents, CTRs). */
  readonly rowsMinimised: number;
  /** Files or keys rewritten or deleted. */
  readonly locations: readonly string[];
}

/** The analytics lake (local folder or S3). */
export interface LakeStore {
  find(subject: DsarSubject): Promise<LakeFinding[]>;
  erase(subject: DsarSubject): Promise<LakeErasure>;
  /** Deletes the contacts' transcripts and removes the words from their bot turns. */
  withdraw(contactIds: ReadonlySet<string>): Promise<LakeErasure>;
}

/**
 * What callers said to the bot outside the lake: the turns table and Amazon Lex's own store
 * (implemented by `ContactWords` in core/after-call).
 */
export interface CallerWords {
  /** The contacts' turn records. */
  turns(contactIds: Iterable<string>): Promise<readonly Readonly<Record<string, unknown>>[]>;
  /** Deletes Lex's stored utterances and removes the words from the turn records. */
  forget(contactIds: Iterable<string>): Promise<{ lexSessions: number; turnTexts: number }>;
  /** Deletes Lex's stored utterances and the turn records. */
  erase(contactIds: Iterable<string>): Promise<{ lexSessions: number; turns: number }>;
}

/** A recording of one of the caller's contacts. */
export interface RecordingRef {
  readonly contactId: string;
  readonly location: string;
  /** End of the Object Lock retention (ISO date), when known. */
  readonly retainUntil: string | undefined;
}

/** The recording vault: read-only for requests, since recordings are retention-locked. */
export interface RecordingCatalog {
  find(contactIds: ReadonlySet<string>): Promise<RecordingRef[]>;
}

/** One audit record per request; never names the caller (see {@link subjectRef}). */
export interface DsarAuditRecord {
  readonly requestId: string;
  readonly kind: DsarKind;
  /** HMAC-SHA256(requestId, callerHmac): proves which subject when they present their number again. */
  readonly subjectRef: string;
  readonly operator: string;
  readonly requestedAt: string;
  readonly completedAt: string;
  readonly status: 'COMPLETED' | 'FAILED';
  /** Counts of what was found / erased / retained; no personal data. */
  readonly summary: Readonly<Record<string, number>>;
  readonly error?: string;
}

/** Append-only store of audit records. */
export interface DsarAuditLog {
  append(record: DsarAuditRecord): Promise<void>;
}
