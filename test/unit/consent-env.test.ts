import { describe, expect, it } from 'vitest';
import { CONSENT_ENV } from '../../lambdas/contracts/env/consent';
import { EnvError } from '../../lambdas/contracts/env/define';
import { noticeRef } from '../../lambdas/contracts/notices';

const notices = { 'en-US': noticeRef('2026-11-01', 'notice'), 'zh-CN': noticeRef('2026-11-01', '通知') };
const validEnv = {
  CONSENT_TABLE: 'dev-consent-ledger',
  CALLER_HMAC_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:caller-hmac-AbCdEf',
  NOTICES: JSON.stringify(notices),
  DEFAULT_LOCALE: 'zh-CN',
};

const parseConsentEnv = (env: Record<string, string | undefined>) => CONSENT_ENV.parse(env);

describe('the consent environment contract', () => {
  it('reads the table, secret, notices and default locale', () => {
    // Prepare / Act
    const env = parseConsentEnv(validEnv);
    // Assess
    expect(env).toEqual({
      ledgerTable: 'dev-consent-ledger',
      hmacSecretArn: validEnv.CALLER_HMAC_SECRET_ARN,
      notices,
      defaultLocale: 'zh-CN',
    });
  });

  it('fails naming every missing or invalid variable', () => {
    // Prepare
    const env = { NOTICES: '{not json', DEFAULT_LOCALE: 'fr-FR' };
    // Act / Assess
    expect(() => parseConsentEnv(env)).toThrow(EnvError);
    expect(() => parseConsentEnv(env)).toThrow(
      /CONSENT_TABLE is not set[\s\S]*CALLER_HMAC_SECRET_ARN is not set[\s\S]*NOTICES is not valid JSON[\s\S]*DEFAULT_LOCALE is invalid/,
    );
  });

  it('rejects a notice whose fingerprint is not a SHA-256', () => {
    // Prepare
    const env = { ...validEnv, NOTICES: JSON.stringify({ 'en-US': { version: 'v1', sha256: 'abc' } }) };
    // Act / Assess
    expect(() => parseConsentEnv(env)).toThrow(/NOTICES\.en-US\.sha256 must be 64 lower-case hex characters/);
  });
});
