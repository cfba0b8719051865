import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteUtterancesCommand, LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoConsentLedger } from '../../lambdas/aws/dynamo-consent-ledger';
import { DSAR_AUDIT_TABLE_SPEC, DynamoAuditLog, DynamoCallerRecords } from '../../lambdas/aws/dynamo-dsar';
import { DynamoCallTurns, DynamoTurnLog } from '../../lambdas/aws/dynamo-turn-log';
import { AwsLexUtterances } from '../../lambdas/aws/lex-utterances';
import type { LakeRecords } from '../../lambdas/contracts/lake';
import { ContactWords } from '../../lambdas/core/after-call/after-call';
import { pcm16Wav } from '../../lambdas/core/audio/wav';
import { callerHmac, StaticHmacKey } from '../../lambdas/core/caller-id';
import type { TurnLogItem } from '../../lambdas/core/dialog/turn-record';
import { DsarRequestError, DsarService } from '../../lambdas/core/dsar';
import { LocalVault, recordingKey } from '../../local/aws/vault';
import { FileAuditLog, LocalLake, LocalVaultRecordings } from '../../local/dsar-stores';
import { createTableInput } from '../../local/dynamo-local';
import { LocalDataStore } from '../../local/lake';
import { freshTables, type LocalTables } from '../support/dynamo';

/** Synthetic key and callers: +1 555 01xx numbers are reserved for fiction. */
const KEY = Buffer.from('dsar-test-only-synthetic-key', 'utf8');
const ALICE = '+15550142';
const BOB = '+15550143';
const hA = callerHmac(ALICE, KEY);
const hB = callerHmac(BOB, KEY);
const NOTICE_SHA = 'a'.repeat(64);
const CLOCK = () => new Date('2026-12-01T10:00:00.000Z');

let db: LocalTables;
let doc: DynamoDBDocumentClient;
let dataDir: string;
let auditPath: string;

const ctr = (contactId: string, hmac: string, recorded: boolean): LakeRecords['ctr'] => ({
  AWSContactTraceRecordFormatVersion: '2017-03-10',
  ContactId: contactId,
  InitialContactId: null,
  PreviousContactId: null,
  Channel: 'VOICE',
  InitiationMethod: 'INBOUND',
  InitiationTimestamp: '2026-11-30T09:00:00.000Z',
  ConnectedToSystemTimestamp: '2026-11-30T09:00:01.000Z',
  DisconnectTimestamp: '2026-11-30T09:03:00.000Z',
  LastUpdateTimestamp: '2026-11-30T09:03:00.000Z',
  DisconnectReason: 'CUSTOMER_DISCONNECT',
  InstanceARN: 'arn:aws:connect:us-east-1:111122223333:instance/test',
  CustomerEndpoint: { Type: 'TELEPHONE_NUMBER' },
  SystemEndpoint: { Type: 'TELEPHONE_NUMBER', Address: '+15550100' },
  Attributes: { consent: recorded ? 'GRANTED' : 'DECLINED', locale: 'en-US', callerHmac: hmac },
  Queue: null,
  Agent: null,
  Recording: recorded
    ? { Location: `vault/${contactId}.json`, Status: 'AVAILABLE', Type: 'AUDIO', DeletionReason: null }
    : null,
});

const transcript = (contactId: string, seq: number, content: string): LakeRecords['transcripts'] => ({
  contactId,
  locale: 'en-US',
  seq,
  participant: 'CUSTOMER',
  content,
  redactions: 0,
  timestamp: '2026-11-30T09:01:00.000Z',
});

const order = (orderId: string, hmac: string, contactId: string) => ({
  orderId,
  callerHmac: hmac,
  contactId,
  sku: 'SMART-PLUG',
  quantity: 2,
  currency: 'USD',
  unitPriceMinor: 1999,
  totalMinor: 3998,
  status: 'PAID',
  locale: 'en-US',
  createdAt: '2026-11-30T09:02:00.000Z',
  updatedAt: '2026-11-30T09:02:30.000Z',
  // Synthetic delivery details: each caller's own street, so a scan can tell them apart.
  delivery: {
    name: hmac === hA ? 'Alex Doe' : 'Jordan Sample',
    address: {
      country: 'US',
      street: hmac === hA ? '12 Oak Street' : '9 Cedar Lane',
      city: 'Springfield',
      state: 'IL',
      zip: '62704',
    },
    updates: { channel: 'CALLING_NUMBER', number: hmac === hA ? ALICE : '+15550143' },
    confirmed: true,
  },
});

