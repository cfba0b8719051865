import { describe, expect, it } from 'vitest';
import {
  asksToStopRecording,
  pressedWithdrawKey,
  sensitiveDigits,
} from '../../../lambdas/core/dialog/privacy';
import type { DialogReply, DialogTurn } from '../../../lambdas/core/dialog/turn';
import { turnRecord, wordCount } from '../../../lambdas/core/dialog/turn-record';
import first from '../../fixtures/withdrawal/utterances.json';
import second from '../../fixtures/withdrawal/utterances-2.json';

/**
 * The bot's privacy screen on caller turns. The withdrawal phrasings come from two sets written by
 * helpers who saw neither the code nor the bot's sample utterances (test/fixtures/withdrawal): the
 * keyword rules back the WithdrawConsent intent at turns where Lex is asking for something else.
 */

const LOCALES = ['en-US', 'zh-CN'] as const;

describe('asksToStopRecording on held-out caller phrasings', () => {
  it.each(LOCALES)('%s: finds at least 90 %% of the requests in each set, and no near miss', (locale) => {
    for (const set of [first, second]) {
      const requests = set.withdraw[locale];
      const found = requests.filter((t) => asksToStopRecording(t));
      expect(found.length / requests.length).toBeGreaterThanOrEqual(0.9);
      expect(set.near_miss[locale].filter((t) => asksToStopRecording(t))).toEqual([]);
    }
  });
});

describe('the withdrawal key', () => {
  const turn = (awaiting: DialogTurn['awaiting'], text = '9', mode: DialogTurn['inputMode'] = 'DTMF') => ({
    inputMode: mode,
    inputTranscript: text,
    awaiting,
  });

  it('counts at an open question (and before the first reply)', () => {
    expect(pressedWithdrawKey(turn('INTENT'))).toBe(true);
    expect(pressedWithdrawKey(turn(undefined))).toBe(true);
  });

  it('is a slot value or an answer elsewhere, and only the keypad presses it', () => {
    expect(pressedWithdrawKey(turn('SLOT'))).toBe(false);
    expect(pressedWithdrawKey(turn('CONFIRMATION'))).toBe(false);
    expect(pressedWithdrawKey(turn('INTENT', '9', 'Speech'))).toBe(false);
    expect(pressedWithdrawKey(turn('INTENT', '99'))).toBe(false);
  });
});

describe('sensitive digits at a bot turn', () => {
  const at = (text: string, locale: DialogTurn['locale'] = 'en-US') => ({
    inputTranscript: text,
    slots: {},
    locale,
  });

  it('finds a Luhn-valid test card and a checksum-valid (synthetic) PRC ID, in digits or words', () => {
    expect(sensitiveDigits(at('my card is 4111 1111 1111 1111'))).toEqual(['CARD']);
    expect(sensitiveDigits(at('我的身份证号是11010519491231002X', 'zh-CN'))).toEqual(['ID_NUMBER']);
  });

  it('looks at what the caller said in a slot too', () => {
    const turn = {
      inputTranscript: 'two',
      slots: { Quantity: { original: '4111111111111111' } },
      locale: 'en-US' as const,
    };
    expect(sensitiveDigits(turn)).toEqual(['CARD']);
  });

  it('leaves order numbers, quantities and prices alone', () => {
    expect(sensitiveDigits(at('what is the status of order 482913'))).toEqual([]);
    expect(sensitiveDigits(at('I want 3 smart plugs under 50 dollars'))).toEqual([]);
  });
});

describe('the turn record', () => {
  const base: DialogTurn = {
    sessionId: 'session-1',
    intentName: 'ProductInfo',
    slots: { Product: { interpreted: 'Smart plug', original: 'smart plug' }, Budget: undefined },
    confirmation: 'None',
    sessionAttributes: {},
    locale: 'en-US',
    phase: 'dialog',
    callerHmac: undefined,
    inputTranscript: 'tell me about the smart plug, my number is 415 555 0123',
    inputMode: 'Speech',
  };
  const reply: DialogReply = { kind: 'answer', text: 'It is a plug.', sessionAttributes: {} };
  const context = {
    contactId: 'c-1',
    localeId: 'en_US',
    source: 'DialogCodeHook',
    nluConfidence: 0.8,
    requestId: 'r-1',
    at: new Date('2026-12-01T10:00:00.000Z'),
    retentionDays: 30,
  };

  it('keeps the redacted words only for a caller whose consent is GRANTED', () => {
    const granted = turnRecord({ ...base, consent: 'GRANTED' }, reply, context);
    expect(granted.text).toBe('tell me about the smart plug, my number is [PHONE]');
    for (const consent of ['DECLINED', 'NO_INPUT', 'INVALID', 'WITHDRAWN', undefined]) {
      const record = turnRecord({ ...base, ...(consent ? { consent } : {}) }, reply, context);
      expect(record.text).toBeNull();
      // Counts and outcomes stay, for every caller.
      expect(record).toMatchObject({ words: 12, redactions: 1, slots: 'Budget=EMPTY;Product=FILLED' });
    }
  });

  it("keeps no words of an order's delivery answers, even for a caller who granted", () => {
    const said = 'my name is Alex Doe';
    const record = turnRecord(
      {
        ...base,
        intentName: 'PlaceOrder',
        consent: 'GRANTED',
        inputTranscript: said,
        slots: {
          Product: { interpreted: 'Smart plug' },
          RecipientName: { original: said, interpreted: said },
        },
      },
      { kind: 'elicitSlot', slot: 'DeliveryAddress', text: 'What is the address?', sessionAttributes: {} },
      context,
    );
    expect(record.text).toBeNull();
    expect(record.slots).toBe('Product=FILLED;RecipientName=FILLED');
    expect(JSON.stringify(record)).not.toContain('Alex');
  });

  it('marks sensitive digits without keeping them, and expires with the retention', () => {
    const record = turnRecord(
      { ...base, consent: 'GRANTED', inputTranscript: 'card 4111 1111 1111 1111' },
      { ...reply, note: 'SENSITIVE_DIGITS' },
      context,
    );
    expect(record).toMatchObject({ outcome: 'SENSITIVE_DIGITS', sensitive: 'CARD', text: 'card [CARD]' });
    expect(record.expiresAt).toBe(Date.parse('2026-12-31T10:00:00.000Z') / 1000);
    expect(JSON.stringify(record)).not.toContain('4111');
  });

  it('counts Chinese words by character', () => {
    expect(wordCount('我想买两个智能插座')).toBe(9);
    expect(wordCount('buy 2 plugs')).toBe(3);
  });
});

describe('the sentence for digits said aloud', () => {
  it('offers the keypad only where the flow takes card input', async () => {
    const { MESSAGES } = await import('../../../lambdas/core/dialog/messages');
    for (const locale of ['en-US', 'zh-CN'] as const) {
      const off = MESSAGES[locale].sensitiveSpoken(true, false);
      const on = MESSAGES[locale].sensitiveSpoken(true, true);
      expect(off).not.toMatch(/keypad|键盘/);
      expect(off).toMatch(/not available yet|暂不支持/);
      expect(on).toMatch(/keypad|键盘/);
    }
  });
});
