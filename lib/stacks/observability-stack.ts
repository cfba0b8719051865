import { Stack, type StackProps } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { TABLE_NAMES } from '../../lambdas/contracts/tables';
import type { AppConfig } from '../config';
import { AlertTopic } from '../constructs/observability/alert-topic';
import { Observability } from '../constructs/observability/observability';
import { SecurityEvents } from '../constructs/security-events/security-events';
import { AnalyticsStack } from './analytics-stack';
import type { ContactCenterStack } from './contact-center-stack';
import type { DataStack } from './data-stack';

/** Props of {@link ObservabilityStack}. */
export interface ObservabilityStackProps extends StackProps {
  /** Validated configuration (alert e-mails). */
  readonly config: AppConfig;
  /** Tables, vault and its reader roles. */
  readonly data: DataStack;
  /** Connect instance, flows and the Lambdas callers reach. */
  readonly contactCenter: ContactCenterStack;
  /**
   * Further stacks whose functions (every `PhoneRobotFunction`) get error and throttle alarms,
   * e.g. the analytics stack. @default none
   */
  readonly watchedStacks?: readonly Stack[];
  /**
   * The analytics stack: its transcription start role is the only expected starter of Transcribe
   * jobs, and its CloudTrail table feeds the weekly access review.
   * @default the AnalyticsStack among `watchedStacks`; without one, no Transcribe-job alert and no review
   */
  readonly analytics?: AnalyticsStack;
}

/**
 * Operations and security alerting: the alert topic, the dashboard and alarms over the other
 * stacks, and the security-event rules on the vault and keys. It only reads the other stacks,
 * so deploying it never touches a caller-facing resource.
 */
export class ObservabilityStack extends Stack {
  /** Encrypted SNS topic with the configured e-mail subscriptions. */
  readonly alerts: AlertTopic;
  /** Dashboard and alarms; add a dead-letter queue with `monitoring.alarmOnQueueDepth(queue)`. */
  readonly monitoring: Observability;
  /**
   * EventBridge rules for key, vault-configuration, replication, recording-read and Transcribe-job
   * events, and the weekly access review.
   */
  readonly securityEvents: SecurityEvents;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { config, data, contactCenter } = props;
    this.alerts = new AlertTopic(this, 'Alerts', { emails: config.alertEmails });
    this.monitoring = new Observability(this, 'Monitoring', {
      alertTopic: this.alerts.topic,
      deadLetterQueue: this.alerts.undelivered,
    });
    this.monitoring.alarmOnQueueDepth(this.alerts.undelivered, 'UndeliveredAlerts');

    for (const stack of [contactCenter, ...(props.watchedStacks ?? [])]) {
      this.monitoring.watchFunctionsIn(stack);
    }
    this.monitoring.addFallbackRate(contactCenter.fulfillmentFunction.fn);
    this.monitoring.alarmOnIntegrityMetrics();
    for (const name of TABLE_NAMES) this.monitoring.alarmOnTable(data.tables.tables[name], name);
    const flows = contactCenter.contactCenter.node
      .findAll()
      .filter((c): c is connect.CfnContactFlow => c instanceof connect.CfnContactFlow);
    this.monitoring.alarmOnContactCenter(contactCenter.contactCenter.instance, flows);
    this.monitoring.alertOnTranscribeFailures();

    this.securityEvents = new SecurityEvents(this, 'SecurityEvents', {
      alertTopic: this.alerts.topic,
      vaults: [data.vault.bucket, ...(data.originals ? [data.originals.bucket] : [])],
      expectedReaders: [data.vault.auditorRole],
      deadLetterQueue: this.alerts.undelivered,
    });
    const analytics =
      props.analytics ?? props.watchedStacks?.find((s): s is AnalyticsStack => s instanceof AnalyticsStack);
    const starter = analytics?.transcription.startFunction.fn.role;
    const redactor = analytics?.transcription.redactFunction.fn.role;
    if (analytics && starter && redactor) {
      this.securityEvents.alertOnUnexpectedTranscriptionJobs(starter);
      this.securityEvents.reviewAccessWeekly({
        lake: analytics.lake,
        transcriptionStarter: starter,
        pipelineReaders: [data.staging.transcribeAccessRole, redactor],
        encryptionKey: data.keys.data,
        logRetention: config.logRetentionDays as logs.RetentionDays,
      });
      // The review is a function like any other: errors and throttles alarm.
      this.monitoring.watchFunctionsIn(this.securityEvents);
    }
  }

  /** Alarms on a dead-letter queue of another stack (one line for the analytics stack). */
  alarmOnQueueDepth(...args: Parameters<Observability['alarmOnQueueDepth']>): void {
    this.monitoring.alarmOnQueueDepth(...args);
  }
}
