import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Per-process Powertools singletons. Service name and namespace come from the
 * POWERTOOLS_* variables the function construct sets; the defaults serve local runs.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'phone-robot' });

/** Business and technical metrics in CloudWatch EMF. */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'PhoneRobot',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'phone-robot',
});

/** X-Ray tracer; disabled outside Lambda by POWERTOOLS_TRACE_ENABLED=false. */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'phone-robot' });
