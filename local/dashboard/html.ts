import { dirname, relative } from 'node:path';
import type { QueryResult } from '../analytics/duckdb';
import type { DashboardData, DashboardSection } from './collect';

/**
 * The dashboard as one self-contained HTML page: inline CSS and inline SVG charts, no script and
 * no network request, so it opens offline from a file and can be mailed or archived as is.
 */

const esc = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Most rows a table shows; the rest are counted under it. */
export const MAX_TABLE_ROWS = 50;

const cell = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/**
 * A cell's text in HTML, where a long unbroken token (an ARN, a recording key) may wrap after
 * `/`, `:`, `_` or `-` (a `<wbr>`, so a copied key is unchanged) instead of widening its column.
 */
const cellHtml = (text: string): string =>
  text
    .split(/(\s+)/)
    .map((part) => (part.length > 24 ? esc(part).replace(/([/:_-])(?=.)/g, '$1<wbr>') : esc(part)))
    .join('');

/** A query result as an HTML table (at most {@link MAX_TABLE_ROWS} rows). */
export function resultTable(result: QueryResult): string {
  if (result.rows.length === 0) return '<p class="muted">no rows</p>';
  const shown = result.rows.slice(0, MAX_TABLE_ROWS);
  const numeric = new Set(
    result.columns.filter((c) => shown.every((r) => r[c] === null || typeof r[c] === 'number')),
  );
  const head = result.columns
    .map((c) => `<th${numeric.has(c) ? ' class="num"' : ''}>${esc(c)}</th>`)
    .join('');
  const body = shown
    .map(
      (r) =>
        `<tr>${result.columns.map((c) => `<td${numeric.has(c) ? ' class="num"' : ''}>${cellHtml(cell(r[c]))}</td>`).join('')}</tr>`,
    )
    .join('');
  const more =
    result.rows.length > shown.length
      ? `<p class="muted">${result.rows.length - shown.length} more rows: npm run analytics -- &lt;query&gt; prints them all</p>`
      : '';
  return `<div class="table"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more}`;
}

function sectionHtml(section: DashboardSection): string {
  const charts = section.charts
    .map(
      (c) =>
        `<figure class="chart" data-query="${esc(c.query)}" style="flex-basis:${Math.ceil(c.chart.width)}px">${c.chart.svg}<figcaption><p class="muted">${esc(c.description)}</p><details${section.openTables ? ' open' : ''}><summary>${esc(c.query)}: ${c.result.rows.length} row${c.result.rows.length === 1 ? '' : 's'}</summary>${resultTable(c.result)}</details></figcaption></figure>`,
    )
    .join('\n');
  const tables = section.tables.map((t) => `<h3>${esc(t.label)}</h3>${resultTable(t.result)}`).join('\n');
  return [
    `<section id="${esc(section.id)}">`,
    `<h2>${esc(section.title)}</h2>`,
    ...section.notes.map((n) => `<p>${esc(n)}</p>`),
    charts ? `<div class="charts">${charts}</div>` : '',
    tables,
    '</section>',
  ].join('\n');
}

function complianceHtml(data: DashboardData, outFile: string): string {
  const { inventory, report } = data.compliance;
  const handling = (h: { does: string } | { exempt: string }) =>
    'does' in h ? h.does : `exempt: ${h.exempt}`;
  const rows = inventory
    .map(
      (e) =>
        `<tr><td><strong>${esc(e.store)}</strong><br><span class="muted">${esc(e.kind)}</span></td><td>${esc(e.holds)}</td><td>${esc(e.whose)}</td><td>${esc(e.retention)}</td><td>${esc(e.readers)}</td><td>${esc(handling(e.dsar.export))}</td><td>${esc(handling(e.dsar.erase))}</td><td>${esc(handling(e.dsar.withdraw))}</td></tr>`,
    )
    .join('');
  const link = report
    ? `<p>Full compliance report (every control with its evidence), generated ${esc(report.generatedAt)}: <a href="${esc(relative(dirname(outFile), report.html))}">compliance-report.html</a>. <strong>${esc(report.summary)}</strong></p>`
    : '<p>No compliance report found: <code>npm run compliance-report</code> writes it to out/compliance/, and the next dashboard links it.</p>';
  return [
    '<section id="compliance">',
    '<h2>Compliance and data inventory</h2>',
    link,
    '<p>Every place that can hold caller data, with its retention, readers and how an export, an erasure and a withdrawal reach it (tools/compliance/inventory.ts, the same table the report checks as control C16).</p>',
    '<div class="table"><table class="inventory"><thead><tr><th>store</th><th>holds</th><th>whose</th><th>retention</th><th>readers</th><th>export</th><th>erase</th><th>withdrawal</th></tr></thead>',
    `<tbody>${rows}</tbody></table></div>`,
    '</section>',
  ].join('\n');
}

// Latin text in a Latin font (a CJK font sets ’ and “ full-width), Chinese in Noto Sans CJK SC.
const STYLE = `
*{box-sizing:border-box}
body{font-family:"Noto Sans","Segoe UI","Helvetica Neue",Arial,"Liberation Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa;line-height:1.45}
header,main{max-width:1240px;margin:0 auto;padding:0 20px}
header{padding-top:20px}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.25rem;margin:0 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .4rem}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin:16px 0}
nav a{margin-right:1rem}
.muted{color:#57606a}
.warning{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.6rem .8rem}
.charts{display:flex;flex-wrap:wrap;gap:16px}
figure.chart{margin:0;flex:0 1 560px;min-width:0;max-width:100%}
figure.chart svg{display:block;max-width:100%;height:auto}
figcaption{font-size:.85rem;margin-top:.3rem}
figcaption p{margin:.2rem 0;max-width:720px}
.table{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;margin:.4rem 0}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#f6f8fa}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.inventory{table-layout:fixed;width:100%}
table.inventory td,table.inventory th{font-size:.78rem}
table.inventory th:first-child{width:13%}
code{background:#eff1f3;padding:0 .25rem;border-radius:4px}
`;

/** Renders the dashboard page; `outFile` is where it is written (links are relative to it). */
export function dashboardHtml(data: DashboardData, outFile: string): string {
  const total = Object.values(data.tableRows).reduce((s, n) => s + n, 0);
  const counts = Object.entries(data.tableRows)
    .map(([t, n]) => `${esc(t)} ${n}`)
    .join(' · ');
  const nav = [...data.sections, { id: 'compliance', title: 'Compliance' }]
    .map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`)
    .join('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>phone-robot dashboard</title>',
    `<style>${STYLE}</style></head><body>`,
    '<header>',
    '<h1>phone-robot dashboard</h1>',
    `<p class="muted">Generated ${esc(data.generatedAt)} from the local lake ${esc(data.lakeDir)} (rows: ${counts}), with the named queries of analytics/queries run on DuckDB, as <code>npm run analytics</code> runs them.</p>`,
    total === 0
      ? '<p class="warning">The lake is empty: <code>npm start -- --scenario test/scenarios</code> fills a scenario lake (then pass <code>--lake .local-data/scenarios/lake</code>), and interactive calls fill .local-data/lake.</p>'
      : '',
    `<nav>${nav}</nav>`,
    '</header><main>',
    ...data.sections.map(sectionHtml),
    complianceHtml(data, outFile),
    '</main></body></html>',
    '',
  ].join('\n');
}
