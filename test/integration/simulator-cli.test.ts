import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliOptions } from '../../local/cli';

// Handlers log and emit metrics through Powertools singletons created at import: silence them first.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

/** A scenario that places an order for its caller: a second run in the same data meets a returning caller. */
const SCENARIO = new URL('../scenarios/cancel-en.json', import.meta.url).pathname;

let runSimulator: typeof import('../../local/cli').runSimulator;

beforeAll(async () => {
  ({ runSimulator } = await import('../../local/cli'));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe('npm start -- --scenario (runSimulator with its own DynamoDB Local in the data folder)', () => {
  it('passes again on a second run only because the run empties its data folder first', async () => {
    // Prepare
    const data = join(mkdtempSync(join(tmpdir(), 'phone-robot-cli-')), 'scenarios');
    const options = (freshData: boolean): CliOptions => ({
      scenario: SCENARIO,
      data,
      freshData,
      caller: '+15550123',
      lex: 'local',
      botAliasArn: undefined,
      hoursOpen: true,
      queueAtCapacity: false,
      dynamoEndpoint: undefined,
      trace: false,
    });
    // Act
    const first = await runSimulator(options(true));
    const keptData = await runSimulator(options(false));
    const emptied = await runSimulator(options(true));
    // Assess: the kept database holds the first run's order, so the caller is asked about the last address.
    expect(first).toBe(0);
    expect(keptData).toBe(1);
    expect(emptied).toBe(0);
  }, 120_000);
});
