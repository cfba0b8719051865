import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore, seedCatalog } from '../../lambdas/aws/dynamo-order-store';
import { DynamoTurnLog } from '../../lambdas/aws/dynamo-turn-log';
import { isValidLexResponse, type LexResponse } from '../../lambdas/edge/lex';
import { createHandler, type FulfillmentHandler } from '../../lambdas/fulfillment/handler';
import { freshTables, type LocalTables } from '../support/dynamo';

// The conversation contract with Connect: informational answers keep the Lex session open
// (ElicitIntent + "anything else?"), only Goodbye, TalkToAgent and a PayOrder hand-off Close.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const CONTEXT = { functionName: 'fulfillment', awsRequestId: 'conversation' } as Context;
type Locale = 'en-US' | 'zh-CN';
const LOCALES: readonly Locale[] = ['en-US', 'zh-CN'];
const ASKS_NEXT = /[?？]\s*$/;

function fixture(intent: string, locale: Locale): Record<string, any> {
  return JSON.parse(readFileSync(`test/fixtures/lex/${intent}.${locale}.json`, 'utf8'));
}

const text = (r: LexResponse) => r.messages?.map((m) => m.content).join(' ') ?? '';
/** A Lex slot value as the caller said it. */
const slot = (v: string) => ({
  shape: 'Scalar',
  value: { originalValue: v, interpretedValue: v, resolvedValues: [v] },
});

