/**
 * `npm run compliance-report [-- --out <dir>]`: writes compliance-report.md and .html (COMPLIANCE
 * C13) from the synthesized stacks, flow proofs, redaction scores and a DSAR run; exits 1 when any
 * control fails. Configuration comes from cdk.json context, like `cdk synth`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CONFIG_KEYS, ConfigError, parseConfig } from '../lib/config';
import { buildReport, collectEvidence } from '../tools/compliance';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      out: { type: 'string', default: 'out/compliance' },
      context: { type: 'string', multiple: true },
    },
  });
  const cdk = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const context: Record<string, unknown> = { ...cdk.context };
  for (const pair of values.context ?? []) {
    const [key, ...rest] = pair.split('=');
    if (key) context[key] = rest.join('=');
  }
  const raw = Object.fromEntries(
    CONFIG_KEYS.filter((k) => context[k] !== undefined).map((k) => [k, context[k]]),
  );
  const config = parseConfig(raw);
  const report = buildReport(await collectEvidence({ config, context, repoRoot }));
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'compliance-report.md'), report.markdown, 'utf8');
  writeFileSync(join(out, 'compliance-report.html'), report.html, 'utf8');
  console.log(`compliance report: ${join(out, 'compliance-report.md')} (+ .html)`);
  for (const c of report.controls) console.log(`  ${c.passed ? '✓' : '✗'} ${c.id} ${c.title}`);
  for (const f of report.failing) for (const why of f.failures) console.error(`  ${f.id}: ${why}`);
  return report.failing.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 2;
  },
);
