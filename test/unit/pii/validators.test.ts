import { describe, expect, it } from 'vitest';
import {
  isCalendarDate,
  isCardSchemeNumber,
  isMainlandLandline,
  isMainlandMobile,
  isMainlandNumberWithCountryCode,
  isNanpNumber,
  isPlausiblePrcId,
  isPrcPassport,
  isValidPrcIdChecksum,
  luhnCheckDigit,
  luhnValid,
  MAINLAND_MOBILE_PREFIXES,
  prcIdCheckChar,
} from '../../../lambdas/core/pii';

describe('PRC resident ID (ISO 7064 MOD 11-2)', () => {
  it('computes the check character, including X for a remainder of 2', () => {
    // Prepare / Act / Assess: the synthetic example from GB 11643 style test data
    expect(prcIdCheckChar('11010519491231002')).toBe('X');
    expect(prcIdCheckChar('44030519900101123')).toBe('X');
    expect(prcIdCheckChar('31010419850615432')).toBe('3');
  });

  it('accepts checksum-valid IDs with an upper- or lower-case X', () => {
    expect(isValidPrcIdChecksum('11010519491231002X')).toBe(true);
    expect(isValidPrcIdChecksum('11010519491231002x')).toBe(true);
    expect(isValidPrcIdChecksum('310104198506154323')).toBe(true);
  });

  it('rejects a wrong check character, wrong length and non-digits', () => {
    expect(isValidPrcIdChecksum('110105194912310021')).toBe(false);
    expect(isValidPrcIdChecksum('11010519491231002')).toBe(false);
    expect(isValidPrcIdChecksum('1101051949123100XX')).toBe(false);
    expect(prcIdCheckChar('1101051949123100a')).toBeUndefined();
  });

  it('rejects implausible IDs whose checksum happens to pass', () => {
    // Prepare: province 99 does not exist; 1949-13-31 is not a date
    const badRegion = `99010519491231002${prcIdCheckChar('99010519491231002')}`;
    const badDate = `11010519491331002${prcIdCheckChar('11010519491331002')}`;
    // Act / Assess
    expect(isValidPrcIdChecksum(badRegion)).toBe(true);
    expect(isPlausiblePrcId(badRegion)).toBe(false);
    expect(isPlausiblePrcId(badDate)).toBe(false);
    expect(isPlausiblePrcId('11010519491231002X')).toBe(true);
  });

  it('knows leap years', () => {
    expect(isCalendarDate('20000229')).toBe(true);
    expect(isCalendarDate('19000229')).toBe(false);
    expect(isCalendarDate('20240431')).toBe(false);
  });
});

describe('Luhn and card schemes', () => {
  it('accepts test card numbers and computes check digits', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('5555555555554444')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnCheckDigit('411111111111111')).toBe('1');
  });

  it('rejects a changed digit, empty input and non-digits', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4111 1111 1111 1111')).toBe(false);
    expect(luhnCheckDigit('41x')).toBeUndefined();
  });

  it('matches scheme prefixes to their lengths', () => {
    expect(isCardSchemeNumber('4111111111111111')).toBe(true);
    expect(isCardSchemeNumber('378282246310005')).toBe(true);
    expect(isCardSchemeNumber('6222021234567890128')).toBe(true);
    expect(isCardSchemeNumber('37828224631000')).toBe(false);
    expect(isCardSchemeNumber('1234567890123456')).toBe(false);
  });
});

describe('phone numbers', () => {
  it('accepts mainland mobiles with issued prefixes only', () => {
    expect(MAINLAND_MOBILE_PREFIXES).toContain('138');
    expect(isMainlandMobile('13800138000')).toBe(true);
    expect(isMainlandMobile('19912345678')).toBe(true);
    expect(isMainlandMobile('12012345678')).toBe(false);
    expect(isMainlandMobile('1380013800')).toBe(false);
  });

  it('accepts landlines with real area-code shapes', () => {
    expect(isMainlandLandline('01065529988')).toBe(true);
    expect(isMainlandLandline('075586623456')).toBe(true);
    expect(isMainlandLandline('05123503775')).toBe(true);
  });

  it('rejects landlines with impossible area codes or subscriber numbers', () => {
    expect(isMainlandLandline('01165529988')).toBe(false);
    expect(isMainlandLandline('01015529988')).toBe(false);
    expect(isMainlandLandline('0106552998')).toBe(false);
    expect(isMainlandLandline('12345678901')).toBe(false);
  });

  it('accepts the China country code in front of a national number', () => {
    expect(isMainlandNumberWithCountryCode('8613800138000')).toBe(true);
    expect(isMainlandNumberWithCountryCode('00861065529988')).toBe(true);
    expect(isMainlandNumberWithCountryCode('13800138000')).toBe(false);
  });

  it('accepts NANP numbers and rejects N11 and leading 0/1 codes', () => {
    expect(isNanpNumber('2065550142')).toBe(true);
    expect(isNanpNumber('12065550142')).toBe(true);
    expect(isNanpNumber('9115550142')).toBe(false);
    expect(isNanpNumber('2061550142')).toBe(false);
    expect(isNanpNumber('2064110142')).toBe(false);
  });
});

describe('PRC passports', () => {
  it('accepts the E, E+letter, G and D/S/P+E formats', () => {
    for (const p of ['E12345678', 'EA1234567', 'G12345678', 'DE1234567', 'e12345678']) {
      expect(isPrcPassport(p)).toBe(true);
    }
  });

  it('rejects other letter-digit codes', () => {
    for (const p of ['EI1234567', 'X12345678', 'E1234567', 'SKU12345']) expect(isPrcPassport(p)).toBe(false);
  });
});
