import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toLocale } from '../../../lambdas/contracts/locales';
import { slotCandidates } from '../../../lambdas/core/dialog/turn';
import {
  close,
  confirmIntent,
  delegate,
  dialogSlots,
  elicitIntent,
  elicitSlot,
  isValidLexResponse,
  lexEventSchema,
} from '../../../lambdas/edge/lex';

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

describe('Lex V2 event schema on real-shaped events (test/fixtures/lex/realistic)', () => {
  const realistic = readdirSync(`${dir}/realistic`).filter((f) => f.endsWith('.json'));
  const load = (file: string) => JSON.parse(readFileSync(`${dir}/realistic/${file}`, 'utf8'));

  it.each(realistic)('parses %s', (file) => {
    // Prepare
    const raw = load(file);
    // Act
    const parsed = lexEventSchema.safeParse(raw);
    // Assess
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('reads null maps as empty and null values as absent', () => {
    // Prepare
    const raw = load('PlaceOrder.null-fields.en-US.json');
    // Act
    const event = lexEventSchema.parse(raw);
    // Assess
    expect(event.requestAttributes).toEqual({});
    expect(event.sessionState.sessionAttributes).toEqual({});
    expect(event.sessionState.dialogAction).toBeUndefined();
    expect(event.sessionState.intent.slots.Quantity).toBeNull();
    expect(event.sessionState.intent.slots.Product?.value?.interpretedValue).toBeUndefined();
    expect(slotCandidates({ slots: dialogSlots(event.sessionState.intent.slots) }, 'Product')).toEqual([
      'gizmo',
    ]);
  });

  it('reads null slots as no slots and a null confirmation state as None', () => {
    // Prepare
    const raw = load('Goodbye.null-slots.zh-CN.json');
    // Act
    const event = lexEventSchema.parse(raw);
    // Assess
    expect(event.sessionState.intent.slots).toEqual({});
    expect(event.sessionState.intent.confirmationState).toBe('None');
  });

  it('keeps DTMF input and tolerates interpretations, proposedNextState, transcriptions and runtime hints', () => {
    // Prepare
    const raw = load('PlaceOrder.realistic-dtmf.en-US.json');
    // Act
    const event = lexEventSchema.parse(raw);
    // Assess
    expect(event.inputMode).toBe('DTMF');
    expect(event.sessionState.originatingRequestId).toBe('3c1c9b5e-7f7a-4b1e-9d2c-6a8e5f4d3c31');
    expect(event.interpretations).toHaveLength(2);
    expect(event.transcriptions).toHaveLength(1);
  });

  it.each([
    [
      'sessionAttributes holding a number',
      (e: Record<string, any>) => {
        e.sessionState.sessionAttributes = { n: 1 };
      },
    ],
    [
      'slots that are a list',
      (e: Record<string, any>) => {
        e.sessionState.intent.slots = ['Product'];
      },
    ],
    [
      'an unknown input mode',
      (e: Record<string, any>) => {
        e.inputMode = 'Telepathy';
      },
    ],
  ])('rejects an event with %s', (_name, mutate) => {
    // Prepare
    const raw = load('PlaceOrder.realistic-dtmf.en-US.json');
    mutate(raw);
    // Act / Assess
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
    expect(slotCandidates({ slots: dialogSlots(turn.slots) }, 'Product')).toEqual(['Smart plug', 'plug']);
    expect(slotCandidates({ slots: dialogSlots(turn.slots) }, 'Quantity')).toEqual([]);
  });
});
