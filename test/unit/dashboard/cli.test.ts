import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../../bin/cli';
import { parseConfig } from '../../../lib/config';
import { DASHBOARD_COMMAND, dashboardOptions, runDashboard } from '../../../local/dashboard/cli';
import { collectDashboard } from '../../../local/dashboard/collect';
import { writeSampleLake } from './sample-lake';

const config = parseConfig({});
const work = () => mkdtempSync(join(tmpdir(), 'phone-robot-dashboard-cli-'));
const options = (argv: string[]) => {
  const args = parseCommand(DASHBOARD_COMMAND, argv);
  if (!args) throw new Error('help');
  return dashboardOptions(args);
};

/** Runs `npm run dashboard` as npm does (tsx in a child process). */
async function dashboardCli(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'bin/dashboard.ts', ...args],
      { encoding: 'utf8', timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run dashboard', () => {
  it('prints its help, and names the closest option for a typo, as every command does', async () => {
    const help = await dashboardCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run dashboard -- \[options\]/);
    expect(help.stdout).toContain('--lake <dir>');
    const typo = await dashboardCli(['--ot', 'x.html']);
    expect(typo.code).toBe(2);
    expect(typo.stderr.split('\n')[0]).toBe('error: unknown option --ot; did you mean --out?');
  });

  it('rejects an output that is not an HTML file, and a lake that does not exist, naming the fix', async () => {
    expect(() => options(['--out', 'out/dashboard.svg'])).toThrow(UsageError);
    expect(() => options(['--out', 'out/dashboard.svg'])).toThrow(/must end in \.html/);
    await expect(
      runDashboard(options(['--lake', join(tmpdir(), 'no-such-lake-phone-robot')]), config, () => {}),
    ).rejects.toThrow(/--lake .*: no such folder; fix: run npm start -- --scenario test\/scenarios/);
  });

  it('writes the page into new parent folders and warns when the lake is empty', async () => {
    // Prepare
    const dir = work();
    mkdirSync(join(dir, 'lake'));
    const out = join(dir, 'new', 'folder', 'index.html');
    const lines: string[] = [];
    const warnings: string[] = [];
    // Act
    const code = await runDashboard(
      options(['--lake', join(dir, 'lake'), '--out', out, '--compliance', join(dir, 'none')]),
      config,
      (l) => lines.push(l),
      (l) => warnings.push(l),
    );
    // Assess
    expect(code).toBe(0);
    expect(lines).toEqual([`dashboard written to ${out}`]);
    expect(warnings[0]).toMatch(
      /^warning: the lake at .* holds no rows, so every chart is empty; fix: npm start/,
    );
    expect(warnings[1]).toMatch(/^warning: no compliance report in .*none \(no such folder\)/);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('The lake is empty');
    expect(html).toContain('No CloudTrail logs given');
    expect(html).toContain('No survey data yet');
    expect(html).toContain('No compliance report found');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html.match(/<svg /g)?.length).toBe(8);
    expect(html.match(/<title>[^<]*\(no rows\)<\/title>/g)?.length).toBe(8);
  });

  it('draws customer satisfaction only when contact records hold survey answers', async () => {
    // Prepare
    const dir = work();
    const lake = writeSampleLake(dir, { survey: true });
    // Act
    const data = await collectDashboard({ lakeDir: lake, config });
    // Assess
    const csat = data.sections.find((s) => s.id === 'csat');
    expect(csat?.charts).toHaveLength(2);
    expect(csat?.charts[0]?.result.rows).toEqual([{ day_utc: '2026-11-02', answers: 4, mean_score: 4.5 }]);
    expect(csat?.charts[1]?.query).toBe('csat-by-intent');
    expect(data.tableRows).toEqual({
      ctr: 36,
      consents: expect.any(Number),
      orders: 18,
      transcripts: 0,
      turns: 12,
    });
    const orders = data.sections.find((s) => s.id === 'orders');
    expect(orders?.tables[0]?.result.rows.map((r) => r.currency)).toEqual(['CNY', 'USD']);
  });
});
