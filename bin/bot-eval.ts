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
    'Intent accuracy and confusion table of the bot on the held-out utterance sets in test/fixtures/bot-eval/, test/fixtures/bot-heldout/ and test/fixtures/bot-heldout-3/ (en-US, zh-CN).',
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
    summary: {
      type: 'boolean',
      description: 'print the accuracy lines only (no confusion tables, no misclassified utterances)',
    },
  },
  examples: [
    'npm run bot:eval -- --min-accuracy 0.8',
    'npm run bot:eval -- --lex aws --bot-alias-arn arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID/ALIASID',
  ],
} as const satisfies CommandSpec;

/** The held-out sets written by helpers who never saw the bot model (see each folder's README). */
const HELD_OUT_SETS = [
  { dir: 'bot-heldout', label: 'set 2' },
  { dir: 'bot-heldout-3', label: 'set 3' },
] as const;

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
  // --summary: the accuracy lines only (no confusion table, no misclassified utterances).
  const print = (text: string) =>
    console.log(
      values.summary
        ? text
            .split('\n')
            .filter((l) => / intent accuracy /.test(l) || l.startsWith('held-out'))
            .join('\n')
        : text,
    );
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const set = loadEvalSet(new URL(`../test/fixtures/bot-eval/${locale}.json`, import.meta.url).pathname);
    const predict = bot ? runtimePredictor(bot, locale) : localPredictor(BOT_MODEL, locale);
    // OffTopic answers as FallbackIntent does (what the robot can do): both are right for a fallback label.
    const report = await evaluate(
      set,
      predict,
      (e, p) => e === p || (e === 'FallbackIntent' && p === 'OffTopic'),
    );
    print(`${formatReport(report)}\n`);
    if (minimum !== undefined && report.accuracy < minimum) failed = true;
    for (const { dir, label } of HELD_OUT_SETS) {
      const { set: heldOut, copies } = withoutTrainingCopies(
        loadHeldOutSet(
          new URL(`../test/fixtures/${dir}/${LEX_LOCALE_ID_BY_LOCALE[locale]}.json`, import.meta.url)
            .pathname,
        ),
        BOT_MODEL,
      );
      const result = await evaluate(
        heldOut,
        predict,
        (expected, intent) => HELD_OUT_ANSWERED_BY[expected]?.(intent) ?? false,
      );
      print(
        `held-out ${label} (test/fixtures/${dir}/, caller labels; ${copies} that are also sample utterances left out):\n${formatReport(result)}\n`,
      );
      if (minimum !== undefined && result.accuracy < minimum) failed = true;
    }
  }
  console.log(`bot: ${bot ? 'deployed Lex bot' : 'local stand-in (classifier from lib/bot)'}`);
  if (failed) {
    console.error(`accuracy below --min-accuracy ${minimum}`);
    return 1;
  }
  return 0;
});
