import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAKE_TABLES } from '../../lambdas/contracts/lake';
import { loadNamedQueries } from '../../lib/constructs/analytics-lake/queries';
import { type Synthesized, synth } from '../support/synth';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; [k: string]: unknown }>;

describe('AnalyticsStack (prod)', () => {
  let s: Synthesized;
  let resources: Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  beforeAll(() => {
    s = synth({ stage: 'prod', retentionDays: 400 }, { nag: false });
    resources = s.template('analytics').toJSON().Resources as Resources;
  });

  it('keeps the lake in a KMS bucket without Object Lock that expires with the retention', () => {
    const [lake] = ofType('AWS::S3::Bucket').filter(([id]) => id.includes('LakeBucket'));
    expect(lake).toBeDefined();
    const props = lake?.[1].Properties ?? {};
    expect(props.ObjectLockEnabled).toBeUndefined();
    expect(
      props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm,
    ).toBe('aws:kms');
    expect(props.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(400);
  });

  it('defines a Glue table per lake table with dt partition projection over the layout prefix', () => {
    const tables = ofType('AWS::Glue::Table').map(([, r]) => r.Properties.TableInput);
    expect(tables.map((t) => t.Name).sort()).toEqual([...LAKE_TABLES, 'cloudtrail_logs'].sort());
    for (const table of LAKE_TABLES) {
      const t = tables.find((x) => x.Name === table);
      expect(t.PartitionKeys).toEqual([{ Name: 'dt', Type: 'string' }]);
      expect(t.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
      });
      expect(JSON.stringify(t.Parameters['storage.location.template'])).toContain(`/${table}/dt=\${dt}/`);
      expect(t.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    }
    const ctr = tables.find((x) => x.Name === 'ctr');
    // No raw number column: the CustomerEndpoint struct has only its type.
    expect(ctr.StorageDescriptor.Columns).toContainEqual({
      Name: 'customerendpoint',
      Type: 'struct<type:string>',
    });
  });

  it('runs Athena in a workgroup that enforces SSE_KMS results and a bytes-scanned limit', () => {
    s.template('analytics').hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'phone-robot-prod',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: Match.anyValue() },
          OutputLocation: Match.anyValue(),
        },
      },
    });
  });

  it('deploys every analytics/queries/*.sql unchanged as a named query', () => {
    const named = ofType('AWS::Athena::NamedQuery').map(([, r]) => r.Properties);
    const files = loadNamedQueries();
    expect(named.map((q) => q.Name).sort()).toEqual(files.map((q) => q.name).sort());
    for (const q of files) expect(named.find((n) => n.Name === q.name)?.QueryString).toBe(q.sql);
    expect(new Set(named.map((q) => q.Database))).toEqual(new Set(['phone_robot_prod']));
  });

  it('streams CTRs through Firehose with the HMAC transformation and dt partitions from the record', () => {
    s.template('analytics').hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
      ResourceType: 'CONTACT_TRACE_RECORDS',
      StorageType: 'KINESIS_STREAM',
    });
    s.template('analytics').hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: Match.anyValue() },
    });
    s.template('analytics').hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'ctr/dt=!{partitionKeyFromLambda:dt}/',
        DynamicPartitioningConfiguration: Match.objectLike({ Enabled: true }),
        EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: Match.anyValue() } },
        ProcessingConfiguration: Match.objectLike({
          Enabled: true,
          Processors: [Match.objectLike({ Type: 'Lambda' })],
        }),
      }),
    });
    const transform = ofType('AWS::Lambda::Function').find(([id]) => id.includes('CtrTransform'));
    expect(transform?.[1].Properties.Environment.Variables.CALLER_HMAC_SECRET_ARN).toBeDefined();
  });

  it('lets the Transcribe data-access role write raw output only under raw/ of the work bucket', () => {
    const [policy] = ofType('AWS::IAM::Policy').filter(([id]) => id.includes('TranscribeOutputPolicy'));
    const props = policy?.[1].Properties ?? {};
    expect(JSON.stringify(props.Roles)).toContain('TranscribeAccessRole');
    const statements = props.PolicyDocument.Statement as Record<string, any>[];
    expect(statements.map((st) => [st.Action].flat().sort())).toEqual([
      ['s3:PutObject'],
      ['kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
    ]);
    expect(JSON.stringify(statements[0]?.Resource)).toContain('/raw/*');
  });

  it('starts jobs with the data-access role only (PassRole to Transcribe) on phone-robot job names', () => {
    const start = ofType('AWS::IAM::Policy').find(([id]) => id.includes('StartFunctionRole'));
    const text = JSON.stringify(start?.[1].Properties.PolicyDocument);
    expect(text).toContain('transcribe:StartTranscriptionJob');
    expect(text).toContain('transcription-job/phone-robot-*');
    expect(text).toContain('iam:PassRole');
    expect(text).not.toMatch(/"s3:PutObject"/);
  });

  it('sends failed events and failed jobs to one encrypted DLQ', () => {
    const queues = ofType('AWS::SQS::Queue').filter(([id]) => id.includes('TranscriptionDeadLetters'));
    expect(queues).toHaveLength(1);
    expect(queues[0]?.[1].Properties.SqsManagedSseEnabled).toBe(true);
    const dlqId = queues[0]?.[0];
    const invokeConfigs = ofType('AWS::Lambda::EventInvokeConfig').map(([, r]) => r.Properties);
    expect(invokeConfigs.length).toBeGreaterThanOrEqual(2);
    for (const c of invokeConfigs) {
      expect(c.MaximumRetryAttempts).toBe(2);
      expect(JSON.stringify(c.DestinationConfig.OnFailure)).toContain(String(dlqId));
    }
    s.template('analytics').hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.transcribe'],
        'detail-type': ['Transcribe Job State Change'],
        detail: { TranscriptionJobStatus: ['FAILED'], TranscriptionJobName: [{ prefix: 'phone-robot-' }] },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } })],
    });
  });

  it('never writes to the vault: no grant of the stack names a vault write', () => {
    const text = JSON.stringify(ofType('AWS::IAM::Policy').map(([, r]) => r.Properties.PolicyDocument));
    const vaultWrites = [...text.matchAll(/RecordingVault[^"]*Bucket[^"]*/g)].length;
    expect(vaultWrites).toBe(0);
  });
});
