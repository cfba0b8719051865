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
  /**
   * The longest one invocation can wait on a third party outside AWS (the payment gateway) along
   * that path, its own deadlines included: the adapter's worst case, checked against it in
   * test/infra/io-budgets.test.ts. @default 0
   */
  readonly gatewayMs?: number;
}

/** The worst time one SDK call can take under a budget. */
export function worstCallMs(b: IoBudget): number {
  return b.maxAttempts * (b.connectionTimeoutMs + b.requestTimeoutMs) + (b.maxAttempts - 1) * b.retryDelayMs;
}

/** The worst time an invocation can spend on I/O under a budget (AWS calls and the gateway). */
export function worstInvocationMs(b: IoBudget): number {
  return b.longestPath * worstCallMs(b) + (b.gatewayMs ?? 0);
}

/**
 * The code hook's SendTextMessage client: one attempt (the API takes no idempotency token, so an
 * SDK retry after a timeout could send a second text; a timeout is told as "not confirmed"
 * instead), with a longer wait for that one attempt; never longer than one fulfillment call, so
 * the fulfillment path count holds (test/infra/io-budgets.test.ts).
 */
export const TEXT_SEND_BUDGET: IoBudget = {
  connectionTimeoutMs: 200,
  requestTimeoutMs: 1_000,
  maxAttempts: 1,
  retryDelayMs: 0,
  longestPath: 1,
};

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
  /**
   * A product-link text: agreement put (a refused put returns the item there), DescribeContact,
   * SendTextMessage (its own client, {@link TEXT_SEND_BUDGET}), the outcome; then the turn record. (A placed order is one less: quote read,
   * transaction, read of the first result on a retry, turn record.)
   */
  fulfillment: {
    connectionTimeoutMs: 200,
    requestTimeoutMs: 500,
    maxAttempts: 2,
    retryDelayMs: 100,
    longestPath: 5,
  },
  /**
   * The longest path settles an earlier, unsettled attempt and then charges anew: attempt read,
   * order read, the holder's attempt read, (gateway lookup), the holder's completion transaction
   * and the attempt-only update when the order moved meanwhile, order re-read, private-key secret
   * (first call of a container), claim transaction, (gateway charge, gateway lookup when the
   * charge got no answer), completion transaction or lock release: 9 calls (a second race on the
   * same order in one invocation is not counted). DynamoDB and Secrets Manager answer in-region
   * in milliseconds, so a short timeout with one retry bounds a stall at 370 ms a call: 3.33 s.
   * The gateway's share is Stripe's worst (lambdas/aws/stripe-gateway.ts, `stripeWorstPaymentMs`:
   * 0.75 s lookup + 2.5 s charge + 0.75 s lookup), 7.33 s in all, inside Connect's 8 s.
   */
  payment: {
    connectionTimeoutMs: 50,
    requestTimeoutMs: 120,
    maxAttempts: 2,
    retryDelayMs: 30,
    longestPath: 9,
    gatewayMs: 4_000,
  },
  /** One SuspendContactRecording or ResumeContactRecording. */
  'recording-control': {
    connectionTimeoutMs: 200,
    requestTimeoutMs: 500,
    maxAttempts: 2,
    retryDelayMs: 100,
    longestPath: 1,
  },
  /** One StartTaskContact (a low score's case); the caller is waiting to hear "thank you". */
  survey: {
    connectionTimeoutMs: 200,
    requestTimeoutMs: 500,
    maxAttempts: 2,
    retryDelayMs: 100,
    longestPath: 1,
  },
} as const satisfies Record<string, IoBudget>;

/** A caller-facing function. */
export type CallerFacingFunction = keyof typeof IO_BUDGETS;
