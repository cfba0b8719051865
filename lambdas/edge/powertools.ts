import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

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

/**
 * Emits one count (1 unless given) right away, with at most one dimension.
 *
 * Each data point gets its own single-metric instance because the shared `metrics` buffer is
 * process-wide: a dimension added to it would leak into the metrics of other invocations running
 * concurrently in the same process (and into later ones until the next flush).
 *
 * @param name the metric name
 * @param dimension an optional dimension for this data point only
 * @param count how many (default 1)
 */
export function countMetric(
  name: string,
  dimension?: { readonly name: string; readonly value: string },
  count = 1,
): void {
  const single = metrics.singleMetric();
  if (dimension) single.addDimension(dimension.name, dimension.value);
  single.addMetric(name, MetricUnit.Count, count);
}
