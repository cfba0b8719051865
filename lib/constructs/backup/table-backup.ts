import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeRule, NagPack } from '../compliance/acknowledge';

/** Props of {@link TableBackup}. */
export interface TableBackupProps {
  /** Tables to back up. */
  readonly tables: readonly dynamodb.ITable[];
  /** Key that encrypts the backup vault. */
  readonly encryptionKey: kms.IKey;
  /** Days daily backups are kept. @default 35 */
  readonly dailyRetentionDays?: number;
  /** Days monthly backups are kept. @default 365 */
  readonly monthlyRetentionDays?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * AWS Backup for the tables, on top of PITR (COMPLIANCE C6): PITR recovers the last 35 days
 * to the second; the plan keeps monthly copies beyond that in an encrypted vault.
 */
export class TableBackup extends Construct {
  /** The backup plan. */
  readonly plan: backup.BackupPlan;
  /** The encrypted backup vault. */
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'daily',
          scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
          deleteAfter: Duration.days(props.dailyRetentionDays ?? 35),
        }),
        new backup.BackupPlanRule({
          ruleName: 'monthly',
          scheduleExpression: events.Schedule.cron({ day: '1', hour: '4', minute: '0' }),
          deleteAfter: Duration.days(Math.max(props.monthlyRetentionDays ?? 365, 120)),
        }),
      ],
    });
    const selection = this.plan.addSelection('Tables', {
      resources: props.tables.map((t) => backup.BackupResource.fromDynamoDbTable(t)),
    });
    const role = selection.node.tryFindChild('Role')?.node.tryFindChild('Resource');
    if (role) {
      acknowledgeRule(
        role,
        'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        'AWS-maintained service policy for AWS Backup, assumable only by backup.amazonaws.com; it follows new ' +
          'backup features without our edits.',
        [NagPack.AWS_SOLUTIONS],
      );
    }
  }
}
