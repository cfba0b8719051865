import * as z from 'zod/mini';
import { SUPPORTED_LOCALES } from './locales';

/**
 * The analytics lake layout: one source for the local simulator (which writes JSON lines to a
 * folder) and the AWS pipeline (Firehose prefixes, Glue tables with partition projection), so that
 * the named Athena queries run unchanged on both.
 *
 * Layout: `<root>/<table>/dt=YYYY-MM-DD/part-<writer>.jsonl`, one JSON object per line, UTF-8.
 * `dt` is the UTC date of the record's event time (a Hive partition; Glue projects it as a date).
 *
 * Privacy rules (COMPLIANCE C10): no raw phone number, card digit or ID number ever reaches the
 * lake. Callers appear only as the HMAC of their number (`callerHmac`); transcripts are redacted
 * before they are written. The CTR table keeps Connect's field names but drops
 * `CustomerEndpoint.Address` (the Firehose transformation must do the same).
 */

/** Lake tables. */
export const LAKE_TABLES = ['ctr', 'consents', 'orders', 'transcripts', 'turns'] as const;
/** A lake table. */
export type LakeTable = (typeof LAKE_TABLES)[number];

const isoTimestamp = z.iso.datetime({ offset: true });
const hmac = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a hex HMAC-SHA256'));
const locale = z.enum(SUPPORTED_LOCALES);

/**
 * A contact record (CTR) as Connect streams it, reduced to the fields analytics use. Field names
 * mirror the Connect contact record data model (adminguide ctr-data-model.html); custom contact
 * attributes carry consent, locale, caller HMAC, the intents the bot handled and the post-call
 * survey's answers.
 */
export const ctrRecordSchema = z.object({
  AWSContactTraceRecordFormatVersion: z.string(),
  ContactId: z.string().check(z.minLength(1)),
  InitialContactId: z.nullable(z.string()),
  PreviousContactId: z.nullable(z.string()),
  Channel: z.enum(['VOICE', 'CHAT', 'TASK', 'EMAIL']),
  InitiationMethod: z.string(),
  InitiationTimestamp: isoTimestamp,
  ConnectedToSystemTimestamp: z.nullable(isoTimestamp),
  DisconnectTimestamp: isoTimestamp,
  LastUpdateTimestamp: isoTimestamp,
  /** e.g. CUSTOMER_DISCONNECT, CONTACT_FLOW_DISCONNECT. */
  DisconnectReason: z.string(),
  InstanceARN: z.string(),
  /** Without `Address`: the number stays at the edge (see module comment). */
  CustomerEndpoint: z.nullable(z.strictObject({ Type: z.literal('TELEPHONE_NUMBER') })),
  SystemEndpoint: z.nullable(z.object({ Type: z.literal('TELEPHONE_NUMBER'), Address: z.string() })),
  /** Custom contact attributes (flat strings). */
  Attributes: z.catchall(
    z.object({
      consent: z.optional(z.string()),
      locale: z.optional(z.string()),
      callerHmac: z.optional(z.string()),
      noticeVersion: z.optional(z.string()),
      intents: z.optional(z.string()),
      /** Post-call survey (lambdas/contracts/survey.ts): "1" to "5". */
      surveyScore: z.optional(z.string()),
      /** Post-call survey follow-up: "yes" or "no". */
      surveyResolved: z.optional(z.string()),
      /** "true" when a low score opened a back-office case. */
      surveyCase: z.optional(z.string()),
      /** Caller ID state (lambdas/contracts/callback.ts): "KNOWN" or "WITHHELD". */
      callerId: z.optional(z.string()),
      /** The out-of-hours callback offer: QUEUED, DECLINED, NO_NUMBER or FAILED. */
      callback: z.optional(z.string()),
    }),
    z.string(),
  ),
  Queue: z.nullable(
    z.object({
      ARN: z.string(),
      Name: z.nullable(z.string()),
      EnqueueTimestamp: isoTimestamp,
      DequeueTimestamp: z.nullable(isoTimestamp),
      Duration: z.nullable(z.int().check(z.nonnegative())),
    }),
  ),
  Agent: z.nullable(z.object({ ARN: z.string(), ConnectedToAgentTimestamp: z.nullable(isoTimestamp) })),
  /** Present only when the call was recorded (consent GRANTED). */
  Recording: z.nullable(
    z.object({
      Location: z.string(),
      Status: z.enum(['AVAILABLE', 'DELETED']),
      Type: z.literal('AUDIO'),
      DeletionReason: z.nullable(z.string()),
    }),
  ),
});
/** One CTR row. */
export type CtrRecord = z.infer<typeof ctrRecordSchema>;

