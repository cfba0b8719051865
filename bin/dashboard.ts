#!/usr/bin/env node
/**
 * `npm run dashboard [-- --lake <dir>] [--out <file.html>]`: one self-contained HTML page over the
 * local lake (see local/dashboard/). The configuration (for the data inventory's retention periods)
 * comes from the cdk.json context, like `cdk synth` and `npm run compliance-report`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfig, resolveContext } from '../lib/config';
import { DASHBOARD_COMMAND, dashboardOptions, runDashboard } from '../local/dashboard/cli';
import { readJsonFile, runCommand } from './cli';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

await runCommand(
  DASHBOARD_COMMAND,
  (args) => {
    const options = dashboardOptions(args);
    const cdk = readJsonFile(join(repoRoot, 'cdk.json'), 'cdk.json') as { context?: Record<string, unknown> };
    const config = parseConfig(resolveContext(cdk.context ?? {}, (path) => readFileSync(path, 'utf8')));
    return runDashboard(options, config);
  },
  { usageError: (error) => error instanceof ConfigError },
);
