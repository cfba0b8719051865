import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { chain, type Handle, withMetricsAndLogs } from './middleware';

/**
 * The X-Ray tracer of the pipeline functions (transcription, lake feed, CTR transformation,
 * deploy hooks): a subsegment per invocation and per AWS SDK call. The caller-facing functions do
 * without it: the X-Ray SDK is a quarter of their bundle and of their import time, and Lambda's
 * active tracing still records their invocations (see the README's design notes). Disabled
 * outside Lambda, or by POWERTOOLS_TRACE_ENABLED=false.
 */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'phone-robot' });

/**
 * The middleware stack of the pipeline functions: the tracer first (a subsegment per
 * invocation, no response captured), then the caller-facing stack's metrics and logs.
 *
 * @param handle the thin adapter
 */
export function pipeline<E, R>(handle: Handle<E, R>) {
  return withMetricsAndLogs(
    chain<E, R>().use(captureLambdaHandler(tracer, { captureResponse: false })),
  ).handler(handle);
}
