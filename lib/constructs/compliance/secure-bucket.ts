import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** Options of {@link secureBucketProps}. */
export interface SecureBucketOptions {
  /** Customer managed key for SSE-KMS (with an S3 Bucket Key, to cut KMS requests). */
  readonly encryptionKey: kms.IKey;
  /** Destination of the server access logs; without it the bucket is not logged. */
  readonly accessLogBucket?: s3.IBucket;
  /** Key prefix of this bucket's server access logs in `accessLogBucket`. */
  readonly accessLogPrefix?: string;
  /**
   * Keep object versions. Off only where old versions would defeat minimisation.
   * @default true
   */
  readonly versioned?: boolean;
}

/**
 * The defaults every KMS-encrypted phone-robot bucket shares, to spread into `new s3.Bucket`
 * before the bucket's own settings (removal policy, lifecycle, Object Lock): SSE-KMS with the
 * given key and a Bucket Key, TLS 1.2+ only, no public access, ACLs disabled (bucket owner
 * enforced), versioning and server access logs. Kept in one place so the cdk-nag findings these
 * settings answer (encryption, SSL, public access, logging, versioning) stay answered everywhere.
 *
 * The server access log bucket itself does not use this: S3 delivers access logs only to
 * SSE-S3 buckets, and logging it to itself would loop.
 *
 * @param options key, access log destination and versioning
 * @returns bucket props to spread into `s3.BucketProps`
 */
export function secureBucketProps(options: SecureBucketOptions): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: options.encryptionKey,
    bucketKeyEnabled: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: options.versioned ?? true,
    serverAccessLogsBucket: options.accessLogBucket,
    serverAccessLogsPrefix: options.accessLogPrefix,
  };
}
