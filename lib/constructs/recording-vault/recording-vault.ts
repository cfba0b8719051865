import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  acknowledgeGrantPolicy,
  acknowledgeRule,
  NagPack,
  NO_REPLICATION_REASON,
} from '../compliance/acknowledge';
import { secureBucketProps } from '../compliance/secure-bucket';

/** Object Lock mode of the vault. */
export enum RecordingLockMode {
  /** Privileged users with s3:BypassGovernanceRetention can shorten it (dev). */
  GOVERNANCE = 'GOVERNANCE',
  /** Nobody, not even the root user, can delete a version before its retention ends (prod). */
  COMPLIANCE = 'COMPLIANCE',
}

/** Props of {@link RecordingVault}. */
export interface RecordingVaultProps {
  /** Key that encrypts every recording (SSE-KMS, bucket key on). */
  readonly encryptionKey: kms.IKey;
  /** Days each recording version is locked, and the earliest day it may expire. */
  readonly retentionDays: number;
  /** Object Lock mode. */
  readonly lockMode: RecordingLockMode;
  /** Days after which recordings move to Glacier Instant Retrieval. @default 90 */
  readonly coldStorageAfterDays?: number;
  /** Bucket that receives the vault's server access logs (it cannot be the vault itself). */
  readonly accessLogBucket: s3.IBucket;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Prefix of the vault's server access logs in `accessLogBucket`. @default `recording-vault/` */
  readonly accessLogPrefix?: string;
  /**
   * The auditor role of another vault, to share instead of creating one: one human role, one MFA
   * rule and one trail for every bucket of recordings. @default a new role
   */
  readonly auditorRole?: iam.Role;
}

/** S3 actions that read recording content. */
const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes', 's3:RestoreObject'];

/**
 * S3 actions that copy recordings elsewhere by replication, by resource type (Service Authorization
 * Reference for Amazon S3): the replication configuration is a bucket subresource (DeleteBucketReplication
 * is authorized as s3:PutReplicationConfiguration too); the others act on objects, as the source of
 * live or batch replication (GetObjectVersionForReplication, InitiateReplication) or its destination.
 */
export const REPLICATION_BUCKET_ACTIONS = ['s3:PutReplicationConfiguration'] as const;
/** See {@link REPLICATION_BUCKET_ACTIONS}. */
export const REPLICATION_OBJECT_ACTIONS = [
  's3:ReplicateObject',
  's3:ReplicateDelete',
  's3:ReplicateTags',
  's3:GetObjectVersionForReplication',
  's3:InitiateReplication',
] as const;

/**
 * Why the vault has no replication (cdk-nag S3BucketReplicationEnabled). Each fact it states is
 * checked on the synthesized template by test/infra/vault-access.test.ts.
 */
export const VAULT_NO_REPLICATION_REASON =
  `${NO_REPLICATION_REASON} The vault has no replication configuration, and its bucket policy denies ` +
  's3:PutReplicationConfiguration and every replication action to every principal.';

/**
 * Replication would copy recordings out of their bucket's region and reader list (a cross-border
 * transfer, PIPL art. 38): denied on a recordings bucket to every principal, administrators included.
 */
export function denyReplication(bucket: s3.Bucket): void {
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyReplicationConfiguration',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...REPLICATION_BUCKET_ACTIONS],
      resources: [bucket.bucketArn],
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyReplicationOfRecordings',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...REPLICATION_OBJECT_ACTIONS],
      resources: [bucket.arnForObjects('*')],
    }),
  );
}

/**
 * A locked vault of recordings: by default the REDACTED recordings of consenting callers (Connect
 * writes the original to the staging bucket), or, with `keepOriginalRecording`, a second vault of
 * the unredacted originals sharing the first one's auditor role. Only the redaction pipeline
 * writes here (see {@link allowWriterArn}).
 *
 * Every version is retention-locked (Object Lock default retention), encrypted with the
 * recordings key, reachable only over TLS, never public, access-logged elsewhere, and
 * readable only by the {@link auditorRole} and the roles registered with {@link allowReader},
 * never replicated (COMPLIANCE C4, C5, C7). No service reads it: Transcribe reads staging.
 */
