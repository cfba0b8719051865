import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { QueryResult } from './duckdb';

/**
 * Charts of query results, declared in Vega-Lite and rendered to SVG by Vega in Node: the
 * library picks the scales, ticks, legends and layout, this module only says what each query's
 * columns mean (see `charts.ts`). No browser and no canvas are needed; PNG would need the native
 * `canvas` package, which does not install offline, so the CLI writes SVG only.
 */

/** The font stack of every chart: Noto Sans CJK SC has the Latin and the CJK glyphs (`fonts-noto-cjk`). */
export const CHART_FONT = '"Noto Sans CJK SC", "Noto Sans CJK", "Noto Sans", "DejaVu Sans", sans-serif';

/** How a category column reads. */
export type CategoryKind =
  /** An hour of the day, 0–23: drawn as `00`…`23`, every hour on the axis. */
  | 'hour'
  /** A UTC day, `YYYY-MM-DD`: drawn in date order. */
  | 'day'
  /** Free text (locale, intent, utterance, principal), in the order of the rows or by value. */
  | 'text';

/** What the numbers of a value column are; decides the axis. */
export type ValueUnit =
  /** A count: whole numbers from 0. */
  | 'count'
  /** A share from 0 to 1: a 0–100 % axis, never scaled to the largest value. */
  | 'share'
  /** Seconds. */
  | 'seconds'
  /** An amount of money in major units: one axis per currency, never two currencies on one axis. */
  | 'money';

/** What to draw for one query: which column is the category, which the value, what splits it. */
export interface ChartDeclaration {
  /** Heading of the chart. */
  readonly title: string;
  /** `column`: vertical bars over the category (hours, days); `bar`: horizontal bars (long labels). */
  readonly mark: 'column' | 'bar';
  /** The category column. */
  readonly category: string;
  /** How the category reads. @default 'text' */
  readonly categoryKind?: CategoryKind;
  /** Title of the category axis. @default `hour of day (UTC)`, `day (UTC)` or the column name */
  readonly categoryTitle?: string;
  /** The numeric column drawn, or `count` to count the rows of each category. */
  readonly value: string;
  /** The value's unit. @default from the column name ({@link unitOf}) */
  readonly unit?: ValueUnit;
  /** A column whose values get their own colour, side by side within a category (e.g. locale). */
  readonly series?: string;
  /** A column whose values each get their own chart and axis (the currency of a money value). */
  readonly splitBy?: string;
  /** Turns the rows into the rows drawn (e.g. a short principal name). @default the rows as they are */
  readonly prepare?: (rows: QueryResult['rows']) => QueryResult['rows'];
}

/** A chart drawn as SVG, with the numbers a test or a page checks. */
export interface RenderedChart {
  /** Standalone SVG (XML declaration-free), with a non-empty `<title>`. */
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** The unit of a value column by its name: `*_rate` is a share, `revenue` money, `*_seconds` seconds. */
export function unitOf(column: string): ValueUnit {
  if (/(^|_)(rate|share)$/.test(column)) return 'share';
  if (/(^|_)(revenue|amount)$/.test(column)) return 'money';
  if (/(^|_)seconds$/.test(column)) return 'seconds';
  return 'count';
}

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

/** The columns whose values are all numbers (or null), in result order. */
export function numericColumns(result: QueryResult): string[] {
  return result.columns.filter(
    (c) =>
      result.rows.some((r) => typeof r[c] === 'number') &&
      result.rows.every((r) => r[c] === null || typeof r[c] === 'number'),
  );
}

/** Whether a character is full-width: CJK ideographs, kana, hangul, full-width forms. */
export function isWide(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000
  );
}

/**
 * Width of a text in pixels, as Vega asks for it to size axes, legends and padding. Vega's own
 * estimate without a canvas is 0.8 em per character, which is too narrow for CJK (1 em) and makes
 * their labels run over the edge; this one is per character class and errs on the wide side.
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) {
    if (isWide(ch)) {
      ems += 1;
    } else if (/[A-Z0-9%@#&MW]/.test(ch)) {
      ems += 0.68;
    } else if (/[ .,:;'|!il()[\]]/.test(ch)) {
      ems += 0.32;
    } else {
      ems += 0.58;
    }
  }
  return Math.ceil(ems * fontSize);
}

interface TextItem {
  readonly text?: unknown;
  readonly fontSize?: number;
}

// Vega measures text through this shared object; without a canvas it falls back to the 0.8 em
// estimate. Pointing it at a CJK-aware estimate is the library's own extension point
// (`textMetrics.width`), not a patch of its code; vega-typings do not declare it, hence the cast.
const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } })
  .textMetrics;
metrics.width = (item, text) => {
  const value = text ?? item.text;
  const lines = Array.isArray(value) ? value.map(String) : [value === undefined ? '' : String(value)];
  return Math.max(0, ...lines.map((l) => estimateTextWidth(l, item.fontSize ?? 11)));
};

const PALETTE = ['#3b6ea5', '#e07b39', '#5a9e6f', '#b5566b', '#7c6bb0', '#9a7b4f', '#4a9fb5', '#8c8c8c'];

/** Look shared by every chart: the CJK font, readable sizes, no frame. */
const CONFIG = {
  font: CHART_FONT,
  background: '#ffffff',
  padding: 12,
  view: { stroke: null },
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#555', anchor: 'start', offset: 10 },
  // Vega caps an axis at 200 px by default and then sets its title over long labels.
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    labelColor: '#333',
    maxExtent: 480,
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 240 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: PALETTE },
} as const;