/** A bot turn record of a contact, with the words when the caller had consented. */
const turnItem = (contactId: string, text: string | null): TurnLogItem => ({
  contactId,
  turn: `2026-11-30T09:01:00.000Z#req-${contactId}`,
  at: '2026-11-30T09:01:00.000Z',
  sessionId: contactId,
  localeId: 'en_US',
  locale: 'en-US',
  intent: 'PlaceOrder',
  source: 'DialogCodeHook',
  inputMode: 'Speech',
  consent: text === null ? 'DECLINED' : 'GRANTED',
  outcome: 'CONFIRM',
  slots: 'Product=FILLED;Quantity=FILLED',
  nluConfidence: 0.9,
  words: 7,
  characters: 28,
  text,
  redactions: 0,
  sensitive: null,
  expiresAt: 2e9,
});

/** Lex's stored utterances: the SDK mock (Lex has no local engine). */
const lex = mockClient(LexModelsV2Client);
const lexDeleted = () =>
  lex
    .commandCalls(DeleteUtterancesCommand)
    .map((c) => `${c.args[0].input.localeId} ${c.args[0].input.sessionId}`)
    .sort();

/** Two callers' data in every store: Alice's is requested, Bob's must stay untouched. */
async function seed(): Promise<void> {
  const ledger = new DynamoConsentLedger(db.client, db.names.consentLedger);
  const consent = (contactId: string, hmac: string, decision: 'GRANTED' | 'DECLINED') =>
    ledger.appendOnce({
      contactId,
      decision,
      noticeVersion: '2026-11-01',
      noticeSha256: NOTICE_SHA,
      locale: 'en-US',
      callerHmac: hmac,
      decidedAt: '2026-11-30T09:00:05.000Z',
      channel: 'VOICE',
    });
  await consent('c-alice-1', hA, 'GRANTED');
  await consent('c-alice-2', hA, 'DECLINED');
  await consent('c-bob-1', hB, 'GRANTED');
  const turns = new DynamoTurnLog(doc, db.names.turns);
  await turns.append(turnItem('c-alice-1', 'I want to buy the smart plug'));
  await turns.append(turnItem('c-alice-2', null));
  await turns.append(turnItem('c-bob-1', 'what does the speaker cost'));
  await doc.send(
    new PutCommand({
      TableName: db.names.orders,
      Item: {
        ...order('o-alice-1', hA, 'c-alice-1'),
        cardBrand: 'VISA',
        cardLast4: '1111',
        gatewayRef: 'sbx-1',
      },
    }),
  );
  await doc.send(new PutCommand({ TableName: db.names.orders, Item: order('o-bob-1', hB, 'c-bob-1') }));
  const idem = (key: string, result: object) =>
    doc.send(
      new PutCommand({
        TableName: db.names.idempotency,
        Item: { key, kind: 'PlaceOrder', result, expiresAt: 2e9 },
      }),
    );
  await idem('place#c-alice-1#t1', order('o-alice-1', hA, 'c-alice-1'));
  await idem('pay#o-alice-1#c-alice-1', { status: 'APPROVED' });
  await idem('place#c-bob-1#t1', order('o-bob-1', hB, 'c-bob-1'));
  // Product-link texts each caller agreed to (as the code hook records them).
  const agreed = (contactId: string, sku: string, hmac: string) =>
    doc.send(
      new PutCommand({
        TableName: db.names.textMessages,
        Item: {
          contactId,
          sku,
          callerHmac: hmac,
          locale: 'en-US',
          offer:
            'Shall I send one text message with a link to the Smart plug to the number you are calling from?',
          agreedAt: '2026-11-30T09:01:00.000Z',
          outcome: 'SENT',
          messageId: 'msg-1',
          expiresAt: 2e9,
        },
      }),
    );
  await agreed('c-alice-3', 'PL-100', hA);
  await agreed('c-bob-1', 'PL-100', hB);

  const store = new LocalDataStore(dataDir, 'seed');
  store.append('ctr', [ctr('c-alice-1', hA, true), ctr('c-alice-3', hA, false), ctr('c-bob-1', hB, true)]);
  store.append('transcripts', [
    transcript('c-alice-1', 0, 'I want to buy the smart plug'),
    transcript('c-bob-1', 0, 'what does the speaker cost'),
  ]);
  store.append('orders', [
    {
      ...order('o-alice-1', hA, 'c-alice-1'),
      eventName: 'INSERT',
      eventTimestamp: '2026-11-30T09:02:00.000Z',
    },
    { ...order('o-bob-1', hB, 'c-bob-1'), eventName: 'INSERT', eventTimestamp: '2026-11-30T09:02:00.000Z' },
  ] as LakeRecords['orders'][]);
  store.append('consents', [
    {
      eventName: 'INSERT',
      eventTimestamp: '2026-11-30T09:00:05.000Z',
      contactId: 'c-alice-1',
      event: 'DECISION',
      decision: 'GRANTED',
      noticeVersion: '2026-11-01',
      noticeSha256: NOTICE_SHA,
      locale: 'en-US',
      callerHmac: hA,
      decidedAt: '2026-11-30T09:00:05.000Z',
      withdrawnAt: null,
      withdrawnVia: null,
      channel: 'VOICE',
    },
  ]);
  // The redacted recordings the pipeline wrote into the vault (audio; the lock's date beside each).
  const vault = new LocalVault(join(dataDir, 'vault'), 365, () => new Date('2026-11-30T09:03:00.000Z'));
  for (const contactId of ['c-alice-1', 'c-bob-1']) {
    await vault.putOnce(
      recordingKey('recordings/', contactId, '2026-11-30T09:00:06.000Z'),
      pcm16Wav([new Int16Array(800)], 8000),
    );
  }
}

