import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoConsentLedger } from '../../lambdas/aws/dynamo-consent-ledger';
import { SecretsManagerHmacKey } from '../../lambdas/aws/secrets';
import { type ConsentDeps, createHandler, MALFORMED_EVENT_RESULT } from '../../lambdas/consent/handler';
import { noticeRef } from '../../lambdas/contracts/notices';
import { callerHmac, StaticHmacKey } from '../../lambdas/core/caller-id';
import { ConsentLedgerError } from '../../lambdas/core/consent/ledger';
import { freshTables, type LocalTables } from '../support/dynamo';

/** The synthetic caller number in the fixture, and the digit runs that would betray it. */
const CALLER_NUMBER = '+12025550142';
const NUMBER_TRACES = ['2025550142', '202-555-0142', '202 555 0142', '5550142'];
const HMAC_KEY = Buffer.from('test-only-caller-hmac-key', 'utf8');
const FIXED_NOW = new Date('2026-11-02T09:30:00.000Z');
const NOTICES = {
  'en-US': noticeRef('2026-11-01', 'This call may be recorded ...'),
  'zh-CN': noticeRef('2026-11-01', '本次通话可能会被录音……'),
};
const CONTEXT = { functionName: 'consent', awsRequestId: 'local-test' } as Context;

type EventShape = {
  Name: string;
  Details: {
    ContactData: Record<string, unknown> & { ContactId?: string; CustomerEndpoint?: unknown };
    Parameters: Record<string, unknown>;
  };
};

const fixtureText = readFileSync(
  new URL('../fixtures/connect/consent-granted.json', import.meta.url),
  'utf8',
);

/** The sample event with a fresh contact id and the given parameters. */
function event(
  contactId: string,
  parameters: Record<string, unknown> = { consentDigit: '1', locale: 'en-US' },
) {
  const e = JSON.parse(fixtureText) as EventShape;
  e.Details.ContactData.ContactId = contactId;
  e.Details.Parameters = parameters;
  return e;
}

let contactSeq = 0;
const nextContactId = () => `5ca1ab1e-0000-4000-8000-${String(++contactSeq).padStart(12, '0')}`;

