import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../lib/config';
import { captureOutput } from '../support/capture-output';
import { freshTables } from '../support/dynamo';

/**
 * "Declined means not kept" and withdrawal, end to end through the real flow, handlers, DynamoDB
 * engine and the offline pipeline (COMPLIANCE C14, C15): after the calls, every local store is
 * searched for the words the callers said. Each caller says a sentinel word no prompt contains.
 */
vi.hoisted(() => {
  // This file reads what the handlers log (vitest.config.ts silences logs elsewhere).
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const config = parseConfig({});
type Summary = import('../../local/simulator').CallSummary;
type Lex = import('../../local/lex/stand-in').LocalLex;

let dataDir: string;
let dynamo: import('@aws-sdk/client-dynamodb').DynamoDBClient;
let lex: Lex;
const output: string[] = [];
const calls: Record<string, Summary> = {};
const failures: string[] = [];

/** Every text file under the data folder (lake, vault, work), except DynamoDB Local's database. */
function filesUnder(dir: string): { file: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && !f.includes(`${join('dynamodb')}`))
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

/** Every item of every table, as JSON. */
async function tableItems(): Promise<string[]> {
  const names = (await dynamo.send(new ListTablesCommand({}))).TableNames ?? [];
  const out: string[] = [];
  for (const TableName of names) {
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      const page = await dynamo.send(new ScanCommand({ TableName, ExclusiveStartKey, ConsistentRead: true }));
      for (const item of page.Items ?? []) out.push(`${TableName} ${JSON.stringify(unmarshall(item))}`);
      ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
    } while (ExclusiveStartKey);
  }
  return out;
}

/** Where a word is still found, store by store. */
async function storesHolding(word: string): Promise<string[]> {
  const found: string[] = [];
  for (const { file, text } of filesUnder(dataDir))
    if (text.includes(word)) found.push(file.slice(dataDir.length + 1));
  for (const item of await tableItems()) if (item.includes(word)) found.push(`table ${item.split(' ')[0]}`);
  const { improvement } = lex.storedUtterances();
  if (improvement.some((u) => u.text.includes(word))) found.push('lex improvement copy');
  if (output.some((line) => line.includes(word))) found.push('logs');
  return found;
}

const SCENARIOS = [
  {
    key: 'declined-en',
    locale: 'en-US',
    caller: '+15550141',
    steps: [
      { press: '2' },
      { say: 'tell me about the quokkaphone please' },
      { say: 'how much is the smart plug, quokkaphone' },
      { say: 'goodbye' },
    ],
  },
  {
    key: 'declined-zh',
    locale: 'zh-CN',
    caller: '+8613900139041',
    steps: [{ press: '2' }, { say: '请介绍一下袋鼠牌音箱' }, { say: '再见' }],
  },
  {
    key: 'withdrawn-en',
    locale: 'en-US',
    caller: '+15550142',
    steps: [
      { press: '1' },
      { say: 'what does the smart speaker cost, wombatron' },
      { say: 'stop recording' },
      { say: 'tell me about the numbatbox' },
      { say: 'goodbye' },
    ],
  },
  {
    key: 'withdrawn-zh',
    locale: 'zh-CN',
    caller: '+8613900139042',
    steps: [
      { press: '1' },
      { say: '智能音箱多少钱，考拉牌' },
      { press: '9' },
      { say: '请介绍一下鸭嘴兽牌音箱' },
      { say: '再见' },
    ],
  },
] as const;

beforeAll(async () => {
  const sim = await import('../../local/simulator');
  const scenario = await import('../../local/scenario');
  const lake = await import('../../local/lake');
  const { client, names } = await freshTables();
  dynamo = client;
  await sim.seedLocalData(client, names);
  dataDir = mkdtempSync(join(tmpdir(), 'phone-robot-not-kept-'));
  const simulator = sim.Simulator.create({
    config,
    dynamo: client,
    tables: names,
    store: new lake.LocalDataStore(dataDir, 'test'),
  });
  lex = simulator.bot as Lex;
  const restore = captureOutput(output);
  try {
    for (const s of SCENARIOS) {
      const result = await scenario.runScenario(
        simulator,
        config,
        scenario.scenarioSchema.parse({ name: s.key, locale: s.locale, caller: s.caller, steps: s.steps }),
      );
      failures.push(...result.failures.map((f) => `${s.key}: ${f}`));
      if (result.summary) calls[s.key] = result.summary;
    }
  } finally {
    restore();
    simulator.close();
  }
});
afterAll(() => {
  output.length = 0;
});

describe('a caller who declined: nothing of their words is kept', () => {
  it('ran the calls', () => {
    expect(failures).toEqual([]);
    expect(Object.keys(calls).sort()).toEqual(['declined-en', 'declined-zh', 'withdrawn-en', 'withdrawn-zh']);
  });

  it.each([
    ['declined-en', 'quokkaphone'],
    ['declined-zh', '袋鼠牌'],
  ])('%s: no file, table, Lex store or log line holds "%s"', async (key, word) => {
    expect(calls[key]?.consent).toBe('DECLINED');
    expect(await storesHolding(word)).toEqual([]);
  });

  it("keeps only Lex's 15-day statistics copy, which ages out as the notice says", () => {
    const { statistics } = lex.storedUtterances();
    expect(statistics.some((u) => u.text.includes('quokkaphone'))).toBe(true);
    const oldest = Math.min(...statistics.map((u) => Date.parse(u.at)));
    const later = lex.storedUtterances(new Date(oldest + 16 * 86_400_000));
    expect(later.statistics).toEqual([]);
  });

  it('asked Lex to delete the utterances of the declined sessions', () => {
    const { improvement } = lex.storedUtterances();
    for (const key of ['declined-en', 'declined-zh']) {
      expect(improvement.filter((u) => u.sessionId === calls[key]?.contactId)).toEqual([]);
    }
  });
});

describe('a caller who granted, then withdrew mid-call', () => {
  it.each(['withdrawn-en', 'withdrawn-zh'])('%s: the ledger shows the decision and the withdrawal', (key) => {
    expect(calls[key]).toMatchObject({ consent: 'GRANTED', withdrawn: true, recording: true });
  });

  it.each([
    ['withdrawn-en', 'numbatbox'],
    ['withdrawn-zh', '鸭嘴兽牌'],
  ])('%s: nothing said after the withdrawal is recorded or kept anywhere ("%s")', async (key, word) => {
    const summary = calls[key] as Summary;
    const from = summary.result.recording.stoppedAtLine ?? Number.POSITIVE_INFINITY;
    expect(summary.result.transcript.slice(from).filter((l) => l.recorded)).toEqual([]);
    expect(await storesHolding(word)).toEqual([]);
  });

  it.each([
    ['withdrawn-en', 'wombatron'],
    ['withdrawn-zh', '考拉牌'],
  ])(
    '%s: what was said before is never transcribed, and its recording is deleted from staging, never vaulted ("%s")',
    async (key, word) => {
      const summary = calls[key] as Summary;
      expect(await storesHolding(word)).toEqual([]);
      expect(filesUnder(join(dataDir, 'vault')).filter((f) => f.file.includes(summary.contactId))).toEqual(
        [],
      );
      expect(filesUnder(join(dataDir, 'staging')).filter((f) => f.file.includes(summary.contactId))).toEqual(
        [],
      );
      const transcripts = filesUnder(join(dataDir, 'lake', 'transcripts')).filter((f) =>
        f.file.includes(summary.contactId),
      );
      expect(transcripts).toEqual([]);
    },
  );
});
