import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule, NagPack, NO_REPLICATION_REASON } from '../compliance/acknowledge';

/** Props of {@link AccessLogBucket}. */
export interface AccessLogBucketProps {
  /** Days server access logs are kept. */
  readonly retentionDays: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Destination of S3 server access logs for every bucket of phone-robot. It stands apart
 * because a bucket with Object Lock cannot receive server access logs, and S3 only
 * delivers them to a bucket encrypted with SSE-S3 (not SSE-KMS).
 */
export class AccessLogBucket extends Construct {
  /** The bucket. */
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    const resource = this.bucket.node.defaultChild as s3.CfnBucket;
    const loop = 'This is the server access log destination; logging it to itself would loop.';
    acknowledgeRule(resource, 'S1', loop, [NagPack.AWS_SOLUTIONS]);
    acknowledgeRule(resource, 'S3BucketLoggingEnabled', loop);
    acknowledgeRule(
      resource,
      'S3DefaultEncryptionKMS',
      'S3 delivers server access logs only to SSE-S3 buckets; with SSE-KMS the logs would be dropped.',
    );
    acknowledgeRule(resource, 'S3BucketReplicationEnabled', NO_REPLICATION_REASON);
  }
}
