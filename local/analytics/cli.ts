import { writeFileSync } from 'node:fs';
import { isAbsolute, normalize, resolve, sep } from 'node:path';
import {
  type CommandSpec,
  closest,
  helpText,
  inputDir,
  type ParsedArgs,
  parseCommand,
  prepareOutputFile,
  UsageError,
} from '../../bin/cli';
import { loadNamedQueries, type NamedQuery } from '../../lib/constructs/analytics-lake/queries';
import { type ChartDeclaration, defaultDeclaration, drawChart, formatTable } from './chart';
import { QUERY_CHARTS } from './charts';
import { LocalAnalytics, type QueryResult } from './duckdb';

/** Where relative `--chart` paths go: git-ignored and not linted, so a chart never breaks `npm test`. */
export const CHART_DIR = 'out/analytics';

/** The command line of `npm run analytics`. */
export const ANALYTICS_COMMAND = {
  command: 'npm run analytics --',
  usage: ['<query-name> [options]', '--list'],
  summary:
    'Runs a named Athena query (analytics/queries/<query-name>.sql), unmodified, on DuckDB over the local lake the simulator writes (npm start -- --scenario test/scenarios).',
  positionals: { '<query-name>': 'the named query to run (--list shows them)' },
  options: {
    lake: {
      type: 'string',
      value: '<dir>',
      default: '.local-data/lake',
      description: 'lake root (default .local-data/lake)',
    },
    cloudtrail: {
      type: 'string',
      value: '<dir>',
      description: 'CloudTrail log files for the audit query (default: none, empty table)',
    },
    chart: {
      type: 'string',
      value: '<file.svg>',
      description: `also draw the query's chart as SVG (Vega-Lite); a relative path is written under ${CHART_DIR}/`,
    },
    value: {
      type: 'string',
      value: '<column>',
      description: "numeric column to chart (default: the query's declared value, else the last numeric one)",
    },
    list: { type: 'boolean', description: 'list the named queries' },
  },
  examples: ['npm run analytics -- containment --chart containment.svg', 'npm run analytics -- --list'],
} as const satisfies CommandSpec;

/**
 * The lake folder (and the CloudTrail folder, when given) of a command over the local lake,
 * checked to exist; `lakeFix` says how to get a lake.
 */
export function lakeInputs(
  options: { readonly lake: string; readonly cloudtrail?: string | undefined },
  lakeFix: string,
): { lakeDir: string; cloudtrailDir: string | undefined } {
  return {
    lakeDir: inputDir(options.lake, '--lake', lakeFix),
    cloudtrailDir: options.cloudtrail
      ? inputDir(options.cloudtrail, '--cloudtrail', 'pass the folder of the CloudTrail log files')
      : undefined,
  };
}

/** Command-line help of `npm run analytics`. */
export const ANALYTICS_USAGE = helpText(ANALYTICS_COMMAND);

/** Parsed options. */
export interface AnalyticsCliOptions {
  readonly query: string | undefined;
  readonly lake: string;
  readonly cloudtrail: string | undefined;
  /** Where the chart goes (absolute), if one is asked for. */
  readonly chart: string | undefined;
  readonly value: string | undefined;
  readonly list: boolean;
  readonly help: boolean;
}

/** Where `--chart <path>` is written: absolute paths as given, relative ones under {@link CHART_DIR}. */
export function chartPath(chart: string): string {
  if (isAbsolute(chart)) return chart;
  const relative = normalize(chart);
  return relative.startsWith(`out${sep}`) ? resolve(relative) : resolve(CHART_DIR, relative);
}