/**
 * A logger that turns every Vega-Lite or Vega warning into an error: a warning means a chart
 * declaration the library had to drop or guess (an unknown channel, a bad sort, an infinite
 * extent), and a chart must not quietly show something else than it says.
 */
function strictLogger() {
  // Vega calls these detached from the object, so they close over their state instead of `this`.
  let current: number = vega.Warn;
  const fail = (...args: readonly unknown[]): never => {
    throw new Error(`chart: ${args.map(String).join(' ')}; fix: correct the chart declaration`);
  };
  const logger = {
    level(level?: number) {
      if (level === undefined) return current;
      current = level;
      return logger;
    },
    error: fail,
    warn: fail,
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as vega.LoggerInterface;
}

/** Renders a Vega-Lite spec to SVG and gives it an accessible `<title>` (and `<desc>`). */
export async function renderVegaLite(
  spec: TopLevelSpec,
  title: string,
  description = '',
): Promise<RenderedChart> {
  const logger = strictLogger();
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), {
    renderer: 'none',
    logger,
    logLevel: vega.Warn,
  });
  try {
    const raw = await view.toSVG();
    const open = /^<svg\b[^>]*>/.exec(raw);
    if (!open) throw new Error('vega returned no <svg> element');
    const width = Number(/\bwidth="([\d.]+)"/.exec(open[0])?.[1] ?? 0);
    const height = Number(/\bheight="([\d.]+)"/.exec(open[0])?.[1] ?? 0);
    const label = escapeXml(title.trim() || 'chart');
    const head = open[0].replace(/^<svg\b/, `<svg role="img" aria-label="${label}"`);
    const desc = description ? `<desc>${escapeXml(description)}</desc>` : '';
    const svg = `${head}<title>${label}</title>${desc}${raw.slice(open[0].length)}\n`;
    return { svg, width, height };
  } finally {
    view.finalize();
  }
}

/** The Vega-Lite encoding of one value unit: axis title, format and domain. */
function valueAxis(unit: ValueUnit, column: string, currency: string | undefined, max: number) {
  const readable = column.replaceAll('_', ' ');
  switch (unit) {
    case 'share':
      return {
        scale: { domain: [0, 1] },
        axis: { format: '.0%', title: `${readable} (%)`, tickCount: 5 },
      };
    case 'money':
      return { axis: { format: ',.2f', title: `${readable} (${currency ?? 'major units'})` } };
    case 'seconds':
      return { axis: { format: ',.1~f', title: `${readable.replace(/ seconds$/, '')} (seconds)` } };
    default:
      // Whole numbers only: at most one tick per unit, so small counts do not repeat a label.
      return { axis: { format: ',d', title: readable, tickCount: Math.max(1, Math.min(6, Math.ceil(max))) } };
  }
}

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/** Turns the category into its drawn form: hours as `07`, days as given. */
function categoryValue(kind: CategoryKind, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (kind === 'hour') return String(Number(value)).padStart(2, '0');
  return String(value);
}

