import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRecordingKey } from '../../lambdas/contracts/transcription';
import { parseWav } from '../../lambdas/core/audio/wav';
import { parseConfig } from '../../lib/config';
import { LocalVault } from '../../local/aws/vault';
import { LocalVaultRecordings } from '../../local/dsar-stores';
import { freshTables } from '../support/dynamo';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

/**
 * The offline runtime with `keepOriginalRecording`: the production redact handler writes the
 * redacted recording into the vault and the unredacted original into the originals vault, for
 * consenting callers only; the DSAR catalog lists both.
 */

const config = parseConfig({ keepOriginalRecording: 'true', originalRetentionDays: '30' });
const SCENARIO_DIR = new URL('../scenarios/', import.meta.url).pathname;
let dataDir: string;

const wavs = (folder: string): string[] =>
  existsSync(folder)
    ? (readdirSync(folder, { recursive: true }) as string[])
        .map((f) => f.replace(/\\/g, '/'))
        .filter((f) => f.endsWith('.wav'))
        .sort()
    : [];

beforeAll(async () => {
  const sim = await import('../../local/simulator');
  const scenario = await import('../../local/scenario');
  const lake = await import('../../local/lake');
  const { client, names } = await freshTables();
  await sim.seedLocalData(client, names);
  dataDir = mkdtempSync(join(tmpdir(), 'phone-robot-originals-'));
  const simulator = sim.Simulator.create({
    config,
    dynamo: client,
    tables: names,
    store: new lake.LocalDataStore(dataDir, 'test'),
  });
  try {
    for (const file of [
      'sensitive-digits-en.json',
      'withdraw-mid-call-en.json',
      'consent-declined-en.json',
    ]) {
      const path = join(SCENARIO_DIR, file);
      if (!existsSync(path)) throw new Error(`missing scenario ${file}`);
      const [loaded] = scenario.loadScenarios(path);
      if (!loaded) throw new Error(`cannot load ${file}`);
      const result = await scenario.runScenario(simulator, config, loaded.scenario);
      expect(result.failures, result.heard.join('\n')).toEqual([]);
    }
  } finally {
    simulator.close();
  }
});

describe('offline runtime with keepOriginalRecording', () => {
  it('keeps one original per redacted recording, under the same key, nothing else', () => {
    const redacted = wavs(join(dataDir, 'vault'));
    expect(redacted).toHaveLength(1);
    expect(wavs(join(dataDir, 'originals'))).toEqual(redacted);
    expect(wavs(join(dataDir, 'staging'))).toEqual([]);
  });

  it('keeps the spoken card number audible in the original only, both the same length', () => {
    const [key = ''] = wavs(join(dataDir, 'vault'));
    const redacted = parseWav(readFileSync(join(dataDir, 'vault', key)));
    const original = parseWav(readFileSync(join(dataDir, 'originals', key)));
    expect(original.data.length).toBe(redacted.data.length);
    const zeros = (data: Uint8Array) => data.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
    // The redacted copy has silenced spans (zero samples) the original does not.
    expect(zeros(redacted.data)).toBeGreaterThan(zeros(original.data) + 8000);
  });

  it('locks originals for originalRetentionDays', () => {
    const [key = ''] = wavs(join(dataDir, 'originals'));
    const until = new LocalVault(join(dataDir, 'originals'), 0).retainUntil(key);
    expect((Date.parse(until ?? '') - Date.now()) / 86_400_000).toBeCloseTo(30, 0);
  });

  it('lists the original beside the redacted recording in a data-subject report', async () => {
    const [key = ''] = wavs(join(dataDir, 'vault'));
    const contactId = parseRecordingKey(key)?.contactId ?? '';
    const found = await new LocalVaultRecordings(dataDir).find(new Set([contactId]));
    expect(found.map((r) => r.location.replace(/\\/g, '/').split('/').includes('originals'))).toEqual([
      false,
      true,
    ]);
  });
});
