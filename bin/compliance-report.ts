/**
 * `npm run compliance-report [-- --out <dir>]`: writes compliance-report.md and .html (COMPLIANCE
 * C13) from the synthesized stacks, flow proofs, redaction scores and a DSAR run; exits 1 when any
 * control fails. Configuration comes from cdk.json context, like `cdk synth`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_KEYS, ConfigError, parseConfig } from '../lib/config';
import { type CommandSpec, prepareOutputDir, readJsonFile, runCommand, UsageError } from './cli';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const COMPLIANCE_REPORT_COMMAND = {
  command: 'npm run compliance-report --',
  usage: ['[--out <dir>] [--context <key=value> ...]'],
  summary:
    'Evaluates every control (C1–C16) from real checks (synthesized templates, flow proofs, redaction scores, DSAR and withdrawal runs) and writes compliance-report.md and .html; exits 1 when a control fails. Configuration comes from the cdk.json context, like cdk synth.',
  options: {
    out: {
      type: 'string',
      value: '<dir>',
      default: 'out/compliance',
      description: 'output folder, created if missing (default out/compliance)',
    },
    context: {
      type: 'string',
      value: '<key=value>',
      multiple: true,
      description: 'a CDK context value over cdk.json, like cdk -c (repeatable), e.g. retentionDays=730',
    },
  },
  examples: ['npm run compliance-report -- --out out/compliance --context stage=prod'],
} as const satisfies CommandSpec;

await runCommand(
  COMPLIANCE_REPORT_COMMAND,
  async ({ values }) => {
    const cdk = readJsonFile(join(repoRoot, 'cdk.json'), 'cdk.json') as { context?: Record<string, unknown> };
    const context: Record<string, unknown> = { ...cdk.context };
    for (const pair of values.context) {
      const [key, ...rest] = pair.split('=');
      if (!key || rest.length === 0) {
        throw new UsageError(`--context needs key=value, got "${pair}", e.g. --context retentionDays=730`);
      }
      context[key] = rest.join('=');
    }
    const raw = Object.fromEntries(
      CONFIG_KEYS.filter((k) => context[k] !== undefined).map((k) => [k, context[k]]),
    );
    const config = parseConfig(raw);
    const out = prepareOutputDir(values.out, '--out');
    // The CDK and every check load only once the arguments are known to be good.
    const { buildReport, collectEvidence } = await import('../tools/compliance');
    const report = buildReport(await collectEvidence({ config, context, repoRoot }));
    writeFileSync(join(out, 'compliance-report.md'), report.markdown, 'utf8');
    writeFileSync(join(out, 'compliance-report.html'), report.html, 'utf8');
    console.log(`compliance report: ${join(out, 'compliance-report.md')} (+ .html)`);
    for (const c of report.controls) console.log(`  ${c.passed ? '✓' : '✗'} ${c.id} ${c.title}`);
    for (const f of report.failing) for (const why of f.failures) console.error(`  ${f.id}: ${why}`);
    return report.failing.length === 0 ? 0 : 1;
  },
  { usageError: (error) => error instanceof ConfigError },
);
