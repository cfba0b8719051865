import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, prcIdCheckChar, redact } from '../../../lambdas/core/pii';
import { visibleSensitiveNumbers } from './support';

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** Luhn-valid numbers of 13-19 digits with any prefix, written plain, grouped or hyphenated. */
const luhnNumber = digits(12, 18).map((p) => `${p}${luhnCheckDigit(p)}`);
/** Checksum-valid 18-character IDs (any region and date). */
const idNumber = digits(17, 17).map((p) => `${p}${prcIdCheckChar(p)}`);
const written = (value: fc.Arbitrary<string>) =>
  fc
    .tuple(value, fc.constantFrom('', ' ', '-'), fc.integer({ min: 1, max: 6 }))
    .map(([v, sep, size]) => (sep === '' ? v : (v.match(new RegExp(`.{1,${size}}`, 'g')) ?? [v]).join(sep)));
const noise = fc.constantFrom(
  ' ',
  ' ',
  '-',
  ', ',
  '.',
  '\t',
  '  ',
  'a',
  'E',
  'X',
  'x',
  '+',
  '@',
  '(',
  ')',
  'one',
  'oh',
  'double',
  ' two ',
  '幺',
  '一下',
  '零',
  '两',
  '〇',
  '５',
  '号码',
  'at',
  'dot',
  'com',
  'account ',
  '护照',
  '电话',
  '\n',
);
const transcript = fc
  .array(fc.oneof(written(luhnNumber), written(idNumber), digits(1, 8), noise), { maxLength: 25 })
  .map((parts) => parts.join(''));

describe('redact properties', () => {
  it('never throws and keeps findings sorted, disjoint and inside the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), transcript), (text) => {
        // Act
        const { text: out, findings } = redact(text);
        // Assess
        expect(typeof out).toBe('string');
        let last = 0;
        for (const f of findings) {
          expect(f.start).toBeGreaterThanOrEqual(last);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          last = f.end;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never leaves a Luhn-valid 13-19 digit run or a checksum-valid 18-character ID in the output', () => {
    fc.assert(
      fc.property(transcript, fc.constantFrom('zh-CN', 'en-US', undefined), (text, locale) => {
        // Act
        const out = redact(text, locale ? { locale } : {}).text;
        // Assess
        expect(visibleSensitiveNumbers(out)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects its own check: the detector of leftovers finds an unredacted card', () => {
    // Prepare / Act / Assess: guards against a property that can never fail
    expect(visibleSensitiveNumbers('pay 4111 1111 1111 1111 now')).toEqual(['4111 1111 1111 1111']);
    expect(visibleSensitiveNumbers('id 11010519491231002X ok')).toEqual(['11010519491231002X']);
  });
});
