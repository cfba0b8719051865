import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAKE_SCHEMAS, type LakeTable, PART_FILE_PATTERN } from '../../lambdas/contracts/lake';
import { parseRecordingKey } from '../../lambdas/contracts/transcription';
import { parseWav } from '../../lambdas/core/audio/wav';
import { parseConfig } from '../../lib/config';
import { LocalVault } from '../../local/aws/vault';
import { freshTables } from '../support/dynamo';

// Handlers log and emit metrics through Powertools singletons created at import: silence them first.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const config = parseConfig({});
const SCENARIO_DIR = new URL('../scenarios/', import.meta.url).pathname;

type Modules = {
  sim: typeof import('../../local/simulator');
  scenario: typeof import('../../local/scenario');
  lake: typeof import('../../local/lake');
};
let m: Modules;
let simulator: import('../../local/simulator').Simulator;
let dataDir: string;

beforeAll(async () => {
  m = {
    sim: await import('../../local/simulator'),
    scenario: await import('../../local/scenario'),
    lake: await import('../../local/lake'),
  };
  const { client, names } = await freshTables();
  await m.sim.seedLocalData(client, names);
  dataDir = mkdtempSync(join(tmpdir(), 'phone-robot-sim-'));
  simulator = m.sim.Simulator.create({
    config,
    dynamo: client,
    tables: names,
    store: new m.lake.LocalDataStore(dataDir, 'test'),
  });
});

const scenarioFiles = readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('scenario suite (test/scenarios) on DynamoDB Local', () => {
  it('covers at least 20 scenarios', () => {
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(20);
  });

  it.each(scenarioFiles)('%s', async (file) => {
    // Prepare
    const [loaded] = m.scenario.loadScenarios(join(SCENARIO_DIR, file));
    if (!loaded) throw new Error(`cannot load ${file}`);
    const { scenario } = loaded;
    // Act
    const result = await m.scenario.runScenario(simulator, config, scenario);
    // Assess
    expect(result.failures, result.heard.join('\n')).toEqual([]);
  });
});

describe('scenario runner', () => {
  it('fails a scenario whose expectation does not match, naming what the robot said', async () => {
    // Prepare
    const scenario = m.scenario.scenarioSchema.parse({
      name: 'wrong expectation',
      locale: 'en-US',
      caller: '+15550190',
      steps: [{ press: '1' }, { expect: 'this sentence is never said' }, { hangup: true }],
      outcome: { consent: 'DECLINED' },
    });
    // Act
    const result = await m.scenario.runScenario(simulator, config, scenario);
    // Assess
    expect(result.passed).toBe(false);
    expect(result.failures.join('\n')).toMatch(/expected \/this sentence is never said\/i.*will be recorded/);
    expect(result.failures.join('\n')).toMatch(/outcome.consent: expected "DECLINED", got "GRANTED"/);
  });

  it('fails a scenario that uses a value no expect captured, or a capture without a group', async () => {
    // Prepare
    const scenario = m.scenario.scenarioSchema.parse({
      name: 'bad captures',
      locale: 'en-US',
      caller: '+15550192',
      steps: [
        { press: '2' },
        { expect: 'How can I help', capture: 'greeting' },
        { say: 'status of order {{orderNumber}}' },
        { say: 'goodbye' },
      ],
    });
    // Act
    const result = await m.scenario.runScenario(simulator, config, scenario);
    // Assess
    expect(result.failures).toEqual([
      'step 3: capture greeting needs a group (...) in the expect pattern',
      'step 4: {{orderNumber}} was never captured by an earlier expect',
    ]);
  });

  it('rejects speech at a keypad prompt', async () => {
    // Prepare
    const scenario = m.scenario.scenarioSchema.parse({
      name: 'speech at keypad',
      locale: 'en-US',
      caller: '+15550191',
      steps: [{ say: 'yes I agree' }],
    });
    // Act
    const result = await m.scenario.runScenario(simulator, config, scenario);
    // Assess
    expect(result.failures.join('\n')).toMatch(/waits for keypad input at consent-ask-1-en-US/);
  });
});

