import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PhoneRobotFunction } from '../../lib/constructs/function/phone-robot-function';
import { AlertTopic } from '../../lib/constructs/observability/alert-topic';
import { AlertKind, RUNBOOK_PATH } from '../../lib/constructs/observability/catalog';
import { Observability } from '../../lib/constructs/observability/observability';
import { SecurityEvents } from '../../lib/constructs/security-events/security-events';
import { type Synthesized, synth } from '../support/synth';

type Resource = { Type: string; Properties: Record<string, any> };
type Resources = Record<string, Resource>;

const RUNBOOK = readFileSync(new URL(`../../${RUNBOOK_PATH}`, import.meta.url), 'utf8');
/** Anchors of the runbook's `## ...` / `### ...` headings that carry `{#anchor}` or an html id. */
const runbookAnchors = new Set([...RUNBOOK.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]));

describe('ObservabilityStack', () => {
  let s: Synthesized;
  let t: Template;
  let resources: Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
  const topicId = () => {
    const [entry] = ofType('AWS::SNS::Topic');
    if (!entry) throw new Error('no topic');
    return entry[0];
  };

  beforeAll(() => {
    s = synth({ alertEmails: 'ops@example.com,security@example.com' }, { nag: false });
    t = s.template('observability');
    resources = t.toJSON().Resources as Resources;
  });

  it('encrypts the alert topic with its own rotating key and refuses non-TLS publishing', () => {
    const [keyId, key] = ofType('AWS::KMS::Key')[0] ?? [];
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    expect(JSON.stringify(key?.Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    expect(JSON.stringify(key?.Properties.KeyPolicy)).toContain('events.amazonaws.com');
  });

  it('subscribes every configured address, with undeliverable alerts kept in a queue', () => {
    const subs = ofType('AWS::SNS::Subscription').map(([, r]) => r.Properties);
    expect(subs.map((p) => p.Endpoint).sort()).toEqual(['ops@example.com', 'security@example.com']);
    for (const p of subs) {
      expect(p.Protocol).toBe('email');
      expect(p.RedrivePolicy).toBeDefined();
    }
  });

  it('alarms on errors and throttles of every phone-robot function', () => {
    const functions = [s.stacks.contactCenter, s.stacks.analytics, s.stacks.observability].flatMap((stack) =>
      stack.node.findAll().filter((c): c is PhoneRobotFunction => c instanceof PhoneRobotFunction),
    );
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const metric of ['Errors', 'Throttles']) {
      const matching = alarms().filter((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === metric);
      expect(matching, metric).toHaveLength(functions.length);
      for (const a of matching) expect(a.Dimensions[0].Name).toBe('FunctionName');
    }
  });

  it('pages at the first payment that needs reconciling or recording that was not resumed', () => {
    for (const name of ['PaymentReconcile', 'PaymentUnconfirmed', 'RecordingResumeFailure']) {
      const alarm = alarms().find((a) => a.Namespace === 'PhoneRobot' && a.MetricName === name);
      expect(alarm, name).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(alarm?.AlarmActions).toHaveLength(1);
    }
  });

  it('alarms on read and write throttles of every table', () => {
    const tableAlarms = alarms().filter((a) => JSON.stringify(a.Metrics ?? []).includes('ThrottleEvents'));
    expect(tableAlarms).toHaveLength(s.stacks.data.tables.all.length);
    for (const a of tableAlarms) {
      const names = (a.Metrics as any[]).flatMap((m) =>
        m.MetricStat ? [m.MetricStat.Metric.MetricName] : [],
      );
      expect(names.sort()).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
    }
  });

  it('alarms on Connect recording upload errors and flow errors by instance id', () => {
    const dims = (metric: string) =>
      alarms()
        .filter((a) => a.Namespace === 'AWS/Connect' && a.MetricName === metric)
        .map((a) =>
          Object.fromEntries(
            (a.Dimensions as { Name: string; Value: unknown }[]).map((d) => [d.Name, d.Value]),
          ),
        );
    const instanceId = { 'Fn::ImportValue': expect.stringMatching(/ContactCenterInstance.*Id/) };
    expect(dims('CallRecordingUploadError')).toEqual([
      { InstanceId: instanceId, MetricGroup: 'CallRecordings' },
    ]);
    const flows = s.template('contactCenter').findResources('AWS::Connect::ContactFlow');
    expect(dims('ContactFlowErrors')).toEqual(
      Object.values(flows).map((f) => ({
        InstanceId: instanceId,
        MetricGroup: 'ContactFlow',
        ContactFlowName: f.Properties.Name,
      })),
    );
  });

  it('alarms as soon as the undelivered-alerts queue holds a message', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Threshold: 1,
    });
  });

  it('sends every alarm to the topic and names a runbook section that exists', () => {
    expect(alarms().length).toBeGreaterThanOrEqual(3 * 2 + 4 + 2 + 1);
    for (const a of alarms()) {
      expect(a.AlarmActions).toEqual([{ Ref: topicId() }]);
      expect(a.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      expect(a.Threshold).toBe(1);
      expect(a.TreatMissingData).toBe('notBreaching');
      const anchor = /Runbook: docs\/RUNBOOK\.md#([a-z0-9-]+)/.exec(a.AlarmDescription)?.[1];
      expect(anchor && runbookAnchors.has(anchor), `${a.AlarmDescription}`).toBe(true);
    }
  });

  it('has a runbook section for every alert kind', () => {
    for (const kind of Object.values(AlertKind)) expect(runbookAnchors.has(kind), kind).toBe(true);
    expect(RUNBOOK).toMatch(/## Incident response/);
    for (const step of ['Contain', 'Assess', 'Notify']) expect(RUNBOOK).toContain(`### ${step}`);
  });

  it('notifies the topic of failed Transcribe jobs', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.transcribe'],
        'detail-type': ['Transcribe Job State Change'],
        detail: { TranscriptionJobStatus: ['FAILED'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: topicId() }, DeadLetterConfig: Match.anyValue() })],
    });
  });

  it('alerts on key disablement and scheduled deletion', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.kms'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['kms.amazonaws.com'], eventName: ['DisableKey', 'ScheduleKeyDeletion'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: topicId() } })],
    });
  });

  it('alerts on vault bucket-policy and Object Lock configuration changes', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        detail: {
          eventName: ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutObjectLockConfiguration'],
          requestParameters: {
            bucketName: [{ 'Fn::ImportValue': Match.stringLikeRegexp('RecordingVaultBucket') }],
          },
        },
      },
      Targets: [Match.objectLike({ Arn: { Ref: topicId() } })],
    });
  });

  it('alerts on recording reads by anyone but the auditor', () => {
    const rule = ofType('AWS::Events::Rule')
      .map(([, r]) => r.Properties)
      .find((p) => (p.EventPattern.detail?.eventName ?? []).includes('GetObject'));
    expect(rule).toBeDefined();
    const detail = rule?.EventPattern.detail;
    expect(detail.requestParameters.bucketName).toEqual([
      { 'Fn::ImportValue': expect.stringMatching(/RecordingVaultBucket/) },
    ]);
    const [roleBranch, userBranch] = detail.$or;
    const allowed = roleBranch.userIdentity.sessionContext.sessionIssuer.arn[0]['anything-but'];
    expect(JSON.stringify(allowed)).toMatch(/RecordingVaultAuditorRole/);
    expect(allowed).toHaveLength(1);
    expect(userBranch).toEqual({ userIdentity: { type: [{ 'anything-but': ['AssumedRole'] }] } });
  });

  it('shows consent, orders, fallback rate, payments and redactions on the dashboard', () => {
    const body = JSON.stringify(ofType('AWS::CloudWatch::Dashboard')[0]?.[1].Properties.DashboardBody);
    for (const name of [
      'ConsentDecision',
      'OrderPlaced',
      'FallbackIntent',
      'PaymentResult',
      'TranscriptRedacted',
    ]) {
      expect(body, name).toContain(name);
    }
    expect(body).toContain('"type\\":\\"alarm\\"');
  });
});

