/**
 * `npm run cost -- --calls-per-month N --minutes M [--locale zh-CN|en-US] [--json]`: per-call and
 * monthly cost by service from the dated price table `data/prices.json`.
 */
import { SUPPORTED_LOCALES } from '../lambdas/contracts/locales';
import { estimateCost, formatEstimate, priceTableSchema } from '../tools/cost/cost-model';
import {
  type CommandSpec,
  choiceOption,
  numberOption,
  readJsonFile,
  required,
  runCommand,
  UsageError,
} from './cli';

const DEFAULT_PRICES = 'data/prices.json';

export const COST_COMMAND = {
  command: 'npm run cost --',
  usage: ['--calls-per-month <N> --minutes <M> [options]'],
  summary: 'Per-call and monthly cost by AWS service, from the dated price table data/prices.json.',
  options: {
    'calls-per-month': {
      type: 'string',
      value: '<N>',
      description: 'calls per month, a positive whole number',
    },
    minutes: { type: 'string', value: '<M>', description: 'average minutes per call, 0 to 240' },
    locale: {
      type: 'string',
      value: SUPPORTED_LOCALES.join('|'),
      default: 'en-US',
      description: 'caller language (zh-CN is not billed for Transcribe PII redaction); default en-US',
    },
    prices: { type: 'string', value: '<file>', description: `price table JSON (default ${DEFAULT_PRICES})` },
    json: { type: 'boolean', description: 'print the estimate as JSON' },
  },
  examples: ['npm run cost -- --calls-per-month 10000 --minutes 3 --locale zh-CN'],
} as const satisfies CommandSpec;

await runCommand(COST_COMMAND, ({ values }) => {
  const callsPerMonth = numberOption(
    required(values['calls-per-month'], '--calls-per-month', '<N>, e.g. --calls-per-month 10000'),
    '--calls-per-month',
  ) as number;
  const minutesPerCall = numberOption(
    required(values.minutes, '--minutes', '<M>, e.g. --minutes 3'),
    '--minutes',
    { min: 0, max: 240 },
  ) as number;
  const locale = choiceOption(values.locale, '--locale', SUPPORTED_LOCALES);
  const pricesPath = values.prices ?? new URL(`../${DEFAULT_PRICES}`, import.meta.url).pathname;
  const prices = priceTableSchema.safeParse(readJsonFile(pricesPath, '--prices'));
  if (!prices.success) {
    throw new UsageError(
      `--prices ${pricesPath} is not a price table (${prices.error.issues[0]?.path.join('.')}: ${prices.error.issues[0]?.message}); fix: start from ${DEFAULT_PRICES}`,
    );
  }
  let estimate: ReturnType<typeof estimateCost>;
  try {
    estimate = estimateCost(prices.data, { callsPerMonth, minutesPerCall, locale });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  console.log(values.json ? JSON.stringify(estimate, null, 2) : formatEstimate(estimate));
  return 0;
});
