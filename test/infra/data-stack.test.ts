import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesized, synth } from '../support/synth';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; [k: string]: unknown }>;

describe('DataStack (prod)', () => {
  let s: Synthesized;
  let resources: Resources;
  beforeAll(() => {
    s = synth({ stage: 'prod', retentionDays: 400, coldStorageAfterDays: 60 }, { nag: false });
    resources = s.template('data').toJSON().Resources as Resources;
  });
  const vault = () => {
    const [id, r] =
      Object.entries(resources).find(
        ([, r]) => r.Type === 'AWS::S3::Bucket' && r.Properties.ObjectLockEnabled,
      ) ?? [];
    if (!id || !r) throw new Error('no Object Lock bucket');
    return { id, props: r.Properties as Record<string, any> };
  };
  const keyIdOf = (descriptionPart: string) => {
    const entry = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::KMS::Key' && String(r.Properties.Description).includes(descriptionPart),
    );
    if (!entry) throw new Error(`no key ${descriptionPart}`);
    return entry[0];
  };

  it('locks every recording in COMPLIANCE mode for exactly the configured days', () => {
    expect(vault().props.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } },
    });
    expect(vault().props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('never expires a current recording before its retention ends', () => {
    const rules = vault().props.LifecycleConfiguration.Rules as Record<string, any>[];
    const expiries = rules
      .filter((r) => r.ExpirationInDays !== undefined)
      .map((r) => r.ExpirationInDays as number);
    expect(expiries.length).toBeGreaterThan(0);
    for (const days of expiries) expect(days).toBeGreaterThanOrEqual(400);
    const main = rules.find((r) => r.Id === 'recordings-lifecycle');
    expect(main?.Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 60 }]);
    expect(main?.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 1 });
  });

  it('encrypts the vault with its own key, bucket key on, and blocks public access', () => {
    expect(vault().props.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: { 'Fn::GetAtt': [keyIdOf('recordings'), 'Arn'] },
          },
        },
      ],
    });
    expect(vault().props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('sends the vault access logs to a separate bucket without Object Lock', () => {
    const target = vault().props.LoggingConfiguration.DestinationBucketName as { Ref: string };
    expect(target.Ref).not.toBe(vault().id);
    expect(resources[target.Ref]?.Properties.ObjectLockEnabled).toBeUndefined();
  });

  it('denies non-TLS access and recording reads by anyone but the auditor (Transcribe reads staging only)', () => {
    s.template('data').hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: vault().id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Sid: 'DenyRecordingReadsExceptAuditor',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: Match.arrayWith(['s3:GetObject', 's3:GetObjectVersion']),
            Condition: {
              ArnNotEquals: {
                'aws:PrincipalArn': [
                  { 'Fn::GetAtt': [Match.stringLikeRegexp('^RecordingVaultAuditorRole'), 'Arn'] },
                ],
              },
            },
          }),
        ]),
      },
    });
  });

  it('requires MFA to assume the auditor role', () => {
    s.template('data').hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('auditor'),
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
      },
    });
  });

  it('rotates every customer-managed key and retains it', () => {
    const keys = Object.values(resources).filter((r) => r.Type === 'AWS::KMS::Key');
    expect(keys).toHaveLength(3);
    for (const k of keys) {
      expect(k.Properties.EnableKeyRotation).toBe(true);
      expect(k.DeletionPolicy).toBe('Retain');
    }
  });

  it('gives every table the data key, PITR, on-demand billing and deletion protection', () => {
    const tables = Object.values(resources).filter((r) => r.Type === 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(7);
    for (const t of tables) {
      expect(t.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [keyIdOf('tables'), 'Arn'] },
        },
      });
    }
  });

  it('indexes orders by caller HMAC and creation time, by status and last change, and expires idempotency records', () => {
    s.template('data').hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byCaller',
          KeySchema: [
            { AttributeName: 'callerHmac', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'updatedAt', KeyType: 'RANGE' },
          ],
        }),
      ],
    });
    s.template('data').hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('backs up every table in an encrypted vault', () => {
    const selection = Object.values(resources).find((r) => r.Type === 'AWS::Backup::BackupSelection');
    if (!selection) throw new Error('no backup selection');
    const selected = (selection.Properties.BackupSelection as { Resources: unknown[] }).Resources;
    const tableIds = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::DynamoDB::Table')
      .map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    expect(selected).toEqual(expect.arrayContaining(tableIds));
    expect(selected).toHaveLength(7);
    s.template('data').hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [keyIdOf('tables'), 'Arn'] },
    });
  });

  it('trails management events and every vault and staging object read and write, validated and encrypted', () => {
    s.template('data').hasResourceProperties('AWS::CloudTrail::Trail', {
      EnableLogFileValidation: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      KMSKeyId: { 'Fn::GetAtt': [keyIdOf('tables'), 'Arn'] },
      EventSelectors: Match.arrayWith([
        Match.objectLike({
          IncludeManagementEvents: false,
          ReadWriteType: 'All',
          DataResources: [
            {
              Type: 'AWS::S3::Object',
              Values: [
                { 'Fn::Join': ['', [{ 'Fn::GetAtt': [vault().id, 'Arn'] }, '/']] },
                {
                  'Fn::Join': [
                    '',
                    [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^RecordingStagingBucket'), 'Arn'] }, '/'],
                  ],
                },
              ],
            },
          ],
        }),
      ]),
    });
  });

  it('turns on termination protection in prod only', () => {
    expect(s.stacks.data.terminationProtection).toBe(true);
    expect(synth({ stage: 'dev' }, { nag: false }).stacks.data.terminationProtection).toBe(false);
  });
});

describe('DataStack (dev)', () => {
  it('locks recordings in GOVERNANCE mode and leaves deletion protection off', () => {
    const t = synth({ stage: 'dev', retentionDays: 30 }, { nag: false }).template('data');
    t.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } },
    });
    t.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
  });
});
