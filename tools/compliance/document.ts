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
/** Inline code spans (`x`) and bold (**x**) in HTML. */
const inline = (s: string) =>
  esc(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');

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
        return `<table><thead><tr>${b.head.map((h) => `<th>${inline(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
          .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
    }
    return '';
  });
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.4}',
    'table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}',
    'th{background:#f3f3f3}code{background:#f6f6f6;padding:0 .2rem}</style></head><body>',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}
