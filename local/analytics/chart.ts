import type { QueryResult } from './duckdb';

/**
 * A dependency-free SVG bar chart of a query result: one horizontal bar per row, labelled with the
 * row's text columns, sized by one numeric column. PNG would need a rasteriser package, which the
 * project does not ship; the CLI says so instead of writing a broken file.
 */

/** Options of {@link barChartSvg}. */
export interface BarChartOptions {
  /** Chart title (the query name). */
  readonly title: string;
  /** The numeric column to plot. @default the last numeric column */
  readonly valueColumn?: string;
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

/**
 * Draws `result` as a horizontal bar chart.
 *
 * @throws Error when the result has no numeric column or the requested column is not numeric
 */
export function barChartSvg(result: QueryResult, options: BarChartOptions): string {
  if (result.rows.length === 0) {
    return [
      '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="64" viewBox="0 0 420 64" font-family="sans-serif" font-size="12">',
      `<title>${escapeXml(options.title || 'query result')} (no rows)</title>`,
      '<rect width="100%" height="100%" fill="#ffffff"/>',
      `<text x="12" y="24" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>`,
      '<text x="12" y="44" fill="#555">no rows</text>',
      '</svg>',
      '',
    ].join('\n');
  }
  const numeric = numericColumns(result);
  const valueColumn = options.valueColumn ?? numeric.at(-1);
  if (!valueColumn || !numeric.includes(valueColumn)) {
    throw new Error(
      `cannot chart column ${valueColumn ?? '(none)'}: numeric columns are ${numeric.join(', ') || '(none)'}`,
    );
  }
  const labelColumns = result.columns.filter((c) => !numeric.includes(c));
  const bars = result.rows.map((row) => ({
    label: labelColumns.map((c) => String(row[c] ?? '')).join(' · ') || String(result.rows.indexOf(row) + 1),
    value: Number(row[valueColumn] ?? 0),
  }));
  const max = Math.max(0, ...bars.map((b) => b.value)) || 1;
  const labelWidth = Math.min(360, 8 + 7 * Math.max(4, ...bars.map((b) => b.label.length)));
  const plotWidth = 420;
  const barHeight = 22;
  const top = 48;
  const width = labelWidth + plotWidth + 90;
  const height = top + bars.length * (barHeight + 6) + 24;
  const rows = bars.map((b, i) => {
    const y = top + i * (barHeight + 6);
    const w = Math.max(0, (b.value / max) * plotWidth);
    return [
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(b.label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="#3b6ea5"/>`,
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 15}">${escapeXml(String(b.value))}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(options.title || 'query result')}: ${escapeXml(valueColumn)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<text x="12" y="40" fill="#555">${escapeXml(valueColumn)}${labelColumns.length ? ` by ${escapeXml(labelColumns.join(', '))}` : ''}</text>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}

/** Formats a result as an aligned text table for the terminal. */
export function formatTable(result: QueryResult): string {
  const cell = (v: unknown): string =>
    v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const widths = result.columns.map((c) =>
    Math.max(c.length, ...result.rows.map((r) => [...cell(r[c])].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line([...result.columns]),
    line(widths.map((w) => '-'.repeat(w))),
    ...result.rows.map((r) => line(result.columns.map((c) => cell(r[c])))),
    `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`,
  ].join('\n');
}
