import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TRANSCRIPT_REDACT_ENV } from '../../../lambdas/contracts/env/transcript-redact';
import { TRANSCRIPTION_START_ENV } from '../../../lambdas/contracts/env/transcription-start';
import { JOB_NAME_PREFIX, RAW_TRANSCRIPT_PREFIX } from '../../../lambdas/contracts/transcription';
import {
  acknowledgeRule,
  acknowledgeWildcards,
  KEY_GRANT_REASON,
  NagPack,
  NO_REPLICATION_REASON,
} from '../compliance/acknowledge';
import { secureBucketProps } from '../compliance/secure-bucket';
import { InvocationMode, PhoneRobotFunction } from '../function/phone-robot-function';
import { DeadLetterQueue } from './dead-letter';
import { pipelineRoleNames } from './pipeline-roles';

/** Props of {@link Transcription}. */
export interface TranscriptionProps {
  /** Where Connect writes recordings (Transcribe's input; the originals are deleted from it). */
  readonly stagingBucket: s3.IBucket;
  /** The locked vault: receives the redacted recordings, from the redact function only. */
  readonly vaultBucket: s3.IBucket;
  /**
   * The locked vault of unredacted originals (`keepOriginalRecording`): the staged original is
   * copied there before it is deleted. @default none: the original is deleted
   */
  readonly originalsBucket?: s3.IBucket;
  /** Key prefix under which Connect writes recordings, e.g. `connect/`. */
  readonly recordingsPrefix: string;
  /** The deployment stage: the pipeline roles' fixed names derive from it (pipeline-roles.ts). */
  readonly stage: string;
  /** The code hook's turn records: SENSITIVE_DIGITS marks. */
  readonly turns: dynamodb.ITable;
  /** The recordings key: vault objects and Transcribe's raw (unredacted) output. */
  readonly recordingsKey: kms.IKey;
  /** Transcribe's data-access role (created with the staging bucket, the only bucket it reads). */
  readonly transcribeAccessRole: iam.IRole;
  /** The consent ledger, read to confirm GRANTED before transcribing. */
  readonly consentLedger: dynamodb.ITable;
  /** Key of the tables and log groups. */
  readonly dataKey: kms.IKey;
  /** Where redacted transcripts go. */
  readonly lakeBucket: s3.IBucket;
  /** The lake's key. */
  readonly lakeKey: kms.IKey;
  /** Destination of the work bucket's access logs. */
  readonly accessLogBucket: s3.IBucket;
  /** Log retention of the functions. */
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN (log groups) */
  readonly removalPolicy?: RemovalPolicy;
}

/** The service the data-access role may be passed to (`iam:PassedToService`). */
export const TRANSCRIBE_SERVICE = 'transcribe.amazonaws.com';

/** How long an event may wait for a retry before it goes to the DLQ. */
const MAX_EVENT_AGE = Duration.hours(6);

/**
 * The transcription and de-identification pipeline (DESIGN "After the call"; COMPLIANCE C10): a
 * recording in the staging bucket -> EventBridge -> start function (consent re-checked, a refused
 * recording deleted; idempotent job name from the contact id, data-access role, locale from the
 * ledger, Transcribe redaction where supported) -> Transcribe reads the staged recording and writes
 * raw output to a short-lived work bucket under the recordings key -> EventBridge (job COMPLETED)
 * -> redact function: our redactor on every line -> lake; every redacted span silenced in the
 * audio by word timings -> the redacted recording into the vault (the only writer the vault
 * allows) -> staged original and raw output deleted. Retries back off (SDK adaptive retries,
 * Lambda async retries, EventBridge target retries); what still fails, and every FAILED job, lands
 * in one DLQ with an alarm, and the staged original expires with the staging lifecycle.
 *
 * The staging bucket sends S3 events to EventBridge (`eventBridgeEnabled`, set on the bucket).
 */
