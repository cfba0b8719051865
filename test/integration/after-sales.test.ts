import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore, seedCatalog } from '../../lambdas/aws/dynamo-order-store';
import { DynamoTurnLog } from '../../lambdas/aws/dynamo-turn-log';
import type { BackOfficeTask, TaskOpener } from '../../lambdas/core/cases/task';
import { applyStaffAction } from '../../lambdas/core/orders/lifecycle';
import { isValidLexResponse, type LexResponse } from '../../lambdas/edge/lex';
import { createHandler, type FulfillmentHandler } from '../../lambdas/fulfillment/handler';
import { freshTables } from '../support/dynamo';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

/**
 * After-sales requests through the real code hook on DynamoDB Local (issue 15 item 3): the order
 * (said, or the caller's own latest), what is wrong (a category, never the caller's words), then
 * one back-office case with what staff need; an order that has not shipped is not "returned";
 * a case that cannot be opened, or a caller who cannot be verified, goes to a colleague with the
 * context in the attributes the flow copies into the contact.
 */

const CONTEXT = { functionName: 'fulfillment', awsRequestId: 'after-sales' } as Context;
type Locale = 'en-US' | 'zh-CN';
const text = (r: LexResponse) => r.messages?.map((m) => m.content).join(' ') ?? '';

/** The tasks the code hook opened; `fail` makes the next open throw (Connect refused). */
class RecordingTasks implements TaskOpener {
  readonly opened: BackOfficeTask[] = [];
  fail = false;
  async open(task: BackOfficeTask): Promise<void> {
    if (this.fail) throw Object.assign(new Error('refused'), { name: 'InvalidParameterException' });
    if (!this.opened.some((t) => t.token === task.token)) this.opened.push(task);
  }
}

function fixture(intent: string, locale: Locale): Record<string, any> {
  return JSON.parse(readFileSync(`test/fixtures/lex/${intent}.${locale}.json`, 'utf8'));
}

/** An AfterSales turn as Lex sends it: the caller's words, the order number slot when said. */
function afterSales(
  locale: Locale,
  said: string,
  options: {
    caller: string;
    session: string;
    orderId?: string;
    reason?: string;
    attrs?: Record<string, string>;
  },
): Record<string, any> {
  const e = fixture('OrderStatus', locale);
  e.invocationSource = 'DialogCodeHook';
  e.inputTranscript = options.reason ?? said;
  e.sessionId = options.session;
  const slots: Record<string, unknown> = {
    OrderNumber: options.orderId
      ? {
          shape: 'Scalar',
          value: {
            originalValue: options.orderId,
            interpretedValue: options.orderId,
            resolvedValues: [options.orderId],
          },
        }
      : null,
    AfterSalesReason: options.reason
      ? {
          shape: 'Scalar',
          value: { originalValue: options.reason, interpretedValue: options.reason, resolvedValues: [] },
        }
      : null,
  };
  e.sessionState.intent = { name: 'AfterSales', slots, state: 'InProgress', confirmationState: 'None' };
  e.interpretations = [{ intent: e.sessionState.intent, nluConfidence: 0.9, interpretationSource: 'Lex' }];
  e.sessionState.sessionAttributes = {
    ...e.sessionState.sessionAttributes,
    contactId: options.session,
    callerHmac: options.caller,
    ...(options.attrs ?? {}),
  };
  return e;
}

