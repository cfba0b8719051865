import {
  type AthenaClient,
  GetNamedQueryCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { AuditQuery, QueryState, QueryStatus, ResultPage, ResultRow } from '../core/audit/ports';

/** Settings of {@link AthenaAuditQuery}. */
export interface AthenaAuditQuerySettings {
  /** The workgroup: it enforces the encrypted result location and the scan limit. */
  readonly workGroup: string;
  /** Id of the deployed named query (analytics/queries/<name>.sql, unchanged). */
  readonly namedQueryId: string;
}

/** Rows per GetQueryResults call (Athena's maximum). */
const PAGE_SIZE = 1_000;

/**
 * An execution parameter as Athena wants it: a string is a quoted SQL literal. The review only
 * passes instants it computed itself; anything that could close the quote is refused, not escaped.
 */
export function athenaStringLiteral(value: string): string {
  if (!/^[0-9A-Za-z:.+-]{1,64}$/.test(value)) {
    throw new Error(`execution parameter ${JSON.stringify(value)} is not an ISO 8601 instant`);
  }
  return `'${value}'`;
}

const STATES = new Set<QueryState>(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);

/**
 * The access-review query in Athena: the named query's text and database are read at each start,
 * so the query that runs is the one deployed from `analytics/queries/`, never a copy.
 */
export class AthenaAuditQuery implements AuditQuery {
  constructor(
    private readonly client: AthenaClient,
    private readonly settings: AthenaAuditQuerySettings,
  ) {}

  async start(parameters: readonly string[], requestToken: string): Promise<string> {
    const named = await this.client.send(
      new GetNamedQueryCommand({ NamedQueryId: this.settings.namedQueryId }),
    );
    const sql = named.NamedQuery?.QueryString;
    if (!sql) throw new Error(`named query ${this.settings.namedQueryId} has no query text`);
    const out = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: this.settings.workGroup,
        QueryExecutionContext: { Database: named.NamedQuery?.Database },
        ExecutionParameters: parameters.map(athenaStringLiteral),
        ClientRequestToken: requestToken,
      }),
    );
    if (!out.QueryExecutionId) throw new Error('StartQueryExecution returned no execution id');
    return out.QueryExecutionId;
  }

  async status(executionId: string): Promise<QueryStatus> {
    const out = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId }));
    const state = out.QueryExecution?.Status?.State as QueryState | undefined;
    if (!state || !STATES.has(state))
      throw new Error(`query ${executionId} has an unknown state ${String(state)}`);
    return { state, reason: out.QueryExecution?.Status?.StateChangeReason };
  }

  async page(executionId: string, nextToken?: string): Promise<ResultPage> {
    const out = await this.client.send(
      new GetQueryResultsCommand({
        QueryExecutionId: executionId,
        NextToken: nextToken,
        MaxResults: PAGE_SIZE,
      }),
    );
    const columns = (out.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
    const values = (out.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue ?? null));
    // The first page of a SELECT starts with the column names as a row.
    const first = values[0];
    const body =
      nextToken === undefined && first && first.every((v, i) => v === columns[i]) ? values.slice(1) : values;
    const rows = body.map((v) => Object.fromEntries(columns.map((c, i) => [c, v[i] ?? null])) as ResultRow);
    return { rows, nextToken: out.NextToken };
  }

  async stop(executionId: string): Promise<void> {
    await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: executionId }));
  }
}
