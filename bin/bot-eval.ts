/**
 * `npm run bot:eval [-- --lex aws --bot-alias-arn <arn>] [--min-accuracy 0.8]`: scores the labelled
 * utterance sets of EVAL_SETS (local/bot-eval.ts) against the local Lex stand-in or the deployed bot.
 */

import { BOT_MODEL } from '../lib/bot';
import {
  EVAL_SETS,
  evaluate,
  formatReport,
  HELD_OUT_SET,
  loadEvalSets,
  localPredictor,
  runtimePredictor,
  withoutTrainingCopies,
} from '../local/bot-eval';
import { type CommandSpec, choiceOption, numberOption, runCommand, UsageError } from './cli';

export const BOT_EVAL_COMMAND = {
  command: 'npm run bot:eval --',
  usage: ['[--lex local|aws] [--bot-alias-arn <arn>] [--min-accuracy <0..1>]'],
  summary: `Intent accuracy and confusion table of the bot on each labelled utterance set (en-US, zh-CN): ${EVAL_SETS.map((s) => `${s.name} test/fixtures/${s.dir}/`).join(', ')}. ${HELD_OUT_SET} is the held-out one: its misclassified utterances are not listed unless asked for.`,
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
    'show-held-out': {
      type: 'boolean',
      description: `also list the misclassified utterances of ${HELD_OUT_SET} (whoever reads them should not tune on it)`,
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
  // --summary: the accuracy lines only (no confusion table, no misclassified utterances).
  const print = (text: string) =>
    console.log(
      values.summary
        ? text
            .split('\n')
            .filter((l) => / intent accuracy /.test(l) || /^(held-out|development) /.test(l))
            .join('\n')
        : text,
    );
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const predict = bot ? runtimePredictor(bot, locale) : localPredictor(BOT_MODEL, locale);
    for (const { name, dir, set: stored, accepts } of loadEvalSets(locale)) {
      // Set 1 has intent labels and no sample-utterance copies (a test keeps it so); the held-out
      // sets have caller labels, and their copies of sample utterances are scored apart.
      const { set, copies } =
        name === 'set 1' ? { set: stored, copies: 0 } : withoutTrainingCopies(stored, BOT_MODEL);
      const result = await evaluate(set, predict, accepts);
      const heldOut = name === HELD_OUT_SET;
      const heading =
        name === 'set 1'
          ? ''
          : `${heldOut ? 'held-out' : 'development'} ${name} (test/fixtures/${dir}/, caller labels; ${copies} that are also sample utterances left out):\n`;
      const hidden = heldOut && !values['show-held-out'];
      const report = formatReport(hidden ? { ...result, errors: [] } : result);
      const note = hidden
        ? `\n(${result.errors.length} misclassified, not listed: --show-held-out lists them)`
        : '';
      print(`${heading}${report}${note}\n`);
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
