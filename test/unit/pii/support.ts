import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../../../lambdas/contracts/locales';
import { isValidPrcIdChecksum, type LabelledCase, luhnValid, type PiiType } from '../../../lambdas/core/pii';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'pii');

/** The generated labelled set of one locale (test/support/pii-fixtures.ts). */
export function labelledSet(locale: Locale): LabelledCase[] {
  return JSON.parse(readFileSync(join(FIXTURES, `labelled.${locale}.json`), 'utf8')) as LabelledCase[];
}

/** A hand-written golden case: each PII value is named by its exact substring. */
export interface GoldenCase {
  readonly locale: Locale;
  readonly text: string;
  readonly pii: readonly { readonly type: PiiType; readonly text: string }[];
}

/** The hand-written golden list. */
export function goldenCases(): GoldenCase[] {
  return (JSON.parse(readFileSync(join(FIXTURES, 'golden.json'), 'utf8')) as { cases: GoldenCase[] }).cases;
}

/**
 * Numbers a reader of the output could still see: runs of ASCII digits joined by single spaces or
 * hyphens (with an optional trailing X) that are Luhn-valid with 13-19 digits or checksum-valid
 * 18-character IDs.
 */
export function visibleSensitiveNumbers(output: string): string[] {
  const found: string[] = [];
  for (const m of output.matchAll(/\d(?:[ -]?\d)*(?:[ -]?[Xx](?![A-Za-z]))?/g)) {
    const compact = m[0].replace(/[ -]/g, '');
    const digits = compact.replace(/[Xx]$/, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) found.push(m[0]);
    else if (compact.length === 18 && isValidPrcIdChecksum(compact)) found.push(m[0]);
  }
  return found;
}
