/**
 * `npm run cost -- --calls-per-month N --minutes M [--locale zh-CN|en-US] [--json]`: per-call and
 * monthly cost by service from the dated price table `data/prices.json`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Locale } from '../lambdas/contracts/locales';
import { estimateCost, formatEstimate, priceTableSchema } from '../tools/cost/cost-model';

const USAGE =
  'usage: npm run cost -- --calls-per-month <N> --minutes <M> [--locale en-US|zh-CN] [--prices data/prices.json] [--json]';

function main(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      'calls-per-month': { type: 'string' },
      minutes: { type: 'string' },
      locale: { type: 'string', default: 'en-US' },
      prices: { type: 'string', default: new URL('../data/prices.json', import.meta.url).pathname },
      json: { type: 'boolean', default: false },
    },
  });
  if (values['calls-per-month'] === undefined || values.minutes === undefined) {
    console.error(USAGE);
    return 2;
  }
  const table = priceTableSchema.parse(JSON.parse(readFileSync(values.prices, 'utf8')));
  try {
    const estimate = estimateCost(table, {
      callsPerMonth: Number(values['calls-per-month']),
      minutesPerCall: Number(values.minutes),
      locale: values.locale as Locale,
    });
    console.log(values.json ? JSON.stringify(estimate, null, 2) : formatEstimate(estimate));
    return 0;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
