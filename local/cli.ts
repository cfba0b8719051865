import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CALLBACK_ATTRIBUTES } from '../lambdas/contracts/callback';
import { SURVEY_ATTRIBUTES } from '../lambdas/contracts/survey';
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

/** Options of `npm start`, parsed and checked by bin/simulator.ts. */
export interface CliOptions {
  readonly scenario: string | undefined;
  readonly data: string;
  /**
   * Empty the data folder first (a scenario run in its own folder): scenarios are written for callers
   * the robot has not met, so a second run must not find the first run's orders and consents.
   */
  readonly freshData?: boolean;
  readonly caller: string;
  readonly lex: 'local' | 'aws';
  readonly botAliasArn: string | undefined;
  readonly hoursOpen: boolean;
  readonly queueAtCapacity: boolean;
  readonly dynamoEndpoint: string | undefined;
  readonly trace: boolean;
}

/** Table name prefix of the offline runtime's persistent database. */
export const LOCAL_TABLE_PREFIX = 'local';

/** Where the offline runtime keeps its DynamoDB Local database inside the data folder. */
export function localDatabasePath(dataDir: string): string {
  return resolve(dataDir, 'dynamodb');
}

/** Human-readable end-of-call summary. */
/** The post-call survey's answers, as the contact attributes hold them. */
function surveyLine(attrs: Readonly<Record<string, string>>): string {
  const score = attrs[SURVEY_ATTRIBUTES.score];
  if (!score) return 'not answered';
  const resolved = attrs[SURVEY_ATTRIBUTES.resolved];
  const follow =
    resolved === 'yes' ? 'resolved' : resolved === 'no' ? 'not resolved' : 'follow-up not answered';
  return `${score}/5, ${follow}`;
}

/** The callback part of the agent line: what the out-of-hours offer came to, when there was one. */
function callbackNote(s: CallSummary): string {
  const state = s.result.attributes[CALLBACK_ATTRIBUTES.callback];
  if (state === undefined) return '';
  const first = s.result.callbacks[0];
  return state === 'QUEUED' && first
    ? `; callback queued (first call after ${first.initialDelaySeconds} s, up to ${first.maximumAttempts} attempts ${first.retryDelaySeconds} s apart)`
    : `; callback ${state}`;
}

export function formatSummary(s: CallSummary): string {
  const path = s.path.join(' → ');
  return [
    '── call summary ──────────────────────────────',
    `contact       ${s.contactId}`,
    `language      ${s.locale ?? '(not chosen)'}`,
    `path          ${s.path.length} actions: ${path}`,
    `consent       ${s.consent ?? '(none recorded)'}`,
    `recording     ${s.recording ? 'ON (IVR and agent)' : 'off'}${s.result.recording.history.some((h) => h.change === 'suspended') ? ', suspended at times' : ''}${s.result.recording.stopped ? ', stopped when the caller withdrew' : ''}`,
    `bot intents   ${s.intents.join(', ') || '(none)'}`,
    `orders        ${s.ordersCreated.length} created${s.ordersCreated.length ? ` (${s.ordersCreated.join(', ')})` : ''}${s.ordersChanged.length ? `, ${s.ordersChanged.length} changed` : ''}`,
    `agent         ${s.transferredToAgent ? 'transferred to the queue' : 'no transfer'}${callbackNote(s)}`,
    `survey        ${surveyLine(s.result.attributes)}`,
    `cases         ${s.cases.length ? s.cases.join('; ') : 'none opened'}`,
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

/**
 * `npm start`: the phone robot offline, an interactive call or scripted calls (`--scenario`).
 *
 * @returns the exit code
 * @throws Error naming the file when a scenario cannot be read
 */
export async function runSimulator(options: CliOptions): Promise<number> {
  const config = parseConfig({});
  if (options.freshData) rmSync(resolve(options.data), { recursive: true, force: true });
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
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