/** One unit (single-view) spec of a declaration over its rows. */
function unitSpec(
  declaration: ChartDeclaration,
  rows: readonly Record<string, unknown>[],
  currency: string | undefined,
): Record<string, unknown> {
  const kind = declaration.categoryKind ?? 'text';
  const unit = declaration.unit ?? unitOf(declaration.value);
  const counting = declaration.value === 'count';
  const categories = [...new Set(rows.map((r) => r.category as string))];
  const domain =
    kind === 'hour' ? HOURS : kind === 'day' ? [...categories].sort() : counting ? undefined : categories;
  const many = (domain ?? categories).length;
  const value = counting
    ? {
        aggregate: 'count',
        type: 'quantitative',
        ...valueAxis('count', 'accesses', undefined, maxCount(rows)),
      }
    : {
        field: 'value',
        type: 'quantitative',
        ...valueAxis(
          unit,
          declaration.value,
          currency,
          Math.max(0, ...rows.map((r) => Number(r.value) || 0)),
        ),
        ...(unit === 'share' ? {} : { scale: { zero: true } }),
      };
  const category = {
    field: 'category',
    type: 'ordinal',
    ...(domain ? { scale: { domain }, sort: domain } : { sort: declaration.mark === 'bar' ? '-x' : '-y' }),
    axis: {
      title:
        declaration.categoryTitle ??
        (kind === 'hour'
          ? 'hour of day (UTC)'
          : kind === 'day'
            ? 'day (UTC)'
            : declaration.category.replaceAll('_', ' ')),
      labelLimit: declaration.mark === 'bar' ? 440 : 320,
      labelOverlap: 'greedy',
      ...(declaration.mark === 'column' ? { labelAngle: kind === 'hour' || many <= 8 ? 0 : -45 } : {}),
    },
  };
  const series = declaration.series
    ? {
        color: { field: 'series', type: 'nominal', title: declaration.series.replaceAll('_', ' ') },
        [declaration.mark === 'column' ? 'xOffset' : 'yOffset']: { field: 'series', type: 'nominal' },
      }
    : {};
  const tooltip = [
    { field: 'category', title: declaration.category },
    ...(declaration.series ? [{ field: 'series', title: declaration.series }] : []),
    ...(counting ? [] : [{ field: 'value', title: declaration.value, type: 'quantitative' }]),
  ];
  const seriesCount = declaration.series ? new Set(rows.map((r) => r.series)).size : 1;
  return {
    data: { values: rows },
    mark: { type: 'bar', ...(declaration.series ? {} : { color: PALETTE[0] }), tooltip: true },
    encoding:
      declaration.mark === 'column'
        ? { x: category, y: value, ...series, tooltip }
        : { y: category, x: value, ...series, tooltip },
    ...(declaration.mark === 'column'
      ? {
          width: kind === 'hour' ? 560 : Math.min(620, Math.max(200, many * seriesCount * 44 + 40)),
          height: 220,
        }
      : { width: 360, height: { step: Math.max(10, 18 / Math.max(1, seriesCount)) * seriesCount + 4 } }),
    ...(currency ? { title: { text: `in ${currency}`, fontSize: 13 } } : {}),
  };
}

/**
 * The specs are assembled as plain objects (the Vega-Lite types are too wide a union to build
 * field by field); {@link renderVegaLite} compiles them with a logger that fails on any warning,
 * which is the library's own check of the spec.
 */
const asSpec = (spec: Record<string, unknown>): TopLevelSpec => spec as unknown as TopLevelSpec;

/** The largest number of rows of one category and series (the longest counted bar). */
function maxCount(rows: readonly Record<string, unknown>[]): number {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.category}\u0000${r.series ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}

/** Rows as the spec reads them: `category`, `value`, `series` and `split` fields. */
function chartRows(declaration: ChartDeclaration, result: QueryResult): Record<string, unknown>[] {
  const kind = declaration.categoryKind ?? 'text';
  const rows = declaration.prepare ? declaration.prepare(result.rows) : result.rows;
  return rows.map((r) => ({
    category: categoryValue(kind, r[declaration.category]),
    ...(declaration.value === 'count' ? {} : { value: r[declaration.value] ?? 0 }),
    ...(declaration.series ? { series: String(r[declaration.series] ?? '(none)') } : {}),
    ...(declaration.splitBy ? { split: String(r[declaration.splitBy] ?? '(none)') } : {}),
  }));
}

/**
 * The Vega-Lite spec of a declaration over a result: one view, or one view per `splitBy` value
 * stacked with independent value axes (money: one axis per currency).
 *
 * @throws Error when a money value has no `splitBy` (two currencies would share one axis)
 */
export function chartSpec(declaration: ChartDeclaration, result: QueryResult, subtitle = ''): TopLevelSpec {
  const unit = declaration.unit ?? unitOf(declaration.value);
  if (unit === 'money' && !declaration.splitBy) {
    throw new Error(
      `chart "${declaration.title}": a money value needs splitBy (its currency column), so that each currency gets its own axis`,
    );
  }
  const rows = chartRows(declaration, result);
  const top = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: declaration.title, ...(subtitle ? { subtitle: wrap(subtitle, 90) } : {}) },
    config: CONFIG,
    autosize: { type: 'pad', contains: 'padding' },
  };
  if (!declaration.splitBy) return asSpec({ ...top, ...unitSpec(declaration, rows, undefined) });
  const splits = [...new Set(rows.map((r) => r.split as string))].sort();
  return asSpec({
    ...top,
    vconcat: splits.map((s) =>
      unitSpec(
        declaration,
        rows.filter((r) => r.split === s),
        s,
      ),
    ),
    resolve: { scale: { y: 'independent', x: 'independent', color: 'shared' } },
    spacing: 24,
  });
}

