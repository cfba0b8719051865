import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  ACCESS_REVIEW_ENV,
  ACCESS_REVIEW_QUERY_NAME,
  ACCESS_REVIEW_TIMEOUT_SECONDS,
} from '../../../lambdas/contracts/env/access-review';
import type { AnalyticsLake } from '../analytics-lake/analytics-lake';
import { acknowledgeRule, NagPack } from '../compliance/acknowledge';
import { InvocationMode, PhoneRobotFunction } from '../function/phone-robot-function';
import { AlertKind, runbookPointer } from '../observability/catalog';

/** Props of {@link SecurityEvents}. */
export interface SecurityEventsProps {
  /** Topic that receives every security alert. */
  readonly alertTopic: sns.ITopic;
  /** The locked buckets of recordings: the vault, and the originals vault when originals are kept. */
  readonly vaults: readonly s3.IBucket[];
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
/** S3 calls that read recording content (S3 Select reads it too, authorized as s3:GetObject). */
export const RECORDING_READ_EVENTS = [
  'GetObject',
  'GetObjectVersion',
  'GetObjectAttributes',
  'RestoreObject',
  'SelectObjectContent',
] as const;
/** S3 calls that set or remove the vault's replication configuration (both need s3:PutReplicationConfiguration). */
export const VAULT_REPLICATION_EVENTS = ['PutBucketReplication', 'DeleteBucketReplication'] as const;
/**
 * Transcribe calls that start a batch job reading media from S3, each able to take a data-access
 * role: standard, Call Analytics, medical and medical scribe jobs. Streaming transcription reads
 * no S3 object and is left out.
 */
export const TRANSCRIPTION_START_EVENTS = [
  'StartTranscriptionJob',
  'StartCallAnalyticsJob',
  'StartMedicalTranscriptionJob',
  'StartMedicalScribeJob',
] as const;

/** Props of {@link SecurityEvents.reviewAccessWeekly}. */
export interface AccessReviewProps {
  /** The lake with the CloudTrail table, the workgroup and the `weekly-access-review` named query. */
  readonly lake: AnalyticsLake;
  /** The role of the function that starts the pipeline's Transcribe jobs. */
  readonly transcriptionStarter: iam.IRole;
  /**
   * Roles that read staged recordings as their job (Transcribe's data-access role, the redact
   * function's role): the review counts reads under the recordings prefix of every trailed
   * bucket, and theirs are expected. The vaults' own policies keep them out of the vaults.
   */
  readonly pipelineReaders: readonly iam.IRole[];
  /** Key of the function's log group and environment. */
  readonly encryptionKey: kms.IKey;
  /** Log retention of the function. */
  readonly logRetention: logs.RetentionDays;
  /** @default every Monday at 01:00 UTC (the report covers the week to Monday 00:00 UTC) */
  readonly schedule?: events.Schedule;
  /** @default RemovalPolicy.RETAIN (log group) */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * Security events → alerts (COMPLIANCE C9): EventBridge rules on the CloudTrail events that
 * matter for recordings, each notifying the alert topic with the runbook section to follow.
 *
 * CloudTrail delivers management events (KMS, bucket policy, Object Lock and replication
 * configuration, Transcribe jobs) to EventBridge when a trail exists, and S3 object reads because
 * the audit trail records data events on the vault (DataStack's AuditTrail). The weekly access
 * review ({@link reviewAccessWeekly}) reports the same records to the same topic once a week.
 */
export class SecurityEvents extends Construct {
  /** Key disabled or scheduled for deletion (any key of the account and region). */
  readonly keyRule: events.Rule;
  /** Vault bucket policy or Object Lock configuration changed. */
  readonly vaultConfigRule: events.Rule;
  /** A recording read by a principal other than the expected readers (successful or denied). */
  readonly unexpectedReadRule: events.Rule;
  /** The vault's replication configuration set or removed (successful or denied). */
  readonly vaultReplicationRule: events.Rule;
  private transcriptionJobRule: events.Rule | undefined;
  private readonly topic: sns.ITopic;
  private readonly deadLetterQueue: sqs.IQueue | undefined;
  private readonly expectedReaders: readonly iam.IRole[];

  constructor(scope: Construct, id: string, props: SecurityEventsProps) {
    super(scope, id);
    this.topic = props.alertTopic;
    this.deadLetterQueue = props.deadLetterQueue;
    this.expectedReaders = props.expectedReaders;
    if (props.expectedReaders.length === 0) {
      throw new Error('expectedReaders is empty; fix: pass the vault auditor role');
    }
    // Every key of the account: requestParameters.keyId may be an alias, id or ARN, so matching
    // only ours risks missing the one call that matters; these calls are rare enough to read all.
    const vaultNames = props.vaults.map((b) => b.bucketName);
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
        requestParameters: { bucketName: vaultNames },
      },
    });
    const expected = props.expectedReaders.map((r) => r.roleArn);
    this.unexpectedReadRule = this.rule('UnexpectedRecordingRead', AlertKind.UNEXPECTED_RECORDING_READ, {
      source: ['aws.s3'],
      detailType: [API_CALL],
      detail: {
        eventSource: ['s3.amazonaws.com'],
        eventName: [...RECORDING_READ_EVENTS],
        requestParameters: { bucketName: vaultNames },
        // `anything-but` needs the field to exist, so a second branch catches principals without
        // a role session (IAM users, the root user, other accounts' callers).
        $or: [
          { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ 'anything-but': expected }] } } } },
          { userIdentity: { type: [{ 'anything-but': ['AssumedRole'] }] } },
        ],
      },
    });
    // A rule of its own, not more names on VaultPolicyOrLockChanged: the bucket policy denies
    // replication to everyone, so the response differs (who tried, and did the policy change first).
    this.vaultReplicationRule = this.rule('VaultReplicationChanged', AlertKind.VAULT_REPLICATION_CHANGED, {
      source: ['aws.s3'],
      detailType: [API_CALL],
      detail: {
        eventSource: ['s3.amazonaws.com'],
        eventName: [...VAULT_REPLICATION_EVENTS],
        requestParameters: { bucketName: vaultNames },
      },
    });
  }

  /** Transcribe jobs started by anyone but the pipeline; see {@link alertOnUnexpectedTranscriptionJobs}. */
  get unexpectedTranscriptionJobRule(): events.Rule | undefined {
    return this.transcriptionJobRule;
  }

  /** Every rule, for reports and tests. */
  get rules(): readonly events.Rule[] {
    return [
      this.keyRule,
      this.vaultConfigRule,
      this.unexpectedReadRule,
      this.vaultReplicationRule,
      ...(this.unexpectedTranscriptionJobRule ? [this.unexpectedTranscriptionJobRule] : []),
    ];
  }

  /**
   * Alerts on every Transcribe batch job started by anyone but `starter` (the pipeline's start
   * function), successful or denied. Transcribe reads a job's media with the data-access role, which
   * the staging bucket lets read every staged recording, so such a job may be a copy of a call.
   *
   * The rule cannot tell where the job's media is: CloudTrail writes
   * `requestParameters.media.mediaFileUri` of Transcribe calls as an empty string (Amazon
   * Transcribe Developer Guide, "Monitoring Amazon Transcribe with AWS CloudTrail"), so a pattern on
   * a recordings URI prefix would never match. Every foreign job alerts; the runbook says how to
   * find its media.
   */
  alertOnUnexpectedTranscriptionJobs(starter: iam.IRole): events.Rule {
    if (this.transcriptionJobRule) {
      throw new Error('alertOnUnexpectedTranscriptionJobs was already called; fix: call it once per app');
    }
    this.transcriptionJobRule = this.rule(
      'UnexpectedTranscriptionJob',
      AlertKind.UNEXPECTED_TRANSCRIPTION_JOB,
      {
        source: ['aws.transcribe'],
        detailType: [API_CALL],
        detail: {
          eventSource: ['transcribe.amazonaws.com'],
          eventName: [...TRANSCRIPTION_START_EVENTS],
          // As for recording reads: `anything-but` needs the field, so principals without a role
          // session (IAM users, the root user) are the second branch.
          $or: [
            {
              userIdentity: {
                sessionContext: { sessionIssuer: { arn: [{ 'anything-but': [starter.roleArn] }] } },
              },
            },
            { userIdentity: { type: [{ 'anything-but': ['AssumedRole'] }] } },
          ],
        },
      },
    );
    return this.transcriptionJobRule;
  }

  /**
   * The weekly access review (COMPLIANCE C8, the periodic security audit): a scheduled rule runs a
   * function that queries the CloudTrail table for the week's recording reads and Transcribe jobs
   * (named query `weekly-access-review`) and publishes one plain-text report to the alert topic,
   * or one message saying why it could not. Failed publishes go to the dead-letter queue.
   */
  reviewAccessWeekly(props: AccessReviewProps): PhoneRobotFunction {
    const dlq = this.deadLetterQueue;
    if (!dlq) {
      throw new Error(
        'reviewAccessWeekly needs the deadLetterQueue prop; fix: pass the undelivered-alerts queue',
      );
    }
    const query = props.lake.namedQueries[ACCESS_REVIEW_QUERY_NAME];
    if (!query) {
      throw new Error(
        `the lake has no named query ${ACCESS_REVIEW_QUERY_NAME}; fix: keep analytics/queries/${ACCESS_REVIEW_QUERY_NAME}.sql`,
      );
    }
    const review = new PhoneRobotFunction(this, 'AccessReview', {
      env: ACCESS_REVIEW_ENV,
      description: 'Weekly access review: who read which recording, who started which Transcribe job',
      serviceName: 'access-review',
      invocationMode: InvocationMode.ASYNC_EVENT,
      timeout: Duration.seconds(ACCESS_REVIEW_TIMEOUT_SECONDS),
      encryptionKey: props.encryptionKey,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
      settings: {
        workGroup: props.lake.workGroup.ref,
        namedQueryId: query.attrNamedQueryId,
        topicArn: this.topic.topicArn,
        expectedReaderRoleArns: [...this.expectedReaders, ...props.pipelineReaders]
          .map((r) => r.roleArn)
          .join(','),
        transcriptionStarterRoleArn: props.transcriptionStarter.roleArn,
        runbookPointer: runbookPointer(AlertKind.WEEKLY_ACCESS_REVIEW),
      },
    });
    props.lake.grantCloudTrailQuery(review.fn);
    this.topic.grantPublish(review.fn);
    // One retry of a failed publish; the query is not run twice (same event, same request token).
    review.fn.configureAsyncInvoke({
      retryAttempts: 1,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(dlq),
    });
    acknowledgeCheckedWildcards(review);
    new events.Rule(this, 'WeeklyAccessReview', {
      description: `Weekly access review of recording reads and Transcribe jobs. ${runbookPointer(AlertKind.WEEKLY_ACCESS_REVIEW)}`,
      schedule: props.schedule ?? events.Schedule.cron({ weekDay: 'MON', hour: '1', minute: '0' }),
      targets: [
        new targets.LambdaFunction(review.fn, {
          retryAttempts: 4,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: dlq,
        }),
      ],
    });
    return review;
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

/**
 * cdk-nag's flat form of a resolved CloudFormation value (its `flattenCfnReference`), which is how
 * an IAM5 finding names a resource: `<Logical.Arn>/prefix/*`, an import by its export name.
 */
function flatten(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::Join'])) {
    const [delimiter, items] = v['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (v['Fn::Sub'] !== undefined) return flatten(v['Fn::Sub']);
  if (Array.isArray(v['Fn::GetAtt'])) {
    const [resource, attribute] = v['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (v['Fn::ImportValue'] !== undefined) return flatten(v['Fn::ImportValue']);
  if (v.Ref !== undefined) return `<${flatten(v.Ref)}>`;
  return JSON.stringify(value);
}

/** Object wildcards the review's role may hold, with the only actions allowed on each. */
const REVIEW_OBJECT_WILDCARDS = [
  {
    suffix: '/AWSLogs/<AWS::AccountId>/CloudTrail/*',
    actions: ['s3:GetObject'],
    why:
      'CloudTrail names each log file after its region, day and delivery: the review reads (GetObject only) this ' +
      "account's CloudTrail prefix of the trail bucket.",
  },
  {
    suffix: '/athena/*',
    actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
    why:
      "Athena names each result after its query execution and writes it with the caller's credentials: the review " +
      "reads and writes only under athena/, the workgroup's enforced result location.",
  },
] as const;

/** Wildcard KMS actions of the topic and queue grants (publish, failure destination). */
const KEY_WILDCARD_ACTIONS = ['kms:GenerateDataKey*', 'kms:ReEncrypt*'];

/**
 * Acknowledges the review role's IAM5 findings only as far as the synthesized policy bears them out
 * (checked once cross-stack references are resolved, like `acknowledgeWildcardResourceIfOnly`): an
 * object wildcard is acknowledged only under the two prefixes above and only with their actions; a
 * wildcard KMS action only when every statement holding it names one key. Anything else stays a
 * finding.
 */
function acknowledgeCheckedWildcards(review: PhoneRobotFunction): void {
  review.node.addValidation({
    validate: () => {
      const policy = review.fn.role?.node.tryFindChild('DefaultPolicy')?.node.tryFindChild('Resource');
      if (!(policy instanceof iam.CfnPolicy)) return [];
      const document = Stack.of(policy).resolve(policy.policyDocument) as {
        Statement?: { Effect?: string; Action?: string | string[]; Resource?: unknown }[];
      };
      const allows = (document.Statement ?? []).filter((st) => st.Effect === 'Allow');
      const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
      for (const wildcard of REVIEW_OBJECT_WILDCARDS) {
        const found = new Set<string>();
        let bad = false;
        for (const st of allows) {
          for (const resource of list(st.Resource).map(flatten)) {
            if (!resource.includes('*') || !resource.endsWith(wildcard.suffix)) continue;
            found.add(resource);
            if (list(st.Action).some((a) => !(wildcard.actions as readonly string[]).includes(a))) bad = true;
          }
        }
        if (bad) continue;
        for (const resource of found) {
          acknowledgeRule(policy, `IAM5[Resource::${resource}]`, `${wildcard.why} Checked at synth.`, [
            NagPack.AWS_SOLUTIONS,
          ]);
        }
      }
      const keyStatements = allows.filter((st) =>
        list(st.Action).some((a) => KEY_WILDCARD_ACTIONS.includes(a)),
      );
      if (keyStatements.length > 0 && keyStatements.every((st) => list(st.Resource).length === 1)) {
        for (const action of KEY_WILDCARD_ACTIONS) {
          acknowledgeRule(
            policy,
            `IAM5[Action::${action}]`,
            'kms:GenerateDataKey* and kms:ReEncrypt* are the action families of the alert topic and queue grants ' +
              '(publish the report, park a failed run); checked at synth: each statement names one key.',
            [NagPack.AWS_SOLUTIONS],
          );
        }
      }
      return [];
    },
  });
}
