import type { ChartDeclaration } from './chart';
import type { QueryResult } from './duckdb';

/**
 * The chart of each named query (analytics/queries/<name>.sql), declared next to the chart code
 * rather than in the SQL: the same SQL is deployed to Athena, which has no use for it. A query
 * without an entry gets the default bar chart (`defaultDeclaration`).
 */

/**
 * The short name of a principal ARN: `assumed-role/<role>/<session>` → `<role>/<session>`,
 * `user/<name>` → `user/<name>`; the account and partition are the same on every row.
 */
export function shortPrincipal(arn: unknown): string {
  if (typeof arn !== 'string' || arn === '') return '(unknown)';
  const resource = arn.split(':').slice(5).join(':');
  return resource.replace(/^assumed-role\//, '') || arn;
}

const withShortPrincipal = (rows: QueryResult['rows']): QueryResult['rows'] =>
  rows.map((r) => ({ ...r, principal: shortPrincipal(r.principal_arn) }));

/** Chart declarations by query name. */
export const QUERY_CHARTS: Readonly<Record<string, ChartDeclaration>> = {
  'call-duration': {
    title: 'Average call duration by locale',
    mark: 'column',
    category: 'locale',
    value: 'avg_duration_seconds',
  },
  'calls-per-hour': {
    title: 'Calls per hour of the day (UTC)',
    mark: 'column',
    category: 'hour_utc',
    categoryKind: 'hour',
    value: 'calls',
  },
  'callbacks-by-day': {
    title: 'Out-of-hours callbacks queued by day and locale',
    mark: 'column',
    category: 'day_utc',
    categoryKind: 'day',
    value: 'queued',
    series: 'locale',
  },
  'consent-rate-by-day': {
    title: 'Consent rate by day and locale',
    mark: 'column',
    category: 'day_utc',
    categoryKind: 'day',
    value: 'consent_rate',
    series: 'locale',
  },
  containment: {
    title: 'Containment by day and locale',
    mark: 'column',
    category: 'day_utc',
    categoryKind: 'day',
    value: 'containment_rate',
    series: 'locale',
  },
  'csat-by-intent': {
    title: 'Average post-call survey score (1 to 5) by intent and locale',
    mark: 'bar',
    category: 'intent',
    value: 'avg_score',
    series: 'locale',
  },
  'intent-distribution': {
    title: 'Calls per intent and locale',
    mark: 'bar',
    category: 'intent',
    value: 'calls',
    series: 'locale',
  },
  'missed-utterances': {
    title: 'Missed utterances (bot fallbacks)',
    mark: 'bar',
    category: 'utterance',
    value: 'times',
    series: 'locale',
  },
  'review-candidates': {
    title: 'Turns the review loop learns from (missed or low confidence)',
    mark: 'bar',
    category: 'utterance',
    value: 'times',
    series: 'locale',
  },
  'orders-revenue-by-product-day': {
    title: 'Revenue by day and product, per currency',
    mark: 'column',
    category: 'day_utc',
    categoryKind: 'day',
    value: 'revenue',
    series: 'sku',
    splitBy: 'currency',
  },
  'recording-access-audit': {
    title: 'Recording accesses by principal and action',
    mark: 'bar',
    category: 'principal',
    value: 'count',
    series: 'action',
    prepare: withShortPrincipal,
  },
  'weekly-access-review': {
    title: 'Recording reads and transcription jobs by principal',
    mark: 'bar',
    category: 'principal',
    value: 'count',
    series: 'kind',
    prepare: withShortPrincipal,
  },
};
