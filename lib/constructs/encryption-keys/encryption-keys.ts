import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Props of {@link EncryptionKeys}. */
export interface EncryptionKeysProps {
  /**
   * Keep the keys when the stack is deleted. Deleting a key makes every recording,
   * table backup and log it protects unreadable, so prod always retains.
   * @default true
   */
  readonly retain?: boolean;
}

/**
 * The customer-managed KMS keys of phone-robot, one per class of data, each with yearly
 * rotation (COMPLIANCE C4): a reader of one class never gets the others by accident.
 */
export class EncryptionKeys extends Construct {
  /** Encrypts call recordings in the vault; only the auditor and transcription may decrypt. */
  readonly recordings: kms.Key;
  /** Encrypts DynamoDB tables, backups, CloudWatch log groups and the audit trail. */
  readonly data: kms.Key;
  /** Encrypts the analytics lake, Athena results and the streams that feed them. */
  readonly analytics: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptionKeysProps = {}) {
    super(scope, id);
    const removalPolicy = (props.retain ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const key = (keyId: string, description: string) =>
      new kms.Key(this, keyId, {
        description,
        enableKeyRotation: true,
        // The longest window: a mistaken deletion can be cancelled for 30 days.
        pendingWindow: Duration.days(30),
        removalPolicy,
      });
    this.recordings = key('RecordingsKey', 'phone-robot call recordings (vault)');
    this.data = key('DataKey', 'phone-robot tables, backups, logs and audit trail');
    this.analytics = key('AnalyticsKey', 'phone-robot analytics lake and query results');

    // CloudWatch Logs encrypts log groups with the data key; scope it to this account's groups.
    const { region, account, partition } = Stack.of(this);
    this.data.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
          },
        },
      }),
    );
  }
}
