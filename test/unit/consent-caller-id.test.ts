import { describe, expect, it } from 'vitest';
import {
  callerHmac,
  plausibleCallerNumber,
  WITHHELD_NUMBER_PLACEHOLDERS,
} from '../../lambdas/core/caller-id';

/**
 * Which caller numbers get an HMAC. A number shared by many callers (a withheld-ID placeholder, a
 * filler) must get none, or every withheld caller becomes one identity with one order history.
 */
describe('plausibleCallerNumber', () => {
  it.each([
    ['+12025550142', '+12025550142'],
    ['+8613800138000', '+8613800138000'],
    ['+1 (202) 555-0142', '+12025550142'],
    [' +44 20 7946 0958 ', '+442079460958'],
    ['12025550142', '+12025550142'],
    ['+15550101', '+15550101'],
    ['+123456789012345', '+123456789012345'],
  ])('accepts %j as %s', (address, expected) => {
    // Prepare / Act
    const number = plausibleCallerNumber(address, 'TELEPHONE_NUMBER');
    // Assess
    expect(number).toBe(expected);
  });

  it('accepts a number without an endpoint type (the type is optional in the event)', () => {
    expect(plausibleCallerNumber('+12025550142')).toBe('+12025550142');
    expect(plausibleCallerNumber('+12025550142', null)).toBe('+12025550142');
  });

  it.each([
    [null, 'null address (withheld)'],
    [undefined, 'no address'],
    ['', 'empty'],
    ['anonymous', 'the word anonymous'],
    ['Restricted', 'the word Restricted'],
    ['sip:+12025550142@example.com', 'a SIP URI'],
    ['+1202555014x', 'letters among digits'],
    ['+1234567', 'seven digits: too short'],
    ['+1234567890123456', 'sixteen digits: too long for E.164'],
    ['+0000000000', 'leading zero'],
    ['+0012025550142', 'leading zero (international prefix, not E.164)'],
    ['+1111111111', 'every digit the same'],
    ['+99999999', 'every digit the same, short'],
    ['++12025550142', 'two plus signs'],
    ['1+2025550142', 'a plus sign inside'],
  ])('rejects %j (%s)', (address, _why) => {
    // Prepare / Act
    const number = plausibleCallerNumber(address as string | null | undefined, 'TELEPHONE_NUMBER');
    // Assess
    expect(number).toBeUndefined();
  });

  it.each([
    ['+266696687', 'ANONYMOUS'],
    ['+7378742833', 'RESTRICTED'],
    ['+2562533', 'BLOCKED'],
    ['+8656696', 'UNKNOWN'],
    ['+7748283', 'PRIVATE'],
    ['+86282245253', 'UNAVAILABLE'],
    ['+737 874 2833', 'RESTRICTED written with separators'],
  ])('rejects the withheld-ID placeholder %s (%s on the keypad)', (address) => {
    expect(plausibleCallerNumber(address, 'TELEPHONE_NUMBER')).toBeUndefined();
  });

  it('keeps every deny-listed placeholder in normalised +digits form so the lookup can match', () => {
    for (const placeholder of WITHHELD_NUMBER_PLACEHOLDERS) {
      expect(placeholder).toMatch(/^\+[1-9]\d+$/);
    }
  });

  it.each(['EMAIL_ADDRESS', 'VOIP', 'CONNECT_PHONENUMBER_ARN', ''])(
    'rejects a well-formed number whose endpoint type is %j',
    (type) => {
      expect(plausibleCallerNumber('+12025550142', type)).toBeUndefined();
    },
  );

  it('hashes the same caller the same however the number is written', () => {
    // Prepare
    const key = Buffer.from('test-only-caller-hmac-key', 'utf8');
    const a = plausibleCallerNumber('+1 202 555 0142', 'TELEPHONE_NUMBER');
    const b = plausibleCallerNumber('+12025550142', 'TELEPHONE_NUMBER');
    // Act / Assess
    expect(a).toBeDefined();
    expect(callerHmac(a as string, key)).toBe(callerHmac(b as string, key));
  });
});