/** Breaks a long line into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A chart that says there is nothing to draw yet, drawn by the same library. */
function emptySpec(title: string, message: string): TopLevelSpec {
  return asSpec({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title },
    config: CONFIG,
    data: { values: [{}] },
    mark: { type: 'text', text: message, align: 'left', baseline: 'middle', fontSize: 12, color: '#555' },
    encoding: { x: { value: 0 }, y: { value: 20 } },
    width: 360,
    height: 40,
  });
}

/** Options of {@link drawChart}. */
export interface DrawChartOptions {
  /** The subtitle: what the query answers. @default none */
  readonly subtitle?: string;
  /** Draw this numeric column instead of the declared value. */
  readonly valueColumn?: string;
  /** The `<title>` of the SVG. @default the declaration's title */
  readonly accessibleTitle?: string;
}

/**
 * Draws a query result as SVG by its declaration; a result without rows gives a small "no rows"
 * chart (never an empty file).
 *
 * @throws Error when the value column is not numeric (`--value` names the ones that are)
 */
export async function drawChart(
  declaration: ChartDeclaration,
  result: QueryResult,
  options: DrawChartOptions = {},
): Promise<RenderedChart> {
  const title = options.accessibleTitle ?? declaration.title;
  if (result.rows.length === 0) {
    return renderVegaLite(emptySpec(declaration.title, 'no rows yet'), `${title} (no rows)`);
  }
  let chosen = declaration;
  if (options.valueColumn !== undefined) {
    const numeric = numericColumns(result);
    if (!numeric.includes(options.valueColumn)) {
      throw new Error(
        `cannot chart column ${options.valueColumn}: numeric columns are ${numeric.join(', ') || '(none)'}`,
      );
    }
    const unit = unitOf(options.valueColumn);
    const currency = result.columns.find((c) => c === 'currency');
    chosen = {
      ...declaration,
      value: options.valueColumn,
      unit,
      ...(unit === 'money' && currency ? { splitBy: currency } : {}),
    };
  } else if (declaration.value !== 'count' && !result.columns.includes(declaration.value)) {
    throw new Error(`cannot chart column ${declaration.value}: the result has ${result.columns.join(', ')}`);
  }
  const spec = chartSpec(chosen, result, options.subtitle);
  return renderVegaLite(spec, title, options.subtitle);
}

/**
 * A declaration for a result no query declares: horizontal bars of the last numeric column over
 * the text columns joined, split by a `currency` column when there is one.
 *
 * @throws Error when the result has no numeric column or the requested one is not numeric
 */
export function defaultDeclaration(
  result: QueryResult,
  title: string,
  valueColumn?: string,
): ChartDeclaration {
  const numeric = numericColumns(result);
  const value = valueColumn ?? numeric.at(-1);
  if (result.rows.length > 0 && (!value || !numeric.includes(value))) {
    throw new Error(
      `cannot chart column ${value ?? '(none)'}: numeric columns are ${numeric.join(', ') || '(none)'}`,
    );
  }
  const labels = result.columns.filter((c) => !numeric.includes(c) && c !== 'currency');
  const currency = result.columns.includes('currency') ? 'currency' : undefined;
  return {
    title,
    mark: 'bar',
    category: labels.length > 0 ? labels.join(' · ') : 'row',
    value: value ?? 'value',
    ...(currency && unitOf(value ?? '') === 'money' ? { splitBy: currency } : {}),
    prepare: (rows) =>
      rows.map((r, i) => ({
        ...r,
        [labels.length > 0 ? labels.join(' · ') : 'row']:
          labels.map((c) => String(r[c] ?? '')).join(' · ') || String(i + 1),
      })),
  };
}

/** Columns a text takes in a terminal: CJK and other full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch) ? 2 : 1;
  return width;
}

/** Formats a result as an aligned text table for the terminal. */
export function formatTable(result: QueryResult): string {
  const cell = (v: unknown): string =>
    v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const widths = result.columns.map((c) =>
    Math.max(displayWidth(c), ...result.rows.map((r) => displayWidth(cell(r[c])))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(c))))
      .join('  ')
      .trimEnd();
  return [
    line([...result.columns]),
    line(widths.map((w) => '-'.repeat(w))),
    ...result.rows.map((r) => line(result.columns.map((c) => cell(r[c])))),
    `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`,
  ].join('\n');
}
