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

  it('refuses prod with the sandbox gateway once card payments are configured, naming the fix', () => {
    expect(() => parseConfig({ stage: 'prod', ...payments })).toThrow(
      /paymentGateway = "sandbox": the sandbox moves no money.*fix: deploy prod without paymentKeyId/,
    );
  });

  it('allows prod without card payments, and dev with the sandbox', () => {
    expect(parseConfig({ stage: 'prod' }).paymentGateway).toBe('sandbox');
    expect(parseConfig({ stage: 'dev', ...payments }).paymentGateway).toBe('sandbox');
  });

  it('rejects a gateway it has no adapter for', () => {
    expect(() => parseConfig({ stage: 'dev', paymentGateway: 'stripe' })).toThrow(
      /paymentGateway = "stripe"/,
    );
  });
});
