import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteUtterancesCommand, LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../support/capture-output';
import { freshTables } from '../support/dynamo';

vi.hoisted(() => {
  // This file reads what the handlers log (vitest.config.ts silences logs elsewhere).
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const { createHandler } = await import('../../lambdas/after-call/handler');
const { DynamoConsentLedger, DynamoConsentLookup } = await import('../../lambdas/aws/dynamo-consent-ledger');
const { DynamoCallTurns, DynamoTurnLog } = await import('../../lambdas/aws/dynamo-turn-log');
const { AwsLexUtterances } = await import('../../lambdas/aws/lex-utterances');
const { FolderObjectStore } = await import('../../local/aws/folder-store');
type TurnLogItem = import('../../lambdas/core/dialog/turn-record').TurnLogItem;

/**
 * The after-call function (COMPLIANCE C15) over the real ledger and turns tables (DynamoDB Local),
 * Amazon Lex's DeleteUtterances through the AWS adapter (SDK mock: Lex has no local engine) and a
 * folder standing in for the lake bucket.
 */

const CONTEXT = { functionName: 'after-call', awsRequestId: 'test' } as Context;
const BOT_ID = 'BOTID00001';
const SAID = 'please tell me about the quokka speaker';
const lex = mockClient(LexModelsV2Client);
let ledger: InstanceType<typeof DynamoConsentLedger>;
let ledgerTable: string;
let doc: DynamoDBDocumentClient;
let turnsTable: string;
let lakeDir: string;
let seq = 0;
const output: string[] = [];
let restore: () => void = () => undefined;

const contactId = () => `0a0b0c0d-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
const decide = (id: string, decision: 'GRANTED' | 'DECLINED') =>
  ledger.appendOnce({
    contactId: id,
    decision,
    noticeVersion: '2026-12-01',
    noticeSha256: 'c'.repeat(64),
    locale: 'en-US',
    decidedAt: '2026-12-01T09:00:00.000Z',
  });
const turn = (id: string, n: number, text: string | null, sessionId = id): TurnLogItem => ({
  contactId: id,
  turn: `2026-12-01T09:0${n}:00.000Z#req-${n}`,
  at: `2026-12-01T09:0${n}:00.000Z`,
  sessionId,
  localeId: 'en_US',
  locale: 'en-US',
  intent: 'ProductInfo',
  source: 'DialogCodeHook',
  inputMode: 'Speech',
  consent: text === null ? 'DECLINED' : 'GRANTED',
  outcome: 'ANSWERED',
  slots: 'Product=FILLED',
  nluConfidence: 0.9,
  words: 7,
  characters: SAID.length,
  text,
  redactions: 0,
  sensitive: null,
  expiresAt: 1_900_000_000,
});
const disconnected = (id: string, eventType = 'DISCONNECTED'): SQSEvent =>
  ({
    Records: [
      {
        messageId: `m-${id}`,
        body: JSON.stringify({
          source: 'aws.connect',
          'detail-type': 'Amazon Connect Contact Event',
          detail: { eventType, contactId: id, channel: 'VOICE' },
        }),
      },
    ],
  }) as unknown as SQSEvent;
const handler = () =>
  createHandler({
    consent: new DynamoConsentLookup(doc, ledgerTable),
    turns: new DynamoCallTurns(doc, turnsTable),
    utterances: new AwsLexUtterances(new LexModelsV2Client({ region: 'us-east-1' }), BOT_ID),
    lake: new FolderObjectStore(lakeDir),
    localeIds: ['en_US', 'zh_CN'],
  });
const lakeRows = (id: string): Record<string, unknown>[] => {
  const dir = join(lakeDir, 'turns');
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(`part-${id}.jsonl`))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
};
const deleted = () =>
  lex
    .commandCalls(DeleteUtterancesCommand)
    .map((c) => c.args[0].input)
    .map((i) => `${i.botId} ${i.localeId} ${i.sessionId}`)
    .sort();

beforeAll(async () => {
  const { client, names } = await freshTables();
  doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  ledger = new DynamoConsentLedger(client, names.consentLedger);
  ledgerTable = names.consentLedger;
  turnsTable = names.turns;
});
beforeEach(() => {
  lex.reset();
  lex.on(DeleteUtterancesCommand).resolves({});
  lakeDir = mkdtempSync(join(tmpdir(), 'phone-robot-after-call-'));
  output.length = 0;
  restore = captureOutput(output);
});
afterEach(() => restore());