describe('after-sales requests through the code hook (DynamoDB Local)', () => {
  let handler: FulfillmentHandler;
  let store: DynamoOrderStore;
  const tasks = new RecordingTasks();

  const invoke = async (event: unknown): Promise<LexResponse> => {
    const response = await handler(event, CONTEXT);
    expect(isValidLexResponse(response), JSON.stringify(response)).toBe(true);
    return response;
  };

  /** Places an order for `caller` and moves it to `status` by the staff actions. */
  const orderFor = async (
    locale: Locale,
    caller: string,
    session: string,
    status: 'PENDING_PAYMENT' | 'SHIPPED' | 'DELIVERED',
  ): Promise<string> => {
    const place = fixture('PlaceOrder', locale);
    place.sessionId = session;
    place.sessionState.sessionAttributes = {
      ...place.sessionState.sessionAttributes,
      contactId: session,
      callerHmac: caller,
    };
    const placed = await invoke(place);
    const orderId = placed.sessionState.sessionAttributes.lastOrderId ?? '';
    expect(orderId).toMatch(/^\d{6}$/);
    const at = new Date().toISOString();
    if (status !== 'PENDING_PAYMENT') await applyStaffAction(store, 'ship', { orderId, by: 'test', at });
    if (status === 'DELIVERED') await applyStaffAction(store, 'deliver', { orderId, by: 'test', at });
    return orderId;
  };

  beforeAll(async () => {
    const local = await freshTables();
    const db = DynamoDBDocumentClient.from(local.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    await seedCatalog(db, local.names.catalog);
    store = new DynamoOrderStore(db, local.names);
    handler = createHandler({
      orders: store,
      maxOrderQuantity: 5,
      turns: new DynamoTurnLog(db, local.names.turns),
      turnRetentionDays: 365,
      tasks,
    });
  });

  it('opens a return for a delivered order when the first sentence says what is wrong, once', async () => {
    // Prepare
    const caller = 'a1'.repeat(32);
    const orderId = await orderFor('en-US', caller, 'as-order-1', 'DELIVERED');
    const event = afterSales('en-US', 'the speaker I got arrived damaged, I want to return it', {
      caller,
      session: 'as-call-1',
    });
    // Act: the caller's only order is the one meant; Lex retries the same turn.
    const reply = await invoke(event);
    await invoke(event);
    // Assess
    expect(reply.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(text(reply)).toMatch(
      /I have opened a return request for order [\d ]+\. A colleague from our back office/,
    );
    const mine = tasks.opened.filter((t) => t.attributes.orderId === orderId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      name: `Return request: order ${orderId}`,
      attributes: {
        caseKind: 'after-sales-return',
        reason: 'damaged',
        orderId,
        contactId: 'as-call-1',
        consent: 'GRANTED',
      },
    });
    // Staff get the category, not the caller's sentence.
    expect(JSON.stringify(mine[0])).not.toContain('arrived damaged, I want');
    expect(reply.sessionState.sessionAttributes).not.toHaveProperty('afterSalesKind');
  });

  it.each([
    [
      'en-US',
      'I need to make a warranty claim on my order',
      'it stopped charging after a week',
      'after-sales-warranty',
      'not-working',
    ],
    ['zh-CN', '我要投诉', '快递员态度很差，东西扔门口就走了', 'after-sales-complaint', 'courier'],
  ] as const)(
    'asks what is wrong when the first sentence does not say (%s), then opens the case',
    async (locale, first, reason, caseKind, category) => {
      // Prepare
      const caller = (locale === 'en-US' ? 'b2' : 'c3').repeat(32);
      const orderId = await orderFor(locale, caller, `as-order-${locale}`, 'SHIPPED');
      // Act
      // The caller's only order is the one meant: no number said.
      const ask = await invoke(afterSales(locale, first, { caller, session: `as-call-${locale}` }));
      const done = await invoke(
        afterSales(locale, first, {
          caller,
          session: `as-call-${locale}`,
          orderId,
          reason,
          attrs: ask.sessionState.sessionAttributes,
        }),
      );
      // Assess
      expect(ask.sessionState.dialogAction).toMatchObject({
        type: 'ElicitSlot',
        slotToElicit: 'AfterSalesReason',
      });
      // The order the dialog worked out stays in the intent for the next turn.
      expect(ask.sessionState.intent?.slots?.OrderNumber?.value?.interpretedValue).toBe(orderId);
      expect(done.sessionState.dialogAction.type).toBe('ElicitIntent');
      const [opened] = tasks.opened.filter((t) => t.attributes.orderId === orderId);
      expect(opened?.attributes).toMatchObject({ caseKind, reason: category, locale });
    },
  );

  it('forgets an after-sales request the caller left for another question', async () => {
    // Prepare: a reason is known ("broken"), the order is asked for; the caller asks something else.
    const caller = 'f6'.repeat(32);
    await orderFor('en-US', caller, 'as-order-5', 'DELIVERED');
    await orderFor('en-US', caller, 'as-order-6', 'DELIVERED');
    const ask = await invoke(afterSales('en-US', 'my headset is broken', { caller, session: 'as-call-5' }));
    expect(ask.sessionState.sessionAttributes.afterSalesReason).toBe('not-working');
    const other = fixture('ProductPrice', 'en-US');
    other.sessionId = 'as-call-5';
    other.sessionState.sessionAttributes = { ...ask.sessionState.sessionAttributes };
    // Act
    const answered = await invoke(other);
    // Assess
    expect(answered.sessionState.sessionAttributes).not.toHaveProperty('afterSalesReason');
    expect(answered.sessionState.sessionAttributes).not.toHaveProperty('afterSalesKind');
  });

  it('does not open a return for an order that has not shipped, and says what can be done', async () => {
    const caller = 'd4'.repeat(32);
    const orderId = await orderFor('en-US', caller, 'as-order-2', 'PENDING_PAYMENT');
    const before = tasks.opened.length;
    const reply = await invoke(
      afterSales('en-US', 'I want to send it back it is the wrong colour', {
        caller,
        session: 'as-call-2',
        orderId,
      }),
    );
    expect(text(reply)).toMatch(
      /has not been shipped, so there is nothing to send back yet\. You can cancel it instead/,
    );
    expect(tasks.opened.length).toBe(before);
  });

  it('hands over with the reason and the order when the case cannot be opened', async () => {
    const caller = 'e5'.repeat(32);
    const orderId = await orderFor('zh-CN', caller, 'as-order-3', 'DELIVERED');
    tasks.fail = true;
    try {
      const reply = await invoke(
        afterSales('zh-CN', '我要退货，收到的时候已经压坏了', { caller, session: 'as-call-3', orderId }),
      );
      expect(reply.sessionState.dialogAction.type).toBe('Close');
      expect(reply.sessionState.sessionAttributes).toMatchObject({
        nextStep: 'AGENT',
        handoverReason: 'AfterSales',
        handoverOrder: orderId,
      });
      expect(text(reply)).toContain('现在无法登记');
    } finally {
      tasks.fail = false;
    }
  });

  it('hands a caller who cannot be verified to a colleague, promising no case', async () => {
    const reply = await invoke(
      afterSales('en-US', 'I want to return my headset', { caller: '', session: 'as-call-4' }),
    );
    expect(reply.sessionState.dialogAction.type).toBe('Close');
    expect(reply.sessionState.sessionAttributes).toMatchObject({
      nextStep: 'AGENT',
      handoverReason: 'AfterSales',
    });
    expect(text(reply)).not.toMatch(/opened/);
  });
});
