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

/** Records what it was asked to send; `next` decides the answer of the next call. */
class FakeSender implements TextSender {
  readonly sent: TextMessage[] = [];
  next: () => Promise<SendResult> = async () => ({ status: 'SENT', messageId: `m-${this.sent.length}` });
  async send(message: TextMessage): Promise<SendResult> {
    this.sent.push(message);
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
    const yes = await invoke(linkTurn(locale, { session, product, attrs, confirmation: 'Confirmed' }));
    expect(yes.sessionState.dialogAction.type).toBe('Delegate');
    const done = await invoke(
      linkTurn(locale, { session, product, attrs, confirmation: 'Confirmed', source: 'FulfillmentCodeHook' }),
    );
    return { question, done };
  };

  beforeAll(async () => {
    const local = await freshTables();
    doc = DynamoDBDocumentClient.from(local.client, { marshallOptions: { removeUndefinedValues: true } });
    await seedCatalog(doc, local.names.catalog);
    table = local.names.textMessages;
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
        callingNumber: async (contactId) => numbers.get(contactId),
        retentionDays: 30,
        clock: () => new Date('2026-12-01T10:00:00Z'),
      }),
    });
    withoutTexts = createHandler(base);
  });

  beforeEach(() => {
    sender.sent.length = 0;
    sender.next = async () => ({ status: 'SENT', messageId: `m-${sender.sent.length}` });
  });

  it.each([
    [
      'en-US',
      'Power bank',
      'The Power bank you asked about on your call: https://shop.example.com/products/pb-100',
    ],
    ['zh-CN', '充电宝', '您在来电中要的充电宝链接：https://shop.example.com/products/pb-100'],
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
    const retried = await invoke(
      linkTurn('en-US', {
        session,
        product: 'Desk robot',
        confirmation: 'Confirmed',
        source: 'FulfillmentCodeHook',
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

  it('no number behind the contact: nothing sent, the caller told, the record says NO_NUMBER', async () => {
    const session = 'text-no-number';
    const { done } = await agree('zh-CN', session, '智能灯泡');
    expect(text(done)).toMatch(/看不到您的来电号码/);
    expect(sender.sent).toHaveLength(0);
    expect(await agreement(session, 'BL-100')).toMatchObject({ outcome: 'NO_NUMBER' });
  });
});