describe('after a call', () => {
  it('deletes the Lex utterances of every session of a caller who declined (DeleteUtterances)', async () => {
    // Prepare: two turns, one in a session Lex named differently from the contact.
    const id = contactId();
    await decide(id, 'DECLINED');
    const log = new DynamoTurnLog(doc, turnsTable);
    await log.append(turn(id, 1, null));
    await log.append(turn(id, 2, null, 'other-session-1'));
    // Act
    const answer = await handler()(disconnected(id), CONTEXT);
    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(deleted()).toEqual([
      `${BOT_ID} en_US ${id}`,
      `${BOT_ID} en_US other-session-1`,
      `${BOT_ID} zh_CN ${id}`,
    ]);
    expect(lakeRows(id).map((r) => [r.intent, r.text])).toEqual([
      ['ProductInfo', null],
      ['ProductInfo', null],
    ]);
  });

  it('keeps Lex utterances and the redacted words of a caller who granted', async () => {
    const id = contactId();
    await decide(id, 'GRANTED');
    await new DynamoTurnLog(doc, turnsTable).append(turn(id, 1, SAID));
    await handler()(disconnected(id), CONTEXT);
    expect(deleted()).toEqual([]);
    expect(lakeRows(id).map((r) => r.text)).toEqual([SAID]);
  });

  it("deletes a granting caller's Lex utterances when they gave delivery details, and keeps their other words", async () => {
    // Prepare: a product question (words kept) and an order's address answer (no words in the record).
    const id = contactId();
    await decide(id, 'GRANTED');
    const log = new DynamoTurnLog(doc, turnsTable);
    await log.append(turn(id, 1, SAID));
    await log.append({
      ...turn(id, 2, null),
      consent: 'GRANTED',
      intent: 'PlaceOrder',
      outcome: 'ELICIT_SLOT',
      slots: 'DeliveryAddress=FILLED;Product=FILLED;Quantity=FILLED;RecipientName=FILLED;UpdatesPhone=EMPTY',
    });
    // Act
    await handler()(disconnected(id), CONTEXT);
    // Assess: Lex keeps no copy of the address; the lake keeps the product question's words.
    expect(deleted()).toEqual([`${BOT_ID} en_US ${id}`, `${BOT_ID} zh_CN ${id}`]);
    expect(lakeRows(id).map((r) => [r.intent, r.text])).toEqual([
      ['ProductInfo', SAID],
      ['PlaceOrder', null],
    ]);
  });

  it('removes the words a caller said before withdrawing, from the table and the lake, and deletes Lex utterances', async () => {
    // Prepare: the turn was stored with words while consent stood, then the caller withdrew.
    const id = contactId();
    await decide(id, 'GRANTED');
    await ledger.appendWithdrawal({
      contactId: id,
      withdrawnAt: '2026-12-01T09:05:00.000Z',
      via: 'CALLER',
      locale: 'en-US',
      noticeVersion: '2026-12-01',
    });
    await new DynamoTurnLog(doc, turnsTable).append(turn(id, 1, SAID));
    // Act
    await handler()(disconnected(id), CONTEXT);
    // Assess
    const items = await new DynamoCallTurns(doc, turnsTable).turns(id);
    expect(items.map((i) => i.text)).toEqual([null]);
    expect(lakeRows(id).map((r) => r.text)).toEqual([null]);
    expect(deleted()).toContain(`${BOT_ID} en_US ${id}`);
  });

  it('fails closed for a contact with no decision on record: utterances deleted', async () => {
    const id = contactId();
    await handler()(disconnected(id), CONTEXT);
    expect(deleted()).toEqual([`${BOT_ID} en_US ${id}`, `${BOT_ID} zh_CN ${id}`]);
  });

  it('reports a throttled DeleteUtterances for retry, and a retry finishes the work', async () => {
    // Prepare
    const id = contactId();
    await decide(id, 'DECLINED');
    lex
      .on(DeleteUtterancesCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({});
    // Act
    const first = await handler()(disconnected(id), CONTEXT);
    const second = await handler()(disconnected(id), CONTEXT);
    // Assess
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: `m-${id}` }] });
    expect(second).toEqual({ batchItemFailures: [] });
  });

  it('drops a message that is not a disconnect event without touching anything', async () => {
    const id = contactId();
    const answer = await handler()(disconnected(id, 'CONNECTED_TO_AGENT'), CONTEXT);
    const garbage = await handler()(
      { Records: [{ messageId: 'x', body: 'not json' }] } as unknown as SQSEvent,
      CONTEXT,
    );
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(garbage).toEqual({ batchItemFailures: [] });
    expect(deleted()).toEqual([]);
  });

  it('logs counts and keys, never what the caller said', async () => {
    const id = contactId();
    await decide(id, 'GRANTED');
    await new DynamoTurnLog(doc, turnsTable).append(turn(id, 1, SAID));
    await handler()(disconnected(id), CONTEXT);
    const logs = output.join('\n');
    expect(logs).toContain('after-call work done');
    expect(logs).not.toContain('quokka');
  });
});
