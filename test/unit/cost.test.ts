import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateCost, formatEstimate, priceTableSchema } from '../../tools/cost/cost-model';

const TABLE = priceTableSchema.parse(
  JSON.parse(readFileSync(new URL('../../data/prices.json', import.meta.url), 'utf8')),
);
/** The README's worked example. */
const EXAMPLE = { callsPerMonth: 10_000, minutesPerCall: 3, locale: 'en-US' } as const;
const line = (e: ReturnType<typeof estimateCost>, service: string) => {
  const found = e.lines.find((l) => l.service.startsWith(service));
  if (!found) throw new Error(`no line ${service}`);
  return found;
};

describe('cost model', () => {
  it('reads a dated price table with a source for every service', () => {
    expect(TABLE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const s of [
      'connect',
      'lex',
      'lambda',
      'dynamodb',
      'transcribe',
      's3',
      'kms',
      'firehose',
      'athena',
    ]) {
      expect(TABLE.sources[s], s).toMatch(/^https:\/\/aws\.amazon\.com\//);
    }
  });

  it('prices the documented example at $0.1710 per call, fixed costs included', () => {
    // Act
    const e = estimateCost(TABLE, EXAMPLE);
    // Assess: the big lines by hand, then the total
    expect(line(e, 'Connect').perCall).toBeCloseTo(3 * (0.018 + 0.0022), 10);
    expect(line(e, 'Lex').perCall).toBeCloseTo(3 * 4 * 0.004, 10);
    expect(line(e, 'Transcribe').perCall).toBeCloseTo(0.7 * 3 * (0.024 + 0.0024), 10);
    expect(e.perCallTotal).toBeCloseTo(0.171, 3);
    expect(e.monthlyTotal).toBeCloseTo(
      e.lines.reduce((s, l) => s + l.perCall * 10_000 + l.fixedMonthly, 0),
      6,
    );
    expect(e.humanAgent.perCall).toBeCloseTo(3 * (0.55 + 0.018 + 0.0022), 10);
  });

  it('covers every service of the deployment', () => {
    const services = estimateCost(TABLE, EXAMPLE).lines.map((l) => l.service);
    expect(services).toEqual([
      'Connect voice + number',
      'Lex speech requests',
      'Lambda',
      'DynamoDB',
      'Transcribe',
      'S3 (vault + lake)',
      'KMS',
      'Kinesis + Firehose',
      'Athena',
    ]);
  });

  it('bills no Transcribe PII redaction for zh-CN, where Transcribe cannot redact', () => {
    const zh = line(estimateCost(TABLE, { ...EXAMPLE, locale: 'zh-CN' }), 'Transcribe');
    expect(zh.perCall).toBeCloseTo(0.7 * 3 * 0.024, 10);
  });

  it('spreads fixed costs over fewer calls as a higher per-call total', () => {
    const few = estimateCost(TABLE, { ...EXAMPLE, callsPerMonth: 100 });
    expect(few.perCallTotal).toBeGreaterThan(estimateCost(TABLE, EXAMPLE).perCallTotal);
  });

  it('prints one row per service and both totals', () => {
    const text = formatEstimate(estimateCost(TABLE, EXAMPLE));
    expect(text).toContain('prices as of 2026-11-01');
    expect(text).toMatch(/robot total: \$0\.1710 per call/);
    expect(text).toMatch(/human agents: \$1\.7106 per call/);
  });

  it('rejects a call length of zero minutes', () => {
    expect(() => estimateCost(TABLE, { ...EXAMPLE, minutesPerCall: 0 })).toThrow(/--minutes/);
  });

  it('rejects an unsupported locale', () => {
    expect(() => estimateCost(TABLE, { ...EXAMPLE, locale: 'fr-FR' as never })).toThrow(/--locale/);
  });

  it('rejects a price table without a date', () => {
    const { asOf: _asOf, ...undated } = JSON.parse(JSON.stringify(TABLE));
    expect(priceTableSchema.safeParse(undated).success).toBe(false);
  });
});
