import type { AppConfig } from '../../lib/config';
import type { StackTemplate } from './template';

/**
 * The data inventory (records of processing, COMPLIANCE C16): every place that can hold caller
 * data, what it holds, for whom, under which key, for how long, who can read it, and how a
 * data-subject export, an erasure and a withdrawal of consent reach it. Each entry names the
 * template resources it covers; `inventoryGaps` fails the report when the templates gain a store
 * the inventory does not describe, or when an entry has no handling (or no stated exemption).
 */

/** How one kind of request reaches a store: what is done, or why it does not apply. */
export type Handling = { readonly does: string } | { readonly exempt: string };

/** One store. */
export interface InventoryEntry {
  readonly store: string;
  /** Where it lives: a template resource type, or a service outside the templates. */
  readonly kind: string;
  /** Template resources this entry covers (type and logical-id pattern); none for service-side stores. */
  readonly resources: readonly { readonly type: string; readonly id: RegExp }[];
  readonly holds: string;
  /** Whose data: every caller, granted callers only, or no caller data. */
  readonly whose: 'all callers' | 'granted callers' | 'no caller data';
  readonly key: string;
  readonly retention: string;
  readonly readers: string;
  readonly dsar: { readonly export: Handling; readonly erase: Handling; readonly withdraw: Handling };
}

/** Resource types that can hold data: each one in a template must be covered by an entry. */
export const STORE_TYPES = [
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::Logs::LogGroup',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::Kinesis::Stream',
  'AWS::KinesisFirehose::DeliveryStream',
  'AWS::Lex::Bot',
  'AWS::Connect::Instance',
  'AWS::Backup::BackupVault',
  'AWS::Glue::Table',
  'AWS::CloudTrail::Trail',
  'AWS::SecretsManager::Secret',
] as const;

const NO_CALLER_DATA = 'holds no caller data';

/**
 * The originals vault (`keepOriginalRecording`): the same callers' audio with nothing silenced,
 * kept as evidence of what was said, at the cost of keeping every number they spoke.
 */
function originalsEntry(days: number): InventoryEntry {
  return {
    store: 'Original recordings vault',
    kind: 'S3 bucket (Object Lock)',
    resources: [{ type: 'AWS::S3::Bucket', id: /^OriginalRecordingsBucket/ }],
    holds:
      'the unredacted call audio of granted calls, byte for byte as Connect wrote it (keepOriginalRecording), written by the redaction pipeline only',
    whose: 'granted callers',
    key: 'connect/…/<contactId>_<time>.wav',
    retention: `Object Lock ${days} days (originalRetentionDays), then deleted by the lifecycle rule`,
    readers: 'auditor role (MFA) only, the same role as the vault; every read trailed and alerted on',
    dsar: {
      export: { does: 'listed with location and the date its lock ends, beside the redacted copy' },
      erase: {
        exempt: `Object Lock forbids deletion before the ${days}-day retention ends; listed as storage-only`,
      },
      withdraw: {
        does: 'a call withdrawn before the pipeline ran is never kept; otherwise deleted when the lock ends',
      },
    },
  };
}

/**
 * AWS End User Messaging SMS (`textOriginationArn`): the service keeps what it was asked to send
 * and the numbers that replied STOP. Configured outside the templates (the operator registers the
 * number), so the entry covers no template resource.
 */
function textServiceEntry(): InventoryEntry {
  return {
    store: 'AWS End User Messaging SMS',
    kind: 'End User Messaging (service-side)',
    resources: [],
    holds:
      'each product-link text: destination number, body (product name and link), message id and delivery events; the opt-out list of numbers that replied STOP',
    whose: 'all callers',
    key: 'message id; opt-out list by number',
    retention: 'as End User Messaging keeps message records; opt-outs until the number opts in again',
    readers: 'AWS account administrators (End User Messaging console and API)',
    dsar: {
      export: {
        exempt:
          'the agreement records (product, time, outcome) are exported; the service offers no per-number message export',
      },
      erase: {
        exempt:
          'the service offers no API to delete a sent message record; the body holds only a product link',
      },
      withdraw: { exempt: 'holds no call words; STOP opts the number out of further texts' },
    },
  };
}