describe('Observability construct', () => {
  const fresh = () => {
    const stack = new Stack(new App(), 'Test');
    const alerts = new AlertTopic(stack, 'Alerts');
    const monitoring = new Observability(stack, 'Monitoring', { alertTopic: alerts.topic });
    return { stack, alerts, monitoring };
  };

  it('adds a dead-letter queue alarm in one call', () => {
    // Prepare
    const { stack, monitoring } = fresh();
    const dlq = new sqs.Queue(stack, 'TranscriptionDlq');
    // Act
    monitoring.alarmOnQueueDepth(dlq, 'TranscriptionDlq');
    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('TranscriptionDlq'), 'QueueName'] },
        },
      ],
      AlarmDescription: Match.stringLikeRegexp(`#${AlertKind.DLQ_DEPTH}$`),
    });
    expect(monitoring.alarms.map((a) => a.kind)).toEqual([AlertKind.DLQ_DEPTH]);
  });

  it('creates no subscription when no address is configured', () => {
    const { stack } = fresh();
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('rejects an alert address that is not an e-mail address', () => {
    const stack = new Stack(new App(), 'Test');
    expect(() => new AlertTopic(stack, 'Alerts', { emails: ['ops-at-example'] })).toThrow(/not an address/);
  });

  it('rejects security events without expected readers', () => {
    const { stack, alerts } = fresh();
    const vault = new s3.Bucket(stack, 'Vault');
    expect(
      () =>
        new SecurityEvents(stack, 'Events', {
          alertTopic: alerts.topic,
          vaults: [vault],
          expectedReaders: [],
        }),
    ).toThrow(/expectedReaders is empty/);
  });
});
