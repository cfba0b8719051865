import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandSpec, type ParsedArgs, prepareOutputFile, UsageError } from '../../bin/cli';
import type { AppConfig } from '../../lib/config';
import { lakeInputs } from '../analytics/cli';
import { collectDashboard } from './collect';
import { dashboardHtml } from './html';

/** The command line of `npm run dashboard`. */
export const DASHBOARD_COMMAND = {
  command: 'npm run dashboard --',
  usage: ['[options]'],
  summary:
    'Writes one self-contained HTML page (inline SVG charts, no script, works offline) over the local lake: consent rate, containment, intents, orders and revenue per currency, the recording-access audit, customer satisfaction when there is survey data, and the data inventory with a link to the compliance report.',
  options: {
    lake: {
      type: 'string',
      value: '<dir>',
      default: '.local-data/lake',
      description: 'lake root (default .local-data/lake; scenario runs write .local-data/scenarios/lake)',
    },
    cloudtrail: {
      type: 'string',
      value: '<dir>',
      description: 'CloudTrail log files for the recording-access audit (default: none, the section says so)',
    },
    compliance: {
      type: 'string',
      value: '<dir>',
      default: 'out/compliance',
      description: 'where npm run compliance-report wrote its report, to link (default out/compliance)',
    },
    out: {
      type: 'string',
      value: '<file.html>',
      default: 'out/dashboard/index.html',
      description: 'the page to write, parent folders created (default out/dashboard/index.html)',
    },
  },
  examples: [
    'npm run dashboard',
    'npm run dashboard -- --lake .local-data/scenarios/lake --cloudtrail test/fixtures/cloudtrail --out out/dashboard/index.html',
  ],
} as const satisfies CommandSpec;

/** Parsed options of `npm run dashboard`. */
export interface DashboardOptions {
  readonly lake: string;
  readonly cloudtrail: string | undefined;
  readonly compliance: string;
  readonly out: string;
}

/** The options of a parsed command line; throws a UsageError naming the fix. */
export function dashboardOptions(args: ParsedArgs<typeof DASHBOARD_COMMAND.options>): DashboardOptions {
  const { values } = args;
  if (!/\.html?$/i.test(values.out)) {
    throw new UsageError(
      `--out ${values.out}: the page must end in .html, e.g. --out out/dashboard/index.html`,
    );
  }
  return { lake: values.lake, cloudtrail: values.cloudtrail, compliance: values.compliance, out: values.out };
}

/**
 * Writes the dashboard; returns the exit code. Warns (on `warn`) when the lake holds no rows, and
 * when no compliance report was found to link.
 */
export async function runDashboard(
  options: DashboardOptions,
  config: AppConfig,
  out: (line: string) => void = console.log,
  warn: (line: string) => void = console.error,
): Promise<number> {
  const { lakeDir, cloudtrailDir } = lakeInputs(
    options,
    'run npm start -- --scenario test/scenarios and pass --lake .local-data/scenarios/lake, or pass --lake <dir> of an existing lake',
  );
  const file = prepareOutputFile(options.out, '--out');
  const data = await collectDashboard({
    lakeDir,
    config,
    complianceDir: options.compliance,
    ...(cloudtrailDir ? { cloudtrailDir } : {}),
  });
  writeFileSync(file, dashboardHtml(data, file), 'utf8');
  out(`dashboard written to ${file}`);
  const rows = Object.values(data.tableRows).reduce((s, n) => s + n, 0);
  if (rows === 0) {
    warn(
      `warning: the lake at ${lakeDir} holds no rows, so every chart is empty; fix: npm start -- --scenario test/scenarios, then npm run dashboard -- --lake .local-data/scenarios/lake`,
    );
  }
  if (!data.compliance.report) {
    warn(
      `warning: no compliance report in ${join(options.compliance)}${existsSync(options.compliance) ? '' : ' (no such folder)'}; the page shows the data inventory only (npm run compliance-report writes the report)`,
    );
  }
  return 0;
}
