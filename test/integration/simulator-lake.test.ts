import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerHmac } from '../../lambdas/core/caller-id';
import { parseConfig } from '../../lib/config';
import { deliverySteps } from '../support/delivery';
import { freshTables } from '../support/dynamo';

// The simulator never invents what production does not produce: every lake row of a call comes
// out of a production handler (CTR transformation, lake feed, transcript redaction), and every
// CTR attribute comes from the rendered flow.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const config = parseConfig({});
const CALLER = '+15550131';

type Row = Record<string, any>;
let dataDir: string;
let summary: import('../../local/simulator').CallSummary | undefined;
let hmacKey: Buffer;

const rows = (table: string): Row[] => {
  const dir = join(dataDir, 'lake', table);
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
    .map((line) => JSON.parse(line) as Row);
};

beforeAll(async () => {
  const sim = await import('../../local/simulator');
  const scenario = await import('../../local/scenario');
  const lake = await import('../../local/lake');
  hmacKey = sim.LOCAL_HMAC_KEY;
  const { client, names } = await freshTables();
  await sim.seedLocalData(client, names);
  dataDir = mkdtempSync(join(tmpdir(), 'phone-robot-sim-lake-'));
  const simulator = sim.Simulator.create({
    config,
    dynamo: client,
    tables: names,
    store: new lake.LocalDataStore(dataDir, 'test'),
  });
  const result = await scenario.runScenario(
    simulator,
    config,
    scenario.scenarioSchema.parse({
      name: 'order, ask, goodbye',
      locale: 'en-US',
      caller: CALLER,
      steps: [
        { press: '1' },
        { say: 'how much is the smart plug' },
        { say: 'I want to buy two smart plugs' },
        ...deliverySteps('en-US'),
        { expect: 'Shall I place the order' },
        { say: 'yes' },
        { expect: 'order number is' },
        { say: 'goodbye' },
      ],
      outcome: { consent: 'GRANTED', recording: true, ordersCreated: 1 },
    }),
  );
  expect(result.failures, result.heard.join('\n')).toEqual([]);
  summary = result.summary;
  simulator.close();
});

describe('the local lake of one call, through the production pipeline', () => {
  it('holds the intents the bot handled, copied into the contact record by the flow', () => {
    // Assess: the flow's bot exit ran, and the CTR carries what the code hook recorded.
    expect(summary?.path).toContain('bot-exit-goodbye-en-US');
    const [ctr] = rows('ctr').filter((r) => r.ContactId === summary?.contactId);
    expect(ctr?.Attributes.intents).toBe('ProductPrice,PlaceOrder,Goodbye');
    expect(ctr?.Attributes.intents).toBe(summary?.result.attributes.intents);
  });

  it('maps the CTR with the production transformation: the number becomes its HMAC', () => {
    const [ctr] = rows('ctr').filter((r) => r.ContactId === summary?.contactId);
    expect(ctr?.CustomerEndpoint).toEqual({ Type: 'TELEPHONE_NUMBER' });
    expect(ctr?.Attributes.callerHmac).toBe(callerHmac(CALLER, hmacKey));
    expect(JSON.stringify(ctr)).not.toContain(CALLER.slice(1));
    expect(ctr?.Recording?.Location).toMatch(/CallRecordings|recordings\//);
  });

  it('feeds orders and consents from the table streams, every change once', () => {
    const orders = rows('orders').filter((r) => r.contactId === summary?.contactId);
    expect(orders.map((o) => o.eventName)).toEqual(['INSERT']);
    const consents = rows('consents').filter((r) => r.contactId === summary?.contactId);
    expect(consents).toEqual([expect.objectContaining({ eventName: 'INSERT', decision: 'GRANTED' })]);
  });

  it('writes the redacted transcript of the recorded call and deletes the raw output', () => {
    const lines = rows('transcripts').filter((r) => r.contactId === summary?.contactId);
    expect(lines.some((l) => l.participant === 'CUSTOMER' && /smart plugs/.test(l.content))).toBe(true);
    expect(lines.some((l) => l.participant === 'SYSTEM')).toBe(true);
    const work = join(dataDir, 'transcribe-work');
    const raw = (readdirSync(work, { recursive: true }) as string[]).filter((f) => f.endsWith('.json'));
    expect(raw).toEqual([]);
  });
});
