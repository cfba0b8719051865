import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type AppConfig, parseConfig } from '../lib/config';
import {
  createTables,
  type DynamoLocal,
  DynamoLocalError,
  localDynamoClient,
  startDynamoLocal,
} from './dynamo-local';
import { LocalDataStore } from './lake';
import { AwsLex } from './lex/aws';
import type { LexRuntime } from './lex/types';
import { loadScenarios, runScenario } from './scenario';
import { type CallSummary, Simulator, seedLocalData } from './simulator';
import { TerminalCaller } from './terminal';

/**
 * `npm start`: the phone robot offline. See {@link USAGE}.
 */

/** Command-line help. */
export const USAGE = `usage: npm start -- [options]

Starts DynamoDB Local, creates the tables, seeds the catalog and opens a call in the terminal
(or runs scripted calls with --scenario).

options:
  --scenario <file|dir>     run scenario file(s) unattended; exit 1 if any expectation fails
  --data <dir>              local data folder for the lake and vault (default .local-data)
  --caller <+E164>          caller number for an interactive call (default +15550123, synthetic)
  --lex local|aws           bot runtime: the local stand-in (default) or the deployed bot
  --bot-alias-arn <arn>     the deployed bot alias (with --lex aws)
  --hours open|closed       agents' opening hours (default open)
  --queue available|full    agent queue state (default available)
  --dynamo-endpoint <url>   use a running DynamoDB Local instead of starting one
  --trace                   print the conversation of scenario runs
  -h, --help                this help`;

/** Parsed options. */
export interface CliOptions {
  readonly scenario: string | undefined;
  readonly data: string;
  readonly caller: string;
  readonly lex: 'local' | 'aws';
  readonly botAliasArn: string | undefined;
  readonly hoursOpen: boolean;
  readonly queueAtCapacity: boolean;
  readonly dynamoEndpoint: string | undefined;
  readonly trace: boolean;
  readonly help: boolean;
}

/** Parses and checks the command line; throws a message naming the fix. */
export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scenario: { type: 'string' },
      data: { type: 'string', default: '.local-data' },
      caller: { type: 'string', default: '+15550123' },
      lex: { type: 'string', default: 'local' },
      'bot-alias-arn': { type: 'string' },
      hours: { type: 'string', default: 'open' },
      queue: { type: 'string', default: 'available' },
      'dynamo-endpoint': { type: 'string' },
      trace: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.lex !== 'local' && values.lex !== 'aws')
    throw new Error(`--lex must be local or aws, not ${values.lex}`);
  if (values.lex === 'aws' && !values['bot-alias-arn']) {
    throw new Error(
      '--lex aws needs --bot-alias-arn arn:aws:lex:<region>:<account>:bot-alias/<botId>/<aliasId>',
    );
  }
  if (values.hours !== 'open' && values.hours !== 'closed') throw new Error('--hours must be open or closed');
  if (values.queue !== 'available' && values.queue !== 'full')
    throw new Error('--queue must be available or full');
  if (!/^\+[1-9]\d{6,14}$/.test(values.caller))
    throw new Error('--caller must be an E.164 number such as +15550123');
  return {
    scenario: values.scenario,
    data: values.data,
    caller: values.caller,
    lex: values.lex,
    botAliasArn: values['bot-alias-arn'],
    hoursOpen: values.hours === 'open',
    queueAtCapacity: values.queue === 'full',
    dynamoEndpoint: values['dynamo-endpoint'],
    trace: values.trace,
    help: values.help,
  };
}

/** Table name prefix of the offline runtime's persistent database. */
export const LOCAL_TABLE_PREFIX = 'local';

/** Where the offline runtime keeps its DynamoDB Local database inside the data folder. */
export function localDatabasePath(dataDir: string): string {
  return resolve(dataDir, 'dynamodb');
}

