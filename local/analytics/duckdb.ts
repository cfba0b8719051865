import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import { LAKE_TABLES, type LakeTable } from '../../lambdas/contracts/lake';
import {
  CLOUDTRAIL_COLUMNS,
  CLOUDTRAIL_TABLE,
  type Column,
  duckdbType,
  LAKE_COLUMNS,
  PARTITION_COLUMN,
} from '../../lib/constructs/analytics-lake/schema';

/**
 * The named Athena queries on DuckDB, over the local lake the simulator writes. The SQL runs
 * unmodified: a few macros give DuckDB the Trino functions the queries use, and one view per
 * Glue table reads the partition folders with the same columns as the Glue table.
 */

/**
 * Trino functions the named queries use that DuckDB lacks or names differently. Everything else
 * they use (`date_diff`, `hour`, `round`, `coalesce`, window functions, CAST to date/double) has
 * the same name and meaning in both engines.
 */
export const TRINO_MACROS: readonly string[] = [
  // Trino: timestamp(3) with time zone from ISO 8601; the session zone is UTC (see below).
  'CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  // Trino: JSONPath scalar as varchar (NULL for objects/arrays and missing paths).
  'CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)',
];

/** Where the local data lives. */
export interface LocalLakeOptions {
  /** The lake root: `<lake>/<table>/dt=YYYY-MM-DD/part-*.jsonl` (e.g. `.local-data/lake`). */
  readonly lakeDir: string;
  /**
   * Folder of CloudTrail log files (`{"Records":[...]}`, `.json` or `.json.gz`, any depth) for
   * the audit queries. @default none: `cloudtrail_logs` is an empty table
   */
  readonly cloudtrailDir?: string;
}

/** A query result with plain JSON values (dates and timestamps as ISO strings). */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string | number | boolean | null | object>[];
}

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** A `columns={...}` argument of read_json for a column list. */
function columnsArgument(columns: readonly Column[]): string {
  return `{${columns.map((c) => `${quote(c.name)}: ${quote(duckdbType(c.type))}`).join(', ')}}`;
}

/** An empty relation with the given columns, for tables without files. */
function emptyRelation(columns: readonly Column[], extra: readonly string[] = []): string {
  const list = [
    ...columns.map((c) => `CAST(NULL AS ${duckdbType(c.type)}) AS "${c.name}"`),
    ...extra.map((e) => `CAST(NULL AS VARCHAR) AS "${e}"`),
  ];
  return `SELECT ${list.join(', ')} WHERE false`;
}

function hasFiles(dir: string, suffix: RegExp): boolean {
  if (!existsSync(dir)) return false;
  return (readdirSync(dir, { recursive: true }) as string[]).some((f) => suffix.test(f));
}

