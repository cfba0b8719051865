import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../lambdas/core/dialog/messages';
import type { LexResponse } from '../../lambdas/edge/lex';
import { type LocalFulfillment, localFulfillment, spoken as text } from '../support/fulfillment';

/**
 * A bare yes or no answers the robot's last question, whichever intent Lex matched to it: yes to
 * "Would you like to order one?" says how to name the product, no to it declines the offer, no to
 * "Anything else?" ends the call. Each turn here carries the session attributes the previous reply
 * handed back, as Lex does.
 */

type Locale = 'en-US' | 'zh-CN';
const lastIntent = (r: LexResponse) => r.sessionState.sessionAttributes?.intents?.split(',').at(-1);

/** The stored Lex event of an intent, as the next turn after `after` (the previous reply). */
function next(intent: string, locale: Locale, transcript: string, after?: LexResponse) {
  const event = JSON.parse(readFileSync(`test/fixtures/lex/${intent}.${locale}.json`, 'utf8'));
  if (after) {
    event.inputTranscript = transcript;
    // The intent just matched: Lex calls the dialog code hook before any slot or confirmation.
    event.invocationSource = 'DialogCodeHook';
    event.sessionState.intent.confirmationState = 'None';
    for (const name of Object.keys(event.sessionState.intent.slots ?? {}))
      event.sessionState.intent.slots[name] = null;
    event.sessionState.sessionAttributes = { ...after.sessionState.sessionAttributes };
  }
  return event;
}

const YES: Record<Locale, string> = { 'en-US': 'yes please', 'zh-CN': '好的' };
const NO: Record<Locale, string> = { 'en-US': 'no thanks', 'zh-CN': '不用了谢谢' };

