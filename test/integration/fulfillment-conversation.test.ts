import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '../../lambdas/aws/dynamo-order-store';
import { isValidLexResponse, type LexResponse } from '../../lambdas/edge/lex';
import { createHandler, type FulfillmentHandler } from '../../lambdas/fulfillment/handler';
import {
  type RecordingControl,
  recordingControlForInstance,
} from '../../lambdas/fulfillment/sensitive-slots';
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
    handler = createHandler({ db, tables: local.names, maxOrderQuantity: 5 });
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

  describe('sensitive slots (code-hook RecordingControl mechanism, fake port)', () => {
    /** A fake Connect recording port that records calls and can be told to fail. */
    class FakeRecording implements RecordingControl {
      readonly calls: string[] = [];
      failSuspend = false;
      failResume = false;
      async suspend(contactId: string): Promise<void> {
        this.calls.push(`suspend ${contactId}`);
        if (this.failSuspend) throw new Error('AccessDenied');
      }
      async resume(contactId: string): Promise<void> {
        this.calls.push(`resume ${contactId}`);
        if (this.failResume) throw new Error('Throttled');
      }
    }

    const quantityTurn = (quantity: string | undefined, attrs: Record<string, string> = {}) => {
      const event = fixture('PlaceOrder', 'en-US');
      event.invocationSource = 'DialogCodeHook';
      event.sessionState.intent.confirmationState = 'None';
      event.sessionState.intent.slots.Quantity =
        quantity === undefined
          ? null
          : {
              shape: 'Scalar',
              value: { originalValue: quantity, interpretedValue: quantity, resolvedValues: [quantity] },
            };
      delete event.sessionState.sessionAttributes.pendingQuote;
      Object.assign(event.sessionState.sessionAttributes, attrs);
      return event;
    };

    const build = (control: RecordingControl | undefined) =>
      createHandler({
        db: DynamoDBDocumentClient.from(local.client),
        tables: local.names,
        maxOrderQuantity: 5,
        recordingControl: control,
        // Quantity is not sensitive in the real model; it stands in for a future ID-number slot.
        sensitiveSlots: ['PlaceOrder.Quantity'],
      });

    it('suspends recording before eliciting the slot and resumes it on the answer', async () => {
      // Prepare
      const recording = new FakeRecording();
      const h = build(recording);
      const contactId = fixture('PlaceOrder', 'en-US').sessionState.sessionAttributes.contactId;
      // Act
      const ask = await invoke(quantityTurn(undefined), h);
      const answered = await invoke(quantityTurn('2', ask.sessionState.sessionAttributes), h);
      // Assess
      expect(ask.sessionState.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'Quantity' });
      expect(ask.sessionState.sessionAttributes.recordingSuspendedFor).toBe('PlaceOrder.Quantity');
      expect(answered.sessionState.dialogAction.type).toBe('ConfirmIntent');
      expect(answered.sessionState.sessionAttributes.recordingSuspendedFor).toBeUndefined();
      expect(recording.calls).toEqual([`suspend ${contactId}`, `resume ${contactId}`]);
    });

    it('rejects eliciting the slot when recording cannot be suspended', async () => {
      // Prepare
      const recording = new FakeRecording();
      recording.failSuspend = true;
      // Act
      const failed = await invoke(quantityTurn(undefined), build(recording));
      const noPort = await invoke(quantityTurn(undefined), build(undefined));
      // Assess
      for (const r of [failed, noPort]) {
        expect(r.sessionState.dialogAction.type).toBe('ElicitIntent');
        expect(text(r)).toMatch(/can't take that detail securely/);
        expect(r.sessionState.sessionAttributes.recordingSuspendedFor).toBeUndefined();
      }
    });

    it('fails safe when resuming fails: the marker stays so the next turn resumes', async () => {
      // Prepare
      const recording = new FakeRecording();
      recording.failResume = true;
      const h = build(recording);
      const ask = await invoke(quantityTurn(undefined), h);
      // Act
      const answered = await invoke(quantityTurn('2', ask.sessionState.sessionAttributes), h);
      recording.failResume = false;
      const next = await invoke(quantityTurn('2', answered.sessionState.sessionAttributes), h);
      // Assess
      expect(answered.sessionState.sessionAttributes.recordingSuspendedFor).toBe('PlaceOrder.Quantity');
      expect(next.sessionState.sessionAttributes.recordingSuspendedFor).toBeUndefined();
      expect(recording.calls.filter((c) => c.startsWith('resume'))).toHaveLength(2);
    });

    it('never suspends for slots outside the sensitive list', async () => {
      // Prepare
      const recording = new FakeRecording();
      const h = createHandler({
        db: DynamoDBDocumentClient.from(local.client),
        tables: local.names,
        maxOrderQuantity: 5,
        recordingControl: recording,
      });
      // Act
      const ask = await invoke(quantityTurn(undefined), h);
      // Assess
      expect(ask.sessionState.dialogAction.type).toBe('ElicitSlot');
      expect(recording.calls).toEqual([]);
    });
  });
});

describe('recordingControlForInstance', () => {
  it('passes the configured instance and the contact as its own initial contact, IVR recording', async () => {
    // Prepare
    const seen: unknown[] = [];
    const port = recordingControlForInstance(
      {
        suspend: async (contact, kind) => void seen.push(['suspend', contact, kind]),
        resume: async (contact, kind) => void seen.push(['resume', contact, kind]),
      },
      'inst-1',
    );
    // Act
    await port.suspend('c-1');
    await port.resume('c-1');
    // Assess
    const ref = { instanceId: 'inst-1', contactId: 'c-1', initialContactId: 'c-1' };
    expect(seen).toEqual([
      ['suspend', ref, 'IVR'],
      ['resume', ref, 'IVR'],
    ]);
  });
});