export class RecordingVault extends Construct {
  /** The vault bucket. */
  readonly bucket: s3.Bucket;
  /** Role a human auditor assumes (with MFA) to listen to a recording; every read is trailed. */
  readonly auditorRole: iam.Role;
  /** Roles that may write recordings (the redaction pipeline); every other PutObject is denied. */
  private readonly writers: string[] = [];
  /** Retention in days, for consumers that report it. */
  readonly retentionDays: number;
  /** Object Lock mode, for consumers that report it. */
  readonly lockMode: RecordingLockMode;

  private readonly readers: iam.IRole[] = [];
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: RecordingVaultProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 1) {
      throw new Error(`retentionDays must be a whole number of days >= 1, got ${props.retentionDays}`);
    }
    const coldAfter = props.coldStorageAfterDays ?? 90;
    this.retentionDays = props.retentionDays;
    this.lockMode = props.lockMode;
    this.key = props.encryptionKey;
    const retention = Duration.days(props.retentionDays);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...secureBucketProps({
        encryptionKey: props.encryptionKey,
        accessLogBucket: props.accessLogBucket,
        accessLogPrefix: props.accessLogPrefix ?? 'recording-vault/',
      }),
      objectLockEnabled: true,
      objectLockDefaultRetention:
        props.lockMode === RecordingLockMode.COMPLIANCE
          ? s3.ObjectLockRetention.compliance(retention)
          : s3.ObjectLockRetention.governance(retention),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'recordings-lifecycle',
          // Colder storage only pays off when the object stays there a while.
          transitions:
            coldAfter < props.retentionDays
              ? [
                  {
                    storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
                    transitionAfter: Duration.days(coldAfter),
                  },
                ]
              : [],
          // A current version expires (gets a delete marker) only once its lock has ended.
          expiration: retention,
          // Object Lock still protects a noncurrent version until its own retention date.
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
    });

    this.auditorRole =
      props.auditorRole ??
      new iam.Role(this, 'AuditorRole', {
        description: 'Assumed by a human auditor (MFA required) to listen to call recordings.',
        assumedBy: new iam.AccountPrincipal(Stack.of(this).account).withConditions({
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        }),
        maxSessionDuration: Duration.hours(1),
      });
    this.allowReader(this.auditorRole);

    // Deny every read by anyone not registered, whatever their IAM policies say.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyRecordingReadsExceptAuditor',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: READ_ACTIONS,
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          ArnNotEquals: {
            'aws:PrincipalArn': Lazy.list({ produce: () => this.readers.map((r) => r.roleArn) }),
          },
        },
      }),
    );
    // Only the redaction pipeline writes recordings, and only redacted ones (Connect writes to the
    // staging bucket): every other principal's PutObject is denied, administrators included.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyRecordingWritesExceptPipeline',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => this.writers }) } },
      }),
    );
    denyReplication(this.bucket);
    acknowledgeRule(
      this.bucket.node.defaultChild as s3.CfnBucket,
      'S3BucketReplicationEnabled',
      VAULT_NO_REPLICATION_REASON,
    );
  }

  /**
   * Lets a role read recordings: an IAM grant for the bucket and the key, and a place on
   * the bucket policy's allow-list. Each reader widens who can hear callers, so keep it short.
   */
  allowReader(role: iam.IRole): void {
    this.readers.push(role);
    this.bucket.grantRead(role);
    this.key.grantDecrypt(role);
    acknowledgeGrantPolicy(role);
    const policy = role.node.tryFindChild('DefaultPolicy')?.node.tryFindChild('Resource');
    if (policy) {
      const why =
        'bucket.grantRead on the vault only: the object wildcard is the recordings this reader exists for, and ' +
        'the bucket policy denies every principal not on the reader list.';
      for (const finding of [
        'IAM5[Action::s3:GetBucket*]',
        'IAM5[Action::s3:GetObject*]',
        'IAM5[Action::s3:List*]',
        `IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      ]) {
        acknowledgeRule(policy, finding, why, [NagPack.AWS_SOLUTIONS]);
      }
    }
  }

  /**
   * Lets the role of that ARN write recordings (the redaction pipeline's function role, named in
   * another stack): its place on the bucket policy's writer list. Its IAM grant comes with it.
   */
  allowWriterArn(roleArn: string): void {
    this.writers.push(roleArn);
  }

  /** The S3 URI prefix under which Connect writes recordings (staging) and the vault keeps them. */
  get recordingsPrefix(): string {
    return 'connect/';
  }
}
