/**
 * How long a function may wait on AWS while a caller waits on it. Each caller-facing function's
 * SDK clients get these timeouts and retries (lambdas/aws/clients.ts); the function construct's
 * timeout and the flow's InvocationTimeLimitSeconds are checked against the worst case
 * (test/infra/io-budgets.test.ts), so a stalled dependency turns into a polite answer before
 * Amazon Connect (at most 8 s) or Lex gives up on the function.
 */

/** The I/O limits of one function. */
export interface IoBudget {
  /** Time to open a TCP connection (and TLS) before the attempt fails. */
  readonly connectionTimeoutMs: number;
  /** Time a request may wait for its response before the attempt fails. */
  readonly requestTimeoutMs: number;
  /** Attempts per SDK call, the first included. */
  readonly maxAttempts: number;
  /** Wait before a retry (fixed, so the worst case is known). */
  readonly retryDelayMs: number;
  /**
   * The most SDK calls one invocation makes one after another that can each take the whole
   * per-call time. Conflict retries inside a transaction loop do not count: DynamoDB answers a
   * conflict at once, and a call that times out ends the loop.
   */
  readonly longestPath: number;
}

/** The worst time one SDK call can take under a budget. */
export function worstCallMs(b: IoBudget): number {
  return b.maxAttempts * (b.connectionTimeoutMs + b.requestTimeoutMs) + (b.maxAttempts - 1) * b.retryDelayMs;
}

/** The worst time an invocation can spend on I/O under a budget. */
export function worstInvocationMs(b: IoBudget): number {
  return b.longestPath * worstCallMs(b);
}

/** Budgets of the caller-facing functions. */
export const IO_BUDGETS = {
  /** Secrets Manager (first call of a container), then the conditional put, then a read-back on a retry. */
  consent: {
    connectionTimeoutMs: 200,
    requestTimeoutMs: 500,
    maxAttempts: 2,
    retryDelayMs: 100,
    longestPath: 3,
  },
  /** A placed order: quote read, transaction, read of the first result on a retry; then the turn record. */
  fulfillment: {
    connectionTimeoutMs: 200,
    requestTimeoutMs: 500,
    maxAttempts: 2,
    retryDelayMs: 100,
    longestPath: 4,
  },
  /**
   * Key secret, order, attempt, claim transaction, completion transaction and a lock release on
   * failure. The gateway's own timeout is the gateway adapter's.
   */
  payment: {
    connectionTimeoutMs: 150,
    requestTimeoutMs: 400,
    maxAttempts: 2,
    retryDelayMs: 100,
    longestPath: 6,
  },
  /** One SuspendContactRecording or ResumeContactRecording. */
  'recording-control': {
    connectionTimeoutMs: 200,
    requestTimeoutMs: 500,
    maxAttempts: 2,
    retryDelayMs: 100,
    longestPath: 1,
  },
} as const satisfies Record<string, IoBudget>;

/** A caller-facing function. */
export type CallerFacingFunction = keyof typeof IO_BUDGETS;
