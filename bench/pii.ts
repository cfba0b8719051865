import { redact } from '../lambdas/core/pii';
import { generateLabelledSet } from '../test/support/pii-fixtures';

/**
 * Redactor throughput in characters per second, per locale: the generated labelled set joined
 * into one long transcript (as Transcribe delivers a whole call at once), twenty times over,
 * after a warm-up.
 */
export function benchPii(print: (line: string) => void = (l) => console.log(l)): boolean {
  const cases = [...generateLabelledSet('en-US'), ...generateLabelledSet('zh-CN')];
  print('pii: redactor throughput on the generated labelled set');
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const text = cases
      .filter((c) => c.locale === locale)
      .map((c) => c.text)
      .join(locale === 'zh-CN' ? '。' : '. ');
    const big = Array.from({ length: 20 }, () => text).join(' ');
    for (let i = 0; i < 3; i++) redact(big, { locale });
    const rounds = 10;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) redact(big, { locale });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    print(
      `  ${locale}: ${big.length} chars x ${rounds} in ${seconds.toFixed(3)} s = ${Math.round((big.length * rounds) / seconds).toLocaleString('en-US')} chars/s`,
    );
  }
  return true;
}
