import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoOrderStore, seedCatalog } from '../../lambdas/aws/dynamo-order-store';
import { DynamoTextAgreements } from '../../lambdas/aws/dynamo-text-agreements';
import { DynamoTurnLog } from '../../lambdas/aws/dynamo-turn-log';
import {
  ProductLinks,
  type SendResult,
  type TextMessage,
  TextSendError,
  type TextSender,
} from '../../lambdas/core/texts/product-link';
import { isValidLexResponse, type LexResponse } from '../../lambdas/edge/lex';
import { createHandler, type FulfillmentHandler } from '../../lambdas/fulfillment/handler';
import { freshTables } from '../support/dynamo';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

/**
 * Product links by text through the real code hook on DynamoDB Local (issue 15 item 1): a text
 * goes out only after a yes to the one question that names the message and the number, the
 * agreement is on record (with that question) before the send, one text per product and call,
 * and every outcome of the sending service is told as it is: nothing claimed that did not happen.
 */

const CONTEXT = { functionName: 'fulfillment', awsRequestId: 'text-link' } as Context;
type Locale = 'en-US' | 'zh-CN';
const text = (r: LexResponse) => r.messages?.map((m) => m.content).join(' ') ?? '';
/** HMAC-shaped synthetic caller ids (no number behind them). */
const CALLER = 'a'.repeat(64);
/** A synthetic number (+1 555 01xx). */
const NUMBER = '+15550123';

/**
 * Records what it was asked to send, and what the agreement table held at that moment (the
 * agreement must be on record before anything goes out); `next` decides the answer.
 */
class FakeSender implements TextSender {
  readonly sent: TextMessage[] = [];
  readonly recordAtSend: (Record<string, unknown> | undefined)[] = [];
  lookup: (contactId: string, sku: string) => Promise<Record<string, unknown> | undefined> = async () =>
    undefined;
  next: () => Promise<SendResult> = async () => ({ status: 'SENT', messageId: `m-${this.sent.length}` });
  async send(message: TextMessage): Promise<SendResult> {
    this.sent.push(message);
    this.recordAtSend.push(await this.lookup(message.context.contactId, message.context.sku));
    return this.next();
  }
}

function fixture(intent: string, locale: Locale): Record<string, any> {
  return JSON.parse(readFileSync(`test/fixtures/lex/${intent}.${locale}.json`, 'utf8'));
}

/** A TextProductLink turn as Lex sends it. */
function linkTurn(
  locale: Locale,
  options: {
    session: string;
    product?: string;
    confirmation?: 'None' | 'Confirmed' | 'Denied';
    source?: 'DialogCodeHook' | 'FulfillmentCodeHook';
    attrs?: Record<string, string>;
    caller?: string;
  },
): Record<string, any> {
  const e = fixture('ProductInfo', locale);
  e.invocationSource = options.source ?? 'DialogCodeHook';
  e.sessionId = options.session;
  e.inputTranscript = locale === 'zh-CN' ? '把链接发给我' : 'text me the link';
  const p = options.product;
  e.sessionState.intent = {
    name: 'TextProductLink',
    slots: {
      Product: p
        ? { shape: 'Scalar', value: { originalValue: p, interpretedValue: p, resolvedValues: [p] } }
        : null,
    },
    state: 'InProgress',
    confirmationState: options.confirmation ?? 'None',
  };
  e.interpretations = [{ intent: e.sessionState.intent, nluConfidence: 0.9, interpretationSource: 'Lex' }];
  e.sessionState.sessionAttributes = {
    contactId: options.session,
    callerHmac: options.caller ?? CALLER,
    consent: 'DECLINED',
    ...(options.attrs ?? {}),
  };
  return e;
}

