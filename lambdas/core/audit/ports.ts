/**
 * Ports of the weekly access review (COMPLIANCE C8). The AWS adapters are
 * `lambdas/aws/athena-audit-query.ts` and `lambdas/aws/sns-report-publisher.ts`; tests pass fakes
 * or run the same SQL on DuckDB.
 */

/** Where a query execution stands (Athena's QueryExecutionState). */
export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** The state of one query execution, with the engine's reason when it ended badly. */
export interface QueryStatus {
  readonly state: QueryState;
  readonly reason?: string | undefined;
}

/** One row of a result: column name → value (null for SQL NULL). */
export type ResultRow = Readonly<Record<string, string | null>>;

/** One page of a query's result rows. */
export interface ResultPage {
  readonly rows: readonly ResultRow[];
  /** Set when more rows follow. */
  readonly nextToken?: string | undefined;
}

/** The access-review query in the query engine (Athena's named query in the analytics workgroup). */
export interface AuditQuery {
  /**
   * Starts the query with its positional parameters (plain values; the adapter quotes them).
   *
   * @param requestToken idempotency token: a retry with the same token starts no second query
   * @returns the execution id
   */
  start(parameters: readonly string[], requestToken: string): Promise<string>;
  /** The execution's state. */
  status(executionId: string): Promise<QueryStatus>;
  /** One page of rows of a SUCCEEDED execution, the header row excluded. */
  page(executionId: string, nextToken?: string): Promise<ResultPage>;
  /** Stops an execution that is still running. */
  stop(executionId: string): Promise<void>;
}

/** Delivers the report to the security officer (the alert topic). */
export interface ReportPublisher {
  /**
   * Sends one message.
   *
   * @param subject one line of printable ASCII, at most 100 characters (e-mail subject)
   * @param message plain text, at most {@link MAX_MESSAGE_BYTES} bytes of UTF-8
   */
  publish(subject: string, message: string): Promise<void>;
}

/** SNS accepts at most 262,144 bytes per message; the report stays well below. */
export const MAX_MESSAGE_BYTES = 200_000;