/** The inventory, with the retention periods of `config`. */
export function dataInventory(config: AppConfig): InventoryEntry[] {
  const days = config.retentionDays;
  const logs = config.logRetentionDays;
  return [
    {
      store: 'Recording vault',
      kind: 'S3 bucket (Object Lock)',
      resources: [{ type: 'AWS::S3::Bucket', id: /^RecordingVaultBucket/ }],
      holds:
        'call audio recorded while consent was GRANTED, with every PII span silenced (written by the redaction pipeline only)',
      whose: 'granted callers',
      key: 'connect/…/<contactId>_<time>.wav',
      retention: `Object Lock ${days} days, then deleted by the lifecycle rule`,
      readers: 'auditor role (MFA) only; Transcribe reads the staging bucket, never the vault',
      dsar: {
        export: {
          does: 'listed with location and the date its lock ends (the audio itself through the auditor)',
        },
        erase: {
          exempt: `Object Lock forbids deletion before the ${days}-day retention ends; listed as storage-only`,
        },
        withdraw: {
          does: 'never transcribed again (the pipeline re-reads the ledger); deleted when the lock ends',
        },
      },
    },
    ...(config.keepOriginalRecording ? [originalsEntry(config.originalRetentionDays)] : []),
    {
      store: 'Recording staging bucket',
      kind: 'S3 bucket (no lock, no versions)',
      resources: [{ type: 'AWS::S3::Bucket', id: /^RecordingStagingBucket/ }],
      holds:
        'the unredacted call audio Connect wrote, until the pipeline has written the redacted copy to the vault',
      whose: 'granted callers',
      key: 'connect/…/<contactId>_<time>.wav',
      retention:
        'minutes: deleted once the redacted copy is in the vault (or at once without GRANTED consent); the lifecycle deletes anything left after 2 days',
      readers:
        'no human: the bucket policy denies reads to all but the redaction function role and Transcribe data-access role',
      dsar: {
        export: { exempt: 'transient: the redacted recording in the vault is what is exported' },
        erase: { exempt: 'transient: deleted by the pipeline, at the latest by the 2-day lifecycle' },
        withdraw: {
          does: 'the pipeline re-reads the ledger and deletes the staged recording unredacted and unvaulted',
        },
      },
    },
    {
      store: 'Transcription work bucket',
      kind: 'S3 bucket',
      resources: [{ type: 'AWS::S3::Bucket', id: /^TranscriptionWorkBucket/ }],
      holds: "Amazon Transcribe's raw (unredacted) output of a granted call, until it is redacted",
      whose: 'granted callers',
      key: 'raw/phone-robot-<contactId>.json',
      retention: 'deleted after redaction; lifecycle expiry 1 day',
      readers: 'the redact function; Transcribe writes',
      dsar: {
        export: {
          exempt: 'held for minutes until redaction; the redacted transcript is exported from the lake',
        },
        erase: {
          exempt: 'deleted by the pipeline within minutes, by the lifecycle rule within a day at the latest',
        },
        withdraw: { does: 'the redact function discards the raw output of a withdrawn contact unread' },
      },
    },
    {
      store: 'Analytics lake',
      kind: 'S3 bucket',
      resources: [{ type: 'AWS::S3::Bucket', id: /^LakeLakeBucket/ }],
      holds:
        'contact records (caller number as HMAC), consent events, orders, redacted transcripts (granted), bot turns (words only for granted callers)',
      whose: 'all callers',
      key: '<table>/dt=YYYY-MM-DD/part-*.jsonl; rows by contactId and callerHmac',
      retention: `${days} days (lifecycle)`,
      readers: 'analysts through the Athena workgroup; the pipeline functions write',
      dsar: {
        export: { does: "every row of the caller's contacts and HMAC" },
        erase: { does: 'transcripts and turns deleted; CTR, order and consent rows lose the HMAC' },
        withdraw: { does: "the contact's transcripts deleted and its turns' words removed" },
      },
    },
    {
      store: 'Athena query results',
      kind: 'S3 bucket',
      resources: [{ type: 'AWS::S3::Bucket', id: /^LakeResultsBucket/ }],
      holds: 'results of analysts’ queries over the lake (may repeat lake rows)',
      whose: 'all callers',
      key: 'athena/<query id>.csv',
      retention: '30 days (lifecycle)',
      readers: 'the analysts who ran the query; the weekly access review',
      dsar: {
        export: { exempt: 'derived output of the lake, which is exported' },
        erase: { exempt: 'derived output; expires within 30 days' },
        withdraw: { exempt: 'derived output; expires within 30 days' },
      },
    },
    {
      store: 'Audit trail and access logs',
      kind: 'S3 buckets, CloudTrail, log group',
      resources: [
        { type: 'AWS::S3::Bucket', id: /^(AuditTrailBucket|AccessLogsBucket)/ },
        { type: 'AWS::CloudTrail::Trail', id: /^AuditTrail/ },
        { type: 'AWS::Logs::LogGroup', id: /^AuditTrailLogGroup/ },
      ],
      holds: 'API and S3 access events: principals, object keys (contact ids), no caller words or numbers',
      whose: 'no caller data',
      key: 'AWSLogs/<account>/CloudTrail/…',
      retention: `${days} days`,
      readers: 'security officer (Athena audit queries, weekly access review)',
      dsar: {
        export: { exempt: `security evidence; ${NO_CALLER_DATA} beyond contact ids` },
        erase: { exempt: 'security evidence of who read recordings (PIPL art. 54); kept for its retention' },
        withdraw: { exempt: 'security evidence; nothing in it depends on consent to recording' },
      },
    },
    {
      store: 'Consent ledger',
      kind: 'DynamoDB table',
      resources: [{ type: 'AWS::DynamoDB::Table', id: /ConsentLedgerTable/ }],
      holds:
        'each contact’s decision (notice version and sha256, locale, caller HMAC, time) and any withdrawal',
      whose: 'all callers',
      key: 'contactId + event (DECISION, WITHDRAWN)',
      retention: 'kept as evidence; no expiry',
      readers:
        'consent function (put, get, query); transcription and after-call functions (query); DSAR operator',
      dsar: {
        export: { does: 'every event of the caller' },
        erase: {
          exempt: 'legal evidence of the notice and the decision (PIPL art. 14, 47; GDPR art. 7(1), 17(3))',
        },
        withdraw: { does: 'a WITHDRAWN event is appended next to each GRANTED decision' },
      },
    },
    {
      store: 'Bot turns',
      kind: 'DynamoDB table',
      resources: [{ type: 'AWS::DynamoDB::Table', id: /TurnsTable/ }],
      holds: 'per bot turn: intent, slot outcomes, counts; redacted words only while consent was GRANTED',
      whose: 'all callers',
      key: 'contactId + turn (time#request id)',
      retention: `${days} days (TTL)`,
      readers: 'code hook (put only); after-call function (query, remove words); DSAR operator',
      dsar: {
        export: { does: "the caller's turn records" },
        erase: { does: 'deleted' },
        withdraw: { does: 'words removed after the call (counts kept)' },
      },
    },
    {
      store: 'Product-link text agreements',
      kind: 'DynamoDB table',
      resources: [{ type: 'AWS::DynamoDB::Table', id: /TextMessagesTable/ }],
      holds:
        'per text a caller agreed to: contact id, product, caller HMAC, the question they said yes to, when, and what the sending service answered (message id); never the number or any words',
      whose: 'all callers',
      key: 'contactId + sku',
      retention: `${days} days (TTL)`,
      readers: 'code hook (put, read back on a retry, settle once); DSAR operator',
      dsar: {
        export: { does: "the caller's agreements" },
        erase: {
          does: 'the caller HMAC removed; contact, product, question and outcome kept as evidence of the agreement',
        },
        withdraw: {
          exempt: 'holds no words; a STOP reply to the text opts the number out at the sending service',
        },
      },
    },
    {
      store: 'Orders',
      kind: 'DynamoDB table',
      resources: [{ type: 'AWS::DynamoDB::Table', id: /OrdersTable/ }],
      holds:
        'orders: product, quantity, totals, status, caller HMAC, contact id, card brand and last four; ' +
        'delivery details (recipient name, address, the phone number agreed to for delivery calls)',
      whose: 'all callers',
      key: 'orderId; index by callerHmac',
      retention: 'business records; no expiry',
      readers:
        'code hook, payment function, order-events and refund functions, lake feed (stream; delivery details ' +
        'are not mapped), staff (npm run orders), DSAR operator',
      dsar: {
        export: { does: "the caller's orders, with their delivery details" },
        erase: { does: 'personal attributes (delivery details included) removed; the business record stays' },
        withdraw: { exempt: 'orders do not depend on consent to recording' },
      },
    },
    {
      store: 'Idempotency records',
      kind: 'DynamoDB table',
      resources: [{ type: 'AWS::DynamoDB::Table', id: /IdempotencyTable/ }],
      holds: 'short-lived copies of order and payment results (caller HMAC, contact id)',
      whose: 'all callers',
      key: 'request key',
      retention: 'TTL (hours to days)',
      readers: 'code hook, payment function',
      dsar: {
        export: { does: 'listed by key and kind' },
        erase: { does: 'deleted' },
        withdraw: { exempt: 'holds no words; expires by TTL' },
      },
    },
    {
      store: 'Catalog, DSAR audit log, secrets',
      kind: 'DynamoDB tables, Secrets Manager',
      resources: [
        { type: 'AWS::DynamoDB::Table', id: /(CatalogTable|DsarAuditTable)/ },
        { type: 'AWS::SecretsManager::Secret', id: /./ },
      ],
      holds:
        'products; one record per data-subject request (no caller identity, HMAC of request id only); keys',
      whose: 'no caller data',
      key: 'sku; requestId',
      retention: 'kept',
      readers: 'functions and operators that need them',
      dsar: {
        export: { exempt: NO_CALLER_DATA },
        erase: { exempt: NO_CALLER_DATA },
        withdraw: { exempt: NO_CALLER_DATA },
      },
    },
    {
      store: 'Table backups',
      kind: 'AWS Backup vault, DynamoDB PITR',
      resources: [{ type: 'AWS::Backup::BackupVault', id: /./ }],
      holds: 'copies of the tables above',
      whose: 'all callers',
      key: 'recovery points',
      retention: 'daily 35 days, monthly at least 120 days; PITR 35 days',
      readers: 'backup operators',
      dsar: {
        export: { exempt: 'copies of the live tables, which are exported' },
        erase: {
          exempt: 'recovery points expire on schedule; a restore must be followed by the erasure again',
        },
        withdraw: {
          exempt: 'recovery points expire on schedule; a restore must be followed by the withdrawal again',
        },
      },
    },
    {
      store: 'CTR stream and delivery',
      kind: 'Kinesis stream, Firehose',
      resources: [
        { type: 'AWS::Kinesis::Stream', id: /^CtrStream/ },
        { type: 'AWS::KinesisFirehose::DeliveryStream', id: /^CtrDelivery/ },
        { type: 'AWS::Logs::LogGroup', id: /^CtrDeliveryLogs/ },
      ],
      holds:
        "Connect's contact records in transit, caller number included, until the transformation hashes it",
      whose: 'all callers',
      key: 'shard / record',
      retention: 'stream 24 hours',
      readers: 'the Firehose delivery stream only',
      dsar: {
        export: { exempt: 'in transit for at most 24 hours; the lake copy is exported' },
        erase: { exempt: 'expires within 24 hours' },
        withdraw: { exempt: 'no caller words' },
      },
    },
    {
      store: 'Function logs',
      kind: 'CloudWatch log groups',
      resources: [{ type: 'AWS::Logs::LogGroup', id: /(FunctionLogs|AccessReviewLogs)/ }],
      holds:
        'operational logs: contact ids, intents, counts; never caller numbers, card digits or words (log scans in tests)',
      whose: 'no caller data',
      key: 'log stream per function instance',
      retention: `${logs} days`,
      readers: 'operators',
      dsar: {
        export: { exempt: 'no caller data by design' },
        erase: { exempt: `no caller data by design; expires after ${logs} days` },
        withdraw: { exempt: 'no caller words by design' },
      },
    },
    {
      store: 'Queues and alerts',
      kind: 'SQS queues, SNS topic',
      resources: [
        { type: 'AWS::SQS::Queue', id: /./ },
        { type: 'AWS::SNS::Topic', id: /./ },
      ],
      holds:
        'event envelopes (contact ids, keys), order events (order number, product, quantity, amount, status; the fulfilment queue) and alert texts; no caller words',
      whose: 'no caller data',
      key: 'message id',
      retention: '4 to 14 days',
      readers: 'the consuming function; operators for dead letters',
      dsar: {
        export: { exempt: NO_CALLER_DATA },
        erase: { exempt: `${NO_CALLER_DATA}; messages expire within 14 days` },
        withdraw: { exempt: NO_CALLER_DATA },
      },
    },
    {
      store: 'Lake schema',
      kind: 'Glue tables',
      resources: [{ type: 'AWS::Glue::Table', id: /./ }],
      holds: 'column definitions only',
      whose: 'no caller data',
      key: 'table name',
      retention: 'kept',
      readers: 'Athena',
      dsar: {
        export: { exempt: 'schema only' },
        erase: { exempt: 'schema only' },
        withdraw: { exempt: 'schema only' },
      },
    },
    {
      store: 'Amazon Lex stored utterances',
      kind: 'Lex V2 bot (service-side)',
      resources: [{ type: 'AWS::Lex::Bot', id: /./ }],
      holds:
        'what callers said to the bot: 15 days for utterance statistics, and for improving the bot until DeleteUtterances',
      whose: 'all callers',
      key: 'bot, locale, session id',
      retention:
        'improvement copy: until DeleteUtterances (after every non-granted call); statistics copy: 15 days',
      readers: 'AWS (service improvement unless the AI services opt-out policy applies)',
      dsar: {
        export: {
          exempt: 'Lex offers no per-session read of stored utterances; the turn records are exported',
        },
        erase: { does: 'DeleteUtterances for every session of the caller’s contacts' },
        withdraw: { does: 'DeleteUtterances for every session of the contact' },
      },
    },
    ...(config.textOriginationArn !== undefined ? [textServiceEntry()] : []),
    {
      store: 'Amazon Connect contact data',
      kind: 'Connect instance (service-side)',
      resources: [{ type: 'AWS::Connect::Instance', id: /./ }],
      holds:
        'contact records and flow logs of every call (caller number, attributes such as consent, intents, hand-over reason and order, post-call survey score, callback state; no words: no Contact Lens), out-of-hours callbacks waiting in the callback queue (a contact that holds the number to dial: the caller ID), and back-office tasks (refunds, unconfirmed payments, after-sales cases, low survey scores: contact id, order number, kind, reason category, consent; never the caller words)',
      whose: 'all callers',
      key: 'contact id',
      retention: 'as Amazon Connect keeps contact records',
      readers: 'Connect administrators',
      dsar: {
        export: { exempt: 'the lake holds the same contact records (number as HMAC), which are exported' },
        erase: { exempt: 'Connect offers no API to delete a contact record; erased from the lake' },
        withdraw: { exempt: 'holds no caller words' },
      },
    },
  ];
}

/** What the templates hold that the inventory does not describe, and entries without handling. */
export function inventoryGaps(
  inventory: readonly InventoryEntry[],
  templates: readonly StackTemplate[],
): string[] {
  const gaps: string[] = [];
  for (const t of templates) {
    for (const [id, r] of Object.entries(t.resources)) {
      if (!(STORE_TYPES as readonly string[]).includes(r.Type)) continue;
      const covering = inventory.filter((e) => e.resources.some((m) => m.type === r.Type && m.id.test(id)));
      if (covering.length === 0) gaps.push(`${t.stack}/${id} (${r.Type}) is in no inventory entry`);
      if (covering.length > 1) {
        gaps.push(
          `${t.stack}/${id} (${r.Type}) is in ${covering.length} entries: ${covering.map((e) => e.store).join(', ')}`,
        );
      }
    }
  }
  for (const e of inventory) {
    for (const kind of ['export', 'erase', 'withdraw'] as const) {
      const h = e.dsar[kind] as Partial<{ does: string; exempt: string }> | undefined;
      const text = h?.does ?? h?.exempt ?? '';
      if (text.trim().length === 0) gaps.push(`${e.store}: no ${kind} handling or stated exemption`);
    }
  }
  return gaps;
}