describe('product links by text through the code hook (DynamoDB Local)', () => {
  let handler: FulfillmentHandler;
  let withoutTexts: FulfillmentHandler;
  let doc: DynamoDBDocumentClient;
  let table: string;
  const sender = new FakeSender();
  const numbers = new Map<string, string>();
  /** DescribeContact calls per contact. */
  const lookups = new Map<string, number>();
  /** Contacts whose DescribeContact fails (throttled). */
  const unreadable = new Set<string>();

  const invoke = async (event: unknown, h: FulfillmentHandler = handler): Promise<LexResponse> => {
    const response = await h(event, CONTEXT);
    expect(isValidLexResponse(response), JSON.stringify(response)).toBe(true);
    return response;
  };
  const agreement = async (contactId: string, sku: string) =>
    (await doc.send(new GetCommand({ TableName: table, Key: { contactId, sku }, ConsistentRead: true })))
      .Item;

  /** Asks, says yes, and lets Lex run the fulfillment hook: the reply the caller hears last. */
  const agree = async (
    locale: Locale,
    session: string,
    product: string,
    attrs: Record<string, string> = {},
  ) => {
    const asked = await invoke(linkTurn(locale, { session, product, attrs }));
    expect(asked.sessionState.dialogAction.type).toBe('ConfirmIntent');
    const question = text(asked);
    // Lex hands back the session attributes the question set.
    const held = asked.sessionState.sessionAttributes;
    const yes = await invoke(linkTurn(locale, { session, product, attrs: held, confirmation: 'Confirmed' }));
    expect(yes.sessionState.dialogAction.type).toBe('Delegate');
    const done = await invoke(
      linkTurn(locale, {
        session,
        product,
        attrs: yes.sessionState.sessionAttributes,
        confirmation: 'Confirmed',
        source: 'FulfillmentCodeHook',
      }),
    );
    return { question, done };
  };

  beforeAll(async () => {
    const local = await freshTables();
    doc = DynamoDBDocumentClient.from(local.client, { marshallOptions: { removeUndefinedValues: true } });
    await seedCatalog(doc, local.names.catalog);
    table = local.names.textMessages;
    sender.lookup = agreement;
    const base = {
      orders: new DynamoOrderStore(doc, local.names),
      maxOrderQuantity: 5,
      turns: new DynamoTurnLog(doc, local.names.turns),
      turnRetentionDays: 30,
    };
    handler = createHandler({
      ...base,
      links: new ProductLinks({
        agreements: new DynamoTextAgreements(doc, table),
        sender,
        callingNumber: async (contactId) => {
          if (unreadable.has(contactId))
            throw Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
          lookups.set(contactId, (lookups.get(contactId) ?? 0) + 1);
          return numbers.get(contactId);
        },
        reach: ['1'],
        senderName: 'Example Shop',
        retentionDays: 30,
        clock: () => new Date('2026-12-01T10:00:00Z'),
      }),
    });
    withoutTexts = createHandler(base);
  });

  beforeEach(() => {
    sender.sent.length = 0;
    sender.recordAtSend.length = 0;
    sender.next = async () => ({ status: 'SENT', messageId: `m-${sender.sent.length}` });
  });

  it.each([
    [
      'en-US',
      'Power bank',
      'Example Shop: the Power bank you asked about on your call: https://shop.example.com/products/pb-100',
    ],
    ['zh-CN', '充电宝', '【Example Shop】您在来电中要的充电宝链接：https://shop.example.com/products/pb-100'],
  ] as const)(
    '%s: a yes sends one text, after the agreement with its question is on record',
    async (locale, product, body) => {
      const session = `text-ok-${locale}`;
      numbers.set(session, NUMBER);
      const { question, done } = await agree(locale, session, product);
      expect(question).toContain(product);
      expect(sender.sent).toHaveLength(1);
      expect(sender.sent[0]).toMatchObject({ to: NUMBER, context: { contactId: session, sku: 'PB-100' } });
      expect(sender.sent[0]?.body.startsWith(body)).toBe(true);
      // The agreement, with the question, was on record when the text went out.
      expect(sender.recordAtSend[0]).toMatchObject({ outcome: 'AGREED', offer: question });
      expect(text(done)).toMatch(locale === 'zh-CN' ? /已经用短信发到/ : /I've sent a text with the link/);
      const record = await agreement(session, 'PB-100');
      expect(record).toMatchObject({
        callerHmac: CALLER,
        locale,
        offer: question,
        outcome: 'SENT',
        messageId: 'm-1',
        agreedAt: '2026-12-01T10:00:00.000Z',
      });
      // The number itself is never stored, only the HMAC the flow gave.
      expect(JSON.stringify(record)).not.toContain(NUMBER.slice(1));
      expect(record?.expiresAt).toBe(Date.parse('2026-12-01T10:00:00Z') / 1000 + 30 * 86_400);
    },
  );

  it('a no, a withheld number or a line without texts sends nothing and says so', async () => {
    const session = 'text-no';
    numbers.set(session, NUMBER);
    const no = await invoke(linkTurn('en-US', { session, product: 'Smart plug', confirmation: 'Denied' }));
    expect(text(no)).toMatch(/won't send a text/);
    const withheld = await invoke(
      linkTurn('en-US', { session: 'text-withheld', product: 'Smart plug', caller: '' }),
    );
    expect(text(withheld)).toMatch(/can't see the number you're calling from/);
    const off = await invoke(linkTurn('en-US', { session, product: 'Smart plug' }), withoutTexts);
    expect(text(off)).toMatch(/can't send text messages from this line/);
    expect(sender.sent).toHaveLength(0);
    expect(await agreement(session, 'PL-100')).toBeUndefined();
  });

  it('the product just described is the one texted; several named, the caller is asked which', async () => {
    const session = 'text-listed';
    numbers.set(session, NUMBER);
    const one = await invoke(linkTurn('en-US', { session, attrs: { listedProducts: 'CM-100' } }));
    expect(text(one)).toContain('Home camera');
    const several = await invoke(linkTurn('en-US', { session, attrs: { listedProducts: 'CM-100,PL-100' } }));
    expect(several.sessionState.dialogAction).toMatchObject({ type: 'ElicitSlot', slotToElicit: 'Product' });
    expect(text(several)).toMatch(/Which product should I text you the link to/);
    const unknown = await invoke(linkTurn('en-US', { session, product: 'jet ski' }));
    expect(text(unknown)).toMatch(/couldn't find that product/);
    expect(sender.sent).toHaveLength(0);
  });

  it('a retried fulfillment turn sends nothing twice; asked again in the call, the caller hears it was sent', async () => {
    const session = 'text-twice';
    numbers.set(session, NUMBER);
    const { done } = await agree('en-US', session, 'Desk robot');
    // Lex retries the same fulfillment event (the session as the question left it).
    const retried = await invoke(
      linkTurn('en-US', {
        session,
        product: 'Desk robot',
        confirmation: 'Confirmed',
        source: 'FulfillmentCodeHook',
        attrs: { textOffer: 'RB-100' },
      }),
    );
    expect(text(retried)).toMatch(/already texted you the link to the Desk robot/);
    const again = await invoke(
      linkTurn('en-US', { session, product: 'Desk robot', attrs: done.sessionState.sessionAttributes }),
    );
    expect(again.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(text(again)).toMatch(/already texted you the link to the Desk robot/);
    expect(sender.sent).toHaveLength(1);
  });

  it.each([
    [
      'opted out',
      async (): Promise<SendResult> => ({ status: 'OPTED_OUT' }),
      'OPTED_OUT',
      /asked us not to send it texts/,
    ],
    [
      'refused',
      async (): Promise<SendResult> => {
        throw new TextSendError('NO', 'ValidationException');
      },
      'FAILED',
      /couldn't be sent just now; nothing was sent/,
    ],
    [
      'timed out',
      async (): Promise<SendResult> => {
        throw new TextSendError('UNKNOWN', 'TimeoutError');
      },
      'UNCONFIRMED',
      /didn't confirm the message/,
    ],
    [
      'broken',
      async (): Promise<SendResult> => {
        throw new Error('socket hang up');
      },
      'UNCONFIRMED',
      /didn't confirm the message/,
    ],
  ] as const)(
    'the service %s: the caller is told exactly that, and the record says it',
    async (label, next, outcome, said) => {
      const session = `text-${label.replace(' ', '-')}`;
      numbers.set(session, NUMBER);
      sender.next = next;
      const { done } = await agree('en-US', session, 'USB-C cable');
      expect(text(done)).toMatch(said);
      expect(text(done)).not.toMatch(/I've sent/);
      expect(await agreement(session, 'CB-100')).toMatchObject({ outcome });
    },
  );

  it.each(['en-US', 'zh-CN'] as const)(
    '%s: a number the line cannot text is offered no link, and asking for one is told so: nothing recorded or sent',
    async (locale) => {
      const session = `text-abroad-${locale}`;
      numbers.set(session, '+8613800000099');
      const info = fixture('ProductInfo', locale);
      info.sessionId = session;
      info.sessionState.sessionAttributes = { contactId: session, callerHmac: CALLER, consent: 'DECLINED' };
      const answered = await invoke(info);
      expect(text(answered)).not.toMatch(locale === 'zh-CN' ? /短信/ : /text/i);
      const asked = await invoke(
        linkTurn(locale, {
          session,
          product: locale === 'zh-CN' ? '充电宝' : 'Power bank',
          attrs: answered.sessionState.sessionAttributes,
        }),
      );
      expect(asked.sessionState.dialogAction.type).toBe('ElicitIntent');
      expect(text(asked)).toMatch(
        locale === 'zh-CN' ? /短信发不到您来电的号码/ : /can't reach the number you're calling from/,
      );
      expect(sender.sent).toHaveLength(0);
      expect(await agreement(session, 'PB-100')).toBeUndefined();
      // The number was looked up once, at the product answer; the request reused what it found.
      expect(lookups.get(session)).toBe(1);
      // The same turn from a number in reach is offered the link.
      const home = `text-home-${locale}`;
      numbers.set(home, NUMBER);
      const local = fixture('ProductInfo', locale);
      local.sessionId = home;
      local.sessionState.sessionAttributes = { contactId: home, callerHmac: CALLER, consent: 'DECLINED' };
      expect(text(await invoke(local))).toMatch(locale === 'zh-CN' ? /短信/ : /text/i);
    },
  );

  it('a number out of reach when the text goes out is settled UNREACHABLE, nothing sent', async () => {
    const links = new ProductLinks({
      agreements: new DynamoTextAgreements(doc, table),
      sender,
      callingNumber: async () => '+447700900123',
      reach: ['1'],
      senderName: 'Example Shop',
      retentionDays: 30,
    });
    const result = await links.send({
      contactId: 'text-moved-abroad',
      callerHmac: CALLER,
      locale: 'en-US',
      sku: 'PL-100',
      name: 'Smart plug',
      link: 'https://shop.example.com/products/pl-100',
      offer: 'the question',
    });
    expect(result).toEqual({ kind: 'UNREACHABLE' });
    expect(sender.sent).toHaveLength(0);
    expect(await agreement('text-moved-abroad', 'PL-100')).toMatchObject({ outcome: 'UNREACHABLE' });
  });

  it('no number behind the contact: nothing sent, the caller told, the record says NO_NUMBER', async () => {
    const session = 'text-no-number';
    const { done } = await agree('zh-CN', session, '智能灯泡');
    expect(text(done)).toMatch(/看不到您的来电号码/);
    expect(sender.sent).toHaveLength(0);
    expect(await agreement(session, 'BL-100')).toMatchObject({ outcome: 'NO_NUMBER' });
  });

  it('a failed lookup of the number is told as a failure, and a text that certainly went nowhere may be asked for again', async () => {
    const session = 'text-lookup-fails';
    numbers.set(session, NUMBER);
    unreadable.add(session);
    const first = await agree('en-US', session, 'Smart bulb');
    expect(text(first.done)).toMatch(/couldn't be sent just now; nothing was sent/);
    expect(text(first.done)).not.toMatch(/can't see the number/);
    expect(await agreement(session, 'BL-100')).toMatchObject({ outcome: 'FAILED' });
    unreadable.delete(session);
    const attrs = first.done.sessionState.sessionAttributes;
    const again = await agree('en-US', session, 'Smart bulb', attrs);
    expect(text(again.done)).toMatch(/I've sent a text with the link to the Smart bulb/);
    expect(sender.sent).toHaveLength(1);
    expect(await agreement(session, 'BL-100')).toMatchObject({ outcome: 'SENT' });
  });

  it('a yes counts only for the product the question named', async () => {
    const session = 'text-other-product';
    numbers.set(session, NUMBER);
    const asked = await invoke(linkTurn('en-US', { session, product: 'Smart plug' }));
    const attrs = asked.sessionState.sessionAttributes;
    expect(attrs.textOffer).toBe('PL-100');
    // Lex says the intent is confirmed, but with another product in the slot: asked again.
    const other = await invoke(
      linkTurn('en-US', { session, product: 'Desk robot', confirmation: 'Confirmed', attrs }),
    );
    expect(other.sessionState.dialogAction.type).toBe('ConfirmIntent');
    expect(text(other)).toContain('Desk robot');
    expect(sender.sent).toHaveLength(0);
  });

  it('an agreement store that fails sends nothing and says to try again, the session open', async () => {
    const broken = createHandler({
      orders: new DynamoOrderStore(doc, { catalog: 'no-such', orders: 'no-such', idempotency: 'no-such' }),
      maxOrderQuantity: 5,
      turns: new DynamoTurnLog(doc, table),
      turnRetentionDays: 30,
      links: new ProductLinks({
        agreements: new DynamoTextAgreements(doc, 'no-such-table'),
        sender,
        callingNumber: async () => NUMBER,
        reach: ['1'],
        senderName: 'Example Shop',
        retentionDays: 30,
      }),
    });
    const e = linkTurn('en-US', {
      session: 'text-store-down',
      product: 'Smart plug',
      confirmation: 'Confirmed',
      source: 'FulfillmentCodeHook',
      attrs: { textOffer: 'PL-100' },
    });
    const r = await invoke(e, broken);
    expect(r.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(text(r)).toMatch(/nothing has been changed/);
    expect(sender.sent).toHaveLength(0);
  });

  it("a put retried by the SDK after it had succeeded is the caller's own agreement, not an earlier one", async () => {
    const agreements = new DynamoTextAgreements(doc, table);
    const record = {
      contactId: 'text-own-write',
      sku: 'PL-100',
      callerHmac: CALLER,
      locale: 'en-US' as const,
      offer: 'Shall I?',
      agreedAt: '2026-12-01T10:00:00.000Z',
      outcome: 'AGREED' as const,
      attempt: 'attempt-1',
      expiresAt: 2e9,
    };
    await expect(agreements.record(record)).resolves.toEqual({ written: true });
    // The same attempt again (the retry of a write answered late): still ours.
    await expect(agreements.record(record)).resolves.toEqual({ written: true });
    // Another attempt while the first is unsettled: the first is what stands.
    const other = await agreements.record({ ...record, attempt: 'attempt-2' });
    expect(other).toMatchObject({ written: false, existing: { attempt: 'attempt-1', outcome: 'AGREED' } });
    // Settling by another attempt changes nothing; by the first, once.
    await expect(agreements.settle(record.contactId, record.sku, 'attempt-2', 'SENT', 'x')).rejects.toThrow();
    await agreements.settle(
      record.contactId,
      record.sku,
      'attempt-1',
      'SENT',
      '2026-12-01T10:00:01.000Z',
      'm-9',
    );
    expect(await agreement(record.contactId, record.sku)).toMatchObject({
      outcome: 'SENT',
      messageId: 'm-9',
    });
  });
});