/**
 * One consent ledger event as the DynamoDB stream delivers it (the ledger is append-only): a
 * DECISION row carries the decision and the notice; a WITHDRAWN row, when and how the caller
 * withdrew a GRANTED decision.
 */
export const consentEventSchema = z.object({
  eventName: z.literal('INSERT'),
  eventTimestamp: isoTimestamp,
  contactId: z.string().check(z.minLength(1)),
  event: z.enum(['DECISION', 'WITHDRAWN']),
  /** The decision (DECISION rows); null on WITHDRAWN rows. */
  decision: z.nullable(z.enum(['GRANTED', 'DECLINED', 'NO_INPUT', 'INVALID'])),
  noticeVersion: z.string(),
  /** The notice text's sha256 (DECISION rows); null on WITHDRAWN rows. */
  noticeSha256: z.nullable(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  locale,
  callerHmac: z.nullable(hmac),
  decidedAt: z.nullable(isoTimestamp),
  withdrawnAt: z.nullable(isoTimestamp),
  /** CALLER (during the call) or STAFF (after it), on WITHDRAWN rows. */
  withdrawnVia: z.nullable(z.enum(['CALLER', 'STAFF'])),
  channel: z.nullable(z.string()),
});
/** One consents row. */
export type ConsentEvent = z.infer<typeof consentEventSchema>;

/** One order change (new image) as the DynamoDB stream delivers it. */
export const orderEventSchema = z.object({
  eventName: z.enum(['INSERT', 'MODIFY']),
  eventTimestamp: isoTimestamp,
  orderId: z.string().check(z.minLength(1)),
  callerHmac: z.nullable(hmac),
  contactId: z.nullable(z.string()),
  sku: z.string(),
  quantity: z.int().check(z.positive()),
  currency: z.enum(['USD', 'CNY']),
  unitPriceMinor: z.int().check(z.nonnegative()),
  totalMinor: z.int().check(z.nonnegative()),
  status: z.string(),
  locale,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
/** One orders row. */
export type OrderEvent = z.infer<typeof orderEventSchema>;

/** One redacted transcript line of a recorded call. */
export const transcriptRecordSchema = z.object({
  contactId: z.string().check(z.minLength(1)),
  locale,
  /** Position in the call, from 0. */
  seq: z.int().check(z.nonnegative()),
  /** CUSTOMER or SYSTEM (the robot), like Contact Lens participant roles. */
  participant: z.enum(['CUSTOMER', 'SYSTEM']),
  /** Redacted text: PII replaced by tags such as `[PHONE]`. */
  content: z.string(),
  /** Number of spans the redactor replaced in this line. */
  redactions: z.int().check(z.nonnegative()),
  timestamp: isoTimestamp,
});
/** One transcripts row. */
export type TranscriptRecord = z.infer<typeof transcriptRecordSchema>;

/** What the code hook did with a turn. */
export const TURN_OUTCOMES = [
  'ANSWERED',
  'ELICIT_SLOT',
  'CONFIRM',
  'DELEGATE',
  'CLOSED',
  'FALLBACK',
  'WITHDRAW',
  'SENSITIVE_DIGITS',
  'FAILED',
] as const;

/**
 * One bot turn as the code hook recorded it (the `turns` table's stream). Every caller's turn has
 * intent, slot outcomes and counts; `text` (redacted) is present only when the caller's consent was
 * GRANTED at that turn (COMPLIANCE C15): for everyone else it is null.
 */
export const turnRecordSchema = z.object({
  contactId: z.string().check(z.minLength(1)),
  /** Sort key: `<ISO time>#<request id>`. */
  turn: z.string().check(z.minLength(1)),
  at: isoTimestamp,
  /** The Lex session id (DeleteUtterances deletes by it). */
  sessionId: z.string().check(z.minLength(1)),
  /** The Lex bot locale id, e.g. en_US. */
  localeId: z.string().check(z.regex(/^[a-z]{2}_[A-Z]{2}$/)),
  locale,
  intent: z.string(),
  /** DialogCodeHook or FulfillmentCodeHook. */
  source: z.string(),
  /** DTMF, Speech or Text. */
  inputMode: z.nullable(z.string()),
  /** The consent state the flow passed to the bot (GRANTED, DECLINED, ..., WITHDRAWN; UNKNOWN if none). */
  consent: z.string(),
  outcome: z.enum(TURN_OUTCOMES),
  /**
   * Per slot of the intent, `Name=OUTCOME` joined by `;` in name order, where OUTCOME is FILLED,
   * UNRESOLVED (said but not understood) or EMPTY; "" for an intent without slots. A string, so
   * Athena and DuckDB read it alike.
   */
  slots: z.string().check(z.regex(/^(?:[A-Za-z0-9_]+=(?:FILLED|UNRESOLVED|EMPTY)(?:;|$))*$/)),
  /** Lex's confidence in the intent, when it gave one. */
  nluConfidence: z.nullable(z.number().check(z.gte(0), z.lte(1))),
  /** Words and characters the caller said (counts only). */
  words: z.int().check(z.nonnegative()),
  characters: z.int().check(z.nonnegative()),
  /** The redacted words; null unless consent was GRANTED at the turn. */
  text: z.nullable(z.string()),
  /** Spans the redactor replaced in the words (counted for every caller). */
  redactions: z.int().check(z.nonnegative()),
  /** Card or ID-like digits the caller spoke (types, comma-separated); null when none. */
  sensitive: z.nullable(z.string()),
});
/** One turns row. */
export type TurnRecord = z.infer<typeof turnRecordSchema>;

/** Row type per table. */
export interface LakeRecords {
  readonly ctr: CtrRecord;
  readonly consents: ConsentEvent;
  readonly orders: OrderEvent;
  readonly transcripts: TranscriptRecord;
  readonly turns: TurnRecord;
}

/** Schema per table, for writers (validate before writing) and tests. */
export const LAKE_SCHEMAS: { readonly [T in LakeTable]: z.ZodMiniType<LakeRecords[T]> } = {
  ctr: ctrRecordSchema,
  consents: consentEventSchema,
  orders: orderEventSchema,
  transcripts: transcriptRecordSchema,
  turns: turnRecordSchema,
};

/** The field whose UTC date is a row's `dt` partition. */
export const PARTITION_TIME_FIELD: { readonly [T in LakeTable]: keyof LakeRecords[T] & string } = {
  ctr: 'InitiationTimestamp',
  consents: 'eventTimestamp',
  orders: 'eventTimestamp',
  transcripts: 'timestamp',
  turns: 'at',
};

/** `YYYY-MM-DD` (UTC) of an ISO timestamp. */
export function partitionDate(isoTimestamp: string): string {
  const date = new Date(isoTimestamp);
  if (Number.isNaN(date.getTime())) throw new Error(`not a timestamp: ${isoTimestamp}`);
  return date.toISOString().slice(0, 10);
}

/** The partition folder of a row, relative to the lake root: `<table>/dt=YYYY-MM-DD`. */
export function partitionPath<T extends LakeTable>(table: T, record: LakeRecords[T]): string {
  const time = record[PARTITION_TIME_FIELD[table]] as unknown as string;
  return `${table}/dt=${partitionDate(time)}`;
}

/** File name of one writer's part file in a partition: `part-<writerId>.jsonl`. */
export function partFileName(writerId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(writerId)) throw new Error(`invalid lake writer id: ${writerId}`);
  return `part-${writerId}.jsonl`;
}

/** Matches a part file path relative to the lake root; groups: table, dt. */
export const PART_FILE_PATTERN =
  /^(ctr|consents|orders|transcripts|turns)\/dt=(\d{4}-\d{2}-\d{2})\/part-[A-Za-z0-9_-]+\.jsonl$/;