describe('payment in the simulator', () => {
  it('suspends the recording for the card, resumes it after, and never holds the card digits', async () => {
    // Prepare
    const [loaded] = m.scenario.loadScenarios(join(SCENARIO_DIR, 'pay-order-en.json'));
    if (!loaded) throw new Error('cannot load pay-order-en.json');
    const charges = simulator.gateway.charges.length;
    // Act
    // A caller of its own: the suite's pay-order-en.json caller is a returning caller by now.
    const result = await m.scenario.runScenario(simulator, config, {
      ...loaded.scenario,
      caller: '+15550118',
    });
    // Assess
    expect(result.failures).toEqual([]);
    const summary = result.summary;
    if (!summary) throw new Error('no summary');
    expect(summary.recordingHistory.map((h) => h.split(': ')[1])).toEqual([
      'ivr=off participants=[]',
      'ivr=on participants=[Agent,Customer]',
      'suspended',
      'resumed',
    ]);
    const lines = summary.result.transcript;
    const cardPrompt = lines.findIndex((l) => /card number/.test(l.text));
    const approved = lines.findIndex((l) => /payment was approved/.test(l.text));
    expect(cardPrompt).toBeGreaterThan(0);
    // Everything from the card prompt to the resume is outside the recording; the result is in it.
    expect(lines.slice(cardPrompt, approved).every((l) => !l.recorded)).toBe(true);
    expect(lines[approved]?.recorded).toBe(true);
    expect(JSON.stringify(summary.result)).not.toMatch(/4111111111111111|411111/);
    expect(simulator.gateway.charges.slice(charges).map((c) => [c.brand, c.last4])).toEqual([
      ['VISA', '1111'],
    ]);
  });
});

describe('local artifacts', () => {
  it('writes lake rows that match the layout and hold no raw caller number', () => {
    // Prepare
    const lake = join(dataDir, 'lake');
    const files = (readdirSync(lake, { recursive: true }) as string[]).filter((f) => f.endsWith('.jsonl'));
    // Act
    const tables = new Set(files.map((f) => f.split(/[\\/]/)[0]));
    const text = files.map((f) => readFileSync(join(lake, f), 'utf8')).join('');
    // Assess
    expect([...tables].sort()).toEqual(['consents', 'ctr', 'orders', 'transcripts', 'turns']);
    for (const f of files) {
      expect(f.replace(/\\/g, '/')).toMatch(PART_FILE_PATTERN);
      const table = f.split(/[\\/]/)[0] as LakeTable;
      for (const line of readFileSync(join(lake, f), 'utf8').trim().split('\n')) {
        expect(LAKE_SCHEMAS[table].safeParse(JSON.parse(line)).success).toBe(true);
      }
    }
    // Scenario callers use +1 555 0101..0119 and +86 138 0013 800x; the dialled number +15550100 is not personal data.
    expect(text).not.toMatch(/155501(?:0[1-9]|1\d)|13800138/);
    // Card numbers keyed in the payment scenarios appear nowhere (neither in the lake nor in the vault).
    const vault = join(dataDir, 'vault');
    const vaultText = (readdirSync(vault, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.wav') || f.endsWith('.json'))
      .map((f) => readFileSync(join(vault, f), 'utf8'))
      .join('');
    expect(text + vaultText).not.toMatch(/4111111111111111|4000000000000002|\b1230\b/);
  });

  it('stores a vault recording only for consented calls, with the configured retention', () => {
    // Prepare
    const vault = join(dataDir, 'vault');
    const consents = (readdirSync(join(dataDir, 'lake', 'consents'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) =>
        readFileSync(join(dataDir, 'lake', 'consents', f), 'utf8')
          .trim()
          .split('\n'),
      )
      .map((line) => JSON.parse(line) as { contactId: string; decision?: string; event?: string });
    const granted = new Set(consents.filter((c) => c.decision === 'GRANTED').map((c) => c.contactId));
    // A caller who withdrew during the call was told the recording is deleted, never kept.
    const withdrawn = new Set(consents.filter((c) => c.event === 'WITHDRAWN').map((c) => c.contactId));
    expect(withdrawn.size).toBeGreaterThan(0);
    // Act
    const files = (readdirSync(vault, { recursive: true }) as string[]).map((f) => f.replace(/\\/g, '/'));
    const recordings = files.filter((f) => f.endsWith('.wav'));
    // Assess
    expect(recordings.length).toBeGreaterThan(0);
    const local = new LocalVault(vault, config.retentionDays);
    for (const key of recordings) {
      // A redacted stereo 8 kHz WAV under Connect's key, locked for the configured retention.
      const contactId = parseRecordingKey(key)?.contactId ?? '';
      expect(granted.has(contactId)).toBe(true);
      expect(withdrawn.has(contactId), `withdrawn contact ${contactId} has a vault recording`).toBe(false);
      const wav = parseWav(new Uint8Array(readFileSync(join(vault, key))));
      expect(wav).toMatchObject({ encoding: 'PCM16', channels: 2, sampleRate: 8000 });
      const until = local.retainUntil(key);
      expect(until).toBeDefined();
      const days = (Date.parse(until ?? '') - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(config.retentionDays - 1);
      expect(days).toBeLessThanOrEqual(config.retentionDays);
    }
    // Nothing is left in staging: every original was redacted into the vault or deleted.
    const staging = join(dataDir, 'staging');
    const staged = existsSync(staging) ? (readdirSync(staging, { recursive: true }) as string[]) : [];
    expect(staged.filter((f) => f.endsWith('.wav'))).toEqual([]);
  });
});
