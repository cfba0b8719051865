/**
 * `npm run flows:diagram [-- --out <dir>]`
 *
 * Renders the inbound flow with the default config and placeholder ARNs and writes, for legal
 * review, one SVG per part of the call and locale (`inbound-<part>-<locale>.svg`: language, notice
 * and consent; bot hand-off; out-of-hours callback; withdrawal; pay later, which a default deploy
 * runs; card payment, which runs once paymentKeyId and the certificate are configured), laid out
 * by ELK; `inbound.html` with every picture on one page; and Mermaid text of the whole flow
 * (`inbound.mmd`, card payment included).
 * Default output folder: `out/flows/` (git-ignored).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../lib/config';
import {
  FLOW_NAMES,
  FLOW_PARTS,
  type FlowDiagram,
  flowDiagrams,
  flowToMermaid,
  flowValues,
  PLACEHOLDER_ARNS,
  renderFlow,
} from '../lib/flows';
import { type CommandSpec, prepareOutputDir, runCommand } from './cli';

export const FLOWS_DIAGRAM_COMMAND = {
  command: 'npm run flows:diagram --',
  usage: ['[--out <dir>]'],
  summary:
    'Writes one SVG per part of the call and locale (language, notice and consent; bot hand-off; out-of-hours callback; withdrawal; pay later; card payment), laid out by ELK with the consent path highlighted, a page with all of them (<flow>.html) and Mermaid text of the whole flow (<flow>.mmd), rendered with the default config.',
  options: {
    out: {
      type: 'string',
      value: '<dir>',
      default: 'out/flows',
      description: 'output folder, created if missing (default out/flows, git-ignored)',
    },
  },
  examples: ['npm run flows:diagram -- --out out/flows'],
} as const satisfies CommandSpec;

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** One page with every picture, in the order of the call. */
function indexHtml(
  title: string,
  pictures: readonly { file: string; diagram: FlowDiagram; note: string }[],
): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(title)}</title>`,
    '<style>body{font-family:"Noto Sans","Segoe UI","Helvetica Neue",Arial,"Liberation Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:20px;color:#1f2328}',
    'section{margin:0 0 32px}svg{display:block;max-width:100%;height:auto;border:1px solid #d0d7de}</style>',
    '</head><body>',
    `<h1>${esc(title)}</h1>`,
    ...pictures.map(
      (p) =>
        `<section id="${esc(p.diagram.name)}"><h2>${esc(p.diagram.title)}</h2><p>${esc(p.note)} File: ${esc(p.file)}.</p>\n${p.diagram.svg}</section>`,
    ),
    '</body></html>',
    '',
  ].join('\n');
}

await runCommand(FLOWS_DIAGRAM_COMMAND, async ({ values }) => {
  const dir = prepareOutputDir(values.out, '--out');
  const config = parseConfig({});
  // A default deploy has no payment key, so its flow says "pay later"; the card-payment segment
  // is rendered once the payment Lambda is wired (paymentKeyId and certificate configured).
  const { paymentFunctionArn: _card, ...payLaterArns } = PLACEHOLDER_ARNS;
  for (const name of FLOW_NAMES) {
    const title = `phone-robot ${name} flow`;
    const deployed = renderFlow(name, flowValues(config, payLaterArns));
    const card = renderFlow(name, flowValues(config, PLACEHOLDER_ARNS));
    const base = await flowDiagrams(deployed, {
      title,
      partTitles: { payment: 'pay later (default deploy)' },
      partNames: { payment: 'pay-later' },
    });
    const payment = await flowDiagrams(card, {
      title,
      parts: ['payment'],
      partTitles: { payment: 'card payment (payment key configured)' },
    });
    const pictures = [
      ...base.map((diagram) => ({
        diagram,
        file: `${name}-${diagram.name}.svg`,
        note:
          diagram.part === 'payment'
            ? 'The default deploy: the caller is told payment by phone comes later.'
            : `${FLOW_PARTS[diagram.part].summary}.`,
      })),
      ...payment.map((diagram) => ({
        diagram,
        file: `${name}-${diagram.name}.svg`,
        note: 'Card payment, deployed once paymentKeyId and the certificate are configured: recording suspended, encrypted card input, resumed on every outcome.',
      })),
    ];
    for (const p of pictures) writeFileSync(join(dir, p.file), p.diagram.svg);
    writeFileSync(
      join(dir, `${name}.html`),
      indexHtml(`${title} (locales ${config.locales.join(', ')}; notice ${config.noticeVersion})`, pictures),
    );
    writeFileSync(join(dir, `${name}.mmd`), flowToMermaid(card));
    console.log(
      `wrote ${pictures.length} pictures (${pictures.map((p) => p.file).join(', ')}), ${name}.html and ${name}.mmd to ${dir}`,
    );
  }
  return 0;
});