/** The view over one lake table's partition folders. */
export function lakeViewSql(lakeDir: string, table: LakeTable): string {
  const columns = LAKE_COLUMNS[table];
  const dir = join(lakeDir, table);
  const body = hasFiles(dir, /\.jsonl$/)
    ? `SELECT * FROM read_json(${quote(`${dir}/*/*.jsonl`)}, format = 'newline_delimited', ` +
      `hive_partitioning = true, hive_types = {'${PARTITION_COLUMN}': 'VARCHAR'}, ` +
      `columns = ${columnsArgument(columns)})`
    : emptyRelation(columns, [PARTITION_COLUMN]);
  return `CREATE OR REPLACE VIEW ${table} AS ${body}`;
}

/** The CloudTrail view: one row per record, JSON-valued fields as strings (like CloudTrailSerde). */
export function cloudtrailViewSql(dir: string | undefined): string {
  if (!dir || !hasFiles(dir, /\.json(\.gz)?$/)) {
    return `CREATE OR REPLACE VIEW ${CLOUDTRAIL_TABLE} AS ${emptyRelation(CLOUDTRAIL_COLUMNS)}`;
  }
  const field = (c: Column): string => {
    const key = c.name;
    const path = `$.${camel(key)}`;
    if (c.type === 'string') {
      // JSON-valued fields stay JSON text (as CloudTrailSerde gives them); scalars become strings.
      return JSON_TEXT_COLUMNS.has(key)
        ? `CAST(json_extract(e, '${path}') AS VARCHAR) AS ${key}`
        : `json_extract_string(e, '${path}') AS ${key}`;
    }
    if (typeof c.type === 'object' && 'struct' in c.type) {
      const fields = c.type.struct.map(
        (f) => `${f.name} := json_extract_string(e, '${path}.${camel(f.name)}')`,
      );
      return `struct_pack(${fields.join(', ')}) AS ${key}`;
    }
    // resources: array<struct<arn, accountid, type>>; CloudTrail spells the keys ARN, accountId, type.
    return (
      `list_transform(CAST(coalesce(json_extract(e, '${path}'), '[]') AS JSON[]), ` +
      `x -> struct_pack(arn := json_extract_string(x, '$.ARN'), accountid := json_extract_string(x, '$.accountId'), ` +
      `type := json_extract_string(x, '$.type'))) AS ${key}`
    );
  };
  const files = quote(`${dir}/**/*.json*`);
  return (
    `CREATE OR REPLACE VIEW ${CLOUDTRAIL_TABLE} AS ` +
    `WITH r AS (SELECT unnest(Records) AS e FROM read_json(${files}, columns = {'Records': 'JSON[]'})) ` +
    `SELECT ${CLOUDTRAIL_COLUMNS.map(field).join(', ')} FROM r`
  );
}

/** CloudTrail's JSON keys are camelCase; the Athena columns are their lower-case forms. */
const CLOUDTRAIL_KEYS: Readonly<Record<string, string>> = {
  eventversion: 'eventVersion',
  useridentity: 'userIdentity',
  eventtime: 'eventTime',
  eventsource: 'eventSource',
  eventname: 'eventName',
  awsregion: 'awsRegion',
  sourceipaddress: 'sourceIPAddress',
  useragent: 'userAgent',
  errorcode: 'errorCode',
  errormessage: 'errorMessage',
  requestparameters: 'requestParameters',
  responseelements: 'responseElements',
  additionaleventdata: 'additionalEventData',
  requestid: 'requestID',
  eventid: 'eventID',
  resources: 'resources',
  eventtype: 'eventType',
  apiversion: 'apiVersion',
  readonly: 'readOnly',
  recipientaccountid: 'recipientAccountId',
  sharedeventid: 'sharedEventID',
  vpcendpointid: 'vpcEndpointId',
  // userIdentity fields
  principalid: 'principalId',
  accountid: 'accountId',
  invokedby: 'invokedBy',
  accesskeyid: 'accessKeyId',
  username: 'userName',
};
const camel = (column: string): string => CLOUDTRAIL_KEYS[column] ?? column;

/** CloudTrail fields whose value is a JSON object, kept as JSON text. */
const JSON_TEXT_COLUMNS = new Set(['requestparameters', 'responseelements', 'additionaleventdata']);

const INTEGER_TYPES = new Set<number>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.DECIMAL,
]);

/** DuckDB with the Trino macro layer and the lake views. */
export class LocalAnalytics {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens an in-memory DuckDB over the local lake. Views read the files at query time. */
  static async open(options: LocalLakeOptions): Promise<LocalAnalytics> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    // Athena evaluates in UTC; so must DuckDB for casts to date and hour().
    await connection.run("SET TimeZone = 'UTC'");
    for (const macro of TRINO_MACROS) await connection.run(macro);
    const lakeDir = resolve(options.lakeDir);
    for (const table of LAKE_TABLES) await connection.run(lakeViewSql(lakeDir, table));
    await connection.run(
      cloudtrailViewSql(options.cloudtrailDir ? resolve(options.cloudtrailDir) : undefined),
    );
    return new LocalAnalytics(instance, connection);
  }

  /** Runs one statement; integers come back as numbers, dates and timestamps as strings. */
  async run(sql: string): Promise<QueryResult> {
    const result = await this.connection.runAndReadAll(sql);
    const columns = result.columnNames();
    const integer = result.columnTypes().map((t) => INTEGER_TYPES.has(t.typeId));
    const rows = result.getRowObjectsJson().map((row) => {
      const out: Record<string, string | number | boolean | null | object> = {};
      columns.forEach((name, i) => {
        const value = row[name] ?? null;
        out[name] = integer[i] && typeof value === 'string' ? Number(value) : (value as never);
      });
      return out;
    });
    return { columns, rows };
  }

  /** Releases the database. */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
