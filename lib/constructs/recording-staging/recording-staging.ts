import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { STAGED_RECORDING_DAYS } from '../../../lambdas/contracts/transcription';
import {
  acknowledgeGrantPolicy,
  acknowledgeRule,
  acknowledgeWildcards,
  NO_REPLICATION_REASON,
} from '../compliance/acknowledge';
import { secureBucketProps } from '../compliance/secure-bucket';
import { denyReplication } from '../recording-vault/recording-vault';

/** Props of {@link RecordingStaging}. */
export interface RecordingStagingProps {
  /** The recordings key (SSE-KMS, bucket key on), the vault's too. */
  readonly encryptionKey: kms.IKey;
  /** Days a staged recording may stay before the lifecycle deletes it. @default STAGED_RECORDING_DAYS */
  readonly expireAfterDays?: number;
  /** Destination of the bucket's server access logs. */
  readonly accessLogBucket: s3.IBucket;
}

/** S3 actions that read a staged recording's content. */
const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes', 's3:RestoreObject'];

/**
 * Why staging keeps no versions (cdk-nag S3BucketVersioningEnabled); checked by
 * test/infra/recording-staging.test.ts.
 */
export const STAGING_NO_VERSIONING_REASON =
  'Staged recordings are unredacted originals that must be really gone once their redacted copy is in the ' +
  'vault (data minimisation, PIPL art. 19, GDPR art. 5(1)(c)); versions would keep them. The lifecycle ' +
  'deletes anything left after a few days.';

/**
 * Where Amazon Connect writes call recordings: NOT locked, encrypted with the recordings key,
 * short-lived (lifecycle expiry), readable by no human: its bucket policy denies object reads to
 * every principal except the registered pipeline roles (the redaction function and Transcribe's
 * data-access role). The pipeline transcribes the recording from here, silences its personal
 * data and writes the redacted copy into the locked vault, then deletes the original.
 */
export class RecordingStaging extends Construct {
  readonly bucket: s3.Bucket;
  /**
   * Role Amazon Transcribe assumes to read staged recordings (its data-access role). It reads
   * staging only: the vaults hold what the pipeline made of a recording, never Transcribe's input.
   */
  readonly transcribeAccessRole: iam.Role;
  /** Days until the lifecycle deletes a staged recording. */
  readonly expireAfterDays: number;
  private readonly readers: string[] = [];

  constructor(scope: Construct, id: string, props: RecordingStagingProps) {
    super(scope, id);
    this.expireAfterDays = props.expireAfterDays ?? STAGED_RECORDING_DAYS;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...secureBucketProps({
        encryptionKey: props.encryptionKey,
        accessLogBucket: props.accessLogBucket,
        accessLogPrefix: 'recording-staging/',
        versioned: false,
      }),
      // Holds nothing worth keeping once redacted: the vault has the redacted copy.
      removalPolicy: RemovalPolicy.DESTROY,
      lifecycleRules: [
        {
          id: 'expire-staged-recordings',
          expiration: Duration.days(this.expireAfterDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    // "Object Created" events start the pipeline. Set on the L1: the L2 `eventBridgeEnabled`
    // deploys a notifications custom-resource Lambda just for this flag.
    const resource = this.bucket.node.defaultChild as s3.CfnBucket;
    resource.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };

    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyStagedRecordingReadsExceptPipeline',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: READ_ACTIONS,
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => this.readers }) } },
      }),
    );
    const { account, partition, region } = Stack.of(this);
    this.transcribeAccessRole = new iam.Role(this, 'TranscribeAccessRole', {
      description: 'Data-access role Amazon Transcribe assumes to read staged recordings for transcription.',
      // Confused-deputy prevention as Amazon Transcribe documents it: only Transcribe acting for a
      // job of this account and region may assume the role. Who may hand the role to a job is
      // limited by iam:PassRole (granted to the transcription start function only).
      assumedBy: new iam.ServicePrincipal('transcribe.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:${partition}:transcribe:${region}:${account}:*` },
      }),
    });
    this.allowReaderArn(this.transcribeAccessRole.roleArn);
    this.bucket.grantRead(this.transcribeAccessRole);
    acknowledgeGrantPolicy(this.transcribeAccessRole);
    acknowledgeWildcards(
      this.transcribeAccessRole,
      [
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        `Resource::<${Stack.of(this).getLogicalId(resource)}.Arn>/*`,
      ],
      'bucket.grantRead on the staging bucket: Transcribe reads each staged recording it transcribes; the ' +
        'bucket policy denies every principal but the pipeline roles.',
    );

    denyReplication(this.bucket);
    acknowledgeRule(resource, 'S3BucketVersioningEnabled', STAGING_NO_VERSIONING_REASON);
    acknowledgeRule(
      resource,
      'S3BucketReplicationEnabled',
      `${NO_REPLICATION_REASON} The staging bucket policy denies replication to every principal.`,
    );
  }

  /**
   * Puts a role on the bucket policy's reader list (the explicit deny spares it). The role still
   * needs its own IAM grant, given where the role lives. Pipeline roles only: no human reads here.
   */
  allowReaderArn(roleArn: string): void {
    this.readers.push(roleArn);
  }
}
