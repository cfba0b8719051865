import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { CALLER_HMAC_SECRET_ENV, PAYMENT_KEY_SECRET_ENV } from '../../lambdas/contracts/env/names';
import type { AppConfig } from '../config';
import { AuditTrail } from '../constructs/audit-trail/audit-trail';
import { TableBackup } from '../constructs/backup/table-backup';
import { DataTables } from '../constructs/data-tables/data-tables';
import { EncryptionKeys } from '../constructs/encryption-keys/encryption-keys';
import { AccessLogBucket } from '../constructs/log-buckets/access-log-bucket';
import { RecordingStaging } from '../constructs/recording-staging/recording-staging';
import { RecordingLockMode, RecordingVault } from '../constructs/recording-vault/recording-vault';
import { BoundSecret } from '../constructs/secrets/bound-secret';
import { pipelineRoleNames, roleArnOf } from '../constructs/transcription/pipeline-roles';

/** Props of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** Validated configuration. */
  readonly config: AppConfig;
}

/**
 * The stateful stack: keys, the recording vault, tables, backups and the audit trail.
 * Termination-protected in prod; every stateful resource is retained on delete.
 */
export class DataStack extends Stack {
  /** KMS keys per class of data. */
  readonly keys: EncryptionKeys;
  /** Server access log destination. */
  readonly accessLogs: AccessLogBucket;
  /** Retention-locked recordings (redacted). */
  readonly vault: RecordingVault;
  /**
   * The unredacted originals, locked apart and read by the vault's auditor only; present only with
   * `keepOriginalRecording` (off by default).
   */
  readonly originals: RecordingVault | undefined;
  /** Where Connect writes recordings before the pipeline redacts them (not locked, short-lived). */
  readonly staging: RecordingStaging;
  /** DynamoDB tables. */
  readonly tables: DataTables;
  /** AWS Backup plan over the tables. */
  readonly backup: TableBackup;
  /** CloudTrail with data events on the vault. */
  readonly audit: AuditTrail;
  /** Key for caller-number HMACs. */
  readonly callerHmacKey: BoundSecret;
  /** Private key(s) that decrypt card input Connect encrypted with the uploaded public key. */
  readonly paymentKey: BoundSecret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    const prod = props.config.stage === 'prod';
    super(scope, id, { terminationProtection: prod, ...props });
    const { config } = props;
    const removalPolicy = RemovalPolicy.RETAIN;

    this.keys = new EncryptionKeys(this, 'Keys', { retain: true });
    this.accessLogs = new AccessLogBucket(this, 'AccessLogs', {
      retentionDays: config.logRetentionDays,
      removalPolicy,
    });
    this.vault = new RecordingVault(this, 'RecordingVault', {
      encryptionKey: this.keys.recordings,
      retentionDays: config.retentionDays,
      lockMode: RecordingLockMode[config.objectLockMode],
      coldStorageAfterDays: config.coldStorageAfterDays,
      accessLogBucket: this.accessLogs.bucket,
      removalPolicy,
    });
    this.originals = config.keepOriginalRecording
      ? new RecordingVault(this, 'OriginalRecordings', {
          encryptionKey: this.keys.recordings,
          retentionDays: config.originalRetentionDays,
          lockMode: RecordingLockMode[config.objectLockMode],
          coldStorageAfterDays: config.coldStorageAfterDays,
          accessLogBucket: this.accessLogs.bucket,
          accessLogPrefix: 'recording-originals/',
          auditorRole: this.vault.auditorRole,
          removalPolicy,
        })
      : undefined;
    this.staging = new RecordingStaging(this, 'RecordingStaging', {
      encryptionKey: this.keys.recordings,
      accessLogBucket: this.accessLogs.bucket,
    });
    // The pipeline's roles live in the analytics stack; the policies here name them (pipeline-roles.ts).
    const pipeline = pipelineRoleNames(config.stage);
    const redactRoleArn = roleArnOf(this, pipeline.redact);
    this.staging.allowReaderArn(redactRoleArn);
    this.vault.allowWriterArn(redactRoleArn);
    this.originals?.allowWriterArn(redactRoleArn);
    this.tables = new DataTables(this, 'Tables', {
      encryptionKey: this.keys.data,
      deletionProtection: prod,
      removalPolicy,
    });
    this.backup = new TableBackup(this, 'Backup', {
      tables: this.tables.all,
      encryptionKey: this.keys.data,
      removalPolicy,
    });
    this.audit = new AuditTrail(this, 'AuditTrail', {
      dataEventBuckets: [
        this.vault.bucket,
        ...(this.originals ? [this.originals.bucket] : []),
        this.staging.bucket,
      ],
      encryptionKey: this.keys.data,
      accessLogBucket: this.accessLogs.bucket,
      retentionDays: config.logRetentionDays as logs.RetentionDays,
      removalPolicy,
    });
    this.callerHmacKey = new BoundSecret(this, 'CallerHmacKey', {
      description: 'phone-robot: HMAC-SHA256 key for caller phone numbers',
      encryptionKey: this.keys.data,
      envVar: CALLER_HMAC_SECRET_ENV,
      noRotationReason:
        'Rotating the caller HMAC key would orphan every stored HMAC (orders, consent evidence, data-subject ' +
        'look-ups); it is rotated by a planned re-keying run, not on a schedule.',
    });
    this.paymentKey = new BoundSecret(this, 'PaymentKey', {
      description:
        'phone-robot: RSA private key(s) for Connect encrypted card input, as {"<keyId>":"<PEM>"}; set by an operator',
      encryptionKey: this.keys.data,
      envVar: PAYMENT_KEY_SECRET_ENV,
      noRotationReason:
        'The private key pairs with the public key uploaded to Connect; it is rotated by uploading a second key ' +
        '(Connect keeps two active) and replacing this value, a manual dual-key procedure.',
    });
  }
}
