import { describe, expect, it } from 'vitest';
import { ConfigError, isPlaceholderLink, parseConfig } from '../../lib/config';

describe('parseConfig', () => {
  it('fills defaults for an empty context', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      stage: 'dev',
      objectLockMode: 'GOVERNANCE',
      retentionDays: 365,
      locales: ['zh-CN', 'en-US'],
      defaultLocale: 'zh-CN',
      logRetentionDays: 365,
      connectInstanceAlias: 'phone-robot-dev',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('defaults prod to COMPLIANCE mode and reads CLI strings', () => {
    const c = parseConfig({
      stage: 'prod',
      retentionDays: '730',
      locales: 'en-US',
      alertEmails: 'a@example.com,b@example.com',
    });
    expect(c.objectLockMode).toBe('COMPLIANCE');
    expect(c.retentionDays).toBe(730);
    expect(c.locales).toEqual(['en-US']);
    expect(c.defaultLocale).toBe('en-US');
    expect(c.alertEmails).toEqual(['a@example.com', 'b@example.com']);
  });

  it.each([
    [{ retentionDays: '-1' }, 'retentionDays = "-1"', '-c retentionDays='],
    [{ retentionDays: 'abc' }, 'retentionDays = "abc"', '-c retentionDays='],
    [{ stage: 'qa' }, 'stage = "qa"', '-c stage=dev'],
    [{ locales: 'fr-FR' }, 'locales = "fr-FR"', '-c locales='],
    [{ logRetentionDays: 30 }, 'logRetentionDays = 30', 'at least 180'],
    [{ alertEmails: 'not-an-address' }, 'alertEmails = "not-an-address"', '-c alertEmails='],
    [{ phoneCountryCode: 'usa' }, 'phoneCountryCode = "usa"', 'ISO 3166'],
    [{ connectInstanceAlias: 'Bad_Alias' }, 'connectInstanceAlias = "Bad_Alias"', 'lower-case'],
    [{ stage: 'prod', objectLockMode: 'GOVERNANCE' }, 'objectLockMode = "GOVERNANCE"', 'COMPLIANCE'],
    [{ locales: 'en-US', defaultLocale: 'zh-CN' }, 'defaultLocale = "zh-CN"', 'en-US'],
    [{ agentTimeZone: 'Mars/Olympus' }, 'agentTimeZone = "Mars/Olympus"', 'IANA'],
    [
      { textOriginationArn: 'arn:aws:sns:us-east-1:111122223333:topic' },
      'textOriginationArn = "arn:aws:sns:us-east-1:111122223333:topic"',
      'End User Messaging',
    ],
    [
      // The shipped catalog links to example.com: prod must not text those to callers.
      {
        stage: 'prod',
        textOriginationArn: 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef',
      },
      'placeholder links',
      'set each product\'s "link" to its real page',
    ],
  ])('rejects %j naming the field, the value and the fix', (raw, named, fix) => {
    // Act
    const act = () => parseConfig(raw);
    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(named);
    expect(act).toThrow(fix);
  });

  it('takes a phone-number or pool ARN for product-link texts in dev, and none by default', () => {
    const number = 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef';
    const pool = 'arn:aws:sms-voice:eu-west-2:111122223333:pool/pool-0123456789abcdef';
    const brand = { textSenderName: 'Example Shop' };
    expect(parseConfig({ textOriginationArn: number, ...brand }).textOriginationArn).toBe(number);
    expect(parseConfig({ textOriginationArn: pool, ...brand }).textOriginationArn).toBe(pool);
    expect(parseConfig({}).textOriginationArn).toBeUndefined();
  });

  it('takes the calling codes texts reach, 1 (US and Canada) by default', () => {
    expect(parseConfig({}).textCountryCodes).toEqual(['1']);
    // A text must name its sender: the brand is required with an origination identity.
    const origin =
      'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef0123456789abcdef';
    expect(() => parseConfig({ textOriginationArn: origin })).toThrow(
      /textSenderName = \(unset\).*name its sender/,
    );
    expect(parseConfig({ textOriginationArn: origin, textSenderName: 'Example Shop' }).textSenderName).toBe(
      'Example Shop',
    );
    expect(parseConfig({ textOriginationArn: origin, textSenderName: '示例商城' }).textSenderName).toBe(
      '示例商城',
    );
    expect(() => parseConfig({ textOriginationArn: origin, textSenderName: 'x' })).toThrow(/textSenderName/);
    expect(() => parseConfig({ textOriginationArn: origin, textSenderName: 'Shop <b>' })).toThrow(
      /textSenderName/,
    );
    expect(parseConfig({ textCountryCodes: '1,44,1' }).textCountryCodes).toEqual(['1', '44']);
    expect(() => parseConfig({ textCountryCodes: '+86' })).toThrow(
      /textCountryCodes = "\+86".*country calling codes/,
    );
  });

  it('tells example.com and other reserved hosts from real product pages', () => {
    expect(isPlaceholderLink('https://shop.example.com/products/pl-100')).toBe(true);
    expect(isPlaceholderLink('https://example.org/x')).toBe(true);
    expect(isPlaceholderLink('https://shop.test/x')).toBe(true);
    expect(isPlaceholderLink('https://shop.examples.com/x')).toBe(false);
    expect(isPlaceholderLink('https://www.phone-robot-shop.cn/p/1')).toBe(false);
  });
});
