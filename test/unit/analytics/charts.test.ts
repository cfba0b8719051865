import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNamedQueries } from '../../../lib/constructs/analytics-lake/queries';
import {
  CHART_FONT,
  chartSpec,
  defaultDeclaration,
  displayWidth,
  drawChart,
  estimateTextWidth,
  formatTable,
  renderVegaLite,
  unitOf,
} from '../../../local/analytics/chart';
import { QUERY_CHARTS, shortPrincipal } from '../../../local/analytics/charts';
import { LocalAnalytics } from '../../../local/analytics/duckdb';
import { writeSampleLake } from '../dashboard/sample-lake';

const CLOUDTRAIL = new URL('../../fixtures/cloudtrail/', import.meta.url).pathname;
const QUERIES = loadNamedQueries();
/** The texts an SVG draws. */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');

let analytics: LocalAnalytics;
beforeAll(async () => {
  const lake = writeSampleLake(mkdtempSync(join(tmpdir(), 'phone-robot-charts-')));
  analytics = await LocalAnalytics.open({ lakeDir: lake, cloudtrailDir: CLOUDTRAIL });
});
afterAll(() => analytics?.close());
const run = (name: string) => analytics.run(QUERIES.find((q) => q.name === name)?.sql ?? '');

describe('query charts (Vega-Lite)', () => {
  it('declares a chart for every named query', () => {
    expect(Object.keys(QUERY_CHARTS).sort()).toEqual(QUERIES.map((q) => q.name).sort());
  });

  it('draws every query of the sample lake without a single Vega or Vega-Lite warning', async () => {
    for (const q of QUERIES.filter((x) => !x.sql.includes('?'))) {
      const result = await analytics.run(q.sql);
      expect(result.rows.length, q.name).toBeGreaterThan(0);
      const { svg } = await drawChart(QUERY_CHARTS[q.name] as never, result, { subtitle: q.description });
      expect(svg, q.name).toMatch(/<title>[^<]+<\/title>/);
      expect(svg, q.name).toContain('Noto Sans CJK SC');
    }
  });

  it('fails on a declaration the library would have to guess about', async () => {
    await expect(
      renderVegaLite(
        {
          data: { values: [{ a: 1 }] },
          mark: 'bar',
          // A bar has no shape: Vega-Lite would drop the channel with a warning.
          encoding: { x: { field: 'a', type: 'quantitative' }, shape: { field: 'a', type: 'nominal' } },
        },
        't',
      ),
    ).rejects.toThrow(/^chart: /);
  });

  it('labels hours 00–23 (07, not 7), every hour of the day on the axis', async () => {
    const { svg } = await drawChart(QUERY_CHARTS['calls-per-hour'] as never, await run('calls-per-hour'));
    const labels = texts(svg);
    for (const h of ['00', '07', '12', '23']) expect(labels).toContain(h);
    expect(labels).not.toContain('7');
    expect(labels).toContain('hour of day (UTC)');
  });

  it('puts rates on a 0–100 % axis however low they are', async () => {
    // Prepare: rates no higher than 40 %
    const result = {
      columns: ['day_utc', 'locale', 'consent_rate'],
      rows: [
        { day_utc: '2026-11-01', locale: 'en-US', consent_rate: 0.2 },
        { day_utc: '2026-11-01', locale: 'zh-CN', consent_rate: 0.4 },
      ],
    };
    // Act
    const spec = chartSpec(QUERY_CHARTS['consent-rate-by-day'] as never, result) as any;
    const { svg } = await drawChart(QUERY_CHARTS['consent-rate-by-day'] as never, result);
    // Assess
    expect(spec.encoding.y.scale.domain).toEqual([0, 1]);
    expect(texts(svg)).toEqual(expect.arrayContaining(['0%', '100%', 'consent rate (%)']));
    expect(unitOf('containment_rate')).toBe('share');
  });

  it('gives each currency its own chart and axis, and refuses money on one shared axis', async () => {
    const result = await run('orders-revenue-by-product-day');
    const { svg } = await drawChart(QUERY_CHARTS['orders-revenue-by-product-day'] as never, result);
    const labels = texts(svg);
    expect(labels).toEqual(expect.arrayContaining(['in CNY', 'in USD', 'revenue (CNY)', 'revenue (USD)']));
    expect(labels.filter((t) => t.startsWith('revenue ('))).toHaveLength(2);
    expect(() =>
      chartSpec({ title: 'r', mark: 'column', category: 'day_utc', value: 'revenue' }, result),
    ).toThrow(/a money value needs splitBy/);
    // A query without a declaration still splits money by its currency column.
    expect(defaultDeclaration(result, 'x', 'revenue').splitBy).toBe('currency');
  });

  it('sizes CJK labels as full-width characters and sets a CJK font, so they are neither cut nor boxes', async () => {
    expect(estimateTextWidth('你们周末几点开门', 10)).toBe(80);
    expect(estimateTextWidth('abc', 10)).toBeLessThan(20);
    // The terminal table counts a Chinese character as two columns, so its columns line up.
    expect(displayWidth('你们ab')).toBe(6);
    const table = formatTable({
      columns: ['u', 'n'],
      rows: [
        { u: '你们', n: 1 },
        { u: 'abcd', n: 2 },
      ],
    });
    expect(table.split('\n').slice(2, 4)).toEqual(['你们  1', 'abcd  2']);
    expect(CHART_FONT.startsWith('"Noto Sans CJK SC"')).toBe(true);
    const { svg, width } = await drawChart(
      QUERY_CHARTS['missed-utterances'] as never,
      await run('missed-utterances'),
    );
    expect(texts(svg)).toContain('你们周末几点开门');
    // The axis title sits left of the longest label: the labels were measured as drawn.
    const title = /translate\((-?[\d.]+),[^)]*\) rotate\(-90\)[^>]*>utterance</.exec(svg);
    expect(Number(title?.[1])).toBeLessThan(
      -estimateTextWidth('(words not kept: the caller did not consent)', 11),
    );
    expect(width).toBeLessThan(1000);
  });

  it('names principals by role and session, and a chart with no rows says so', async () => {
    expect(shortPrincipal('arn:aws:sts::111122223333:assumed-role/RecordingAuditor/alice')).toBe(
      'RecordingAuditor/alice',
    );
    expect(shortPrincipal(null)).toBe('(unknown)');
    const { svg } = await drawChart(QUERY_CHARTS.containment as never, { columns: [], rows: [] });
    expect(svg).toContain('<title>Containment by day and locale (no rows)</title>');
    expect(texts(svg)).toContain('no rows yet');
  });
});
