import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { CTR_TRANSFORM_ENV } from '../../lambdas/contracts/env/ctr-transform';
import { PhoneRobotFunction } from '../../lib/constructs/function/phone-robot-function';
import { addNagPacks, listAcknowledgments, synthesizeWithFindings } from '../../lib/nag';

/**
 * The `IAM5[Resource::*]` acknowledgment of a function role states a fact ("only the X-Ray
 * actions use *"): it is applied only when the synthesized policy bears it out.
 */
function synthFunction(extra?: iam.PolicyStatement) {
  const outdir = mkdtempSync(join(tmpdir(), 'phone-robot-ack-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Checked');
  const fn = new PhoneRobotFunction(stack, 'Fn', {
    env: CTR_TRANSFORM_ENV,
    description: 'acknowledgment check',
    serviceName: 'ack-check',
    encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    logRetention: logs.RetentionDays.ONE_YEAR,
    settings: { hmacSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x' },
  });
  if (extra) fn.fn.addToRolePolicy(extra);
  addNagPacks(app);
  const findings = synthesizeWithFindings(app, outdir);
  const wildcard = (id: string) => id.includes('IAM5') && id.includes('Resource::*');
  return {
    findings: findings.filter((f) => wildcard(f.rule)),
    acknowledged: listAcknowledgments(app).filter((a) => wildcard(a.id)),
  };
}

describe('checked IAM5[Resource::*] acknowledgment', () => {
  it('acknowledges a role whose only * statement is X-Ray, naming the actions it checked', () => {
    // Act
    const { findings, acknowledged } = synthFunction();
    // Assess
    expect(findings).toEqual([]);
    expect(acknowledged).toHaveLength(1);
    expect(acknowledged[0]?.reason).toMatch(
      /the only actions on \* are xray:PutTelemetryRecords, xray:PutTraceSegments/,
    );
  });

  it('fails a role that also allows another action on *: cdk-nag reports it', () => {
    // Act
    const { findings, acknowledged } = synthFunction(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }),
    );
    // Assess
    expect(acknowledged).toEqual([]);
    expect(findings.map((f) => f.path)).toEqual([expect.stringMatching(/Checked\/Fn\/Role\/DefaultPolicy/)]);
  });
});