/** Human-readable end-of-call summary. */
export function formatSummary(s: CallSummary): string {
  const path = s.path.join(' → ');
  return [
    '── call summary ──────────────────────────────',
    `contact       ${s.contactId}`,
    `language      ${s.locale ?? '(not chosen)'}`,
    `path          ${s.path.length} actions: ${path}`,
    `consent       ${s.consent ?? '(none recorded)'}`,
    `recording     ${s.recording ? 'ON (IVR and agent)' : 'off'}${s.result.recording.history.some((h) => h.change === 'suspended') ? ', suspended at times' : ''}`,
    `bot intents   ${s.intents.join(', ') || '(none)'}`,
    `orders        ${s.ordersCreated.length} created${s.ordersCreated.length ? ` (${s.ordersCreated.join(', ')})` : ''}${s.ordersChanged.length ? `, ${s.ordersChanged.length} changed` : ''}`,
    `agent         ${s.transferredToAgent ? 'transferred to the queue' : 'no transfer'}`,
    `ended         ${s.disconnectReason}`,
    ...(s.lambdaErrors.length ? [`lambda errors ${s.lambdaErrors.join('; ')}`] : []),
    ...(s.recordingLocation ? [`recording at  ${s.recordingLocation}`] : []),
  ].join('\n');
}

async function withEnvironment<T>(
  options: CliOptions,
  config: AppConfig,
  run: (sim: Simulator, store: LocalDataStore) => Promise<T>,
): Promise<T> {
  let dynamo: DynamoLocal | undefined;
  let client: DynamoDBClient | undefined;
  try {
    // The database persists in the data folder, so `npm run dsar` can later find what a call wrote.
    if (!options.dynamoEndpoint) dynamo = await startDynamoLocal({ dbPath: localDatabasePath(options.data) });
    const endpoint = options.dynamoEndpoint ?? (dynamo as DynamoLocal).endpoint;
    client = localDynamoClient(endpoint);
    const tables = await createTables(client, LOCAL_TABLE_PREFIX, { reuse: true });
    await seedLocalData(client, tables);
    const store = new LocalDataStore(resolve(options.data));
    const bot: LexRuntime | undefined =
      options.lex === 'aws' && options.botAliasArn ? new AwsLex(options.botAliasArn) : undefined;
    const sim = Simulator.create({
      config,
      dynamo: client,
      tables,
      store,
      hoursOpen: options.hoursOpen,
      queueAtCapacity: options.queueAtCapacity,
      ...(bot ? { bot } : {}),
    });
    return await run(sim, store);
  } finally {
    client?.destroy();
    await dynamo?.stop();
  }
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCli(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const config = parseConfig({});
  try {
    if (options.scenario) {
      const scenarios = loadScenarios(options.scenario);
      return await withEnvironment(options, config, async (sim) => {
        let failed = 0;
        for (const { file, scenario } of scenarios) {
          const trace = options.trace || scenarios.length === 1 ? (l: string) => console.log(l) : undefined;
          if (trace) console.log(`▶ ${scenario.name} (${file})`);
          const result = await runScenario(sim, config, scenario, trace);
          const mark = result.passed ? 'PASS' : 'FAIL';
          const painted = process.stdout.isTTY ? `\x1b[${result.passed ? 32 : 31}m${mark}\x1b[0m` : mark;
          console.log(`${painted} ${scenario.name}`);
          for (const f of result.failures) console.log(`     - ${f}`);
          if (!result.passed) failed += 1;
        }
        console.log(`${scenarios.length - failed}/${scenarios.length} scenarios passed`);
        return failed === 0 ? 0 : 1;
      });
    }
    console.log('phone-robot offline: starting DynamoDB Local and the robot ...');
    return await withEnvironment(options, config, async (sim, store) => {
      console.log(
        [
          '',
          `You are calling the robot from ${options.caller} (synthetic number). Bot: ${options.lex === 'aws' ? 'deployed Lex bot' : 'local Lex stand-in'}.`,
          'Keypad prompts: type the key(s) and Enter; Enter alone = silence. Bot turns: type a sentence.',
          '/quit or Ctrl-D hangs up.',
          '',
        ].join('\n'),
      );
      const caller = new TerminalCaller();
      try {
        const summary = await sim.call(caller, { callerNumber: options.caller });
        console.log(`\n${formatSummary(summary)}\nlocal data    ${store.dir}`);
        return 0;
      } finally {
        caller.close();
      }
    });
  } catch (error) {
    if (error instanceof DynamoLocalError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
