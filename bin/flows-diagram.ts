/**
 * `npm run flows:diagram [-- --out <dir>]`
 *
 * Renders every flow with the default config and placeholder ARNs and writes, per flow, an SVG
 * (`<name>.svg`) and Mermaid text (`<name>.mmd`) with the consent path highlighted, for legal
 * review. Default output folder: `out/flows/` (git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseConfig } from '../lib/config';
import { FLOW_NAMES, flowToMermaid, flowToSvg, flowValues, PLACEHOLDER_ARNS, renderFlow } from '../lib/flows';

function outDir(argv: readonly string[]): string {
  const i = argv.indexOf('--out');
  if (i === -1) return resolve('out/flows');
  const dir = argv[i + 1];
  if (dir === undefined || dir.startsWith('--'))
    throw new Error('--out needs a folder, e.g. --out out/flows');
  return resolve(dir);
}

function main(argv: readonly string[]): void {
  const dir = outDir(argv);
  mkdirSync(dir, { recursive: true });
  const config = parseConfig({});
  for (const name of FLOW_NAMES) {
    const flow = renderFlow(name, flowValues(config, PLACEHOLDER_ARNS));
    const title = `phone-robot ${name} flow (locales ${config.locales.join(', ')}; notice ${config.noticeVersion})`;
    writeFileSync(join(dir, `${name}.svg`), flowToSvg(flow, title));
    writeFileSync(join(dir, `${name}.mmd`), flowToMermaid(flow));
    console.log(`wrote ${join(dir, `${name}.svg`)} and ${name}.mmd`);
  }
}

main(process.argv.slice(2));
