import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_REVIEW_QUERY_NAME,
  ACCESS_REVIEW_TIMEOUT_SECONDS,
} from '../../lambdas/contracts/env/access-review';
import { createStacks } from '../../lib/app';
import { parseConfig } from '../../lib/config';
import { PhoneRobotFunction } from '../../lib/constructs/function/phone-robot-function';
import { AlertKind, runbookPointer } from '../../lib/constructs/observability/catalog';
import {
  REPLICATION_BUCKET_ACTIONS,
  REPLICATION_OBJECT_ACTIONS,
  VAULT_NO_REPLICATION_REASON,
} from '../../lib/constructs/recording-vault/recording-vault';
import {
  TRANSCRIPTION_START_EVENTS,
  VAULT_REPLICATION_EVENTS,
} from '../../lib/constructs/security-events/security-events';
import { addNagPacks, synthesizeWithFindings } from '../../lib/nag';
import { type Synthesized, synth } from '../support/synth';

/**
 * "The vault keeps its word" (COMPLIANCE C7, C8, C9): Transcribe's data-access role can be assumed
 * only for this account's jobs and passed only by the transcription start function; nobody can
 * replicate the vault; foreign Transcribe jobs and replication changes alert; a weekly access review
 * runs with least privilege. Every assertion reads the synthesized templates (cdk-nag on).
 */

type Json = Record<string, any>;
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Condition?: Json;
  Sid?: string;
};

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** Whether an IAM action pattern (`iam:*`, `*`, `iam:Pass*`) covers `action`. */
const covers = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

