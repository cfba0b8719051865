import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { CODE_HOOK_LABELS } from '../../../lambdas/contracts/session';
import { BOT_MODEL } from '../../../lib/bot';
import { LocalLex } from '../../../local/lex/stand-in';

interface SeenEvent {
  invocationSource: string;
  invocationLabel?: string;
  inputTranscript: string;
  sessionState: { intent: { name: string; slots: Record<string, unknown> } };
}

/** A code hook that asks for the product until it has one, and records what Lex sent it. */
function recordingHook(seen: SeenEvent[]) {
  return async (raw: unknown, _context: Context) => {
    const event = raw as SeenEvent;
    seen.push(event);
    const intent = event.sessionState.intent;
    if (event.invocationSource === 'FulfillmentCodeHook' || intent.slots.Product) {
      return {
        sessionState: {
          dialogAction: { type: 'Close' },
          intent: { ...intent, state: 'Fulfilled', confirmationState: 'None' },
          sessionAttributes: {},
        },
        messages: [{ contentType: 'PlainText', content: 'Done.' }],
      };
    }
    return {
      sessionState: {
        dialogAction: { type: 'ElicitSlot', slotToElicit: 'Product' },
        intent: { ...intent, state: 'InProgress', confirmationState: 'None' },
        sessionAttributes: {},
      },
      messages: [{ contentType: 'PlainText', content: 'Which product would you like?' }],
    };
  };
}

/** An en-US caller of a stand-in whose code hook records every event. */
function caller() {
  const seen: SeenEvent[] = [];
  const lex = new LocalLex({ model: BOT_MODEL, codeHook: recordingHook(seen) });
  const turn = (text: string) =>
    lex.recognizeText({
      sessionId: 'caller',
      localeId: 'en_US',
      text,
      inputMode: 'Text',
      sessionAttributes: {},
    });
  return { seen, turn };
}

describe('local Lex stand-in: an answer to a slot question that gives no value', () => {
  it('reaches the dialog hook with the slot-answer label within the retries, then falls back', async () => {
    // Prepare
    const { seen, turn } = caller();
    // Act
    const asked = await turn('I want to order something');
    const first = await turn('hmm');
    const second = await turn('hmm');
    const third = await turn('hmm');
    // Assess
    expect(asked.dialogActionType).toBe('ElicitSlot');
    expect(seen[0]?.invocationLabel).toBeUndefined();
    // Both misses the slot's retries allow (maxRetries 2) go to the hook, labelled, the slot still empty.
    expect(first.dialogActionType).toBe('ElicitSlot');
    expect(second.dialogActionType).toBe('ElicitSlot');
    const misses = seen.slice(1, 3);
    expect(misses.map((e) => [e.invocationSource, e.invocationLabel, e.sessionState.intent.name])).toEqual([
      ['DialogCodeHook', CODE_HOOK_LABELS.slotAnswer, 'PlaceOrder'],
      ['DialogCodeHook', CODE_HOOK_LABELS.slotAnswer, 'PlaceOrder'],
    ]);
    expect(misses.every((e) => e.sessionState.intent.slots.Product === null)).toBe(true);
    // The third is past the retries: Lex gives up on the slot (FallbackIntent), as without the hook.
    expect(third.intentName).toBe('FallbackIntent');
  });

  it('fills the slot as before when the answer names a value', async () => {
    const { seen, turn } = caller();
    await turn('I want to order something');
    const named = await turn('the smart plug');
    expect(named.dialogActionType).toBe('Close');
    expect(seen.at(-1)?.invocationLabel).toBeUndefined();
  });
});

describe('local Lex stand-in: silence at a question', () => {
  it('asks an open slot question again within its retries, then ends the conversation', async () => {
    // Prepare
    const seen: SeenEvent[] = [];
    const lex = new LocalLex({ model: BOT_MODEL, codeHook: recordingHook(seen) });
    const request = { sessionId: 'silent', localeId: 'en_US', sessionAttributes: {} } as const;
    const product = BOT_MODEL.locales['en-US'].intents
      .find((i) => i.name === 'PlaceOrder')
      ?.slots.find((s) => s.name === 'Product');
    // Act
    const nothingOpen = await lex.noInput(request);
    await lex.recognizeText({ ...request, text: 'I want to order something', inputMode: 'Text' });
    const hooksBefore = seen.length;
    const again = [];
    for (let i = 0; i < (product?.maxRetries ?? 0); i++) again.push(await lex.noInput(request));
    const givenUp = await lex.noInput(request);
    const hooksAfter = seen.length;
    const fresh = await lex.recognizeText({ ...request, text: 'where is my order', inputMode: 'Text' });
    // Assess
    expect(nothingOpen).toBeUndefined();
    expect(product?.maxRetries).toBeGreaterThan(0);
    expect(again.map((r) => [r?.dialogActionType, r?.intentName, r?.messages])).toEqual(
      again.map(() => ['ElicitSlot', 'PlaceOrder', [product?.prompt]]),
    );
    // Silence is no answer the hook hears, and nothing is stored as an utterance.
    expect(hooksAfter).toBe(hooksBefore);
    expect(givenUp).toBeUndefined();
    // The next turn starts afresh: the abandoned order's slot question is not open any more.
    expect(fresh.intentName).toBe('OrderStatus');
    expect(lex.storedUtterances().improvement.map((u) => u.text)).toEqual([
      'I want to order something',
      'where is my order',
    ]);
  });
});

describe('local Lex stand-in: confidence', () => {
  it.each([
    ['en_US', 'tell me about the smart bulb'],
    ['zh_CN', '介绍一下智能灯泡'],
  ] as const)(
    '%s %j: nluConfidence stays within 0..1 for a turn that is a sample word for word',
    async (localeId, text) => {
      // A blend of two scores of 1 can round above 1; the code hook drops such a value as no confidence.
      const events: { interpretations?: { nluConfidence?: { score: number } }[] }[] = [];
      const hook = recordingHook([]);
      const lex = new LocalLex({
        model: BOT_MODEL,
        codeHook: async (raw, context) => {
          events.push(raw as (typeof events)[number]);
          return hook(raw, context);
        },
      });
      await lex.recognizeText({
        sessionId: 'sure',
        localeId,
        text,
        inputMode: 'Text',
        sessionAttributes: {},
      });
      const scores = events.flatMap((e) => (e.interpretations ?? []).map((i) => i.nluConfidence?.score ?? 0));
      expect(scores.length).toBeGreaterThan(0);
      expect(Math.max(...scores)).toBeLessThanOrEqual(1);
      expect(Math.max(...scores)).toBeGreaterThan(0.99);
    },
  );
});
