import type { LakeTable } from '../../../lambdas/contracts/lake';

/**
 * Column model of the lake tables: one source for the Glue tables (Athena) and the DuckDB views
 * (local analytics), so the named queries see the same columns on both engines. Names are the
 * JSON keys of lambdas/contracts/lake.ts; Glue lower-cases them and both engines resolve identifiers
 * case-insensitively, so queries may write `InitiationTimestamp` or `initiationtimestamp`.
 */

/** A column type: a scalar, a struct or an array. */
export type ColumnType =
  | 'string'
  | 'int'
  | 'bigint'
  | 'double'
  | 'boolean'
  | { readonly struct: readonly Column[] }
  | { readonly array: ColumnType };

/** One column (or struct field). */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

const s = (name: string): Column => ({ name, type: 'string' });
const struct = (name: string, fields: readonly Column[]): Column => ({ name, type: { struct: fields } });

/**
 * Columns per lake table, in layout order. Timestamps stay ISO-8601 strings (as written) and are
 * parsed in queries with `from_iso8601_timestamp`, which both engines support (DuckDB by macro).
 */
export const LAKE_COLUMNS: { readonly [T in LakeTable]: readonly Column[] } = {
  ctr: [
    s('AWSContactTraceRecordFormatVersion'),
    s('ContactId'),
    s('InitialContactId'),
    s('PreviousContactId'),
    s('Channel'),
    s('InitiationMethod'),
    s('InitiationTimestamp'),
    s('ConnectedToSystemTimestamp'),
    s('DisconnectTimestamp'),
    s('LastUpdateTimestamp'),
    s('DisconnectReason'),
    s('InstanceARN'),
    struct('CustomerEndpoint', [s('Type')]),
    struct('SystemEndpoint', [s('Type'), s('Address')]),
    struct('Attributes', [
      s('consent'),
      s('locale'),
      s('callerHmac'),
      s('noticeVersion'),
      s('intents'),
      s('surveyScore'),
      s('surveyResolved'),
      s('surveyCase'),
      s('callerId'),
      s('callback'),
    ]),
    struct('Queue', [
      s('ARN'),
      s('Name'),
      s('EnqueueTimestamp'),
      s('DequeueTimestamp'),
      { name: 'Duration', type: 'int' },
    ]),
    struct('Agent', [s('ARN'), s('ConnectedToAgentTimestamp')]),
    struct('Recording', [s('Location'), s('Status'), s('Type'), s('DeletionReason')]),
  ],
  consents: [
    s('eventName'),
    s('eventTimestamp'),
    s('contactId'),
    s('event'),
    s('decision'),
    s('noticeVersion'),
    s('noticeSha256'),
    s('locale'),
    s('callerHmac'),
    s('decidedAt'),
    s('withdrawnAt'),
    s('withdrawnVia'),
    s('channel'),
  ],
  orders: [
    s('eventName'),
    s('eventTimestamp'),
    s('orderId'),
    s('callerHmac'),
    s('contactId'),
    s('sku'),
    { name: 'quantity', type: 'int' },
    s('currency'),
    { name: 'unitPriceMinor', type: 'bigint' },
    { name: 'totalMinor', type: 'bigint' },
    s('status'),
    s('locale'),
    s('createdAt'),
    s('updatedAt'),
  ],
  transcripts: [
    s('contactId'),
    s('locale'),
    { name: 'seq', type: 'int' },
    s('participant'),
    s('content'),
    { name: 'redactions', type: 'int' },
    s('timestamp'),
  ],
  turns: [
    s('contactId'),
    s('turn'),
    s('at'),
    s('sessionId'),
    s('localeId'),
    s('locale'),
    s('intent'),
    s('source'),
    s('inputMode'),
    s('consent'),
    s('outcome'),
    s('slots'),
    { name: 'nluConfidence', type: 'double' },
    { name: 'words', type: 'int' },
    { name: 'characters', type: 'int' },
    s('text'),
    { name: 'redactions', type: 'int' },
    s('sensitive'),
  ],
};

/** Partition column of every lake table (layout: `<table>/dt=YYYY-MM-DD/`). */
export const PARTITION_COLUMN = 'dt';

/** Name of the CloudTrail table (Athena's documented CloudTrail layout). */
export const CLOUDTRAIL_TABLE = 'cloudtrail_logs';

/**
 * The CloudTrail columns the audit queries use, as in the Athena documentation's CloudTrail table
 * (CloudTrailSerde): JSON-valued fields such as `requestparameters` are strings.
 */
export const CLOUDTRAIL_COLUMNS: readonly Column[] = [
  s('eventversion'),
  struct('useridentity', [
    s('type'),
    s('principalid'),
    s('arn'),
    s('accountid'),
    s('invokedby'),
    s('accesskeyid'),
    s('username'),
  ]),
  s('eventtime'),
  s('eventsource'),
  s('eventname'),
  s('awsregion'),
  s('sourceipaddress'),
  s('useragent'),
  s('errorcode'),
  s('errormessage'),
  s('requestparameters'),
  s('responseelements'),
  s('additionaleventdata'),
  s('requestid'),
  s('eventid'),
  { name: 'resources', type: { array: { struct: [s('arn'), s('accountid'), s('type')] } } },
  s('eventtype'),
  s('apiversion'),
  s('readonly'),
  s('recipientaccountid'),
  s('sharedeventid'),
  s('vpcendpointid'),
];

/** The Hive/Glue type string of a column type, e.g. `struct<type:string,arn:string>`. */
export function glueType(type: ColumnType): string {
  if (typeof type === 'string') return type;
  if ('array' in type) return `array<${glueType(type.array)}>`;
  return `struct<${type.struct.map((f) => `${f.name.toLowerCase()}:${glueType(f.type)}`).join(',')}>`;
}

/** The DuckDB type of a column type, e.g. `STRUCT("Type" VARCHAR)`. */
export function duckdbType(type: ColumnType): string {
  if (typeof type === 'string') {
    return { string: 'VARCHAR', int: 'INTEGER', bigint: 'BIGINT', double: 'DOUBLE', boolean: 'BOOLEAN' }[
      type
    ];
  }
  if ('array' in type) return `${duckdbType(type.array)}[]`;
  return `STRUCT(${type.struct.map((f) => `"${f.name}" ${duckdbType(f.type)}`).join(', ')})`;
}