describe('vault access (prod)', () => {
  let s: Synthesized;
  let templates: Record<'data' | 'contactCenter' | 'analytics' | 'observability', Json>;
  /** Export name → exported value, over every stack. */
  let exportsByName: Map<string, unknown>;
  const resources = (stack: keyof typeof templates) => templates[stack].Resources as Record<string, Json>;
  const ofType = (stack: keyof typeof templates, type: string) =>
    Object.entries(resources(stack)).filter(([, r]) => r.Type === type);
  /** An imported value as the producing stack writes it (a GetAtt or Ref of its own resource). */
  const imported = (value: unknown) => {
    const name = (value as Json | undefined)?.['Fn::ImportValue'];
    return typeof name === 'string' ? exportsByName.get(name) : undefined;
  };
  const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } } | undefined) =>
    stack.getLogicalId(construct?.node.defaultChild as never);

  beforeAll(() => {
    s = synth({ stage: 'prod' });
    templates = {
      data: s.template('data').toJSON(),
      contactCenter: s.template('contactCenter').toJSON(),
      analytics: s.template('analytics').toJSON(),
      observability: s.template('observability').toJSON(),
    };
    exportsByName = new Map(
      Object.values(templates).flatMap((t) =>
        Object.values((t.Outputs ?? {}) as Record<string, Json>)
          .filter((o) => typeof o.Export?.Name === 'string')
          .map((o) => [o.Export.Name as string, o.Value] as const),
      ),
    );
  });

  const dataAccessRoleId = () => logicalId(s.stacks.data, s.stacks.data.staging.transcribeAccessRole);
  const startRoleId = () => {
    const role = s.stacks.analytics.transcription.startFunction.fn.role;
    if (!role) throw new Error('the start function has no role');
    return logicalId(s.stacks.analytics, role);
  };
  const vaultId = () => logicalId(s.stacks.data, s.stacks.data.vault.bucket);
  const vaultPolicy = () => {
    const [, policy] =
      ofType('data', 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket?.Ref === vaultId()) ?? [];
    if (!policy) throw new Error('no vault bucket policy');
    return policy.Properties.PolicyDocument.Statement as Statement[];
  };
  const reviewFunction = () => {
    const fn = s.stacks.observability.node
      .findAll()
      .find(
        (c): c is PhoneRobotFunction =>
          c instanceof PhoneRobotFunction && c.env.functionName === 'access-review',
      );
    if (!fn) throw new Error('no access-review function');
    return fn;
  };
  const reviewStatements = (): Statement[] => {
    const role = reviewFunction().fn.role;
    const policyId = logicalId(
      s.stacks.observability,
      role?.node.tryFindChild('DefaultPolicy') as { node: { defaultChild?: unknown } } | undefined,
    );
    return resources('observability')[policyId]?.Properties.PolicyDocument.Statement;
  };

  describe('Transcribe data-access role', () => {
    it('trusts Transcribe only for jobs of this account and region (aws:SourceAccount and aws:SourceArn)', () => {
      const role = resources('data')[dataAccessRoleId()];
      expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'transcribe.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: {
              'aws:SourceArn': {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':transcribe:',
                    { Ref: 'AWS::Region' },
                    ':',
                    { Ref: 'AWS::AccountId' },
                    ':*',
                  ],
                ],
              },
            },
          },
        },
      ]);
    });

    it('may be passed by the start function, to Transcribe only', () => {
      const policies = ofType('analytics', 'AWS::IAM::Policy').filter(([, p]) =>
        list(p.Properties.Roles).some((r: Json) => r.Ref === startRoleId()),
      );
      const passRole = policies
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
        .filter((st) => list(st.Action).includes('iam:PassRole'));
      expect(passRole).toHaveLength(1);
      expect(passRole[0]?.Condition).toEqual({
        StringEquals: { 'iam:PassedToService': 'transcribe.amazonaws.com' },
      });
      expect(imported(passRole[0]?.Resource)).toEqual({ 'Fn::GetAtt': [dataAccessRoleId(), 'Arn'] });
    });

    it('rejects any other role of any stack that could pass it: no other statement allows iam:PassRole', () => {
      // Every Allow statement of every identity policy (inline, managed, role policies) in the app.
      const passers: { stack: string; id: string; statement: Statement }[] = [];
      for (const [stack, template] of Object.entries(templates)) {
        for (const [id, r] of Object.entries(template.Resources as Record<string, Json>)) {
          const documents =
            r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
              ? [r.Properties.PolicyDocument]
              : r.Type === 'AWS::IAM::Role'
                ? list(r.Properties.Policies).map((p: Json) => p.PolicyDocument)
                : [];
          for (const doc of documents) {
            for (const st of (doc?.Statement ?? []) as Statement[]) {
              if (st.Effect === 'Allow' && list(st.Action).some((a) => covers(a, 'iam:PassRole'))) {
                passers.push({ stack, id, statement: st });
              }
            }
          }
          // Managed policies are opaque to the template: only a role that the service itself
          // assumes may carry one (AWS Backup's service-role policy, trusted by backup only).
          if (r.Type === 'AWS::IAM::Role' && r.Properties.ManagedPolicyArns) {
            expect(JSON.stringify(r.Properties.ManagedPolicyArns), id).toMatch(
              /^\[\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":iam::aws:policy\/service-role\/AWSBackupServiceRolePolicyFor(Backup|Restores)"\]\]\}(,\{[^\]]*\]\]\})?\]$/,
            );
            expect(r.Properties.AssumeRolePolicyDocument.Statement, id).toEqual([
              expect.objectContaining({ Principal: { Service: 'backup.amazonaws.com' } }),
            ]);
          }
        }
      }
      expect(passers.map((p) => p.stack)).toEqual(['analytics']);
      expect(list(passers[0]?.statement.Action)).toEqual(['iam:PassRole']);
      const policy = resources('analytics')[passers[0]?.id ?? ''];
      expect(policy?.Properties.Roles).toEqual([{ Ref: startRoleId() }]);
    });
  });

  describe('replication', () => {
    it('denies setting a replication configuration on the vault to every principal', () => {
      expect(vaultPolicy().find((st) => st.Sid === 'DenyReplicationConfiguration')).toEqual({
        Sid: 'DenyReplicationConfiguration',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:PutReplicationConfiguration',
        Resource: { 'Fn::GetAtt': [vaultId(), 'Arn'] },
      });
    });

    it('denies every replication action on the recordings to every principal', () => {
      const st = vaultPolicy().find((x) => x.Sid === 'DenyReplicationOfRecordings');
      expect(st).toEqual({
        Sid: 'DenyReplicationOfRecordings',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: [
          's3:GetObjectVersionForReplication',
          's3:InitiateReplication',
          's3:ReplicateDelete',
          's3:ReplicateObject',
          's3:ReplicateTags',
        ],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [vaultId(), 'Arn'] }, '/*']] },
      });
      expect([...REPLICATION_BUCKET_ACTIONS, ...REPLICATION_OBJECT_ACTIONS]).toHaveLength(6);
    });

    it('acknowledges S3BucketReplicationEnabled on the vault with the facts the template shows', () => {
      // The reason states: no replication configuration, and the policy denies it and every action.
      const vault = resources('data')[vaultId()]?.Properties;
      expect(vault?.ReplicationConfiguration).toBeUndefined();
      expect(vault?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(vault?.ObjectLockEnabled).toBe(true);
      const denied = vaultPolicy()
        .filter((st) => st.Effect === 'Deny' && st.Condition === undefined)
        .flatMap((st) => list(st.Action));
      expect(denied).toEqual(
        expect.arrayContaining([...REPLICATION_BUCKET_ACTIONS, ...REPLICATION_OBJECT_ACTIONS]),
      );
      const acks = s.acknowledgments.filter(
        (a) => a.id.endsWith('-S3BucketReplicationEnabled') && a.path.includes('RecordingVault/Bucket'),
      );
      expect(acks.map((a) => a.id.replace(/^Annotation::/, '')).sort()).toEqual([
        'HIPAA.Security-S3BucketReplicationEnabled',
        'NIST.800.53.R5-S3BucketReplicationEnabled',
        'PCI.DSS.321-S3BucketReplicationEnabled',
      ]);
      for (const a of acks) expect(a.reason).toBe(VAULT_NO_REPLICATION_REASON);
      expect(VAULT_NO_REPLICATION_REASON).toMatch(/no replication configuration/);
      expect(VAULT_NO_REPLICATION_REASON).toMatch(
        /denies s3:PutReplicationConfiguration and every replication action/,
      );
    });
  });

  describe('alerts', () => {
    const rule = (id: string) => {
      const [, r] = ofType('observability', 'AWS::Events::Rule').find(([rid]) => rid.includes(id)) ?? [];
      if (!r) throw new Error(`no rule ${id}`);
      return r.Properties;
    };
    const topicId = () => ofType('observability', 'AWS::SNS::Topic')[0]?.[0];

    it('alerts on Transcribe jobs started by anyone but the start function, role sessions or not', () => {
      const props = rule('UnexpectedTranscriptionJob');
      const pattern = props.EventPattern;
      expect(pattern.source).toEqual(['aws.transcribe']);
      expect(pattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
      expect(pattern.detail.eventSource).toEqual(['transcribe.amazonaws.com']);
      expect(pattern.detail.eventName).toEqual([...TRANSCRIPTION_START_EVENTS]);
      expect(pattern.detail.eventName).toEqual(
        expect.arrayContaining([
          'StartTranscriptionJob',
          'StartCallAnalyticsJob',
          'StartMedicalTranscriptionJob',
        ]),
      );
      const [roleBranch, otherBranch] = pattern.detail.$or;
      const allowed = roleBranch.userIdentity.sessionContext.sessionIssuer.arn[0]['anything-but'];
      expect(allowed).toHaveLength(1);
      // The one exception is the start function's role, nothing else (not the data-access role).
      expect(imported(allowed[0])).toEqual({ 'Fn::GetAtt': [startRoleId(), 'Arn'] });
      expect(otherBranch).toEqual({ userIdentity: { type: [{ 'anything-but': ['AssumedRole'] }] } });
      // CloudTrail blanks the media URI of Transcribe calls: a pattern on it would never match.
      expect(JSON.stringify(pattern)).not.toContain('mediaFileUri');
      expect(props.Targets).toEqual([
        expect.objectContaining({ Arn: { Ref: topicId() }, DeadLetterConfig: expect.anything() }),
      ]);
      expect(JSON.stringify(props.Targets[0].InputTransformer)).toContain(
        runbookPointer(AlertKind.UNEXPECTED_TRANSCRIPTION_JOB),
      );
    });

    it('alerts on replication configuration changes of the vault, in a rule of its own', () => {
      const props = rule('VaultReplicationChanged');
      expect(props.EventPattern).toEqual({
        source: ['aws.s3'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['s3.amazonaws.com'],
          eventName: [...VAULT_REPLICATION_EVENTS],
          requestParameters: {
            bucketName: [expect.objectContaining({ 'Fn::ImportValue': expect.any(String) })],
          },
        },
      });
      expect(VAULT_REPLICATION_EVENTS).toEqual(['PutBucketReplication', 'DeleteBucketReplication']);
      expect(imported(props.EventPattern.detail.requestParameters.bucketName[0])).toEqual({ Ref: vaultId() });
      expect(props.Targets).toEqual([expect.objectContaining({ Arn: { Ref: topicId() } })]);
      expect(JSON.stringify(props.Targets[0].InputTransformer)).toContain(
        runbookPointer(AlertKind.VAULT_REPLICATION_CHANGED),
      );
    });

    it('has a runbook section for each new alert and for the weekly review', () => {
      const runbook = readFileSync(new URL('../../docs/RUNBOOK.md', import.meta.url), 'utf8');
      for (const kind of [
        AlertKind.UNEXPECTED_TRANSCRIPTION_JOB,
        AlertKind.VAULT_REPLICATION_CHANGED,
        AlertKind.WEEKLY_ACCESS_REVIEW,
      ]) {
        expect(runbook, kind).toContain(`<a id="${kind}"></a>`);
      }
    });
  });

  describe('weekly access review', () => {
    const functionProps = () =>
      resources('observability')[logicalId(s.stacks.observability, reviewFunction().fn)]?.Properties;

    it('runs every Monday at 01:00 UTC, with retries and the undelivered-alerts queue as DLQ', () => {
      const [, schedule] =
        ofType('observability', 'AWS::Events::Rule').find(([, r]) => r.Properties.ScheduleExpression) ?? [];
      expect(schedule?.Properties.ScheduleExpression).toBe('cron(0 1 ? * MON *)');
      const undelivered = logicalId(s.stacks.observability, s.stacks.observability.alerts.undelivered);
      expect(schedule?.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [logicalId(s.stacks.observability, reviewFunction().fn), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [undelivered, 'Arn'] } },
          RetryPolicy: expect.objectContaining({ MaximumRetryAttempts: expect.any(Number) }),
        }),
      ]);
      const [, invokeConfig] =
        ofType('observability', 'AWS::Lambda::EventInvokeConfig').find(
          ([, r]) =>
            r.Properties.FunctionName?.Ref === logicalId(s.stacks.observability, reviewFunction().fn),
        ) ?? [];
      expect(invokeConfig?.Properties.DestinationConfig).toEqual({
        OnFailure: { Destination: { 'Fn::GetAtt': [undelivered, 'Arn'] } },
      });
    });

    it('runs the deployed named query in the analytics workgroup and publishes to the alert topic', () => {
      const props = functionProps();
      expect(props?.Timeout).toBe(ACCESS_REVIEW_TIMEOUT_SECONDS);
      const env = props?.Environment.Variables;
      const lake = s.stacks.analytics.lake;
      expect(imported(env.ATHENA_WORKGROUP)).toEqual({
        Ref: s.stacks.analytics.getLogicalId(lake.workGroup),
      });
      expect(imported(env.ACCESS_REVIEW_NAMED_QUERY_ID)).toEqual({
        'Fn::GetAtt': [
          s.stacks.analytics.getLogicalId(lake.namedQueries[ACCESS_REVIEW_QUERY_NAME] as never),
          'NamedQueryId',
        ],
      });
      expect(env.ALERT_TOPIC_ARN).toEqual({ Ref: ofType('observability', 'AWS::SNS::Topic')[0]?.[0] });
      expect(imported(env.TRANSCRIPTION_STARTER_ROLE_ARN)).toEqual({ 'Fn::GetAtt': [startRoleId(), 'Arn'] });
      expect(env.RUNBOOK_POINTER).toBe(runbookPointer(AlertKind.WEEKLY_ACCESS_REVIEW));
    });

    it('has least privilege: Athena on the workgroup, Glue on the CloudTrail table, S3 under two prefixes', () => {
      const statements = reviewStatements();
      const byAction = (action: string) => statements.filter((st) => list(st.Action).includes(action));
      // Nothing service-wide, and * only for X-Ray (which has no resource-level permissions).
      for (const st of statements) {
        for (const a of list(st.Action)) expect(a, a).not.toMatch(/^(\*|[a-z0-9]+:\*)$/);
        if (list(st.Resource).includes('*'))
          expect(list(st.Action).every((a) => a.startsWith('xray:'))).toBe(true);
      }
      const athena = statements.filter((st) => list(st.Action).some((a) => a.startsWith('athena:')));
      expect(athena).toHaveLength(1);
      expect(list(athena[0]?.Action).sort()).toEqual([
        'athena:GetNamedQuery',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StartQueryExecution',
        'athena:StopQueryExecution',
      ]);
      const workgroupArn = (athena[0]?.Resource ?? {}) as Json;
      expect(JSON.stringify(workgroupArn)).toContain(':workgroup/');
      expect(imported(workgroupArn['Fn::Join']?.[1].at(-1))).toEqual({
        Ref: s.stacks.analytics.getLogicalId(s.stacks.analytics.lake.workGroup),
      });
      const glue = statements.filter((st) => list(st.Action).some((a) => a.startsWith('glue:')));
      expect(glue).toHaveLength(1);
      expect(list(glue[0]?.Action).sort()).toEqual([
        'glue:GetDatabase',
        'glue:GetPartitions',
        'glue:GetTable',
      ]);
      const glueResources = list(glue[0]?.Resource).map((r) => JSON.stringify(r));
      expect(glueResources).toHaveLength(3);
      expect(glueResources.join()).toMatch(/:catalog"/);
      expect(glueResources.join()).toMatch(/:database\/phone_robot_prod"/);
      expect(glueResources.join()).toMatch(/:table\/phone_robot_prod\/cloudtrail_logs"/);
      // S3: the trail bucket (read its CloudTrail prefix) and the results bucket (athena/ only).
      const trailBucket = { 'Fn::GetAtt': [logicalId(s.stacks.data, s.stacks.data.audit.bucket), 'Arn'] };
      const resultsBucket = {
        'Fn::GetAtt': [logicalId(s.stacks.analytics, s.stacks.analytics.lake.resultsBucket), 'Arn'],
      };
      const s3Statements = statements.filter((st) => list(st.Action).some((a) => a.startsWith('s3:')));
      const objectGrants = s3Statements.flatMap((st) =>
        list(st.Resource).flatMap((r) => {
          const join = (r as Json)['Fn::Join'];
          if (!join) return [];
          const [bucket, ...rest] = join[1];
          return [{ bucket: imported(bucket), key: JSON.stringify(rest), actions: list(st.Action).sort() }];
        }),
      );
      expect(objectGrants).toEqual([
        {
          bucket: trailBucket,
          key: JSON.stringify(['/AWSLogs/', { Ref: 'AWS::AccountId' }, '/CloudTrail/*']),
          actions: ['s3:GetObject'],
        },
        {
          bucket: resultsBucket,
          key: JSON.stringify(['/athena/*']),
          actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
        },
      ]);
      const bucketGrants = s3Statements.flatMap((st) =>
        list(st.Resource)
          .filter((r) => (r as Json)['Fn::ImportValue'])
          .map((r) => imported(r)),
      );
      for (const b of bucketGrants) expect([trailBucket, resultsBucket]).toContainEqual(b);
      for (const st of byAction('s3:ListBucket'))
        expect(st.Condition?.StringLike?.['s3:prefix']).toBeDefined();
      // Never the vault, the lake or the work bucket.
      const text = JSON.stringify(statements);
      for (const forbidden of ['RecordingVaultBucket', 'LakeLakeBucket', 'WorkBucket'])
        expect(text).not.toContain(forbidden);
      // KMS: each statement one key, and only the analytics key (results), the data key (trail) and the topic key.
      const keys = new Set(
        [s.stacks.data.keys.analytics, s.stacks.data.keys.data].map((k) =>
          JSON.stringify({ 'Fn::GetAtt': [logicalId(s.stacks.data, k), 'Arn'] }),
        ),
      );
      const topicKey = JSON.stringify({
        'Fn::GetAtt': [logicalId(s.stacks.observability, s.stacks.observability.alerts.key), 'Arn'],
      });
      for (const st of statements.filter((x) => list(x.Action).some((a) => a.startsWith('kms:')))) {
        expect(list(st.Resource)).toHaveLength(1);
        const key = JSON.stringify(imported(st.Resource) ?? st.Resource);
        expect([...keys, topicKey]).toContain(key);
      }
      expect(byAction('sns:Publish').map((st) => st.Resource)).toEqual([
        { Ref: ofType('observability', 'AWS::SNS::Topic')[0]?.[0] },
      ]);
    });

    it('passes cdk-nag with acknowledgments checked at synth, naming the two object prefixes', () => {
      // What this change touches; test/infra/nag.test.ts holds the whole app to zero findings.
      const touched = /RecordingVault|SecurityEvents|Transcription\/|Lake\//;
      expect(s.findings.filter((f) => touched.test(f.path)).map((f) => `${f.rule} at ${f.path}`)).toEqual([]);
      const acks = s.acknowledgments.filter((a) =>
        a.path.includes('SecurityEvents/AccessReview/Role/DefaultPolicy'),
      );
      // Besides the X-Ray Resource::* of every function (checked by the function construct).
      const wildcards = acks
        .filter((a) => a.id.includes('AwsSolutions-IAM5[Resource::') && !a.id.endsWith('[Resource::*]'))
        .map((a) => a.id);
      expect(wildcards).toHaveLength(2);
      expect(wildcards.some((id) => id.endsWith('/AWSLogs/<AWS::AccountId>/CloudTrail/*]'))).toBe(true);
      expect(wildcards.some((id) => id.endsWith('/athena/*]'))).toBe(true);
      for (const a of acks.filter((x) => x.id.includes('IAM5')))
        expect(a.reason).toMatch(/[Cc]hecked at synth/);
    });
  });
});

describe('checked acknowledgments of the access review', () => {
  it('fails a review role that may also delete results: cdk-nag reports the athena/ wildcard', () => {
    // Prepare: the whole app, with one more action on the results prefix before synthesis.
    const outdir = mkdtempSync(join(tmpdir(), 'phone-robot-review-ack-'));
    const app = new App({
      outdir,
      context: (
        JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: object }
      ).context,
    });
    const stacks = createStacks(app, parseConfig({ stage: 'dev' }));
    const review = stacks.observability.node
      .findAll()
      .find(
        (c): c is PhoneRobotFunction =>
          c instanceof PhoneRobotFunction && c.env.functionName === 'access-review',
      );
    review?.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:DeleteObject'],
        resources: [stacks.analytics.lake.resultsBucket.arnForObjects('athena/*')],
      }),
    );
    addNagPacks(app);
    // Act
    const findings = synthesizeWithFindings(app, outdir);
    // Assess: only the athena/ wildcard of the review loses its acknowledgment.
    expect(findings.filter((f) => f.path.includes('SecurityEvents/AccessReview')).map((f) => f.rule)).toEqual(
      [expect.stringMatching(/^AwsSolutions-IAM5\[Resource::.*\/athena\/\*\]$/)],
    );
  });
});
