import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as connect from 'aws-cdk-lib/aws-connect';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { PhoneRobotFunction } from '../function/phone-robot-function';
import {
  AlertKind,
  BUSINESS_METRICS,
  type BusinessMetric,
  INTEGRITY_METRICS,
  METRICS_NAMESPACE,
  runbookPointer,
} from './catalog';

/** Props of {@link Observability}. */
export interface ObservabilityProps {
  /** Topic every alarm notifies. */
  readonly alertTopic: sns.ITopic;
  /** Where EventBridge puts alerts it could not publish. @default none */
  readonly deadLetterQueue?: sqs.IQueue;
  /** Period of every alarm and graph. @default 5 minutes */
  readonly period?: Duration;
}

/** One alarm with what it watches, for the report and the tests. */
export interface WatchedAlarm {
  readonly alarm: cloudwatch.Alarm;
  readonly kind: AlertKind;
  /** Human label of the watched resource, e.g. `ConsentFunction`. */
  readonly subject: string;
}

/** Largest number of lines one graph shows before it becomes unreadable. */
const GRAPH_WIDTH = 12;

/**
 * The operator's view of phone-robot: a CloudWatch dashboard (business metrics first, then
 * health) and alarms that notify the alert topic. Every alarm's description ends with the
 * runbook section that says what it means and what to do.
 *
 * Resources are added through intent methods, so another stack's queue or function is one call:
 * `observability.alarmOnQueueDepth(analytics.transcriptionDlq)`.
 */
