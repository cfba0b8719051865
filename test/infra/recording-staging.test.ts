import { beforeAll, describe, expect, it } from 'vitest';
import { pipelineRoleNames } from '../../lib/constructs/transcription/pipeline-roles';
import { type Synthesized, synth } from '../support/synth';

/**
 * Audio de-identification in the templates (issue 13): Connect writes recordings to a staging
 * bucket (KMS, lifecycle, no lock, no human reader); the pipeline starts on its "Object Created"
 * events; only the redaction function's role may put objects into the vault.
 */

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: any;
};

let s: Synthesized;
const resources = (stack: 'data' | 'analytics' | 'contactCenter') =>
  s.template(stack).toJSON().Resources as Record<string, Resource>;
const one = (stack: 'data' | 'analytics' | 'contactCenter', type: string, id: RegExp): [string, Resource] => {
  const found = Object.entries(resources(stack)).filter(([k, r]) => r.Type === type && id.test(k));
  expect(found, `${type} ${id}`).toHaveLength(1);
  return found[0] as [string, Resource];
};
const actions = (st: Statement) => (Array.isArray(st.Action) ? st.Action : [st.Action]);
const names = pipelineRoleNames('prod');
const roleArn = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:role/${name}`]],
});

beforeAll(() => {
  s = synth({ stage: 'prod' }, { nag: false });
});

describe('the staging bucket', () => {
  it('is encrypted with the recordings key, not locked, unversioned and expires objects after 2 days', () => {
    const [, bucket] = one('data', 'AWS::S3::Bucket', /^RecordingStagingBucket/);
    const [keyId] = one('data', 'AWS::KMS::Key', /^KeysRecordingsKey/);
    const p = bucket.Properties;
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(p.ObjectLockEnabled).toBeUndefined();
    expect(p.ObjectLockConfiguration).toBeUndefined();
    expect(p.VersioningConfiguration).toBeUndefined();
    expect(p.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({
        ExpirationInDays: 2,
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      }),
    ]);
    expect(p.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
  });

  it('denies object reads to every principal but the redaction role and Transcribe data-access role', () => {
    const [bucketId] = one('data', 'AWS::S3::Bucket', /^RecordingStagingBucket/);
    const [transcribeRole] = one('data', 'AWS::IAM::Role', /^RecordingStagingTranscribeAccessRole/);
    const policy = Object.values(resources('data')).find(
      (r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket?.Ref === bucketId,
    );
    const deny = ((policy?.Properties.PolicyDocument.Statement ?? []) as Statement[]).find(
      (st) => st.Sid === 'DenyStagedRecordingReadsExceptPipeline',
    );
    expect(deny?.Effect).toBe('Deny');
    expect(actions(deny as Statement)).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes']),
    );
    const allowed = deny?.Condition?.ArnNotEquals?.['aws:PrincipalArn'];
    expect(Object.keys(deny?.Condition ?? {})).toEqual(['ArnNotEquals']);
    expect(allowed).toHaveLength(2);
    expect(allowed).toEqual(
      expect.arrayContaining([roleArn(names.redact), { 'Fn::GetAtt': [transcribeRole, 'Arn'] }]),
    );
  });

  it('receives Connect call recordings', () => {
    const [, storage] = one('contactCenter', 'AWS::Connect::InstanceStorageConfig', /RecordingStorage/);
    expect(JSON.stringify(storage.Properties.S3Config.BucketName)).toMatch(/RecordingStagingBucket/);
  });

  it('starts the pipeline on its Object Created events (EventBridge rule -> start function)', () => {
    const [, rule] = one('analytics', 'AWS::Events::Rule', /RecordingCreatedRule/);
    expect(rule.Properties.EventPattern.source).toEqual(['aws.s3']);
    expect(rule.Properties.EventPattern['detail-type']).toEqual(['Object Created']);
    expect(JSON.stringify(rule.Properties.EventPattern.detail.bucket.name)).toMatch(/RecordingStagingBucket/);
    expect(JSON.stringify(rule.Properties.Targets[0].Arn)).toMatch(/TranscriptionStartFunction/);
  });
});

describe('the vault takes redacted recordings from the pipeline only', () => {
  it('denies PutObject to every principal but the redaction function role', () => {
    const [bucketId] = one('data', 'AWS::S3::Bucket', /^RecordingVaultBucket/);
    const policy = Object.values(resources('data')).find(
      (r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket?.Ref === bucketId,
    );
    const deny = ((policy?.Properties.PolicyDocument.Statement ?? []) as Statement[]).find(
      (st) => st.Sid === 'DenyRecordingWritesExceptPipeline',
    );
    expect(deny).toMatchObject({ Effect: 'Deny', Action: 's3:PutObject' });
    expect(deny?.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': [roleArn(names.redact)] } });
    // The vault no longer sends events: nothing starts from it.
    expect(resources('data')[bucketId]?.Properties.NotificationConfiguration).toBeUndefined();
  });

  it('gives that name to the redact function role, which alone may PutObject into the vault', () => {
    const [redactRoleId, redactRole] = one('analytics', 'AWS::IAM::Role', /^TranscriptionRedactFunctionRole/);
    expect(redactRole.Properties.RoleName).toBe(names.redact);
    const writers: string[] = [];
    for (const stack of ['data', 'analytics', 'contactCenter'] as const) {
      for (const r of Object.values(resources(stack)).filter((x) => x.Type === 'AWS::IAM::Policy')) {
        for (const st of r.Properties.PolicyDocument.Statement as Statement[]) {
          if (!JSON.stringify(st.Resource).includes('RecordingVault')) continue;
          if (actions(st).some((a) => a === 's3:PutObject' || a === 's3:*' || a === 's3:PutObject*')) {
            writers.push(...(r.Properties.Roles as { Ref: string }[]).map((x) => x.Ref));
          }
        }
      }
    }
    expect(writers).toEqual([redactRoleId]);
  });

  it('gives the redact function the staged original (read, delete) and the turns (query), not vault reads', () => {
    const [redactRoleId] = one('analytics', 'AWS::IAM::Role', /^TranscriptionRedactFunctionRole/);
    const statements = Object.values(resources('analytics'))
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          (r.Properties.Roles as { Ref: string }[]).some((x) => x.Ref === redactRoleId),
      )
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    const on = (pattern: RegExp) =>
      statements
        .filter((st) => pattern.test(JSON.stringify(st.Resource)))
        .flatMap(actions)
        .sort();
    expect(on(/RecordingStagingArn/)).toEqual(['s3:DeleteObject', 's3:GetObject']);
    expect(on(/RecordingVaultArn/)).toEqual(['s3:PutObject']);
    expect(on(/TurnsTable/)).toEqual(['dynamodb:Query']);
  });
});