describe('consent Lambda on DynamoDB Local', () => {
  let tables: LocalTables;
  let doc: DynamoDBDocumentClient;
  let deps: ConsentDeps;

  beforeAll(async () => {
    tables = await freshTables();
    doc = DynamoDBDocumentClient.from(tables.client);
  });

  beforeEach(() => {
    deps = {
      ledger: new DynamoConsentLedger(tables.client, tables.names.consentLedger),
      hmacKey: new StaticHmacKey(HMAC_KEY),
      notices: NOTICES,
      defaultLocale: 'zh-CN',
      clock: () => FIXED_NOW,
    };
  });

  const ledgerItems = async (contactId?: string) => {
    const out = await doc.send(
      new ScanCommand({ TableName: tables.names.consentLedger, ConsistentRead: true }),
    );
    const items = out.Items ?? [];
    return contactId === undefined ? items : items.filter((i) => i.contactId === contactId);
  };

  it('records a GRANTED decision as one complete item and allows recording', async () => {
    // Prepare
    const handler = createHandler(deps);
    const contactId = nextContactId();
    // Act
    const result = await handler(event(contactId), CONTEXT);
    // Assess
    const hmac = callerHmac(CALLER_NUMBER, HMAC_KEY);
    expect(result).toEqual({
      consent: 'GRANTED',
      noticeVersion: '2026-11-01',
      callerHmac: hmac,
      locale: 'en-US',
      callerId: 'KNOWN',
    });
    expect(Object.values(result).every((v) => typeof v === 'string')).toBe(true);
    const items = await ledgerItems(contactId);
    expect(items).toEqual([
      {
        contactId,
        event: 'DECISION',
        decision: 'GRANTED',
        noticeVersion: '2026-11-01',
        noticeSha256: NOTICES['en-US'].sha256,
        locale: 'en-US',
        callerHmac: hmac,
        decidedAt: '2026-11-02T09:30:00.000Z',
        channel: 'VOICE',
        instanceArn: 'arn:aws:connect:us-east-1:111122223333:instance/0e3f6a1c-0000-4000-8000-00000000c0de',
      },
    ]);
  });

  it.each([
    [{ consentDigit: '2' }, 'DECLINED'],
    [{ consentDigit: '' }, 'NO_INPUT'],
    [{}, 'NO_INPUT'],
    [{ consentDigit: '7' }, 'INVALID'],
  ])('records %j as %s and does not allow recording', async (parameters, decision) => {
    // Prepare
    const handler = createHandler(deps);
    const contactId = nextContactId();
    // Act
    const result = await handler(event(contactId, parameters), CONTEXT);
    // Assess
    expect(result).toMatchObject({ consent: decision });
    const items = await ledgerItems(contactId);
    expect(items.map((i) => i.decision)).toEqual([decision]);
  });

  it('takes the locale from the flow, then the contact language, then the default', async () => {
    // Prepare
    const handler = createHandler(deps);
    const fromContact = event(nextContactId(), { consentDigit: '1', locale: 'fr-FR' });
    fromContact.Details.ContactData.LanguageCode = 'zh-CN';
    const fromDefault = event(nextContactId(), { consentDigit: '1' });
    delete fromDefault.Details.ContactData.LanguageCode;
    // Act
    const a = await handler(fromContact, CONTEXT);
    const b = await handler(fromDefault, CONTEXT);
    // Assess
    expect(a).toMatchObject({ locale: 'zh-CN' });
    expect(b).toMatchObject({ locale: 'zh-CN' });
    const [item] = await ledgerItems(fromContact.Details.ContactData.ContactId);
    expect(item?.noticeSha256).toBe(NOTICES['zh-CN'].sha256);
  });

  it('succeeds on a retry with the same decision and keeps the first item', async () => {
    // Prepare
    const handler = createHandler(deps);
    const contactId = nextContactId();
    const first = await handler(event(contactId, { consentDigit: '2', locale: 'en-US' }), CONTEXT);
    deps = { ...deps, clock: () => new Date('2026-11-02T09:31:00.000Z') };
    const retryHandler = createHandler(deps);
    // Act
    const second = await retryHandler(event(contactId, { consentDigit: '2', locale: 'en-US' }), CONTEXT);
    // Assess
    expect(second).toEqual(first);
    const items = await ledgerItems(contactId);
    expect(items).toHaveLength(1);
    expect(items[0]?.decidedAt).toBe('2026-11-02T09:30:00.000Z');
  });

  it.each([
    ['1', '2', 'GRANTED'],
    ['2', '1', 'DECLINED'],
    ['', '1', 'NO_INPUT'],
  ])(
    'rejects a conflicting second decision (%s then %s): the first, %s, stays on record',
    async (firstDigit, secondDigit, kept) => {
      // Prepare
      const handler = createHandler(deps);
      const contactId = nextContactId();
      await handler(event(contactId, { consentDigit: firstDigit, locale: 'en-US' }), CONTEXT);
      // Act
      const second = await handler(event(contactId, { consentDigit: secondDigit, locale: 'zh-CN' }), CONTEXT);
      // Assess
      expect(second).toMatchObject({ consent: kept, locale: 'en-US' });
      const items = await ledgerItems(contactId);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ decision: kept, locale: 'en-US' });
    },
  );

  it('keeps exactly one item when 10 mixed decisions for one contact race', async () => {
    // Prepare
    const handler = createHandler(deps);
    const contactId = nextContactId();
    const digits = ['1', '2', '2', '1', '2', '1', '1', '2', '1', '2'];
    // Act
    const results = await Promise.all(
      digits.map((d) => handler(event(contactId, { consentDigit: d, locale: 'en-US' }), CONTEXT)),
    );
    // Assess
    const items = await ledgerItems(contactId);
    expect(items).toHaveLength(1);
    const onRecord = items[0]?.decision;
    expect(['GRANTED', 'DECLINED']).toContain(onRecord);
    for (const r of results) {
      expect(r).toEqual(results[0]);
      expect(r).toMatchObject({
        consent: onRecord,
      });
    }
  });

  it.each<[string, (e: EventShape) => unknown]>([
    [
      'missing ContactId',
      (e) => {
        delete e.Details.ContactData.ContactId;
        return e;
      },
    ],
    [
      'empty ContactId',
      (e) => {
        e.Details.ContactData.ContactId = '';
        return e;
      },
    ],
    ['wrong Name', (e) => ({ ...e, Name: 'ContactFlowExecution' })],
    ['missing Details', (e) => ({ Name: e.Name })],
    [
      // A numeric parameter is read as its string form (consent-real-events.test.ts); a
      // parameters value that is not a map at all is still malformed.
      'parameters that are not a map',
      (e) => {
        (e.Details as Record<string, unknown>).Parameters = 'consentDigit=1';
        return e;
      },
    ],
    [
      'missing Channel',
      (e) => {
        delete e.Details.ContactData.Channel;
        return e;
      },
    ],
    ['null event', () => null],
  ])('rejects a malformed event (%s) with an error result and writes nothing', async (_name, mutate) => {
    // Prepare
    const handler = createHandler(deps);
    const before = (await ledgerItems()).length;
    const malformed = mutate(event(nextContactId()));
    // Act
    const result = await handler(malformed, CONTEXT);
    // Assess
    expect(result).toEqual(MALFORMED_EVENT_RESULT);
    expect(result).toEqual({ error: 'MALFORMED_EVENT' });
    expect(await ledgerItems()).toHaveLength(before);
  });

  it('stores no HMAC and returns an empty one when Connect gives no caller number', async () => {
    // Prepare
    const handler = createHandler(deps);
    const contactId = nextContactId();
    const withheld = event(contactId);
    withheld.Details.ContactData.CustomerEndpoint = null;
    // Act
    const result = await handler(withheld, CONTEXT);
    // Assess
    expect(result).toMatchObject({ consent: 'GRANTED', callerHmac: '', callerId: 'WITHHELD' });
    const [item] = await ledgerItems(contactId);
    expect(item).toBeDefined();
    expect(item).not.toHaveProperty('callerHmac');
  });

  it('fails the invocation when the ledger table is unavailable and writes nothing', async () => {
    // Prepare
    const handler = createHandler({
      ...deps,
      ledger: new DynamoConsentLedger(tables.client, `${tables.names.consentLedger}-missing`),
    });
    const before = (await ledgerItems()).length;
    // Act
    const invocation = handler(event(nextContactId()), CONTEXT);
    // Assess
    await expect(invocation).rejects.toBeInstanceOf(ConsentLedgerError);
    await expect(invocation).rejects.toMatchObject({ failure: 'UNAVAILABLE' });
    expect(await ledgerItems()).toHaveLength(before);
  });

  it('fails the invocation when the HMAC key cannot be loaded and writes nothing', async () => {
    // Prepare
    const handler = createHandler({
      ...deps,
      hmacKey: { key: () => Promise.reject(new Error('secret unavailable')) },
    });
    const contactId = nextContactId();
    // Act
    const invocation = handler(event(contactId), CONTEXT);
    // Assess
    await expect(invocation).rejects.toThrow('secret unavailable');
    expect(await ledgerItems(contactId)).toHaveLength(0);
  });

  it('fails when the item on record is unreadable rather than guessing a decision', async () => {
    // Prepare
    const contactId = nextContactId();
    await doc.send(
      new PutCommand({
        TableName: tables.names.consentLedger,
        Item: { contactId, event: 'DECISION', decision: 'MAYBE' },
      }),
    );
    const handler = createHandler(deps);
    // Act
    const invocation = handler(event(contactId), CONTEXT);
    // Assess
    await expect(invocation).rejects.toMatchObject({ name: 'ConsentLedgerError', failure: 'CORRUPT' });
  });

  describe('withdrawal (action withdraw)', () => {
    const withdraw = (contactId: string) => event(contactId, { action: 'withdraw', locale: 'en-US' });

    it('appends a WITHDRAWN event next to the GRANTED decision, which stays as it was', async () => {
      // Prepare
      const handler = createHandler(deps);
      const contactId = nextContactId();
      await handler(event(contactId), CONTEXT);
      const before = await ledgerItems(contactId);
      // Act
      const result = await handler(withdraw(contactId), CONTEXT);
      // Assess
      expect(result).toEqual({ consent: 'WITHDRAWN', withdrawal: 'RECORDED' });
      const items = await ledgerItems(contactId);
      expect(items).toHaveLength(2);
      expect(items.find((i) => i.event === 'DECISION')).toEqual(before[0]);
      expect(items.find((i) => i.event === 'WITHDRAWN')).toEqual({
        contactId,
        event: 'WITHDRAWN',
        withdrawnAt: '2026-11-02T09:30:00.000Z',
        via: 'CALLER',
        locale: 'en-US',
        noticeVersion: '2026-11-01',
        callerHmac: callerHmac(CALLER_NUMBER, HMAC_KEY),
      });
    });

    it('keeps the first withdrawal when the caller (or a Connect retry) asks again', async () => {
      const handler = createHandler(deps);
      const contactId = nextContactId();
      await handler(event(contactId), CONTEXT);
      await handler(withdraw(contactId), CONTEXT);
      const again = await handler(withdraw(contactId), CONTEXT);
      expect(again).toEqual({ consent: 'WITHDRAWN', withdrawal: 'ALREADY' });
      expect((await ledgerItems(contactId)).filter((i) => i.event === 'WITHDRAWN')).toHaveLength(1);
    });

    it.each([
      ['declined', { consentDigit: '2' }, 'DECLINED'],
      ['pressed nothing', { consentDigit: '' }, 'NO_INPUT'],
    ])(
      'writes nothing for a caller who %s: there is nothing to withdraw',
      async (_, parameters, decision) => {
        const handler = createHandler(deps);
        const contactId = nextContactId();
        await handler(event(contactId, parameters), CONTEXT);
        const result = await handler(withdraw(contactId), CONTEXT);
        expect(result).toEqual({ consent: decision, withdrawal: 'NOT_GRANTED' });
        expect(await ledgerItems(contactId)).toHaveLength(1);
      },
    );

    it('answers NOT_GRANTED for a contact with no decision at all, writing nothing', async () => {
      const contactId = nextContactId();
      const result = await createHandler(deps)(withdraw(contactId), CONTEXT);
      expect(result).toEqual({ consent: 'NONE', withdrawal: 'NOT_GRANTED' });
      expect(await ledgerItems(contactId)).toHaveLength(0);
    });

    it('does not let a later consent prompt turn a withdrawn contact back into GRANTED', async () => {
      const handler = createHandler(deps);
      const contactId = nextContactId();
      await handler(event(contactId), CONTEXT);
      await handler(withdraw(contactId), CONTEXT);
      const retry = await handler(event(contactId, { consentDigit: '1', locale: 'en-US' }), CONTEXT);
      // The decision on record is still the first one; the withdrawal stands beside it.
      expect(retry).toMatchObject({ consent: 'GRANTED' });
      expect((await ledgerItems(contactId)).map((i) => i.event).sort()).toEqual(['DECISION', 'WITHDRAWN']);
    });

    it('rejects an unknown action without writing', async () => {
      const contactId = nextContactId();
      const result = await createHandler(deps)(event(contactId, { action: 'regrant' }), CONTEXT);
      expect(result).toEqual({ error: 'MALFORMED_EVENT' });
      expect(await ledgerItems(contactId)).toHaveLength(0);
    });
  });

  it('fetches the HMAC key from Secrets Manager once for many invocations', async () => {
    // Prepare (Secrets Manager has no local engine, so its client is the one thing mocked)
    const secrets = mockClient(SecretsManagerClient);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: HMAC_KEY.toString('utf8') });
    const handler = createHandler({
      ...deps,
      hmacKey: new SecretsManagerHmacKey(
        'arn:aws:secretsmanager:us-east-1:111122223333:secret:hmac',
        new SecretsManagerClient({ region: 'us-east-1' }),
      ),
    });
    // Act
    const results = await Promise.all(
      Array.from({ length: 5 }, () => handler(event(nextContactId()), CONTEXT)),
    );
    await handler(event(nextContactId()), CONTEXT);
    // Assess
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(
      results.every((r) => 'callerHmac' in r && r.callerHmac === callerHmac(CALLER_NUMBER, HMAC_KEY)),
    ).toBe(true);
    secrets.restore();
  });

  it('keeps the raw caller number out of every table and every response', async () => {
    // Prepare
    const handler = createHandler(deps);
    const responses = [
      await handler(event(nextContactId()), CONTEXT),
      await handler(event(nextContactId(), { consentDigit: '2', locale: 'zh-CN' }), CONTEXT),
    ];
    // Act
    const everything: unknown[] = [...responses];
    for (const name of Object.values(tables.names)) {
      const out = await doc.send(new ScanCommand({ TableName: name, ConsistentRead: true }));
      everything.push(...(out.Items ?? []));
    }
    // Assess
    const text = JSON.stringify(everything);
    expect(text).toContain(callerHmac(CALLER_NUMBER, HMAC_KEY));
    for (const trace of NUMBER_TRACES) expect(text).not.toContain(trace);
  });
});
