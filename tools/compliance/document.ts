/**
 * A tiny document model so the compliance report is written once and rendered twice (Markdown for
 * the repository and CI artifacts, HTML for people who open it in a browser).
 */

/** One block of the document. */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly id?: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
    };

const mdCell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Renders blocks as GitHub-flavoured Markdown. */
export function toMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${b.text}`);
        break;
      case 'paragraph':
        out.push(b.text);
        break;
      case 'list':
        out.push(b.items.map((i) => `- ${i}`).join('\n'));
        break;
      case 'table':
        out.push(
          [
            `| ${b.head.map(mdCell).join(' | ')} |`,
            `|${b.head.map(() => ' --- ').join('|')}|`,
            ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
          ].join('\n'),
        );
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
/** Stands for a line-break opportunity until the text is escaped. */
const BREAK = '\u0000';

/**
 * Marks where a long unbroken token (a construct path, an ARN, a rule id with its resource) may
 * wrap: after each `/`, `:`, `,` or `]`. Browsers then size table columns by the parts, not the
 * whole token, and a copied path is unchanged (a `<wbr>` is not a character).
 */
const breakable = (s: string): string =>
  s.replace(/[^\s`]{25,}/g, (token) => token.replace(/([/:,\]])(?=[^\s])/g, `$1${BREAK}`));

/** Inline code spans (`x`) and bold (**x**) in HTML. */
const inline = (s: string) =>
  esc(breakable(s))
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replaceAll(BREAK, '<wbr>');

/** Renders blocks as a self-contained HTML page. */
export function toHtml(blocks: readonly Block[], title: string): string {
  const body = blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `<h${b.level}${b.id ? ` id="${esc(b.id)}"` : ''}>${inline(b.text)}</h${b.level}>`;
      case 'paragraph':
        return `<p>${inline(b.text)}</p>`;
      case 'list':
        return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
      case 'table':
        // The wrapper scrolls a table that still cannot fit, so the page itself never does.
        return `<div class="table"><table><thead><tr>${b.head.map((h) => `<th>${inline(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
          .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table></div>`;
    }
    return '';
  });
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    // Long resource paths, ARNs and hashes break anywhere, so wide tables fit the page (1280 px
    // and narrower) instead of running off to the right.
    '<style>*{box-sizing:border-box}body{font-family:"Noto Sans","Segoe UI","Helvetica Neue",Arial,"Liberation Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.4;overflow-wrap:break-word}',
    '.table{max-width:100%;overflow-x:auto;margin:1rem 0}table{border-collapse:collapse}',
    'th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;font-size:.9rem;max-width:26rem}',
    'th{background:#f3f3f3}code{background:#f6f6f6;padding:0 .2rem;overflow-wrap:anywhere;word-break:break-word}</style></head><body>',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}