export class Transcription extends Construct {
  /** Raw Transcribe output; objects live minutes (deleted after redaction), at most one day. */
  readonly workBucket: s3.Bucket;
  readonly startFunction: PhoneRobotFunction;
  readonly redactFunction: PhoneRobotFunction;
  /** Failed events and failed jobs. */
  readonly deadLetters: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: TranscriptionProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.workBucket = new s3.Bucket(this, 'WorkBucket', {
      ...secureBucketProps({
        encryptionKey: props.recordingsKey,
        accessLogBucket: props.accessLogBucket,
        accessLogPrefix: 'transcript-work/',
        // Unredacted raw transcripts must be really gone once redacted; versions would keep them.
        versioned: false,
      }),
      // Holds nothing worth keeping: redacted copies are in the lake.
      removalPolicy: RemovalPolicy.DESTROY,
      lifecycleRules: [{ id: 'expire-raw-transcripts', expiration: Duration.days(1) }],
    });
    const workResource = this.workBucket.node.defaultChild as s3.CfnBucket;
    acknowledgeRule(
      workResource,
      'S3BucketVersioningEnabled',
      'Unredacted raw transcripts must be really gone once redacted (minimisation, PIPL 19/47); versions would keep them.',
    );
    acknowledgeRule(workResource, 'S3BucketReplicationEnabled', NO_REPLICATION_REASON);

    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', { purpose: 'call transcription' });
    const dlq = this.deadLetters.queue;
    const jobArn = `arn:${partition}:transcribe:${region}:${account}:transcription-job/${JOB_NAME_PREFIX}*`;

