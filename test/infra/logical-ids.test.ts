import { describe, expect, it } from 'vitest';
import { synth } from '../support/synth';

/**
 * Stateful resources must keep their logical ids: a changed id makes CloudFormation create a
 * new table, key or bucket and orphan (or delete) the one holding callers' data.
 */
const STATEFUL = new Set([
  'AWS::DynamoDB::Table',
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::Backup::BackupVault',
  'AWS::SecretsManager::Secret',
]);

describe('stateful logical ids', () => {
  it('pins the logical ids of tables, buckets, keys, the backup vault and the caller HMAC key', () => {
    const resources = synth({ stage: 'prod' }, { nag: false }).template('data').toJSON().Resources as Record<
      string,
      { Type: string }
    >;
    const ids = Object.entries(resources)
      .filter(([, r]) => STATEFUL.has(r.Type))
      .map(([id, r]) => `${r.Type} ${id}`)
      .sort();
    expect(ids).toEqual([
      'AWS::Backup::BackupVault BackupVaultADF21B19',
      'AWS::DynamoDB::Table TablesCatalogTable9739F259',
      'AWS::DynamoDB::Table TablesConsentLedgerTableFB1A5697',
      'AWS::DynamoDB::Table TablesDsarAuditTableD1005314',
      'AWS::DynamoDB::Table TablesIdempotencyTable9CFEB1A0',
      'AWS::DynamoDB::Table TablesOrdersTable57E15B04',
      'AWS::DynamoDB::Table TablesTextMessagesTable5A68EC7C',
      'AWS::DynamoDB::Table TablesTurnsTableDB272B60',
      'AWS::KMS::Key KeysAnalyticsKey97E8ECF2',
      'AWS::KMS::Key KeysDataKey8F3FE3A4',
      'AWS::KMS::Key KeysRecordingsKey3BB299E9',
      'AWS::S3::Bucket AccessLogsBucketCD784A59',
      'AWS::S3::Bucket AuditTrailBucketA91FD435',
      'AWS::S3::Bucket RecordingStagingBucket9F8404A9',
      'AWS::S3::Bucket RecordingVaultBucketDD4E29B5',
      'AWS::SecretsManager::Secret CallerHmacKeySecret0B1E63A3',
      'AWS::SecretsManager::Secret PaymentKeySecret03750472',
    ]);
  });

  it('pins the logical ids of the analytics lake, its query results and its catalog', () => {
    const resources = synth({ stage: 'prod' }, { nag: false }).template('analytics').toJSON()
      .Resources as Record<string, { Type: string }>;
    const ids = Object.entries(resources)
      .filter(([, r]) => ['AWS::S3::Bucket', 'AWS::Glue::Database', 'AWS::Kinesis::Stream'].includes(r.Type))
      .map(([id, r]) => `${r.Type} ${id}`)
      .sort();
    expect(ids).toEqual([
      'AWS::Glue::Database LakeDatabase161E1CC7',
      'AWS::Kinesis::Stream CtrStream60D38453',
      'AWS::S3::Bucket LakeLakeBucket24430E3D',
      'AWS::S3::Bucket LakeResultsBucket4B59D976',
      'AWS::S3::Bucket TranscriptionWorkBucket62575FED',
    ]);
  });
});
