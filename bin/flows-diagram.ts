/**
 * `npm run flows:diagram [-- --out <dir>]`
 *
 * Renders every flow with the default config and placeholder ARNs and writes, per flow, an SVG
 * (`<name>.svg`) and Mermaid text (`<name>.mmd`) with the consent path highlighted, for legal
 * review. Default output folder: `out/flows/` (git-ignored).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../lib/config';
import { FLOW_NAMES, flowToMermaid, flowToSvg, flowValues, PLACEHOLDER_ARNS, renderFlow } from '../lib/flows';
import { type CommandSpec, prepareOutputDir, runCommand } from './cli';

export const FLOWS_DIAGRAM_COMMAND = {
  command: 'npm run flows:diagram --',
  usage: ['[--out <dir>]'],
  summary:
    'Writes one SVG (<name>.svg) and Mermaid text (<name>.mmd) per contact flow, rendered with the default config, with the consent path highlighted.',
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

await runCommand(FLOWS_DIAGRAM_COMMAND, ({ values }) => {
  const dir = prepareOutputDir(values.out, '--out');
  const config = parseConfig({});
  for (const name of FLOW_NAMES) {
    const flow = renderFlow(name, flowValues(config, PLACEHOLDER_ARNS));
    const title = `phone-robot ${name} flow (locales ${config.locales.join(', ')}; notice ${config.noticeVersion})`;
    writeFileSync(join(dir, `${name}.svg`), flowToSvg(flow, title));
    writeFileSync(join(dir, `${name}.mmd`), flowToMermaid(flow));
    console.log(`wrote ${join(dir, `${name}.svg`)} and ${name}.mmd`);
  }
  return 0;
});
