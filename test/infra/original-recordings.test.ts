import { describe, expect, it } from 'vitest';
import { RECORDING_ORIGINALS_BUCKET_ENV } from '../../lambdas/contracts/env/names';
import { ConfigError, parseConfig } from '../../lib/config';
import { pipelineRoleNames } from '../../lib/constructs/transcription/pipeline-roles';
import { dataInventory, inventoryGaps } from '../../tools/compliance/inventory';
import { synth } from '../support/synth';

/**
 * `keepOriginalRecording`: the unredacted original kept in a second locked vault that only the
 * auditor reads and only the redaction pipeline writes; off by default.
 */

type Json = any;
type Resources = Record<string, { Type: string; Properties: Json }>;

const resourcesOf = (
  s: ReturnType<typeof synth>,
  stack: 'data' | 'analytics' | 'observability' | 'contactCenter',
) => s.template(stack).toJSON().Resources as Resources;
const lockedBuckets = (s: ReturnType<typeof synth>) =>
  Object.entries(resourcesOf(s, 'data')).filter(
    ([, r]) => r.Type === 'AWS::S3::Bucket' && r.Properties.ObjectLockEnabled,
  );
const redactFunction = (s: ReturnType<typeof synth>) => {
  const fn = Object.values(resourcesOf(s, 'analytics')).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.RECORDING_VAULT_BUCKET,
  );
  if (!fn) throw new Error('no redact function');
  return fn;
};

describe('keepOriginalRecording off (the default)', () => {
  const s = synth({ stage: 'prod' }, { nag: false });

  it('synthesizes one locked bucket and no originals setting on the redact function', () => {
    expect(s.config.keepOriginalRecording).toBe(false);
    expect(s.stacks.data.originals).toBeUndefined();
    expect(lockedBuckets(s)).toHaveLength(1);
    expect(
      redactFunction(s).Properties.Environment.Variables[RECORDING_ORIGINALS_BUCKET_ENV],
    ).toBeUndefined();
  });
});