function service(overrides: Partial<ConstructorParameters<typeof DsarService>[0]> = {}) {
  return new DsarService({
    hmacKey: new StaticHmacKey(KEY),
    records: new DynamoCallerRecords(db.client, db.names),
    words: new ContactWords({
      turns: new DynamoCallTurns(doc, db.names.turns),
      utterances: new AwsLexUtterances(new LexModelsV2Client({ region: 'us-east-1' }), 'BOTID00001'),
      localeIds: ['en_US'],
    }),
    ledger: new DynamoConsentLedger(db.client, db.names.consentLedger),
    lake: new LocalLake(dataDir),
    recordings: new LocalVaultRecordings(dataDir),
    audit: new FileAuditLog(auditPath),
    operator: 'privacy-officer',
    clock: CLOCK,
    ...overrides,
  });
}

const scanAll = async (table: string) =>
  (await doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];
const lakeText = (table: string) =>
  readdirSync(join(dataDir, 'lake', table), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => readFileSync(join(dataDir, 'lake', table, f), 'utf8'))
    .join('');
const auditRecords = () =>
  readFileSync(auditPath, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

beforeEach(async () => {
  db = await freshTables();
  doc = DynamoDBDocumentClient.from(db.client, { marshallOptions: { removeUndefinedValues: true } });
  lex.reset();
  lex.on(DeleteUtterancesCommand).resolves({});
  dataDir = mkdtempSync(join(tmpdir(), 'phone-robot-dsar-'));
  auditPath = join(dataDir, 'dsar', 'audit.jsonl');
  await seed();
});

describe('DSAR export on DynamoDB Local and the local lake', () => {
  it('exports consents, orders, transcripts and recording references of the caller only', async () => {
    // Act
    const result = await service().export(ALICE);
    // Assess
    expect(result.subject.callerHmac).toBe(hA);
    expect(result.subject.contactIds).toEqual(['c-alice-1', 'c-alice-2', 'c-alice-3']);
    expect(result.consents.map((c) => [c.contactId, c.decision])).toEqual([
      ['c-alice-1', 'GRANTED'],
      ['c-alice-2', 'DECLINED'],
    ]);
    expect(result.orders.map((o) => o.orderId)).toEqual(['o-alice-1']);
    // The delivery details are the caller's data: exported with the order.
    expect(result.orders[0]).toMatchObject({
      delivery: { name: 'Alex Doe', address: { street: '12 Oak Street' } },
    });
    expect(result.transientRecords.map((r) => r.key).sort()).toEqual([
      'pay#o-alice-1#c-alice-1',
      'place#c-alice-1#t1',
    ]);
    const transcripts = result.lake.filter((f) => f.table === 'transcripts').flatMap((f) => f.rows);
    expect(transcripts.map((r) => r.content)).toEqual(['I want to buy the smart plug']);
    expect(result.recordings).toEqual([
      expect.objectContaining({
        contactId: 'c-alice-1',
        retainUntil: expect.stringMatching(/^2027-11-30/),
        storageOnly: true,
      }),
    ]);
    expect(JSON.stringify(result)).not.toContain(hB);
  });

  it('writes one audit record that does not name the caller', async () => {
    // Act
    const result = await service().export(ALICE);
    // Assess
    const [record, ...rest] = auditRecords();
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      requestId: result.requestId,
      kind: 'export',
      status: 'COMPLETED',
      operator: 'privacy-officer',
    });
    expect(record?.subjectRef).toBe(createHmac('sha256', result.requestId).update(hA).digest('hex'));
    expect(record?.summary).toMatchObject({ consents: 2, orders: 1, recordings: 1 });
    const text = readFileSync(auditPath, 'utf8');
    expect(text).not.toContain(hA);
    expect(text).not.toContain('5550142');
  });
});

