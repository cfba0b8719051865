import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TURN_OUTCOMES } from '../../../lambdas/contracts/lake';
import { loadNamedQueries, parseNamedQuery } from '../../../lib/constructs/analytics-lake/queries';
import { defaultDeclaration, drawChart, formatTable } from '../../../local/analytics/chart';
import { parseAnalyticsCli, runAnalyticsCli } from '../../../local/analytics/cli';

describe('named queries', () => {
  it('each has a description and uses only the functions the DuckDB macro layer covers', () => {
    const trinoOnly =
      /\b(date_parse|date_format|format_datetime|to_iso8601|approx_percentile|element_at|try_cast)\s*\(/i;
    for (const q of loadNamedQueries()) {
      expect(q.description.length, q.name).toBeGreaterThan(20);
      expect(q.sql, q.name).not.toMatch(trinoOnly);
    }
  });

  it('missed-utterances reads the turn outcome the code hook records for a fallback', () => {
    const sql = loadNamedQueries().find((q) => q.name === 'missed-utterances')?.sql ?? '';
    expect(TURN_OUTCOMES).toContain('FALLBACK');
    expect(sql).toMatch(/FROM turns\s+WHERE outcome = 'FALLBACK'/);
  });

  it('rejects a query file without a description or with two statements', () => {
    expect(() => parseNamedQuery('x', 'SELECT 1')).toThrow(/leading "-- what it answers" comment/);
    expect(() => parseNamedQuery('x', '-- two; fine in a comment\nSELECT 1; SELECT 2')).toThrow(
      /one statement/,
    );
    expect(() => parseNamedQuery('Bad Name', '-- ok\nSELECT 1')).toThrow(/lower-case/);
  });
});

describe('analytics CLI', () => {
  const result = {
    columns: ['locale', 'calls'],
    rows: [
      { locale: 'en-US', calls: 11 },
      { locale: 'zh-CN', calls: 5 },
    ],
  };

  it('draws a chart of a result no query declares with Vega, under an accessible title', async () => {
    // Act
    const { svg, width, height } = await drawChart(defaultDeclaration(result, 'calls <by> locale'), result);
    // Assess
    expect(svg).toMatch(
      /^<svg role="img" aria-label="calls &lt;by&gt; locale" xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
    expect(svg).toContain('<title>calls &lt;by&gt; locale</title>');
    expect(svg).toContain('aria-roledescription="bar"');
    expect(svg.match(/<path aria-label="[^"]*category: (en-US|zh-CN)/g)).toHaveLength(2);
    expect(width).toBeGreaterThan(100);
    expect(height).toBeGreaterThan(50);
  });

  it('rejects a chart of a column that is not numeric, and PNG output', async () => {
    expect(() => defaultDeclaration(result, 't', 'locale')).toThrow(/numeric columns are calls/);
    await expect(
      drawChart(defaultDeclaration(result, 't'), result, { valueColumn: 'locale' }),
    ).rejects.toThrow(/numeric columns are calls/);
    expect(() => parseAnalyticsCli(['containment', '--chart', 'x.png'])).toThrow(/PNG output needs/);
  });

  it('prints an aligned table and writes the chart for a named query over an empty lake', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'phone-robot-cli-'));
    mkdirSync(join(dir, 'lake'));
    const lines: string[] = [];
    const warnings: string[] = [];
    // Act
    const code = await runAnalyticsCli(
      ['calls-per-hour', '--lake', join(dir, 'lake'), '--chart', join(dir, 'c.svg')],
      (l) => lines.push(l),
      (l) => warnings.push(l),
    );
    // Assess
    expect(code).toBe(0);
    expect(warnings.join('\n')).toMatch(/^warning: calls-per-hour returned no rows/);
    expect(readFileSync(join(dir, 'c.svg'), 'utf8')).toMatch(/<title>calls-per-hour \(no rows\)<\/title>/);
    expect(lines.join('\n')).toContain('hour_utc  calls');
    expect(lines.join('\n')).toContain('(0 rows)');
    expect(readFileSync(join(dir, 'c.svg'), 'utf8')).toContain('<svg');
    expect(formatTable(result).split('\n')[2]).toBe('en-US   11');
  });

  it('fails a lake folder that does not exist, naming the fix', async () => {
    await expect(
      runAnalyticsCli(['calls-per-hour', '--lake', join(tmpdir(), 'no-such-lake-phone-robot')], () => {}),
    ).rejects.toThrow(/no such folder; fix: run npm start -- --scenario test\/scenarios/);
  });

  it('fails an unknown query name, listing the known ones', async () => {
    await expect(runAnalyticsCli(['no-such-query'], () => {})).rejects.toThrow(
      /choose one of: call-duration/,
    );
  });
});
