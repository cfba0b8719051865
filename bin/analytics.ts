#!/usr/bin/env node
import { runAnalyticsCli } from '../local/analytics/cli';

// `npm run analytics -- <query-name> [--lake <dir>] [--chart <out.svg>]`: see local/analytics/cli.ts.
try {
  process.exitCode = await runAnalyticsCli(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
