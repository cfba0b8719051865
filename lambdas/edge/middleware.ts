import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from './powertools';

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

/**
 * The one middleware stack every handler runs in, in Powertools' recommended order: tracer
 * (a subsegment per invocation, no response captured), metrics, then the logger (Lambda context in
 * every line; the event is never logged, whatever POWERTOOLS_LOGGER_LOG_EVENT says, because
 * events carry what callers said and their numbers).
 *
 * @param handle the thin adapter: parse the event, call the domain, map the result
 */
export function withPowertools<E, R>(handle: (event: E, context: Context) => Promise<R>) {
  return middy<E, R, Error, Context>()
    .before((request) => {
      // The offline runtime may pass a bare object; Powertools reads a few fields only.
      request.context ??= {} as Context;
    })
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(publishMetrics() as MiddlewareObj<E, R, Error, Context>)
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .handler(handle);
}
