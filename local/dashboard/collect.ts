import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LAKE_TABLES, type LakeTable } from '../../lambdas/contracts/lake';
import type { AppConfig } from '../../lib/config';
import { loadNamedQueries, type NamedQuery } from '../../lib/constructs/analytics-lake/queries';
import { dataInventory, type InventoryEntry } from '../../tools/compliance/inventory';
import { type ChartDeclaration, drawChart, type RenderedChart } from '../analytics/chart';
import { QUERY_CHARTS } from '../analytics/charts';
import { LocalAnalytics, type QueryResult } from '../analytics/duckdb';

/**
 * What the dashboard shows, gathered from the local lake with the same DuckDB runner and chart
 * code as `npm run analytics`: each section is a named query's chart and rows, so a number on the
 * page is what the analyst gets from the CLI (and from Athena, where the same SQL is deployed).
 */

/** One chart with the query behind it. */
export interface DashboardChart {
  /** The named query (analytics/queries/<name>.sql). */
  readonly query: string;
  /** What the query answers (its leading comment). */
  readonly description: string;
  readonly chart: RenderedChart;
  readonly result: QueryResult;
}

/** One section of the page. */
export interface DashboardSection {
  readonly id: string;
  readonly title: string;
  /** Sentences above the charts (what the numbers mean, or why there are none). */
  readonly notes: readonly string[];
  readonly charts: readonly DashboardChart[];
  /** Extra tables (label, result), e.g. totals per currency. */
  readonly tables: readonly { readonly label: string; readonly result: QueryResult }[];
  /** Show each chart's rows unfolded (the audit: who read which recording is the point). @default false */
  readonly openTables?: boolean;
}

/** The compliance part: the data inventory, and the full report when one was written. */
export interface DashboardCompliance {
  readonly inventory: readonly InventoryEntry[];
  /** The written report (`npm run compliance-report`), if found. */
  readonly report?: {
    /** Path of compliance-report.html. */
    readonly html: string;
    /** Its summary sentence, e.g. "All 16 controls pass.". */
    readonly summary: string;
    /** When it was generated (from the report). */
    readonly generatedAt: string;
  };
}

/** Everything the page shows. */
export interface DashboardData {
  readonly generatedAt: string;
  readonly lakeDir: string;
  /** Rows per lake table. */
  readonly tableRows: Readonly<Record<LakeTable, number>>;
  readonly sections: readonly DashboardSection[];
  readonly compliance: DashboardCompliance;
}

/** Inputs of {@link collectDashboard}. */
export interface CollectDashboardOptions {
  readonly lakeDir: string;
  /** CloudTrail log folder for the recording-access audit. @default none: the section says so */
  readonly cloudtrailDir?: string;
  /** Folder of `npm run compliance-report` output. @default none */
  readonly complianceDir?: string;
  /** The configuration the inventory is written for. */
  readonly config: AppConfig;
  /** @default new Date() */
  readonly now?: Date;
}

/** The summary of a written compliance report, read from its Markdown twin. */
export function readComplianceReport(dir: string): DashboardCompliance['report'] {
  const html = join(dir, 'compliance-report.html');
  const md = join(dir, 'compliance-report.md');
  if (!existsSync(html) || !existsSync(md)) return undefined;
  const text = readFileSync(md, 'utf8');
  const summary = /## Summary\n\n([^\n]+)/.exec(text)?.[1]?.replaceAll('**', '') ?? '(no summary found)';
  const generatedAt = /Generated (\S+)/.exec(text)?.[1] ?? 'unknown';
  return { html: resolve(html), summary, generatedAt };
}

