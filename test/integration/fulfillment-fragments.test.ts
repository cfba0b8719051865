import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../lambdas/core/dialog/messages';
import { type LocalFulfillment, localFulfillment, spoken as text } from '../support/fulfillment';

/**
 * A turn that starts no request yet ("the blue one with the", "呃我想", "um uh") may still match an
 * intent in Lex. The fulfillment function answers it with the fallback and starts nothing; the same
 * words answering the robot's own question go to the intent, which reads them or asks again.
 */

/** The stored Lex event of an intent, with what the caller said and the `awaiting` attribute replaced. */
function said(intent: string, locale: 'en-US' | 'zh-CN', transcript: string, awaiting?: string) {
  const event = JSON.parse(readFileSync(`test/fixtures/lex/${intent}.${locale}.json`, 'utf8'));
  event.inputTranscript = transcript;
  // The intent just matched: Lex calls the dialog code hook before any slot or confirmation.
  event.invocationSource = 'DialogCodeHook';
  event.sessionState.intent.confirmationState = 'None';
  if (awaiting) event.sessionState.sessionAttributes.awaiting = awaiting;
  return event;
}

describe('fulfillment Lambda on turns that ask for nothing yet', () => {
  let local: LocalFulfillment;
  const invoke = (event: unknown) => local.invoke(event);

  beforeAll(async () => {
    local = await localFulfillment('fragments');
  });

  it.each([
    ['CancelOrder', 'en-US', 'the blue one with the'],
    ['PlaceOrder', 'en-US', 'hello hello can you'],
    ['ProductInfo', 'en-US', 'is it the one or uh'],
    ['PlaceOrder', 'zh-CN', '呃我想'],
    ['ProductInfo', 'zh-CN', '蓝色的那……'],
    ['OrderStatus', 'zh-CN', '嗯那个就是'],
  ] as const)(
    '%s (%s) matched on "%s" gets the fallback and starts nothing',
    async (intent, locale, words) => {
      // Act
      const response = await invoke(said(intent, locale, words, 'INTENT'));
      // Assess
      expect(text(response)).toBe(MESSAGES[locale].fallback());
      expect(response.sessionState.dialogAction.type).toBe('ElicitIntent');
      expect(response.sessionState.sessionAttributes?.intents?.split(',').at(-1)).toBe('FallbackIntent');
    },
  );

  it('still fulfils an order the caller confirmed with a bare "yes"', async () => {
    // Prepare: the read-back was answered; Lex sends the fulfillment with the confirmation.
    const event = JSON.parse(readFileSync('test/fixtures/lex/PlaceOrder.en-US.json', 'utf8'));
    expect(event.inputTranscript).toBe('yes');
    // Act
    const response = await invoke(event);
    // Assess
    expect(response.sessionState.sessionAttributes?.lastOrderId).toMatch(/^[1-9]\d{5}$/);
  });

  it('leaves a cancellation said in full to the intent', async () => {
    // Act
    const response = await invoke(said('CancelOrder', 'en-US', 'cancel order 4 8 2 9 1 3', 'INTENT'));
    // Assess
    expect(text(response)).not.toBe(MESSAGES['en-US'].fallback());
    expect(response.sessionState.sessionAttributes?.intents?.split(',').at(-1)).toBe('CancelOrder');
  });

  it('hands a broken-off answer to a slot question to the intent, which asks again', async () => {
    // Prepare: the robot asked which product; the caller's answer gave Lex no value.
    const event = said('PlaceOrder', 'en-US', 'the blue one with the', 'SLOT');
    event.invocationSource = 'DialogCodeHook';
    event.sessionState.intent.slots = { Product: null, Quantity: null };
    // Act
    const response = await invoke(event);
    // Assess
    expect(text(response)).not.toBe(MESSAGES['en-US'].fallback());
    expect(response.sessionState.dialogAction).toMatchObject({ type: 'ElicitSlot', slotToElicit: 'Product' });
  });
});