describe('fulfillment Lambda on a bare yes or no', () => {
  let local: LocalFulfillment;
  const invoke = (event: unknown) => local.invoke(event);

  beforeAll(async () => {
    local = await localFulfillment('yes-no');
  });

  const recommended = (locale: Locale) => invoke(next('RecommendProduct', locale, ''));

  it.each(['en-US', 'zh-CN'] as const)(
    '%s: yes to a recommendation says how to order one and starts no order',
    async (locale) => {
      // Prepare
      const offer = await recommended(locale);
      expect(offer.sessionState.sessionAttributes?.offered).toBe('ORDER');
      const listed = offer.sessionState.sessionAttributes?.listedProducts?.split(',') ?? [];
      expect(listed.length).toBeGreaterThan(0);
      // Act: Lex took the yes for an order
      const reply = await invoke(next('PlaceOrder', locale, YES[locale], offer));
      // Assess
      expect(reply.sessionState.dialogAction.type).toBe('ElicitIntent');
      const said = text(reply);
      expect(said).toMatch(/[?？]$/);
      if (listed.length === 1) expect(said).toMatch(locale === 'en-US' ? /I'd like the / : /我要/);
      else expect(said).toMatch(locale === 'en-US' ? /the first one/ : /第一个/);
      // The offer held for that answer only; the products stay listed for "the first one".
      expect(reply.sessionState.sessionAttributes?.offered).toBeUndefined();
      expect(reply.sessionState.sessionAttributes?.listedProducts).toBe(listed.join(','));
      expect(reply.sessionState.sessionAttributes?.pendingQuote).toBeUndefined();
    },
  );

  it('names the one product when only one was offered', () => {
    expect(MESSAGES['en-US'].whichOne(['Quiet Max'], 'ORDER')).toContain('"I\'d like the Quiet Max"');
    expect(MESSAGES['zh-CN'].whichOne(['降噪耳机'], 'DETAILS')).toContain('“介绍一下降噪耳机”');
    expect(MESSAGES['en-US'].whichOne(['A', 'B'], 'DETAILS')).toContain('"tell me about the first one"');
  });

  it.each(['en-US', 'zh-CN'] as const)(
    '%s: no to a recommendation declines it and the call goes on',
    async (locale) => {
      // Prepare
      const offer = await recommended(locale);
      // Act: Lex took the no for a goodbye
      const reply = await invoke(next('Goodbye', locale, NO[locale], offer));
      // Assess
      expect(text(reply)).toBe(MESSAGES[locale].offerDeclined());
      expect(reply.sessionState.dialogAction.type).toBe('ElicitIntent');
      expect(reply.sessionState.sessionAttributes?.nextStep).toBeUndefined();
      expect(reply.sessionState.sessionAttributes?.offered).toBeUndefined();
    },
  );

  it.each(['en-US', 'zh-CN'] as const)(
    '%s: a no to "Anything else?" ends the call as a goodbye',
    async (locale) => {
      // Prepare: the offer was declined, the robot asked what else; the offer no longer holds
      const offer = await recommended(locale);
      const declined = await invoke(next('Goodbye', locale, NO[locale], offer));
      // Act: Lex took the second no for a product question
      const reply = await invoke(
        next('ProductInfo', locale, locale === 'en-US' ? "no that's all" : '没有了', declined),
      );
      // Assess
      expect(reply.sessionState.dialogAction.type).toBe('Close');
      expect(reply.sessionState.sessionAttributes?.nextStep).toBe('HANGUP');
      expect(text(reply)).toBe(MESSAGES[locale].goodbye());
      expect(lastIntent(reply)).toBe('Goodbye');
    },
  );

  it.each(['en-US', 'zh-CN'] as const)(
    '%s: a yes to "Anything else?" asks what the caller would like',
    async (locale) => {
      // Prepare: a product answer, which offers nothing
      const answered = await invoke(next('ProductInfo', locale, ''));
      expect(answered.sessionState.sessionAttributes?.offered).toBeUndefined();
      // Act
      const reply = await invoke(next('PlaceOrder', locale, YES[locale], answered));
      // Assess
      expect(text(reply)).toBe(MESSAGES[locale].whatElse());
      expect(reply.sessionState.dialogAction.type).toBe('ElicitIntent');
      expect(reply.sessionState.sessionAttributes?.pendingQuote).toBeUndefined();
    },
  );

  it.each([
    ['en-US', 'okay thanks'],
    ['zh-CN', '好的谢谢啊'],
  ] as const)('%s: "%s" after an answer closes as the goodbye Lex matched', async (locale, words) => {
    // Prepare
    const answered = await invoke(next('ProductInfo', locale, ''));
    // Act
    const reply = await invoke(next('Goodbye', locale, words, answered));
    // Assess
    expect(reply.sessionState.dialogAction.type).toBe('Close');
    expect(reply.sessionState.sessionAttributes?.nextStep).toBe('HANGUP');
  });

  it.each(['en-US', 'zh-CN'] as const)(
    '%s: a yes as the first turn answers no question and gets the fallback',
    async (locale) => {
      // Prepare: the flow's welcome asked an open question; no reply of the robot came before
      const event = next('PlaceOrder', locale, '');
      event.inputTranscript = YES[locale];
      event.invocationSource = 'DialogCodeHook';
      event.sessionState.intent.confirmationState = 'None';
      event.sessionState.intent.slots = { Product: null, Quantity: null };
      delete event.sessionState.sessionAttributes.awaiting;
      // Act
      const reply = await invoke(event);
      // Assess
      expect(text(reply)).toBe(MESSAGES[locale].fallback());
      expect(lastIntent(reply)).toBe('FallbackIntent');
    },
  );

  it('still confirms an order read-back with a bare yes', async () => {
    // Act: the stored fulfillment event, confirmed with "yes" after the read-back
    const response = await invoke(next('PlaceOrder', 'en-US', ''));
    // Assess
    expect(response.sessionState.sessionAttributes?.lastOrderId).toMatch(/^[1-9]\d{5}$/);
  });

  it('records an intent the dialog does not know under its own name', async () => {
    // Prepare: an intent added to the bot before the function knows it
    const event = next('ProductInfo', 'en-US', '');
    event.sessionState.intent.name = 'GiftWrapping';
    event.inputTranscript = 'can you gift wrap it';
    // Act
    const reply = await invoke(event);
    // Assess
    expect(text(reply)).toBe(MESSAGES['en-US'].fallback());
    expect(lastIntent(reply)).toBe('GiftWrapping');
  });
});
