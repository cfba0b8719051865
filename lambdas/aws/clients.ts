import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { IoBudget } from '../contracts/io-budgets';

/**
 * Client settings from an I/O budget: connection and response timeouts on the HTTP handler, a
 * fixed number of attempts and a fixed retry delay, so the longest an SDK call can take is
 * `worstCallMs(budget)`. Pass the result to any AWS SDK v3 client constructor.
 */
export function boundedClientConfig(budget: IoBudget) {
  return {
    maxAttempts: budget.maxAttempts,
    retryStrategy: new ConfiguredRetryStrategy(budget.maxAttempts, budget.retryDelayMs),
    requestHandler: {
      connectionTimeout: budget.connectionTimeoutMs,
      requestTimeout: budget.requestTimeoutMs,
      // Without this, @smithy/node-http-handler only logs a warning when requestTimeout passes
      // and keeps waiting: the caller would hear silence until Connect gives up.
      throwOnRequestTimeout: true,
    },
  };
}
