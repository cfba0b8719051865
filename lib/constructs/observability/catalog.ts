/**
 * What the dashboard and the alarms watch, in one place: the business metrics the Lambdas emit
 * through Powertools (namespace `PhoneRobot`, default dimension `service`) and the runbook entry
 * of every alarm kind. The runbook test checks that each entry has a section in docs/RUNBOOK.md,
 * so an alarm can never page someone without telling them what to do.
 */

/** CloudWatch namespace of the Powertools metrics (set by the function construct). */
export const METRICS_NAMESPACE = 'PhoneRobot';

/** One business metric: its name, the Powertools service that emits it, and its split dimension. */
export interface BusinessMetric {
  /** Metric name passed to `metrics.addMetric`. */
  readonly name: string;
  /** `POWERTOOLS_SERVICE_NAME` of the emitting function (the `service` dimension). */
  readonly service: string;
  /** Extra dimension the metric is split by, with its expected values. */
  readonly split?: { readonly dimension: string; readonly values: readonly string[] };
  /** What one data point means. */
  readonly meaning: string;
}

/**
 * The business metrics on the dashboard. Names and dimensions are a contract with the emitting
 * handlers: a renamed metric silently empties a graph, so change both together.
 */
export const BUSINESS_METRICS = {
  consentDecisions: {
    name: 'ConsentDecision',
    service: 'consent',
    split: { dimension: 'decision', values: ['GRANTED', 'DECLINED', 'NO_INPUT', 'INVALID'] },
    meaning: 'one consent ledger item written, by decision',
  },
  ordersPlaced: {
    name: 'OrderPlaced',
    service: 'fulfillment',
    meaning: 'one order created (replays of a retried Lex turn are not counted)',
  },
  fallbacks: {
    name: 'FallbackIntent',
    service: 'fulfillment',
    meaning: 'one code-hook turn the bot could not match to an intent',
  },
  paymentOutcomes: {
    name: 'PaymentResult',
    service: 'payment',
    split: {
      dimension: 'result',
      values: ['APPROVED', 'DECLINED', 'ERROR', 'INVALID_CARD', 'EXPIRED', 'NOT_PAYABLE'],
    },
    meaning: 'one payment attempt, by result',
  },
  redactions: {
    name: 'TranscriptRedacted',
    service: 'transcript-redact',
    split: { dimension: 'outcome', values: ['WRITTEN', 'ALREADY_DONE'] },
    meaning: 'one finished transcript passed through the redactor, by outcome',
  },
} as const satisfies Record<string, BusinessMetric>;

/** Kinds of alert, each with a section (anchor) in docs/RUNBOOK.md. */
export enum AlertKind {
  LAMBDA_ERRORS = 'lambda-errors',
  LAMBDA_THROTTLES = 'lambda-throttles',
  DYNAMODB_THROTTLES = 'dynamodb-throttles',
  DLQ_DEPTH = 'dlq-depth',
  RECORDING_UPLOAD_ERRORS = 'recording-upload-errors',
  CONTACT_FLOW_ERRORS = 'contact-flow-errors',
  TRANSCRIBE_JOB_FAILED = 'transcribe-job-failed',
  KEY_DISABLED_OR_DELETION_SCHEDULED = 'key-disabled-or-deletion-scheduled',
  VAULT_POLICY_OR_LOCK_CHANGED = 'vault-policy-or-lock-changed',
  UNEXPECTED_RECORDING_READ = 'unexpected-recording-read',
  UNEXPECTED_TRANSCRIPTION_JOB = 'unexpected-transcription-job',
  VAULT_REPLICATION_CHANGED = 'vault-replication-changed',
  /** Not an alarm: the weekly access review, and what to do when it says it did not complete. */
  WEEKLY_ACCESS_REVIEW = 'weekly-access-review',
  PAYMENT_NEEDS_RECONCILING = 'payment-needs-reconciling',
  RECORDING_NOT_RESUMED = 'recording-not-resumed',
  REFUND_OVERDUE = 'refund-overdue',
}

/**
 * Application metrics that page someone at the first data point: a charge whose effect the order
 * does not show, and a recording that could not be resumed after card input.
 */
export const INTEGRITY_METRICS = [
  {
    name: 'PaymentReconcile',
    service: 'payment',
    kind: AlertKind.PAYMENT_NEEDS_RECONCILING,
    description: 'a charge whose outcome the order does not show (or could not be confirmed)',
  },
  {
    name: 'PaymentUnconfirmed',
    service: 'payment',
    kind: AlertKind.PAYMENT_NEEDS_RECONCILING,
    description: 'a payment whose gateway outcome could not be confirmed while the caller waited',
  },
  {
    name: 'OverdueRefunds',
    service: 'refund',
    kind: AlertKind.REFUND_OVERDUE,
    description: 'a cancelled paid order still waits for its refund after refundAlarmHours',
  },
  {
    name: 'RecordingResumeFailure',
    service: 'recording-control',
    kind: AlertKind.RECORDING_NOT_RESUMED,
    description: 'recording of a consenting caller could not be resumed after sensitive input',
  },
] as const;

/** Path of the runbook, relative to the repository root. */
export const RUNBOOK_PATH = 'docs/RUNBOOK.md';

/** The sentence that ends every alarm description and alert message: where to read what to do. */
export function runbookPointer(kind: AlertKind): string {
  return `Runbook: ${RUNBOOK_PATH}#${kind}`;
}