/** Collects every section. Runs the named queries on an in-memory DuckDB over the lake. */
export async function collectDashboard(options: CollectDashboardOptions): Promise<DashboardData> {
  const queries = new Map(loadNamedQueries().map((q) => [q.name, q]));
  const analytics = await LocalAnalytics.open({
    lakeDir: options.lakeDir,
    ...(options.cloudtrailDir ? { cloudtrailDir: options.cloudtrailDir } : {}),
  });
  try {
    const tableRows = {} as Record<LakeTable, number>;
    for (const table of LAKE_TABLES) {
      const r = await analytics.run(`SELECT count(*) AS n FROM ${table}`);
      tableRows[table] = Number(r.rows[0]?.n ?? 0);
    }
    const chart = async (name: string, declaration?: ChartDeclaration): Promise<DashboardChart> => {
      const query = queries.get(name) as NamedQuery;
      const result = await analytics.run(query.sql);
      // The description goes under the chart as HTML, where it wraps with the page.
      const drawn = await drawChart(declaration ?? (QUERY_CHARTS[name] as ChartDeclaration), result, {
        accessibleTitle: `${(declaration ?? QUERY_CHARTS[name])?.title} (${name})`,
      });
      return { query: name, description: query.description, chart: drawn, result };
    };
    const section = (
      id: string,
      title: string,
      charts: DashboardChart[],
      notes: string[] = [],
      tables: DashboardSection['tables'] = [],
    ): DashboardSection => ({ id, title, notes, charts, tables });

    const revenue = await chart('orders-revenue-by-product-day');
    const orders = await chart('orders-revenue-by-product-day', {
      title: 'Orders by day and product',
      mark: 'column',
      category: 'day_utc',
      categoryKind: 'day',
      value: 'orders',
      series: 'sku',
    });
    const totals = await analytics.run(
      `SELECT currency, sum(orders) AS orders, sum(cancelled) AS cancelled, round(sum(revenue), 2) AS revenue
       FROM (${queries.get('orders-revenue-by-product-day')?.sql}) GROUP BY currency ORDER BY currency`,
    );
    const sections: DashboardSection[] = [
      section(
        'consent',
        'Consent',
        [await chart('consent-rate-by-day')],
        [
          'Share of callers who allowed recording, per day and locale (0–100 %); withdrawn grants are counted in the table.',
        ],
      ),
      section(
        'containment',
        'Containment',
        [await chart('containment'), await chart('calls-per-hour'), await chart('call-duration')],
        [
          'Calls that ended without reaching an agent queue (0–100 %), when calls come in, and how long they last.',
        ],
      ),
      section(
        'intents',
        'Intents',
        [await chart('intent-distribution'), await chart('missed-utterances')],
        [
          'What callers asked the bot for, and what it did not understand (words kept only for callers who consented).',
        ],
      ),
      section(
        'orders',
        'Orders and revenue',
        [orders, revenue],
        [
          'Revenue is drawn per currency, each on its own axis: amounts in CNY and USD are never added or compared on one scale.',
        ],
        [{ label: 'Totals per currency (major units; cancelled orders earn nothing)', result: totals }],
      ),
    ];

    if (options.cloudtrailDir) {
      sections.push({
        ...section(
          'audit',
          'Recording-access audit',
          [await chart('recording-access-audit')],
          [
            `Who read or deleted which call recording, from the CloudTrail S3 data events in ${options.cloudtrailDir}.`,
          ],
        ),
        openTables: true,
      });
    } else {
      sections.push(
        section(
          'audit',
          'Recording-access audit',
          [],
          [
            'No CloudTrail logs given: pass --cloudtrail <dir> (the folder of the trail’s log files) to see who read which recording.',
          ],
        ),
      );
    }
    sections.push(await surveySection(analytics, chart));
    return {
      generatedAt: (options.now ?? new Date()).toISOString(),
      lakeDir: resolve(options.lakeDir),
      tableRows,
      sections,
      compliance: {
        inventory: dataInventory(options.config),
        ...(options.complianceDir ? { report: readComplianceReport(options.complianceDir) } : {}),
      },
    };
  } finally {
    analytics.close();
  }
}

/**
 * The customer-satisfaction section, from the post-call survey's answers in the contact records
 * (`ctr.Attributes.surveyScore`, set by the flow): answers per day with their mean score, and the
 * csat-by-intent named query; a sentence when no contact record holds an answer yet.
 */
async function surveySection(
  analytics: LocalAnalytics,
  chart: (name: string) => Promise<DashboardChart>,
): Promise<DashboardSection> {
  const empty: DashboardSection = {
    id: 'csat',
    title: 'Customer satisfaction',
    notes: ['No survey data yet: no contact record in the lake holds a post-call survey answer.'],
    charts: [],
    tables: [],
  };
  const result = await analytics.run(
    `SELECT CAST(from_iso8601_timestamp(InitiationTimestamp) AS date) AS day_utc, count(*) AS answers,
       round(avg(CAST(Attributes.surveyScore AS DOUBLE)), 2) AS mean_score
     FROM ctr WHERE Attributes.surveyScore IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  if (result.rows.length === 0) return empty;
  const drawn = await drawChart(
    {
      title: 'Survey answers per day',
      mark: 'column',
      category: 'day_utc',
      categoryKind: 'day',
      value: 'answers',
    },
    result,
  );
  return {
    ...empty,
    notes: [
      'Post-call survey (keypad 1 poor to 5 excellent) from the contact records; the mean score per day is in the table, the score per intent below.',
    ],
    charts: [
      { query: 'ctr (survey answers)', description: 'answers per day', chart: drawn, result },
      await chart('csat-by-intent'),
    ],
  };
}
