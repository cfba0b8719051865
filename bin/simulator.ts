/**
 * `npm start`: the phone robot offline (see local/cli.ts).
 *
 * The arguments are checked here, before DynamoDB Local or any handler loads. Powertools reads its
 * settings when the handlers' modules load, so they are set before the dynamic import: handler logs
 * and EMF metrics would drown the conversation in the terminal. `POWERTOOLS_LOG_LEVEL=INFO npm start`
 * shows them again.
 */
import { statSync } from 'node:fs';
import { CliError, type CommandSpec, choiceOption, inputFile, runCommand, UsageError } from './cli';

/** Where scenario runs keep their data: apart from interactive calls and the analyst's numbers. */
const SCENARIO_DATA = '.local-data/scenarios';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

export const SIMULATOR_COMMAND = {
  command: 'npm start --',
  usage: ['[options]'],
  summary:
    'Starts DynamoDB Local, creates the tables, seeds the catalog and opens a call in the terminal (or runs scripted calls with --scenario).',
  options: {
    scenario: {
      type: 'string',
      value: '<file|dir>',
      description: 'run scenario file(s) unattended; exit 1 if any expectation fails',
    },
    data: {
      type: 'string',
      value: '<dir>',
      description:
        'local data folder for the database, lake and vault (default .local-data; scenario runs: .local-data/scenarios, emptied at the start of each run, so they never mix into your own calls)',
    },
    caller: {
      type: 'string',
      value: '<+E164>',
      default: '+15550123',
      description: 'caller number for an interactive call (default +15550123, synthetic)',
    },
    lex: {
      type: 'string',
      value: 'local|aws',
      default: 'local',
      description: 'bot runtime: the local stand-in (default) or the deployed bot',
    },
    'bot-alias-arn': {
      type: 'string',
      value: '<arn>',
      description: 'the deployed bot alias (with --lex aws)',
    },
    hours: {
      type: 'string',
      value: 'open|closed',
      default: 'open',
      description: "agents' opening hours (default open)",
    },
    queue: {
      type: 'string',
      value: 'available|full',
      default: 'available',
      description: 'agent queue state (default available)',
    },
    'dynamo-endpoint': {
      type: 'string',
      value: '<url>',
      description: 'use a running DynamoDB Local instead of starting one',
    },
    trace: { type: 'boolean', description: 'print the conversation of scenario runs' },
  },
  examples: ['npm start', 'npm start -- --scenario test/scenarios --trace'],
} as const satisfies CommandSpec;

await runCommand(SIMULATOR_COMMAND, async ({ values }) => {
  const lex = choiceOption(values.lex, '--lex', ['local', 'aws'] as const);
  if (lex === 'aws' && !values['bot-alias-arn']) {
    throw new UsageError(
      '--lex aws needs --bot-alias-arn arn:aws:lex:<region>:<account>:bot-alias/<botId>/<aliasId>',
    );
  }
  const hours = choiceOption(values.hours, '--hours', ['open', 'closed'] as const);
  const queue = choiceOption(values.queue, '--queue', ['available', 'full'] as const);
  if (!/^\+[1-9]\d{6,14}$/.test(values.caller)) {
    throw new UsageError(`--caller must be an E.164 number such as +15550123, got "${values.caller}"`);
  }
  if (values.scenario !== undefined) {
    const path = inputFile(values.scenario, '--scenario');
    if (!statSync(path).isDirectory() && !path.endsWith('.json')) {
      throw new CliError(`--scenario ${values.scenario} is not a .json file or a folder of them`);
    }
  }
  const { runSimulator } = await import('../local/cli');
  return runSimulator({
    scenario: values.scenario,
    data: values.data ?? (values.scenario ? SCENARIO_DATA : '.local-data'),
    // A scenario run in the default folder starts empty each time; a folder named with --data is kept.
    freshData: values.scenario !== undefined && values.data === undefined,
    caller: values.caller,
    lex,
    botAliasArn: values['bot-alias-arn'],
    hoursOpen: hours === 'open',
    queueAtCapacity: queue === 'full',
    dynamoEndpoint: values['dynamo-endpoint'],
    trace: values.trace,
  });
});
