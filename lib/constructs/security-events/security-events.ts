import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlertKind, runbookPointer } from '../observability/catalog';

/** Props of {@link SecurityEvents}. */
export interface SecurityEventsProps {
  /** Topic that receives every security alert. */
  readonly alertTopic: sns.ITopic;
  /** The recording vault. */
  readonly vault: s3.IBucket;
  /**
   * Roles whose recording reads are expected (the auditor and Transcribe's data-access role);
   * a read by anyone else raises an alert.
   */
  readonly expectedReaders: readonly iam.IRole[];
  /** Where EventBridge puts alerts it could not publish. @default none */
  readonly deadLetterQueue?: sqs.IQueue;
}

/** detail-type of API calls that CloudTrail delivers to EventBridge. */
const API_CALL = 'AWS API Call via CloudTrail';

/** KMS calls that make recordings, tables or logs unreadable. */
export const KEY_EVENTS = ['DisableKey', 'ScheduleKeyDeletion'] as const;
/** S3 calls that change who may touch recordings or how long they are locked. */
export const VAULT_CONFIG_EVENTS = [
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutObjectLockConfiguration',
] as const;
/** S3 calls that read recording content. */
export const RECORDING_READ_EVENTS = [
  'GetObject',
  'GetObjectVersion',
  'GetObjectAttributes',
  'RestoreObject',
] as const;

/**
 * Security events → alerts (COMPLIANCE C9): EventBridge rules on the CloudTrail events that
 * matter for recordings, each notifying the alert topic with the runbook section to follow.
 *
 * CloudTrail delivers management events (KMS, bucket policy, Object Lock configuration) to
 * EventBridge when a trail exists, and S3 object reads because the audit trail records data
 * events on the vault (DataStack's AuditTrail).
 */
export class SecurityEvents extends Construct {
  /** Key disabled or scheduled for deletion (any key of the account and region). */
  readonly keyRule: events.Rule;
  /** Vault bucket policy or Object Lock configuration changed. */
  readonly vaultConfigRule: events.Rule;
  /** A recording read by a principal other than the expected readers (successful or denied). */
  readonly unexpectedReadRule: events.Rule;
  private readonly topic: sns.ITopic;
  private readonly deadLetterQueue: sqs.IQueue | undefined;

  constructor(scope: Construct, id: string, props: SecurityEventsProps) {
    super(scope, id);
    this.topic = props.alertTopic;
    this.deadLetterQueue = props.deadLetterQueue;
    if (props.expectedReaders.length === 0) {
      throw new Error('expectedReaders is empty; fix: pass the vault auditor and transcription roles');
    }
    // Every key of the account: requestParameters.keyId may be an alias, id or ARN, so matching
    // only ours risks missing the one call that matters; these calls are rare enough to read all.
    this.keyRule = this.rule('KeyDisabledOrDeletionScheduled', AlertKind.KEY_DISABLED_OR_DELETION_SCHEDULED, {
      source: ['aws.kms'],
      detailType: [API_CALL],
      detail: { eventSource: ['kms.amazonaws.com'], eventName: [...KEY_EVENTS] },
    });
    this.vaultConfigRule = this.rule('VaultPolicyOrLockChanged', AlertKind.VAULT_POLICY_OR_LOCK_CHANGED, {
      source: ['aws.s3'],
      detailType: [API_CALL],
      detail: {
        eventSource: ['s3.amazonaws.com'],
        eventName: [...VAULT_CONFIG_EVENTS],
        requestParameters: { bucketName: [props.vault.bucketName] },
      },
    });
    const expected = props.expectedReaders.map((r) => r.roleArn);
    this.unexpectedReadRule = this.rule('UnexpectedRecordingRead', AlertKind.UNEXPECTED_RECORDING_READ, {
      source: ['aws.s3'],
      detailType: [API_CALL],
      detail: {
        eventSource: ['s3.amazonaws.com'],
        eventName: [...RECORDING_READ_EVENTS],
        requestParameters: { bucketName: [props.vault.bucketName] },
        // `anything-but` needs the field to exist, so a second branch catches principals without
        // a role session (IAM users, the root user, other accounts' callers).
        $or: [
          { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ 'anything-but': expected }] } } } },
          { userIdentity: { type: [{ 'anything-but': ['AssumedRole'] }] } },
        ],
      },
    });
  }

  /** Every rule, for reports and tests. */
  get rules(): readonly events.Rule[] {
    return [this.keyRule, this.vaultConfigRule, this.unexpectedReadRule];
  }

  private rule(id: string, kind: AlertKind, eventPattern: events.EventPattern): events.Rule {
    const rule = new events.Rule(this, id, {
      description: `Security alert: ${id}. ${runbookPointer(kind)}`,
      eventPattern,
    });
    rule.addTarget(
      new targets.SnsTopic(this.topic, {
        ...(this.deadLetterQueue ? { deadLetterQueue: this.deadLetterQueue } : {}),
        message: events.RuleTargetInput.fromText(
          [
            `SECURITY ALERT ${id}: ${events.EventField.fromPath('$.detail.eventName')}`,
            `by ${events.EventField.fromPath('$.detail.userIdentity.arn')}`,
            `at ${events.EventField.fromPath('$.detail.eventTime')}`,
            `error ${events.EventField.fromPath('$.detail.errorCode')}.`,
            runbookPointer(kind),
          ].join(' '),
        ),
      }),
    );
    return rule;
  }
}
