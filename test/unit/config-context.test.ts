import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, resolveContext } from '../../lib/config';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBsyntheticTESTcertificate0000\nAAAA\n-----END CERTIFICATE-----';
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
};

describe('context resolution', () => {
  it('rejects a key it does not know and suggests the closest one', () => {
    // Act
    const attempt = () => resolveContext({ retentiondays: '5', stage: 'dev' }, noFiles);
    // Assess
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/retentiondays: not a phone-robot setting; did you mean retentionDays\?/);
  });

  it("ignores the CDK's own keys (feature flags, aws:cdk settings)", () => {
    const raw = resolveContext(
      { stage: 'dev', '@aws-cdk/core:newStyleStackSynthesis': true, 'aws:cdk:enable-path-metadata': true },
      noFiles,
    );
    expect(raw).toEqual({ stage: 'dev' });
  });

  it('reads a multi-line certificate from a file, whole', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'cert-'));
    writeFileSync(join(dir, 'cert.pem'), `${PEM}\n`);
    // Act
    const raw = resolveContext({ paymentCertificateFile: join(dir, 'cert.pem') }, (p) =>
      readFileSync(p, 'utf8'),
    );
    // Assess
    expect(raw.paymentCertificate).toBe(PEM);
    expect(
      parseConfig({ ...raw, paymentKeyId: '11111111-2222-4333-8444-555555555555' }).paymentCertificate,
    ).toBe(PEM);
  });

  it('says which file it cannot read, and refuses both ways at once', () => {
    expect(() => resolveContext({ paymentCertificateFile: 'missing.pem' }, noFiles)).toThrow(
      /paymentCertificateFile = "missing.pem": cannot read the file \(ENOENT\)/,
    );
    expect(() =>
      resolveContext({ paymentCertificateFile: 'a.pem', paymentCertificate: PEM }, () => PEM),
    ).toThrow(/both set/);
  });

  it('makes the CDK app exit with the suggestion instead of ignoring a miscased -c key', async () => {
    // Act: the CLI hands context to the app in CDK_CONTEXT_JSON
    const run = promisify(execFile)('npx', ['tsx', 'bin/app.ts'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ stage: 'dev', retentiondays: '5' }),
        CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-out-')),
      },
      timeout: 60_000,
    });
    // Assess
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/did you mean retentionDays\?/),
    });
  }, 90_000);
});

describe('payment gateway', () => {
  const payments = { paymentKeyId: '11111111-2222-4333-8444-555555555555', paymentCertificate: PEM };
  const ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:phone-robot/stripe-AbC123';
  const stripe = { paymentGateway: 'stripe', stripeSecretArn: ARN };

  it('refuses prod with the sandbox, with or without card payments, naming the fix', () => {
    for (const raw of [
      { stage: 'prod', paymentGateway: 'sandbox' },
      { stage: 'prod', paymentGateway: 'sandbox', ...payments },
    ]) {
      expect(() => parseConfig(raw)).toThrow(
        /paymentGateway = "sandbox": the sandbox moves no money.*fix: pass -c paymentGateway=stripe -c stripeSecretArn=<.*or deploy prod without card payments/,
      );
    }
  });

  it('has no default gateway for prod with card payments: the error names the Stripe flags', () => {
    expect(() => parseConfig({ stage: 'prod', ...payments })).toThrow(
      /paymentGateway = \(unset\): prod takes card payments.*fix: pass -c paymentGateway=stripe -c stripeSecretArn=<ARN/,
    );
  });

  it('gives prod without card payments the disabled gateway, and dev the sandbox', () => {
    expect(parseConfig({ stage: 'prod' })).toMatchObject({ paymentGateway: 'disabled' });
    expect(parseConfig({ stage: 'prod' }).stripeSecretArn).toBeUndefined();
    expect(parseConfig({ stage: 'dev' }).paymentGateway).toBe('sandbox');
    expect(parseConfig({ stage: 'dev', ...payments }).paymentGateway).toBe('sandbox');
  });

  it('charges through Stripe in live mode in prod and test mode in dev', () => {
    expect(parseConfig({ stage: 'prod', ...payments, ...stripe })).toMatchObject({
      paymentGateway: 'stripe',
      stripeSecretArn: ARN,
      stripeMode: 'live',
    });
    expect(parseConfig({ stage: 'dev', ...stripe })).toMatchObject({
      paymentGateway: 'stripe',
      stripeMode: 'test',
    });
    // A partial ARN (no 6-character suffix) is a secret ARN too.
    expect(
      parseConfig({ stage: 'dev', paymentGateway: 'stripe', stripeSecretArn: ARN.slice(0, -7) })
        .stripeSecretArn,
    ).toBe(ARN.slice(0, -7));
  });

  it('needs the secret ARN for Stripe, and uses it only for Stripe, naming the fix', () => {
    expect(() => parseConfig({ stage: 'prod', ...payments, paymentGateway: 'stripe' })).toThrow(
      /stripeSecretArn = \(unset\): paymentGateway = "stripe" reads the Stripe secret key.*fix: create a Secrets Manager secret.*pass -c stripeSecretArn=/,
    );
    expect(() => parseConfig({ stage: 'dev', stripeSecretArn: ARN })).toThrow(
      /stripeSecretArn = ".*": only paymentGateway = "stripe" uses it \(the gateway is "sandbox"\); fix: pass -c paymentGateway=stripe/,
    );
    expect(() => parseConfig({ stage: 'prod', stripeSecretArn: ARN })).toThrow(/the gateway is "disabled"/);
  });

  it.each([
    'arn:aws:s3:::bucket',
    'arn:aws:secretsmanager:us-east-1:1111:secret:short-account',
    'arn:aws:secretsmanager:us-east-1:111122223333:secret:',
    'phone-robot/stripe',
  ])('rejects %s as a secret ARN, naming the fix', (arn) => {
    expect(() => parseConfig({ stage: 'dev', paymentGateway: 'stripe', stripeSecretArn: arn })).toThrow(
      /stripeSecretArn = .*must be the ARN of a Secrets Manager secret.*fix: create a Secrets Manager secret/,
    );
  });

  it('accepts GovCloud and China partitions', () => {
    for (const partition of ['aws-us-gov', 'aws-cn']) {
      const arn = `arn:${partition}:secretsmanager:us-gov-west-1:111122223333:secret:stripe-AbC123`;
      expect(
        parseConfig({ stage: 'dev', paymentGateway: 'stripe', stripeSecretArn: arn }).stripeSecretArn,
      ).toBe(arn);
    }
  });

  it('rejects a gateway it has no adapter for, and disabled, which it picks itself', () => {
    for (const name of ['paypal', 'disabled']) {
      expect(() => parseConfig({ stage: 'dev', paymentGateway: name })).toThrow(
        new RegExp(`paymentGateway = "${name}".*fix: pass -c paymentGateway=stripe`),
      );
    }
  });
});
