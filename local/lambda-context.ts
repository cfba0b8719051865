import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * The Lambda context the offline runtime passes to a handler: the fields Powertools reads, a
 * deadline, and an ARN that is clearly not a real function's.
 *
 * @param functionName the function folder (`consent`, `fulfillment`, ...) or an ARN's last part
 * @param options.timeoutMs what `getRemainingTimeInMillis` counts down from @default 30 000
 * @param options.requestId @default a random UUID
 */
export function localContext(
  functionName: string,
  options: { readonly timeoutMs?: number; readonly requestId?: string; readonly functionArn?: string } = {},
): Context {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: options.functionArn ?? `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
