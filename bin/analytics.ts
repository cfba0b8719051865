#!/usr/bin/env node
import { ANALYTICS_COMMAND, analyticsOptions, runAnalytics } from '../local/analytics/cli';
import { runCommand } from './cli';

// `npm run analytics -- <query-name> [--lake <dir>] [--chart <out.svg>]`: see local/analytics/cli.ts.
await runCommand(ANALYTICS_COMMAND, (args) => runAnalytics(analyticsOptions(args)));