/** The options of a parsed command line; throws a UsageError naming the fix. */
export function analyticsOptions(args: ParsedArgs<typeof ANALYTICS_COMMAND.options>): AnalyticsCliOptions {
  const { values, positionals } = args;
  if (positionals.length > 1) throw new UsageError(`one query at a time, got ${positionals.join(' ')}`);
  const chart = values.chart;
  if (chart !== undefined && !/\.svg$/i.test(chart)) {
    throw new UsageError(
      /\.png$/i.test(chart)
        ? `--chart ${chart}: PNG output needs the native canvas package, which the project does not ship; write an .svg instead (browsers and most tools convert it)`
        : `--chart ${chart}: the chart file must end in .svg`,
    );
  }
  return {
    query: positionals[0],
    lake: values.lake,
    cloudtrail: values.cloudtrail,
    chart: chart === undefined ? undefined : chartPath(chart),
    value: values.value,
    list: values.list,
    help: false,
  };
}

/** Parses the command line; throws a UsageError naming the fix. */
export function parseAnalyticsCli(argv: readonly string[]): AnalyticsCliOptions {
  const args = parseCommand(ANALYTICS_COMMAND, argv);
  if (!args) {
    return {
      query: undefined,
      lake: '',
      cloudtrail: undefined,
      chart: undefined,
      value: undefined,
      list: false,
      help: true,
    };
  }
  return analyticsOptions(args);
}

/** Finds a named query, or explains which exist. */
export function findQuery(queries: readonly NamedQuery[], name: string): NamedQuery {
  const query = queries.find((q) => q.name === name);
  if (!query) {
    const near = closest(
      name,
      queries.map((q) => q.name),
    );
    throw new UsageError(
      `no named query ${name}${near ? ` (did you mean ${near}?)` : ''}; choose one of: ${queries.map((q) => q.name).join(', ')}`,
    );
  }
  return query;
}

/** The chart a query declares in {@link QUERY_CHARTS}, else the default bar chart of its result. */
export function chartOf(query: NamedQuery, result: QueryResult, valueColumn?: string): ChartDeclaration {
  return QUERY_CHARTS[query.name] ?? defaultDeclaration(result, query.name, valueColumn);
}

/** Runs the CLI; returns the process exit code. */
export async function runAnalyticsCli(
  argv: readonly string[],
  out: (line: string) => void = console.log,
  warn: (line: string) => void = console.error,
): Promise<number> {
  const options = parseAnalyticsCli(argv);
  if (options.help) {
    out(ANALYTICS_USAGE);
    return 0;
  }
  return runAnalytics(options, out, warn);
}

/** Runs parsed options; returns the process exit code. */
export async function runAnalytics(
  options: AnalyticsCliOptions,
  out: (line: string) => void = console.log,
  warn: (line: string) => void = console.error,
): Promise<number> {
  const queries = loadNamedQueries();
  if (options.list) {
    for (const q of queries) out(`${q.name.padEnd(32)} ${q.description}`);
    return 0;
  }
  if (!options.query) {
    throw new UsageError(
      `name a query to run; choose one of: ${queries.map((q) => q.name).join(', ')} (--list describes them)`,
    );
  }
  const query = findQuery(queries, options.query);
  const { lakeDir, cloudtrailDir } = lakeInputs(
    options,
    'run npm start -- --scenario test/scenarios to fill the local lake, or pass --lake <dir> of an existing lake',
  );
  const chart = options.chart ? prepareOutputFile(options.chart, '--chart') : undefined;
  const analytics = await LocalAnalytics.open({ lakeDir, ...(cloudtrailDir ? { cloudtrailDir } : {}) });
  try {
    const result = await analytics.run(query.sql);
    out(`${query.name}: ${query.description}\n`);
    out(formatTable(result));
    if (result.rows.length === 0) {
      warn(
        `warning: ${query.name} returned no rows: the lake at ${lakeDir} holds no data for it (npm start -- --scenario test/scenarios writes some)`,
      );
    }
    if (chart) {
      const drawn = await drawChart(chartOf(query, result, options.value), result, {
        subtitle: query.description,
        accessibleTitle: query.name,
        ...(options.value ? { valueColumn: options.value } : {}),
      });
      writeFileSync(chart, drawn.svg, 'utf8');
      out(`chart written to ${chart}`);
    }
    return 0;
  } finally {
    analytics.close();
  }
}
