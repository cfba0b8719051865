import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import { deliverySteps } from '../support/delivery';
import { freshTables, type LocalTables } from '../support/dynamo';

// Handlers log and emit metrics through Powertools singletons created at import: silence them first.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const config = parseConfig({});

/**
 * Withheld caller ID end to end in the simulator: the real consent and fulfillment handlers get
 * the Connect event a withheld call produces, serve the caller, and store no caller identity.
 */
describe('simulator with a withheld caller ID', () => {
  let m: {
    sim: typeof import('../../local/simulator');
    scenario: typeof import('../../local/scenario');
    lake: typeof import('../../local/lake');
  };
  let tables: LocalTables;
  let doc: DynamoDBDocumentClient;
  let simulator: import('../../local/simulator').Simulator;
  let dataDir: string;

  beforeAll(async () => {
    m = {
      sim: await import('../../local/simulator'),
      scenario: await import('../../local/scenario'),
      lake: await import('../../local/lake'),
    };
    tables = await freshTables();
    doc = DynamoDBDocumentClient.from(tables.client);
    await m.sim.seedLocalData(tables.client, tables.names);
    dataDir = mkdtempSync(join(tmpdir(), 'phone-robot-withheld-'));
    simulator = m.sim.Simulator.create({
      config,
      dynamo: tables.client,
      tables: tables.names,
      store: new m.lake.LocalDataStore(dataDir, 'test'),
    });
  });

  const order = (caller: string | null, contactId: string) =>
    m.scenario.runScenario(
      simulator,
      config,
      m.scenario.scenarioSchema.parse({
        name: `withheld ${contactId}`,
        locale: 'en-US',
        caller,
        steps: [
          { press: '1' },
          { say: 'I want to buy two smart plugs' },
          // No caller HMAC: no "this number" to agree to, so the caller says no to delivery calls.
          ...deliverySteps('en-US', 'no'),
          { expect: 'Shall I place the order' },
          { say: 'yes' },
          { expect: 'order number is' },
        ],
        outcome: { consent: 'GRANTED', ordersCreated: 1 },
      }),
    );

  it.each([
    [null, 'CustomerEndpoint null'],
    ['anonymous', 'Address "anonymous"'],
    ['+266696687', 'Address +266696687'],
  ])('records consent and an order without any caller HMAC for caller %j (%s)', async (caller, _how) => {
    // Prepare / Act
    const result = await order(caller, String(caller));
    // Assess
    expect(result.failures, result.heard.join('\n')).toEqual([]);
    const contactId = result.summary?.contactId as string;
    const consent = await doc.send(
      new GetCommand({
        TableName: tables.names.consentLedger,
        Key: { contactId, event: 'DECISION' },
        ConsistentRead: true,
      }),
    );
    expect(consent.Item).toMatchObject({ contactId, decision: 'GRANTED' });
    expect(consent.Item).not.toHaveProperty('callerHmac');
    const orders = await doc.send(
      new ScanCommand({
        TableName: tables.names.orders,
        FilterExpression: 'contactId = :c',
        ExpressionAttributeValues: { ':c': contactId },
        ConsistentRead: true,
      }),
    );
    expect(orders.Items).toHaveLength(1);
    expect(orders.Items?.[0]).not.toHaveProperty('callerHmac');
  });

  it('sends Connect the withheld endpoint and writes no caller HMAC to the local lake', async () => {
    // Prepare / Act
    const result = await order(null, 'lake');
    // Assess
    expect(result.failures).toEqual([]);
    const contactId = result.summary?.contactId as string;
    const lakeText = (dir: string): string =>
      readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
        .join('\n');
    const rows = lakeText(dataDir)
      .split('\n')
      .filter((line) => line.includes(contactId));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).not.toMatch(/"callerHmac":"[0-9a-f]{64}"/);
    const calls = result.summary?.result.lambdaCalls ?? [];
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.error).toBeUndefined();
      expect(call.event).toMatchObject({ Details: { ContactData: { CustomerEndpoint: null } } });
    }
    expect(calls[0]?.result).toMatchObject({ consent: 'GRANTED', callerHmac: '' });
  });
});