describe('fulfillment conversation contract on DynamoDB Local', () => {
  let local: LocalTables;
  let handler: FulfillmentHandler;

  const invoke = async (event: unknown, h: FulfillmentHandler = handler): Promise<LexResponse> => {
    const response = await h(event, CONTEXT);
    expect(isValidLexResponse(response), JSON.stringify(response)).toBe(true);
    return response;
  };

  beforeAll(async () => {
    local = await freshTables();
    const db = DynamoDBDocumentClient.from(local.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    await seedCatalog(db, local.names.catalog);
    handler = createHandler({
      orders: new DynamoOrderStore(db, local.names),
      maxOrderQuantity: 5,
      turns: new DynamoTurnLog(db, local.names.turns),
      turnRetentionDays: 365,
    });
  });

  const informational = [
    'ProductInfo',
    'ProductPrice',
    'RecommendProduct',
    'OrderStatus',
    'CancelOrder',
    'PlaceOrder',
    'FallbackIntent',
  ];
  it.each(LOCALES.flatMap((l) => informational.map((i) => [i, l] as const)))(
    'keeps the session open after %s (%s) and asks for the next question',
    async (intent, locale) => {
      // Prepare
      const event = fixture(intent, locale);
      // Act
      const r = await invoke(event);
      // Assess
      expect(r.sessionState.dialogAction.type).toBe('ElicitIntent');
      expect(text(r)).toMatch(ASKS_NEXT);
      // Session attributes Connect set (contact, consent, caller) survive the turn.
      expect(r.sessionState.sessionAttributes).toMatchObject({
        contactId: event.sessionState.sessionAttributes.contactId,
        consent: event.sessionState.sessionAttributes.consent,
        callerHmac: event.sessionState.sessionAttributes.callerHmac,
      });
    },
  );

  it.each(LOCALES)(
    'closes Goodbye and TalkToAgent (%s): they hand control back to the flow',
    async (locale) => {
      // Act
      const bye = await invoke(fixture('Goodbye', locale));
      const agent = await invoke(fixture('TalkToAgent', locale));
      // Assess
      expect(bye.sessionState.dialogAction.type).toBe('Close');
      expect(bye.sessionState.sessionAttributes.nextStep).toBe('HANGUP');
      expect(agent.sessionState.dialogAction.type).toBe('Close');
      expect(agent.sessionState.sessionAttributes.nextStep).toBe('AGENT');
    },
  );

  it.each([
    ['en-US', 'no thank you', 'ElicitIntent'],
    ['en-US', 'no thanks, goodbye', 'Close'],
    ['zh-CN', '不用', 'ElicitIntent'],
    ['zh-CN', '不用了，再见', 'Close'],
  ] as const)(
    '%s: Goodbye (%j) as the answer to a slot question drops the question unless a farewell is said',
    async (locale, said, dialogAction) => {
      // Prepare: the caller's answer to "which product?" that Lex took for Goodbye
      const event = fixture('Goodbye', locale);
      event.inputTranscript = said;
      event.sessionState.sessionAttributes.awaiting = 'SLOT';
      // Act
      const r = await invoke(event);
      // Assess
      expect(r.sessionState.dialogAction.type).toBe(dialogAction);
      if (dialogAction === 'ElicitIntent') {
        expect(r.sessionState.sessionAttributes.nextStep).toBeUndefined();
        expect(text(r)).toMatch(locale === 'en-US' ? /I've left that.*\?$/ : /先不办了.*？$/);
      } else expect(r.sessionState.sessionAttributes.nextStep).toBe('HANGUP');
    },
  );

  it('closes PayOrder only for a payable order of the caller, with the payment attributes', async () => {
    // Prepare: place an order (fixture: confirmed, quote held), then pay it
    const placed = await invoke(fixture('PlaceOrder', 'en-US'));
    const orderId = placed.sessionState.sessionAttributes.lastOrderId ?? '';
    const pay = fixture('PayOrder', 'en-US');
    pay.sessionState.intent.slots.OrderNumber.value = {
      originalValue: orderId,
      interpretedValue: orderId,
      resolvedValues: [orderId],
    };
    // Act
    const handoff = await invoke(pay);
    const unknown = await invoke(fixture('PayOrder', 'en-US'));
    // Assess
    expect(handoff.sessionState.dialogAction.type).toBe('Close');
    expect(handoff.sessionState.sessionAttributes).toMatchObject({
      nextStep: 'PAYMENT',
      paymentOrderId: orderId,
      paymentCurrency: 'USD',
    });
    expect(handoff.sessionState.sessionAttributes.paymentAmountMinor).toMatch(/^\d+$/);
    // An order that cannot be paid keeps the caller in the bot instead of sending them to payment.
    expect(unknown.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(unknown.sessionState.sessionAttributes.nextStep).toBeUndefined();
    expect(text(unknown)).toMatch(/couldn't find order 4 8 2 9 1 3/);
  });

  it.each(LOCALES)('answers "status of my order" with the order placed in this call (%s)', async (locale) => {
    // Prepare: place an order, then ask for the status without a number
    const placed = await invoke(fixture('PlaceOrder', locale));
    const orderId = placed.sessionState.sessionAttributes.lastOrderId ?? '';
    const status = fixture('OrderStatus', locale);
    status.sessionState.intent.slots.OrderNumber = null;
    status.sessionState.sessionAttributes = { ...placed.sessionState.sessionAttributes };
    const fresh = fixture('OrderStatus', locale);
    fresh.sessionState.intent.slots.OrderNumber = null;
    // A caller with no orders at all (a synthetic HMAC nobody ordered with).
    fresh.sessionState.sessionAttributes.callerHmac = 'f'.repeat(64);
    // Act
    const answered = await invoke(status);
    const asked = await invoke(fresh);
    // Assess: the order of this call is reported by its number; a caller without orders is asked for one
    expect(orderId).toMatch(/^\d{6}$/);
    expect(answered.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(text(answered).replace(/\D/g, '')).toContain(orderId);
    expect(asked.sessionState.dialogAction).toMatchObject({
      type: 'ElicitSlot',
      slotToElicit: 'OrderNumber',
    });
  });

  it.each(LOCALES)(
    "uses the caller's recent orders in a later call, and hands over after two wrong numbers (%s)",
    async (locale) => {
      const caller = (locale === 'en-US' ? 'c' : 'd').repeat(64);
      // This caller's own calls: their own HMAC and session ids (a session id is a contact id).
      const withCaller = (e: Record<string, any>) => {
        e.sessionState.sessionAttributes.callerHmac = caller;
        e.sessionId = `${e.sessionId}-${caller.slice(0, 4)}`;
        return e;
      };
      const first = await invoke(withCaller(fixture('PlaceOrder', locale)));
      const only = first.sessionState.sessionAttributes.lastOrderId ?? '';
      // A later call (a new session, no lastOrderId): the caller's only order is the one meant.
      const later = withCaller(fixture('OrderStatus', locale));
      later.sessionState.intent.slots.OrderNumber = null;
      const laterReply = await invoke(later);
      expect(text(laterReply).replace(/\D/g, '')).toContain(only);
      // With two orders the caller is asked which, the newest named.
      // Another call (another session): a second order, not a retry of the first.
      const again = withCaller(fixture('PlaceOrder', locale));
      again.sessionId = `${again.sessionId}-2`;
      const second = await invoke(again);
      const newest = second.sessionState.sessionAttributes.lastOrderId ?? '';
      const ask = await invoke(later);
      expect(ask.sessionState.dialogAction).toMatchObject({
        type: 'ElicitSlot',
        slotToElicit: 'OrderNumber',
      });
      expect(text(ask).replace(/\D/g, '')).toContain(`2${newest}`);
      // Two numbers that are not theirs: an agent takes over.
      const wrong = withCaller(fixture('OrderStatus', locale));
      wrong.sessionState.intent.slots.OrderNumber = slot('999990');
      const miss1 = await invoke(wrong);
      expect(miss1.sessionState.sessionAttributes.orderNumberMisses).toBe('1');
      wrong.sessionState.sessionAttributes = { ...miss1.sessionState.sessionAttributes };
      const miss2 = await invoke(wrong);
      expect(miss2.sessionState.dialogAction.type).toBe('Close');
      expect(miss2.sessionState.sessionAttributes.nextStep).toBe('AGENT');
    },
  );

  it('rejects a malformed event with an open session that keeps the string session attributes', async () => {
    // Prepare
    const event = fixture('ProductInfo', 'zh-CN');
    event.invocationSource = 'Bogus';
    // Act
    const r = await invoke(event);
    // Assess
    expect(r.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(r.sessionState.sessionAttributes.callerHmac).toBe(event.sessionState.sessionAttributes.callerHmac);
    expect(text(r)).toMatch(/还有什么可以帮您？$/);
  });
});
