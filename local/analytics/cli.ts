import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadNamedQueries, type NamedQuery } from '../../lib/constructs/analytics-lake/queries';
import { barChartSvg, formatTable } from './chart';
import { LocalAnalytics } from './duckdb';

/** Command-line help of `npm run analytics`. */
export const ANALYTICS_USAGE = `usage: npm run analytics -- <query-name> [options]
       npm run analytics -- --list

Runs a named Athena query (analytics/queries/<query-name>.sql), unmodified, on DuckDB over the
local lake the simulator writes (npm start -- --scenario test/scenarios).

options:
  --lake <dir>          lake root (default .local-data/lake)
  --cloudtrail <dir>    CloudTrail log files for the audit query (default: none, empty table)
  --chart <out.svg>     also draw a bar chart (SVG; PNG needs a rasteriser the project does not ship)
  --value <column>      numeric column to chart (default: the last numeric column)
  --list                list the named queries
  -h, --help            this help`;

/** Parsed options. */
export interface AnalyticsCliOptions {
  readonly query: string | undefined;
  readonly lake: string;
  readonly cloudtrail: string | undefined;
  readonly chart: string | undefined;
  readonly value: string | undefined;
  readonly list: boolean;
  readonly help: boolean;
}

/** Parses the command line; throws a message naming the fix. */
export function parseAnalyticsCli(argv: readonly string[]): AnalyticsCliOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      lake: { type: 'string', default: '.local-data/lake' },
      cloudtrail: { type: 'string' },
      chart: { type: 'string' },
      value: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (positionals.length > 1) throw new Error(`one query at a time, got ${positionals.join(' ')}`);
  const chart = values.chart;
  if (chart !== undefined && !/\.svg$/i.test(chart)) {
    throw new Error(
      /\.png$/i.test(chart)
        ? `--chart ${chart}: PNG output needs an image rasteriser package the project does not ship; write an .svg instead (browsers and most tools convert it)`
        : `--chart ${chart}: the chart file must end in .svg`,
    );
  }
  return {
    query: positionals[0],
    lake: values.lake,
    cloudtrail: values.cloudtrail,
    chart,
    value: values.value,
    list: values.list,
    help: values.help,
  };
}

/** Finds a named query, or explains which exist. */
export function findQuery(queries: readonly NamedQuery[], name: string): NamedQuery {
  const query = queries.find((q) => q.name === name);
  if (!query)
    throw new Error(`no named query ${name}; choose one of: ${queries.map((q) => q.name).join(', ')}`);
  return query;
}

/** Runs the CLI; returns the process exit code. */
export async function runAnalyticsCli(
  argv: readonly string[],
  out: (line: string) => void = console.log,
): Promise<number> {
  const options = parseAnalyticsCli(argv);
  const queries = loadNamedQueries();
  if (options.help) {
    out(ANALYTICS_USAGE);
    return 0;
  }
  if (options.list || !options.query) {
    for (const q of queries) out(`${q.name.padEnd(32)} ${q.description}`);
    return options.list ? 0 : 2;
  }
  const query = findQuery(queries, options.query);
  const analytics = await LocalAnalytics.open({
    lakeDir: options.lake,
    ...(options.cloudtrail ? { cloudtrailDir: options.cloudtrail } : {}),
  });
  try {
    const result = await analytics.run(query.sql);
    out(`${query.name}: ${query.description}\n`);
    out(formatTable(result));
    if (options.chart) {
      writeFileSync(
        options.chart,
        barChartSvg(result, { title: query.name, ...(options.value ? { valueColumn: options.value } : {}) }),
        'utf8',
      );
      out(`chart written to ${options.chart}`);
    }
    return 0;
  } finally {
    analytics.close();
  }
}
