import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeGrantPolicy, acknowledgeRule, NO_REPLICATION_REASON } from '../compliance/acknowledge';
import { secureBucketProps } from '../compliance/secure-bucket';

/** Props of {@link AuditTrail}. */
export interface AuditTrailProps {
  /** Buckets whose object-level reads and writes are recorded (the recording vault). */
  readonly dataEventBuckets: readonly s3.IBucket[];
  /** Key that encrypts the trail's log files and its CloudWatch log group. */
  readonly encryptionKey: kms.IKey;
  /** Bucket for the trail bucket's own server access logs. */
  readonly accessLogBucket: s3.IBucket;
  /** Days trail files and the log group are kept. */
  readonly retentionDays: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A CloudTrail trail proving who touched recordings and keys (COMPLIANCE C8): management
 * events (KMS included) in every region, S3 data events on the vault, log-file validation,
 * KMS-encrypted delivery, and a copy in CloudWatch Logs for alarms.
 */
export class AuditTrail extends Construct {
  /** The trail. */
  readonly trail: cloudtrail.Trail;
  /** Bucket the trail delivers to. */
  readonly bucket: s3.Bucket;
  /** Log group that receives the same events (for metric filters and alarms). */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...secureBucketProps({
        encryptionKey: props.encryptionKey,
        accessLogBucket: props.accessLogBucket,
        accessLogPrefix: 'audit-trail/',
      }),
      removalPolicy,
      lifecycleRules: [
        {
          id: 'expire-trail-files',
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: props.encryptionKey,
      retention: props.retentionDays,
      removalPolicy,
    });

    // CloudTrail encrypts log files with the key; allow it only for trails of this account.
    const { account, partition } = Stack.of(this);
    props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailOfThisAccountToEncrypt',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*`,
          },
        },
      }),
    );

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      bucket: this.bucket,
      encryptionKey: props.encryptionKey,
      enableFileValidation: true,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });
    this.trail.addS3EventSelector(
      props.dataEventBuckets.map((bucket) => ({ bucket })),
      { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: false },
    );
    acknowledgeRule(
      this.bucket.node.defaultChild as s3.CfnBucket,
      'S3BucketReplicationEnabled',
      NO_REPLICATION_REASON,
    );
    const logsRole = this.trail.node.tryFindChild('LogsRole');
    if (logsRole) acknowledgeGrantPolicy(logsRole);
  }
}