describe('DSAR erase on DynamoDB Local and the local lake', () => {
  it('leaves no personal field of the caller outside the consent evidence and locked recordings', async () => {
    // Act
    const result = await service().erase(ALICE);
    // Assess: DynamoDB outside the ledger
    const aliceIds = [hA, 'c-alice-1', 'c-alice-2', 'c-alice-3'];
    for (const table of [db.names.orders, db.names.idempotency, db.names.catalog]) {
      const text = JSON.stringify(await scanAll(table));
      for (const id of [...aliceIds, 'Oak Street', 'Alex Doe'])
        expect(text, `${id} in ${table}`).not.toContain(id);
    }
    const erased = (
      await doc.send(new GetCommand({ TableName: db.names.orders, Key: { orderId: 'o-alice-1' } }))
    ).Item;
    expect(erased).toEqual({
      ...order('o-alice-1', hA, 'c-alice-1'),
      callerHmac: undefined,
      contactId: undefined,
      // The address, the name and the number go with the erasure; the sale stays.
      delivery: undefined,
      erasedAt: '2026-12-01T10:00:00.000Z',
      erasureRequestId: result.requestId,
    });
    // Assess: the lake
    expect(lakeText('transcripts')).not.toContain('c-alice-1');
    for (const table of ['ctr', 'orders', 'consents', 'transcripts'])
      expect(lakeText(table)).not.toContain(hA);
    expect(result.erased.lake).toMatchObject({ rowsDeleted: 1, rowsMinimised: 4 });
    // Assess: what is kept, and why
    const ledger = await scanAll(db.names.consentLedger);
    expect(ledger.filter((i) => i.callerHmac === hA)).toHaveLength(2);
    expect(result.retained.consents.map((c) => c.contactId)).toEqual(['c-alice-1', 'c-alice-2']);
    expect(result.retained.recordings).toEqual([
      expect.objectContaining({
        contactId: 'c-alice-1',
        storageOnly: true,
        retainUntil: expect.stringMatching(/^2027-11-30/),
      }),
    ]);
    expect(existsSync(result.retained.recordings[0]?.location ?? '')).toBe(true);
  });

  it("keeps every other caller's data intact", async () => {
    // Prepare
    const before = { orders: await scanAll(db.names.orders), lake: lakeText('transcripts') };
    // Act
    await service().erase(ALICE);
    // Assess
    const bobOrder = (items: Record<string, unknown>[]) => items.find((i) => i.orderId === 'o-bob-1');
    expect(bobOrder(await scanAll(db.names.orders))).toEqual(bobOrder(before.orders));
    expect(lakeText('transcripts')).toContain('what does the speaker cost');
    expect(JSON.stringify(await scanAll(db.names.idempotency))).toContain(hB);
    expect((await service().export(BOB)).orders).toHaveLength(1);
  });

  it('finds nothing left to erase on a second request, and audits both', async () => {
    // Act
    await service().erase(ALICE);
    const again = await service().erase(ALICE);
    // Assess
    expect(again.erased.orders).toEqual([]);
    expect(again.erased.transientRecords).toBe(0);
    expect(again.erased.lake.rowsDeleted).toBe(0);
    expect(auditRecords().map((r) => [r.kind, r.status])).toEqual([
      ['erase', 'COMPLETED'],
      ['erase', 'COMPLETED'],
    ]);
  });

  it('writes the audit record to a DynamoDB table with the proposed key schema', async () => {
    // Prepare
    const table = `${db.names.orders}-dsar-audit`;
    await db.client.send(new CreateTableCommand(createTableInput(DSAR_AUDIT_TABLE_SPEC, table)));
    // Act
    const result = await service({ audit: new DynamoAuditLog(db.client, table) }).erase(ALICE);
    // Assess
    const item = (await doc.send(new GetCommand({ TableName: table, Key: { requestId: result.requestId } })))
      .Item;
    expect(item).toMatchObject({ kind: 'erase', status: 'COMPLETED', summary: { ordersErased: 1 } });
  });

  it('rejects a number that is not E.164 and writes nothing', async () => {
    await expect(service().erase('0555 0142')).rejects.toBeInstanceOf(DsarRequestError);
    expect(existsSync(auditPath)).toBe(false);
  });

  it('fails loudly and audits the failure when a store is unreachable', async () => {
    // Prepare
    const records = new DynamoCallerRecords(db.client, { ...db.names, orders: 'no-such-table' });
    // Act / Assess
    await expect(service({ records }).erase(ALICE)).rejects.toThrow();
    expect(auditRecords()).toEqual([expect.objectContaining({ kind: 'erase', status: 'FAILED' })]);
  });
});