    // Transcribe writes the raw output with the data-access role. The role lives with the vault;
    // this policy lives here so that the stateful stack never depends on this one.
    const outputPolicy = new iam.Policy(this, 'TranscribeOutputPolicy', {
      roles: [props.transcribeAccessRole],
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [this.workBucket.arnForObjects(`${RAW_TRANSCRIPT_PREFIX}*`)],
        }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:DescribeKey'],
          resources: [props.recordingsKey.keyArn],
        }),
      ],
    });
    const outputPolicyResource = outputPolicy.node.defaultChild as iam.CfnPolicy;
    acknowledgeRule(
      outputPolicyResource,
      'IAMNoInlinePolicy',
      'Transcribe output grant of the vault-owned data-access role, kept in this stack so the stateful stack never depends on it.',
    );
    acknowledgeRule(
      outputPolicyResource,
      `IAM5[Resource::<${Stack.of(this).getLogicalId(workResource)}.Arn>/${RAW_TRANSCRIPT_PREFIX}*]`,
      'Transcribe names each output object after its job; the grant is PutObject under raw/ of the work bucket only.',
      [NagPack.AWS_SOLUTIONS],
    );

    const roleNames = pipelineRoleNames(props.stage);
    // The staging bucket and the vault live in the stateful stack. Their ARNs come through named
    // exports (still strong references: CloudFormation refuses to drop an export in use), so that
    // the IAM5 acknowledgments below can name the exact resource the finding names.
    const objectsUnder = (bucket: s3.IBucket, exportSuffix: string) => {
      const producer = Stack.of(bucket);
      if (producer === Stack.of(this)) {
        const id = `<${producer.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>`;
        return {
          arn: bucket.arnForObjects(`${props.recordingsPrefix}*`),
          finding: `Resource::${id}/${props.recordingsPrefix}*`,
        };
      }
      const name = `${producer.stackName}-${exportSuffix}`;
      const arn = producer.exportValue(bucket.bucketArn, { name });
      return {
        arn: `${arn}/${props.recordingsPrefix}*`,
        finding: `Resource::${name}/${props.recordingsPrefix}*`,
      };
    };
    const stagedRecordings = objectsUnder(props.stagingBucket, 'RecordingStagingArn');
    const vaultRecordings = objectsUnder(props.vaultBucket, 'RecordingVaultArn');
    const originalRecordings = props.originalsBucket
      ? objectsUnder(props.originalsBucket, 'OriginalRecordingsArn')
      : undefined;
    const common = {
      encryptionKey: props.dataKey,
      logRetention: props.logRetention,
      logRemovalPolicy: removalPolicy,
    };
    this.startFunction = new PhoneRobotFunction(this, 'StartFunction', {
      ...common,
      env: TRANSCRIPTION_START_ENV,
      description: 'Starts the Transcribe job of a consented call recording (idempotent per contact)',
      serviceName: 'transcription-start',
      invocationMode: InvocationMode.ASYNC_EVENT,
      timeout: Duration.seconds(30),
      roleName: roleNames.start,
      settings: {
        ledgerTable: props.consentLedger.tableName,
        workBucket: this.workBucket.bucketName,
        workKeyArn: props.recordingsKey.keyArn,
        dataAccessRoleArn: props.transcribeAccessRole.roleArn,
        stagingBucket: props.stagingBucket.bucketName,
      },
    });
    const start = this.startFunction.fn;
    // A recording without GRANTED consent on record is deleted from staging at once.
    start.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:DeleteObject'],
        resources: [stagedRecordings.arn],
      }),
    );
    // Query on the partition key: a contact's decision and any withdrawal.
    props.consentLedger.grant(start, 'dynamodb:Query');
    props.dataKey.grantDecrypt(start);
    start.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['transcribe:StartTranscriptionJob'], resources: [jobArn] }),
    );
    // The only role of the app that may hand the data-access role to anyone, and only to
    // Transcribe: role.grantPassRole() has no condition (COMPLIANCE C7). The redact function only
    // reads jobs (GetTranscriptionJob) and gets no PassRole.
    iam.Grant.addToPrincipal({
      grantee: start,
      actions: ['iam:PassRole'],
      resourceArns: [props.transcribeAccessRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': TRANSCRIBE_SERVICE } },
    });
    // StartTranscriptionJob checks the caller may use the output key.
    start.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:DescribeKey'],
        resources: [props.recordingsKey.keyArn],
      }),
    );
    start.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: new destinations.SqsDestination(dlq),
    });

    this.redactFunction = new PhoneRobotFunction(this, 'RedactFunction', {
      ...common,
      env: TRANSCRIPT_REDACT_ENV,
      description:
        'Redacts a transcript into the lake and its PII spans out of the audio into the vault; deletes the originals',
      serviceName: 'transcript-redact',
      invocationMode: InvocationMode.ASYNC_EVENT,
      // A one-hour stereo 8 kHz call is 115 MB of WAV, held twice (original and redacted copy).
      memorySize: 1024,
      timeout: Duration.minutes(5),
      roleName: roleNames.redact,
      settings: {
        ledgerTable: props.consentLedger.tableName,
        workBucket: this.workBucket.bucketName,
        workKeyArn: props.recordingsKey.keyArn,
        dataAccessRoleArn: props.transcribeAccessRole.roleArn,
        lakeBucket: props.lakeBucket.bucketName,
        stagingBucket: props.stagingBucket.bucketName,
        vaultBucket: props.vaultBucket.bucketName,
        originalsBucket: props.originalsBucket?.bucketName,
        turnsTable: props.turns.tableName,
      },
    });
    const redact = this.redactFunction.fn;
    // The staged original: read to silence it, deleted once the vault holds the redacted copy.
    redact.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [stagedRecordings.arn],
      }),
    );
    // The redacted recording (and, when kept, the original): PutObject only (conditional on the
    // key being free), no read.
    redact.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [vaultRecordings.arn, ...(originalRecordings ? [originalRecordings.arn] : [])],
      }),
    );
    // SENSITIVE_DIGITS marks of the contact's bot turns (Query on the partition key).
    props.turns.grant(redact, 'dynamodb:Query');
    props.recordingsKey.grantEncrypt(redact);
    // The ledger is read again before the lake write: a withdrawn contact gets no transcript.
    props.consentLedger.grant(redact, 'dynamodb:Query');
    props.dataKey.grantDecrypt(redact);
    redact.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['transcribe:GetTranscriptionJob'], resources: [jobArn] }),
    );
    redact.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [this.workBucket.arnForObjects(`${RAW_TRANSCRIPT_PREFIX}*`)],
      }),
    );
    redact.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.lakeBucket.arnForObjects('transcripts/*')],
      }),
    );
    props.recordingsKey.grantDecrypt(redact);
    props.lakeKey.grantEncrypt(redact);
    redact.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: new destinations.SqsDestination(dlq),
    });

    const target = { retryAttempts: 8, maxEventAge: MAX_EVENT_AGE, deadLetterQueue: dlq };
    new events.Rule(this, 'RecordingCreatedRule', {
      description: 'Connect wrote a call recording to staging: start its transcription and redaction',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.stagingBucket.bucketName] },
          object: { key: [{ prefix: props.recordingsPrefix }] },
        },
      },
      targets: [new targets.LambdaFunction(start, target)],
    });
    new events.Rule(this, 'TranscriptionCompletedRule', {
      description: 'A phone-robot Transcribe job completed: redact it into the lake',
      eventPattern: {
        source: ['aws.transcribe'],
        detailType: ['Transcribe Job State Change'],
        detail: {
          TranscriptionJobStatus: ['COMPLETED'],
          TranscriptionJobName: [{ prefix: JOB_NAME_PREFIX }],
        },
      },
      targets: [new targets.LambdaFunction(redact, target)],
    });
    const failedRule = new events.Rule(this, 'TranscriptionFailedRule', {
      description: 'A phone-robot Transcribe job failed: keep the event in the DLQ (alarm)',
      eventPattern: {
        source: ['aws.transcribe'],
        detailType: ['Transcribe Job State Change'],
        detail: { TranscriptionJobStatus: ['FAILED'], TranscriptionJobName: [{ prefix: JOB_NAME_PREFIX }] },
      },
      targets: [new targets.SqsQueue(dlq)],
    });
    acknowledgeRule(
      failedRule.node.defaultChild as events.CfnRule,
      'EventBusDLQ',
      'The target of this rule is the pipeline dead-letter queue itself: failed jobs are parked there for the alarm.',
      [NagPack.SERVERLESS],
    );

    const jobWildcard = `Resource::arn:<AWS::Partition>:transcribe:<AWS::Region>:<AWS::AccountId>:transcription-job/${JOB_NAME_PREFIX}*`;
    const jobReason =
      'Transcribe job ARNs end in the job name, derived per contact; the grant covers phone-robot jobs only.';
    if (start.role) {
      acknowledgeWildcards(start.role, [jobWildcard], jobReason);
      acknowledgeWildcards(
        start.role,
        [stagedRecordings.finding],
        'Recordings are named per contact by Connect; the grant is DeleteObject of staged recordings only (refused consent).',
      );
    }
    if (redact.role) {
      acknowledgeWildcards(redact.role, [jobWildcard], jobReason);
      acknowledgeWildcards(
        redact.role,
        ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
        KEY_GRANT_REASON,
      );
      acknowledgeWildcards(
        redact.role,
        [`Resource::<${Stack.of(this).getLogicalId(workResource)}.Arn>/${RAW_TRANSCRIPT_PREFIX}*`],
        'Raw outputs are named per job; the function reads and deletes only under raw/ of the work bucket.',
      );
      acknowledgeWildcards(
        redact.role,
        [
          `Resource::<${Stack.of(this).getLogicalId(props.lakeBucket.node.defaultChild as s3.CfnBucket)}.Arn>/transcripts/*`,
        ],
        'Transcript objects are named per partition and contact; the grant is PutObject under transcripts/ only.',
      );
      acknowledgeWildcards(
        redact.role,
        [stagedRecordings.finding],
        'Staged recordings are named per contact by Connect; the grant is GetObject and DeleteObject under the recordings prefix of staging only.',
      );
      acknowledgeWildcards(
        redact.role,
        [vaultRecordings.finding],
        'Redacted recordings keep the staged key; the grant is PutObject under the recordings prefix of the vault only, with no read.',
      );
      if (originalRecordings) {
        acknowledgeWildcards(
          redact.role,
          [originalRecordings.finding],
          'Kept originals keep the staged key; the grant is PutObject under the recordings prefix of the originals vault only, with no read.',
        );
      }
    }
  }
}