export class Observability extends Construct {
  /** The dashboard. */
  readonly dashboard: cloudwatch.Dashboard;
  private readonly topic: sns.ITopic;
  private readonly period: Duration;
  private readonly deadLetterQueue: sqs.IQueue | undefined;
  private readonly watched: WatchedAlarm[] = [];
  private readonly alarmList: cloudwatch.IAlarm[] = [];
  private readonly functionIds = new Set<string>();

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = props.alertTopic;
    this.period = props.period ?? Duration.minutes(5);
    this.deadLetterQueue = props.deadLetterQueue;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
    });
    // The alarm list is read when the dashboard body is rendered, so later alarms appear too.
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarmList, width: 24, height: 4 }),
    );
    this.addBusinessWidgets();
  }

  /** Every alarm created so far, with its kind and subject. */
  get alarms(): readonly WatchedAlarm[] {
    return this.watched;
  }

  /**
   * Alarms on every {@link PhoneRobotFunction} found under `scope` (a stack, usually), so a new
   * handler is watched without anyone remembering to add it.
   */
  watchFunctionsIn(scope: IConstruct): void {
    for (const c of scope.node.findAll()) {
      if (!(c instanceof PhoneRobotFunction)) continue;
      // The path inside its stack (`Transcription/Function` → `TranscriptionFunction`): unique,
      // and the plain id for functions that sit directly in their stack.
      const stackDepth = Stack.of(c).node.scopes.length;
      this.alarmOnFunction(
        c.fn,
        c.node.scopes
          .slice(stackDepth)
          .map((s) => s.node.id)
          .join(''),
      );
    }
  }

  /**
   * Alarms when `fn` reports any error or throttle in a period; adds its graphs. A function already
   * watched is skipped.
   *
   * @param label unique name for alarm ids and titles, e.g. `ConsentFunction`
   */
  alarmOnFunction(fn: lambda.IFunction, label: string): void {
    if (this.functionIds.has(fn.node.path)) return;
    this.functionIds.add(fn.node.path);
    const opts = { period: this.period, statistic: cloudwatch.Stats.SUM };
    const errors = fn.metricErrors(opts);
    const throttles = fn.metricThrottles(opts);
    this.addAlarm(`${label}Errors`, {
      kind: AlertKind.LAMBDA_ERRORS,
      subject: label,
      metric: errors,
      description: `${label} failed at least once in ${this.period.toMinutes()} minutes (a caller may have heard an apology).`,
    });
    this.addAlarm(`${label}Throttles`, {
      kind: AlertKind.LAMBDA_THROTTLES,
      subject: label,
      metric: throttles,
      description: `${label} was throttled: invocations were refused for lack of concurrency.`,
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${label}: invocations, errors, throttles`,
        left: [fn.metricInvocations(opts), errors, throttles],
        right: [fn.metricDuration({ period: this.period, statistic: 'p99' })],
        width: GRAPH_WIDTH,
      }),
    );
  }

  /** Alarms when the table throttles any read or write (on-demand tables throttle on sudden peaks). */
  alarmOnTable(table: dynamodb.ITable, label: string): void {
    const metric = (name: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName: name,
        dimensionsMap: { TableName: table.tableName },
        period: this.period,
        statistic: cloudwatch.Stats.SUM,
      });
    const throttles = new cloudwatch.MathExpression({
      expression: 'FILL(r, 0) + FILL(w, 0)',
      usingMetrics: { r: metric('ReadThrottleEvents'), w: metric('WriteThrottleEvents') },
      label: `${label} throttle events`,
      period: this.period,
    });
    this.addAlarm(`${label}TableThrottles`, {
      kind: AlertKind.DYNAMODB_THROTTLES,
      subject: label,
      metric: throttles,
      description: `DynamoDB table ${label} throttled reads or writes.`,
    });
  }

  /**
   * Alarms as soon as a dead-letter queue holds any message: each one is an event (a recording,
   * a transcript) that was not processed and needs an operator.
   */
  alarmOnQueueDepth(queue: sqs.IQueue, label = Names.uniqueId(queue)): void {
    const depth = queue.metricApproximateNumberOfMessagesVisible({
      period: this.period,
      statistic: cloudwatch.Stats.MAXIMUM,
    });
    this.addAlarm(`${label}Depth`, {
      kind: AlertKind.DLQ_DEPTH,
      subject: label,
      metric: depth,
      description: `Dead-letter queue ${label} holds unprocessed messages.`,
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: `${label} depth`, left: [depth], width: 6 }),
    );
  }

  /**
   * Alarms on the Connect instance: recordings that failed to reach the vault, and error branches
   * taken in each flow (metrics by InstanceId, and by ContactFlowName for flows).
   */
  alarmOnContactCenter(instance: connect.CfnInstance, flows: readonly connect.CfnContactFlow[]): void {
    const uploads = new cloudwatch.Metric({
      namespace: 'AWS/Connect',
      metricName: 'CallRecordingUploadError',
      dimensionsMap: { InstanceId: instance.attrId, MetricGroup: 'CallRecordings' },
      period: this.period,
      statistic: cloudwatch.Stats.SUM,
    });
    this.addAlarm('CallRecordingUploadErrors', {
      kind: AlertKind.RECORDING_UPLOAD_ERRORS,
      subject: 'Connect instance',
      metric: uploads,
      description:
        'Amazon Connect could not upload call recordings to the vault (consented recordings lost).',
    });
    const flowMetrics: cloudwatch.IMetric[] = [uploads];
    flows.forEach((flow, i) => {
      const errors = new cloudwatch.Metric({
        namespace: 'AWS/Connect',
        metricName: 'ContactFlowErrors',
        dimensionsMap: {
          InstanceId: instance.attrId,
          MetricGroup: 'ContactFlow',
          ContactFlowName: flow.name,
        },
        period: this.period,
        statistic: cloudwatch.Stats.SUM,
      });
      flowMetrics.push(errors);
      this.addAlarm(`ContactFlowErrors${i === 0 ? '' : i + 1}`, {
        kind: AlertKind.CONTACT_FLOW_ERRORS,
        subject: flow.name,
        metric: errors,
        description: `Contact flow "${flow.name}" took an error branch (callers heard the apology prompt).`,
      });
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Connect: recording uploads and flow errors',
        left: flowMetrics,
        width: 12,
      }),
    );
  }

  /**
   * Notifies the alert topic of every failed Amazon Transcribe job. Transcribe publishes no
   * failure metric, only the `Transcribe Job State Change` event, so this is an EventBridge rule.
   */
  alertOnTranscribeFailures(): events.Rule {
    const rule = new events.Rule(this, 'TranscribeJobFailed', {
      description: `Failed Amazon Transcribe jobs. ${runbookPointer(AlertKind.TRANSCRIBE_JOB_FAILED)}`,
      eventPattern: {
        source: ['aws.transcribe'],
        detailType: ['Transcribe Job State Change'],
        detail: { TranscriptionJobStatus: ['FAILED'] },
      },
    });
    rule.addTarget(
      new targets.SnsTopic(this.topic, {
        ...(this.deadLetterQueue ? { deadLetterQueue: this.deadLetterQueue } : {}),
        message: events.RuleTargetInput.fromText(
          `Transcription job ${events.EventField.fromPath('$.detail.TranscriptionJobName')} failed. ${runbookPointer(AlertKind.TRANSCRIBE_JOB_FAILED)}`,
        ),
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Failed transcription jobs',
        left: [
          new cloudwatch.Metric({
            namespace: 'AWS/Events',
            metricName: 'MatchedEvents',
            dimensionsMap: { RuleName: rule.ruleName },
            period: this.period,
            statistic: cloudwatch.Stats.SUM,
          }),
        ],
        width: 6,
      }),
    );
    return rule;
  }

  /**
   * Graphs the fallback rate: turns the bot did not understand as a share of all code-hook turns
   * (every Lex turn invokes the code hook once).
   */
  addFallbackRate(codeHook: lambda.IFunction): void {
    const fallbacks = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: BUSINESS_METRICS.fallbacks.name,
      dimensionsMap: { service: BUSINESS_METRICS.fallbacks.service },
      period: this.period,
      statistic: cloudwatch.Stats.SUM,
    });
    const turns = codeHook.metricInvocations({ period: this.period, statistic: cloudwatch.Stats.SUM });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Fallback rate (% of bot turns not understood)',
        left: [
          new cloudwatch.MathExpression({
            expression: 'IF(t > 0, 100 * FILL(f, 0) / t, 0)',
            usingMetrics: { f: fallbacks, t: turns },
            label: 'fallback %',
            period: this.period,
          }),
        ],
        width: 12,
      }),
    );
  }

  /**
   * Alarms on the integrity metrics (payment reconciliation, recording not resumed) at their first
   * data point: each needs a person, not a retry.
   */
  alarmOnIntegrityMetrics(): void {
    for (const spec of INTEGRITY_METRICS) {
      this.addAlarm(spec.name, {
        kind: spec.kind,
        subject: spec.name,
        metric: new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: spec.name,
          dimensionsMap: { service: spec.service },
          period: this.period,
          statistic: cloudwatch.Stats.SUM,
        }),
        description: `${spec.name}: ${spec.description}.`,
      });
    }
  }

  private addAlarm(
    id: string,
    spec: { kind: AlertKind; subject: string; metric: cloudwatch.IMetric; description: string },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: spec.metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means nothing failed: these services emit error metrics only when errors happen.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${spec.description} ${runbookPointer(spec.kind)}`,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.watched.push({ alarm, kind: spec.kind, subject: spec.subject });
    this.alarmList.push(alarm);
    return alarm;
  }

  private addBusinessWidgets(): void {
    const m = (metric: BusinessMetric, extra: Record<string, string> = {}, label?: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: metric.name,
        dimensionsMap: { service: metric.service, ...extra },
        period: this.period,
        statistic: cloudwatch.Stats.SUM,
        ...(label ? { label } : {}),
      });
    const split = (metric: BusinessMetric) =>
      (metric.split?.values ?? []).map((v) =>
        m(metric, metric.split ? { [metric.split.dimension]: v } : {}, v),
      );
    const { consentDecisions, ordersPlaced, paymentOutcomes, redactions } = BUSINESS_METRICS;
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Consent decisions', left: split(consentDecisions), width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Orders placed', left: [m(ordersPlaced)], width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Payment outcomes', left: split(paymentOutcomes), width: 8 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Transcript redactions', left: [m(redactions)], width: 12 }),
    );
  }
}
