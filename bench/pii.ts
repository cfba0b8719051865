import { join } from 'node:path';
import { redact } from '../lambdas/core/pii';
import { redactAll } from '../lambdas/core/pii/full';
import { loadIndependentSet } from '../test/support/independent-pii';

/**
 * Redactor throughput in characters per second, per locale, as the transcript pipeline uses it:
 * one call of the redactor per transcript segment. The segments are the three independent labelled
 * sets' utterances, each round over all of them, after a warm-up. The digit redactor (what the
 * code hook runs) and the full redactor (digits + names, addresses, sensitive facts: what the
 * pipeline runs) are measured side by side.
 */
export function benchPii(print: (line: string) => void = (l) => console.log(l)): boolean {
  const fixtures = join(import.meta.dirname, '..', 'test', 'fixtures');
  print('pii: redactor throughput per transcript segment (independent sets)');
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const segments = ['pii-independent', 'pii-independent-2', 'pii-independent-3'].flatMap((set) =>
      loadIndependentSet(join(fixtures, set, `${locale}.json`)).cases.map((c) => c.text),
    );
    const chars = segments.reduce((n, s) => n + s.length, 0);
    const rate = (fn: typeof redact): number => {
      for (const s of segments) fn(s, { locale });
      const rounds = 5;
      const t0 = process.hrtime.bigint();
      for (let r = 0; r < rounds; r++) for (const s of segments) fn(s, { locale });
      return (chars * rounds) / (Number(process.hrtime.bigint() - t0) / 1e9);
    };
    const digits = rate(redact);
    const full = rate(redactAll);
    const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
    print(
      `  ${locale}: ${segments.length} segments, ${chars} chars; digits ${fmt(digits)} chars/s, full ${fmt(full)} chars/s (full/digits ${(full / digits).toFixed(2)})`,
    );
  }
  return true;
}
