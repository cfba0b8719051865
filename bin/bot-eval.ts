/**
 * `npm run bot:eval [-- --lex aws --bot-alias-arn <arn>] [--min-accuracy 0.8]`: scores the labelled
 * utterance sets in test/fixtures/bot-eval/ against the local Lex stand-in or the deployed bot.
 */

import { LEX_LOCALE_ID_BY_LOCALE } from '../lambdas/contracts/locales';
import { BOT_MODEL } from '../lib/bot';
import {
  evaluate,
  formatReport,
  HELD_OUT_ANSWERED_BY,
  loadEvalSet,
  loadHeldOutSet,
  localPredictor,
  runtimePredictor,
  withoutTrainingCopies,
} from '../local/bot-eval';
import { type CommandSpec, choiceOption, numberOption, runCommand, UsageError } from './cli';

export const BOT_EVAL_COMMAND = {
  command: 'npm run bot:eval --',
  usage: ['[--lex local|aws] [--bot-alias-arn <arn>] [--min-accuracy <0..1>]'],
  summary:
    'Intent accuracy and confusion table of the bot on the held-out utterance sets in test/fixtures/bot-eval/ and test/fixtures/bot-heldout/ (en-US, zh-CN).',
  options: {
    lex: {
      type: 'string',
      value: 'local|aws',
      default: 'local',
      description: 'the local stand-in built from lib/bot (default) or the deployed bot',
    },
    'bot-alias-arn': {
      type: 'string',
      value: '<arn>',
      description: 'the deployed bot alias (needed with --lex aws)',
    },
    'min-accuracy': {
      type: 'string',
      value: '<0..1>',
      description: 'exit 1 when a locale scores below this accuracy, e.g. 0.8',
    },
  },
  examples: [
    'npm run bot:eval -- --min-accuracy 0.8',
    'npm run bot:eval -- --lex aws --bot-alias-arn arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID/ALIASID',
  ],
} as const satisfies CommandSpec;

await runCommand(BOT_EVAL_COMMAND, async ({ values }) => {
  const lex = choiceOption(values.lex, '--lex', ['local', 'aws'] as const);
  const arn = values['bot-alias-arn'];
  if (lex === 'aws' && !arn) {
    throw new UsageError(
      '--lex aws needs --bot-alias-arn arn:aws:lex:<region>:<account>:bot-alias/<botId>/<aliasId>',
    );
  }
  const minimum = numberOption(values['min-accuracy'], '--min-accuracy', { min: 0, max: 1 });
  const bot = lex === 'aws' && arn ? new (await import('../local/lex/aws')).AwsLex(arn) : undefined;
  let failed = false;
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const set = loadEvalSet(new URL(`../test/fixtures/bot-eval/${locale}.json`, import.meta.url).pathname);
    const predict = bot ? runtimePredictor(bot, locale) : localPredictor(BOT_MODEL, locale);
    // OffTopic answers as FallbackIntent does (what the robot can do): both are right for a fallback label.
    const report = await evaluate(
      set,
      predict,
      (e, p) => e === p || (e === 'FallbackIntent' && p === 'OffTopic'),
    );
    console.log(`${formatReport(report)}\n`);
    const { set: heldOut, copies } = withoutTrainingCopies(
      loadHeldOutSet(
        new URL(`../test/fixtures/bot-heldout/${LEX_LOCALE_ID_BY_LOCALE[locale]}.json`, import.meta.url)
          .pathname,
      ),
      BOT_MODEL,
    );
    const second = await evaluate(
      heldOut,
      predict,
      (label, intent) => HELD_OUT_ANSWERED_BY[label]?.(intent) ?? false,
    );
    console.log(
      `held-out set 2 (test/fixtures/bot-heldout/, caller labels; ${copies} that are also sample utterances left out):\n${formatReport(second)}\n`,
    );
    if (minimum !== undefined && (report.accuracy < minimum || second.accuracy < minimum)) failed = true;
  }
  console.log(`bot: ${bot ? 'deployed Lex bot' : 'local stand-in (classifier from lib/bot)'}`);
  if (failed) {
    console.error(`accuracy below --min-accuracy ${minimum}`);
    return 1;
  }
  return 0;
});
