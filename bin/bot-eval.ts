/**
 * `npm run bot:eval [-- --lex aws --bot-alias-arn <arn>] [--min-accuracy 0.8]`: scores the labelled
 * utterance sets in test/fixtures/bot-eval/ against the local Lex stand-in or the deployed bot.
 */
import { parseArgs } from 'node:util';
import { BOT_MODEL } from '../lib/bot';
import { evaluate, formatReport, loadEvalSet, localPredictor, runtimePredictor } from '../local/bot-eval';
import { AwsLex } from '../local/lex/aws';

const { values } = parseArgs({
  options: {
    lex: { type: 'string', default: 'local' },
    'bot-alias-arn': { type: 'string' },
    'min-accuracy': { type: 'string' },
  },
});
if (values.lex !== 'local' && values.lex !== 'aws') throw new Error('--lex must be local or aws');
if (values.lex === 'aws' && !values['bot-alias-arn'])
  throw new Error('--lex aws needs --bot-alias-arn <arn>');
const bot = values.lex === 'aws' && values['bot-alias-arn'] ? new AwsLex(values['bot-alias-arn']) : undefined;
const minimum = values['min-accuracy'] === undefined ? undefined : Number(values['min-accuracy']);

let failed = false;
for (const locale of ['en-US', 'zh-CN'] as const) {
  const set = loadEvalSet(new URL(`../test/fixtures/bot-eval/${locale}.json`, import.meta.url).pathname);
  const predict = bot ? runtimePredictor(bot, locale) : localPredictor(BOT_MODEL, locale);
  const report = await evaluate(set, predict);
  console.log(`${formatReport(report)}\n`);
  if (minimum !== undefined && report.accuracy < minimum) failed = true;
}
console.log(`bot: ${bot ? 'deployed Lex bot' : 'local stand-in (classifier from lib/bot)'}`);
if (failed) {
  console.error(`accuracy below --min-accuracy ${minimum}`);
  process.exitCode = 1;
}
