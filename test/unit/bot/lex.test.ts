import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  close,
  confirmIntent,
  delegate,
  elicitIntent,
  elicitSlot,
  isValidLexResponse,
  lexEventSchema,
  slotCandidates,
  toLocale,
} from '../../../lambdas/shared/lex';

const dir = 'test/fixtures/lex';
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('Lex V2 event schema', () => {
  it('has one fixture per intent and locale', () => {
    expect(fixtures).toHaveLength(20);
  });

  it.each(fixtures)('parses fixture %s', (file) => {
    // Prepare
    const raw = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
    // Act
    const parsed = lexEventSchema.safeParse(raw);
    // Assess
    expect(parsed.success).toBe(true);
    expect(toLocale(parsed.data?.bot.localeId)).toBe(file.split('.')[1]);
  });

  it('tolerates fields AWS adds later', () => {
    const raw = JSON.parse(readFileSync(`${dir}/Goodbye.en-US.json`, 'utf8'));
    expect(lexEventSchema.safeParse({ ...raw, brandNewField: { x: 1 } }).success).toBe(true);
  });

  it('rejects an event without session state', () => {
    const raw = JSON.parse(readFileSync(`${dir}/Goodbye.en-US.json`, 'utf8'));
    delete raw.sessionState;
    expect(lexEventSchema.safeParse(raw).success).toBe(false);
  });
});

describe('Lex V2 response builders', () => {
  const turn = {
    intentName: 'PlaceOrder',
    slots: {
      Product: { shape: 'Scalar' as const, value: { originalValue: 'plug', interpretedValue: 'Smart plug' } },
    },
    confirmationState: 'None' as const,
    sessionAttributes: { contactId: 'c-1' },
  };

  it('builds responses Lex accepts', () => {
    for (const r of [
      close(turn, 'Fulfilled', 'done'),
      elicitSlot(turn, 'Quantity', 'how many?'),
      confirmIntent(turn, 'ok?'),
      delegate(turn),
      elicitIntent('pardon?', {}),
    ]) {
      expect(isValidLexResponse(r), JSON.stringify(r)).toBe(true);
    }
  });

  it('clears the re-elicited slot so Lex does not keep the rejected value', () => {
    const r = elicitSlot(turn, 'Product', 'which one?');
    expect(r.sessionState.intent?.slots.Product).toBeNull();
  });

  it('rejects ElicitSlot without a slot and ConfirmIntent without a message', () => {
    expect(
      isValidLexResponse({ sessionState: { dialogAction: { type: 'ElicitSlot' }, sessionAttributes: {} } }),
    ).toBe(false);
    const confirm = confirmIntent(turn, 'ok?');
    expect(isValidLexResponse({ ...confirm, messages: [] })).toBe(false);
  });

  it('offers every spoken form of a slot for resolution', () => {
    expect(slotCandidates(turn.slots, 'Product')).toEqual(['Smart plug', 'plug']);
    expect(slotCandidates(turn.slots, 'Quantity')).toEqual([]);
  });
});