describe('keepOriginalRecording on', () => {
  const s = synth({ stage: 'prod', keepOriginalRecording: 'true', originalRetentionDays: '30' });
  const data = () => resourcesOf(s, 'data');
  const originalsId = () =>
    s.stacks.data.getLogicalId(s.stacks.data.originals?.bucket.node.defaultChild as never);
  const vaultId = () => s.stacks.data.getLogicalId(s.stacks.data.vault.bucket.node.defaultChild as never);
  const policyOf = (bucketId: string) => {
    const policy = Object.values(data()).find(
      (r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket?.Ref === bucketId,
    );
    if (!policy) throw new Error(`no policy for ${bucketId}`);
    return policy.Properties.PolicyDocument.Statement as Json[];
  };

  it('locks the originals apart, in COMPLIANCE mode for their own retention', () => {
    expect(lockedBuckets(s)).toHaveLength(2);
    const originals = data()[originalsId()];
    expect(originals?.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } },
    });
    expect(originals?.Properties.LoggingConfiguration.LogFilePrefix).toBe('recording-originals/');
    expect(originals?.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' },
    });
    expect(originals?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    // The redacted vault keeps its own retention.
    expect(data()[vaultId()]?.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBe(365);
  });

  it('lets only the one auditor role read an original, and creates no second auditor', () => {
    const auditors = Object.entries(data()).filter(
      ([id, r]) => r.Type === 'AWS::IAM::Role' && /AuditorRole/.test(id),
    );
    expect(auditors).toHaveLength(1);
    const deny = policyOf(originalsId()).find((st) => st.Sid === 'DenyRecordingReadsExceptAuditor');
    expect(deny.Effect).toBe('Deny');
    expect(deny.Principal).toEqual({ AWS: '*' });
    expect(deny.Condition.ArnNotEquals['aws:PrincipalArn']).toEqual([
      { 'Fn::GetAtt': [auditors[0]?.[0], 'Arn'] },
    ]);
    // Transcribe reads staging, never a vault.
    const transcribe = s.stacks.data.getLogicalId(
      s.stacks.data.staging.transcribeAccessRole.node.defaultChild as never,
    );
    for (const id of [vaultId(), originalsId()]) {
      expect(JSON.stringify(policyOf(id))).not.toContain(transcribe);
    }
  });

  it('lets only the redaction pipeline write an original, and nobody replicate one', () => {
    const statements = policyOf(originalsId());
    const writes = statements.find((st) => st.Sid === 'DenyRecordingWritesExceptPipeline');
    expect(writes.Action).toBe('s3:PutObject');
    expect(JSON.stringify(writes.Condition.ArnNotEquals['aws:PrincipalArn'])).toContain(
      `role/${pipelineRoleNames('prod').redact}`,
    );
    expect(writes.Condition.ArnNotEquals['aws:PrincipalArn']).toHaveLength(1);
    expect(statements.map((st) => st.Sid)).toEqual(
      expect.arrayContaining(['DenyReplicationConfiguration', 'DenyReplicationOfRecordings']),
    );
  });

  it('gives the redact function the originals bucket and PutObject on it, never a read', () => {
    const variables = redactFunction(s).Properties.Environment.Variables;
    expect(JSON.stringify(variables[RECORDING_ORIGINALS_BUCKET_ENV])).toMatch(/OriginalRecordingsBucket/);
    const policies = Object.values(resourcesOf(s, 'analytics')).filter((r) => r.Type === 'AWS::IAM::Policy');
    const onOriginals = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[])
      .filter((st) => JSON.stringify(st.Resource).includes('OriginalRecordingsArn'));
    expect(onOriginals.length).toBeGreaterThan(0);
    for (const st of onOriginals) {
      expect(st.Effect).toBe('Allow');
      expect([st.Action].flat()).toEqual(['s3:PutObject']);
    }
  });

  it('keeps Connect writing to staging only', () => {
    const storage = Object.values(resourcesOf(s, 'contactCenter')).filter(
      (r) =>
        r.Type === 'AWS::Connect::InstanceStorageConfig' && r.Properties.ResourceType === 'CALL_RECORDINGS',
    );
    expect(storage).toHaveLength(1);
    expect(JSON.stringify(storage[0]?.Properties)).toMatch(/RecordingStaging/);
    expect(JSON.stringify(storage[0]?.Properties)).not.toMatch(/OriginalRecordings/);
  });

  it('trails every read of an original and alerts on unexpected readers of it', () => {
    const trail = Object.values(data()).find((r) => r.Type === 'AWS::CloudTrail::Trail');
    expect(JSON.stringify(trail?.Properties.EventSelectors)).toContain(originalsId());
    const rules = Object.values(resourcesOf(s, 'observability')).filter(
      (r) => r.Type === 'AWS::Events::Rule',
    );
    const read = rules.find((r) => (r.Properties.EventPattern.detail?.eventName ?? []).includes('GetObject'));
    expect(JSON.stringify(read?.Properties.EventPattern.detail.requestParameters.bucketName)).toMatch(
      /OriginalRecordingsBucket/,
    );
  });

  it('is described in the data inventory, with its own retention and the auditor as only reader', () => {
    const templates = (['data', 'contactCenter', 'analytics', 'observability'] as const).map((stack) => ({
      stack,
      resources: resourcesOf(s, stack),
    }));
    const inventory = dataInventory(s.config);
    expect(inventoryGaps(inventory, templates)).toEqual([]);
    const entry = inventory.find((e) => e.store === 'Original recordings vault');
    expect(entry?.retention).toMatch(/30 days/);
    expect(entry?.readers).toMatch(/auditor role \(MFA\) only/);
    // Without the originals entry, the inventory misses a store.
    const without = inventory.filter((e) => e !== entry);
    expect(inventoryGaps(without, templates).join('\n')).toMatch(/OriginalRecordingsBucket/);
  });

  it('leaves no unacknowledged cdk-nag finding', () => {
    expect(s.findings.map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
  });
});

describe('keepOriginalRecording configuration', () => {
  it('refuses an original kept longer than its redacted copy', () => {
    expect(() =>
      parseConfig({ keepOriginalRecording: 'true', retentionDays: '90', originalRetentionDays: '365' }),
    ).toThrow(/cannot be kept longer than its redacted copy/);
  });

  it('refuses a retention for originals that are not kept', () => {
    expect(() => parseConfig({ originalRetentionDays: '30' })).toThrow(/no original is kept/);
  });

  it('accepts true/false from -c and booleans from cdk.json, nothing else', () => {
    expect(parseConfig({ keepOriginalRecording: 'false' }).keepOriginalRecording).toBe(false);
    expect(parseConfig({ keepOriginalRecording: true }).keepOriginalRecording).toBe(true);
    expect(parseConfig({ keepOriginalRecording: true }).originalRetentionDays).toBe(365);
    expect(() => parseConfig({ keepOriginalRecording: 'yes' })).toThrow(ConfigError);
    expect(() => parseConfig({ keepOriginalRecording: 'yes' })).toThrow(/must be true or false/);
  });
});