describe('DSAR and product-link text agreements', () => {
  it("exports the caller's agreements (their contacts join the subject) and erasure keeps the evidence without the HMAC", async () => {
    const exported = await service().export(ALICE);
    expect(exported.textAgreements.map((a) => [a.contactId, a.sku, a.outcome])).toEqual([
      ['c-alice-3', 'PL-100', 'SENT'],
    ]);
    expect(exported.subject.contactIds).toContain('c-alice-3');
    const erased = await service().erase(ALICE);
    expect(erased.retained.textAgreements).toEqual([
      { contactId: 'c-alice-3', sku: 'PL-100', basis: expect.stringMatching(/without the caller's HMAC/) },
    ]);
    expect(auditRecords().at(-1)?.summary).toMatchObject({ textAgreementsMinimised: 1 });
    const items = await scanAll(db.names.textMessages);
    const alice = items.find((i) => i.contactId === 'c-alice-3');
    expect(alice).toMatchObject({ sku: 'PL-100', outcome: 'SENT', erasureRequestId: erased.requestId });
    expect(alice?.callerHmac).toBeUndefined();
    // The other caller's agreement is untouched, and the erased one is no longer found.
    expect(items.find((i) => i.contactId === 'c-bob-1')?.callerHmac).toBe(hB);
    expect((await service().export(ALICE)).textAgreements).toEqual([]);
  });

  it('an agreement that expired between the scan and the erasure is no failure, and is not re-created', async () => {
    const records = new DynamoCallerRecords(db.client, db.names);
    const gone = { contactId: 'c-expired', sku: 'PL-100' };
    await expect(
      records.eraseTextAgreement(gone, hA, { requestId: 'r-1', at: CLOCK().toISOString() }),
    ).resolves.toBeUndefined();
    expect((await scanAll(db.names.textMessages)).some((i) => i.contactId === 'c-expired')).toBe(false);
  });
});

describe('DSAR withdraw (consent withdrawn after the call) on DynamoDB Local and the local lake', () => {
  it('appends WITHDRAWN next to each GRANTED decision of the caller, keeping the decisions as they were', async () => {
    // Act
    const result = await service().withdraw({ phone: ALICE });
    // Assess
    expect(result).toMatchObject({
      withdrawn: ['c-alice-1'],
      alreadyWithdrawn: [],
      notGranted: ['c-alice-2'],
    });
    const ledger = (await scanAll(db.names.consentLedger)).filter((i) =>
      String(i.contactId).startsWith('c-alice'),
    );
    expect(ledger.map((i) => `${i.contactId} ${i.event} ${i.decision ?? i.via}`).sort()).toEqual([
      'c-alice-1 DECISION GRANTED',
      'c-alice-1 WITHDRAWN STAFF',
      'c-alice-2 DECISION DECLINED',
    ]);
    expect(ledger.find((i) => i.event === 'WITHDRAWN')?.requestId).toBe(result.requestId);
  });

  it("removes the caller's transcripts and words (lake, turns table, Lex) and keeps counts and other callers", async () => {
    // Act
    const result = await service().withdraw({ phone: ALICE });
    // Assess
    expect(lakeText('transcripts')).not.toContain('smart plug');
    expect(lakeText('transcripts')).toContain('what does the speaker cost');
    const turns = await scanAll(db.names.turns);
    expect(turns.map((t) => [t.contactId, t.text]).sort()).toEqual([
      ['c-alice-1', null],
      ['c-alice-2', null],
      ['c-bob-1', 'what does the speaker cost'],
    ]);
    expect(turns.find((t) => t.contactId === 'c-alice-1')).toMatchObject({ words: 7, outcome: 'CONFIRM' });
    expect(lexDeleted()).toEqual(['en_US c-alice-1', 'en_US c-alice-2']);
    expect(result.removed).toMatchObject({ lexSessions: 2, turnTexts: 1, lake: { rowsDeleted: 1 } });
  });

  it('keeps the locked recording, says until when, and the transcription pipeline will refuse it', async () => {
    const result = await service().withdraw({ phone: ALICE });
    expect(result.retained.recordings).toEqual([
      expect.objectContaining({
        contactId: 'c-alice-1',
        retainUntil: expect.stringMatching(/^2027-11-30/),
        storageOnly: true,
      }),
    ]);
    const history = await new DynamoConsentLedger(db.client, db.names.consentLedger).history('c-alice-1');
    expect(history.withdrawal?.via).toBe('STAFF');
  });

  it('withdraws one contact by its id, and a repeat finds it already withdrawn', async () => {
    const first = await service().withdraw({ contactId: 'c-alice-1' });
    const again = await service().withdraw({ contactId: 'c-alice-1' });
    expect(first.withdrawn).toEqual(['c-alice-1']);
    expect(again).toMatchObject({ withdrawn: [], alreadyWithdrawn: ['c-alice-1'] });
    expect(auditRecords().map((r) => [r.kind, r.status])).toEqual([
      ['withdraw', 'COMPLETED'],
      ['withdraw', 'COMPLETED'],
    ]);
  });

  it('rejects a contact id that is no contact id and withdraws nothing', async () => {
    await expect(service().withdraw({ contactId: 'c-1; DROP' })).rejects.toBeInstanceOf(DsarRequestError);
    const ledger = await scanAll(db.names.consentLedger);
    expect(ledger.filter((i) => i.event === 'WITHDRAWN')).toEqual([]);
  });
});

describe('DSAR erase reaches what the caller said to the bot', () => {
  it("deletes the caller's turn records and Lex's stored utterances of their sessions", async () => {
    const result = await service().erase(ALICE);
    const turns = await scanAll(db.names.turns);
    expect(turns.map((t) => t.contactId)).toEqual(['c-bob-1']);
    expect(lexDeleted()).toEqual(['en_US c-alice-1', 'en_US c-alice-2', 'en_US c-alice-3']);
    expect(result.erased).toMatchObject({ turns: 2, lexSessions: 3 });
  });
});
