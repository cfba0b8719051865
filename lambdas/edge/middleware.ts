import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, metrics } from './powertools';

/**
 * Publishes the invocation's buffered metrics (and the cold-start metric once) after the handler,
 * also when it throws. Unlike Powertools' `logMetrics`, an invocation that buffered nothing logs
 * nothing: most of our counts are single metrics flushed at once (see `countMetric`), and a
 * warning per turn would only bury real warnings.
 */
function publishMetrics(): MiddlewareObj<unknown, unknown, Error, Context> {
  const publish = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return {
    before: (request) => {
      metrics.captureColdStartMetric(request.context.functionName);
    },
    after: publish,
    onError: publish,
  };
}

/** A handler with its Lambda context, as middy calls it. */
export type Handle<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * Adds the shared stack to a middy chain, in Powertools' order: metrics, then the logger (Lambda
 * context in every line; the event is never logged, whatever POWERTOOLS_LOGGER_LOG_EVENT says,
 * because events carry what callers said and their numbers).
 */
export function withMetricsAndLogs<E, R>(chain: middy.MiddyfiedHandler<E, R, Error, Context>) {
  return chain
    .use(publishMetrics() as MiddlewareObj<E, R, Error, Context>)
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }));
}

/** A middy chain that gives the offline runtime's bare context objects a value. */
export function chain<E, R>() {
  return middy<E, R, Error, Context>().before((request) => {
    request.context ??= {} as Context;
  });
}

/**
 * The middleware stack of every function a caller waits on (consent, fulfillment, payment,
 * recording control): metrics and logs. No X-Ray SDK on the caller's path: see `./tracer.ts`.
 *
 * @param handle the thin adapter: parse the event, call the domain, map the result
 */
export function callerFacing<E, R>(handle: Handle<E, R>) {
  return withMetricsAndLogs(chain<E, R>()).handler(handle);
}
