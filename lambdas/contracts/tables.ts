/**
 * The key schema of every DynamoDB table, in one place: the CDK constructs and the
 * offline runtime (DynamoDB Local) both build their tables from these specs, so a key
 * change can never drift between the cloud and a developer's machine.
 */

/** DynamoDB scalar key attribute types. */
export type KeyType = 'S' | 'N';

/** One key attribute. */
export interface KeySpec {
  readonly name: string;
  readonly type: KeyType;
}

/** A global secondary index (always projecting all attributes). */
export interface IndexSpec {
  readonly indexName: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
}

/** The shape of one table. */
export interface TableSpec {
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
  readonly indexes: readonly IndexSpec[];
  /** Attribute holding an epoch-seconds expiry, when the table uses TTL. */
  readonly ttlAttribute?: string;
  /** Publish new item images on a DynamoDB stream (feeds the analytics lake). @default false */
  readonly stream?: boolean;
}

/** Name of the orders index by caller HMAC and creation time. */
export const ORDERS_BY_CALLER_INDEX = 'byCaller';
/**
 * Name of the orders index by status and last change: what staff work through (orders to ship,
 * refunds due) and what the overdue-refund check reads, oldest first.
 */
export const ORDERS_BY_STATUS_INDEX = 'byStatus';

/** Sort-key values of the consent ledger: one decision per contact, then at most one withdrawal. */
export const CONSENT_EVENTS = { decision: 'DECISION', withdrawn: 'WITHDRAWN' } as const;
/** One kind of consent ledger event. */
export type ConsentEventKind = (typeof CONSENT_EVENTS)[keyof typeof CONSENT_EVENTS];

/**
 * Names of the catalog indexes by category and price, one per currency: a recommendation reads
 * the dearest products within a budget of one category with one bounded Query, whatever the
 * size of the catalog.
 */
export const CATALOG_BY_CATEGORY_PRICE_INDEX = {
  USD: 'byCategoryPriceUSD',
  CNY: 'byCategoryPriceCNY',
} as const;

/** Every table of phone-robot, by logical name. */
export const TABLE_SPECS = {
  /** Products: names and descriptions per locale, price in minor units, stock. */
  catalog: {
    partitionKey: { name: 'sku', type: 'S' },
    indexes: [
      {
        indexName: CATALOG_BY_CATEGORY_PRICE_INDEX.USD,
        partitionKey: { name: 'category', type: 'S' },
        sortKey: { name: 'priceUSD', type: 'N' },
      },
      {
        indexName: CATALOG_BY_CATEGORY_PRICE_INDEX.CNY,
        partitionKey: { name: 'category', type: 'S' },
        sortKey: { name: 'priceCNY', type: 'N' },
      },
    ],
  },
  /** Orders; callers find their own through the caller-HMAC index. */
  orders: {
    partitionKey: { name: 'orderId', type: 'S' },
    stream: true,
    indexes: [
      {
        indexName: ORDERS_BY_CALLER_INDEX,
        partitionKey: { name: 'callerHmac', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
      },
      {
        indexName: ORDERS_BY_STATUS_INDEX,
        partitionKey: { name: 'status', type: 'S' },
        sortKey: { name: 'updatedAt', type: 'S' },
      },
    ],
  },
  /**
   * Append-only consent evidence, an event log per contact: the `DECISION` the caller took at the
   * notice and, later, at most one `WITHDRAWN`. Each item is written once and never changed.
   */
  consentLedger: {
    partitionKey: { name: 'contactId', type: 'S' },
    sortKey: { name: 'event', type: 'S' },
    stream: true,
    // No index by caller: a data-subject request or a staff withdrawal scans with a filter (rare,
    // operator-run), so caller HMACs are not put into a second, queryable structure.
    indexes: [],
  },
  /**
   * What the bot heard, one item per code-hook turn (partition `contactId`, sort `turn`): intent,
   * slot outcomes and counts for every caller; the redacted words only while the caller's
   * consent is GRANTED. After the call the after-call function writes the contact's turns to the
   * lake (words only if consent still stands). Expired by TTL.
   */
  turns: {
    partitionKey: { name: 'contactId', type: 'S' },
    sortKey: { name: 'turn', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
  /** Idempotency records for retried requests; expired by TTL. */
  idempotency: { partitionKey: { name: 'key', type: 'S' }, indexes: [], ttlAttribute: 'expiresAt' },
  /**
   * Agreements to a text with a product's link (partition `contactId`, sort `sku`): the caller
   * HMAC, the question they said yes to, when, and what the sending service answered; never the
   * number itself. Expired by TTL after `retentionDays`.
   */
  textMessages: {
    partitionKey: { name: 'contactId', type: 'S' },
    sortKey: { name: 'sku', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
  /** One audit record per data-subject request (export or erase); never holds the caller's HMAC. */
  dsarAudit: { partitionKey: { name: 'requestId', type: 'S' }, indexes: [] },
} as const satisfies Record<string, TableSpec>;

/** Logical table name. */
export type TableName = keyof typeof TABLE_SPECS;

/** Logical table names in a stable order. */
export const TABLE_NAMES = Object.keys(TABLE_SPECS) as readonly TableName[];

/** Environment variable that carries a table's physical name to a Lambda or CLI. */
export const TABLE_ENV: Record<TableName, string> = {
  catalog: 'CATALOG_TABLE',
  orders: 'ORDERS_TABLE',
  consentLedger: 'CONSENT_TABLE',
  turns: 'TURNS_TABLE',
  idempotency: 'IDEMPOTENCY_TABLE',
  dsarAudit: 'DSAR_AUDIT_TABLE',
  textMessages: 'TEXT_MESSAGES_TABLE',
};
