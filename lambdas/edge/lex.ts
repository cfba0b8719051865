import * as z from 'zod/mini';
import {
  CONTACT_ID_PATTERN,
  MAX_LEX_INPUT_LENGTH,
  MAX_SESSION_ATTRIBUTE_LENGTH,
  MAX_SESSION_ATTRIBUTES,
} from '../contracts/limits';
import type { SlotValue } from '../core/dialog/turn';

/**
 * The Amazon Lex V2 code-hook contract (Lambda input event and response), as documented in the
 * Lex V2 developer guide: "AWS Lambda input event format for Lex V2", "AWS Lambda response format
 * for Lex V2" and "Common structures in an AWS Lambda function for Amazon Lex V2".
 *
 * Objects are loose on purpose: AWS states the input format may gain fields without a new
 * `messageVersion`, and a new field must never turn a caller's turn into a "malformed event".
 * Only the fields our handlers read are typed.
 */

/**
 * An optional field Lex may send as `null` (a slot value it could not interpret, an empty map):
 * null and absent both read as `undefined`, so handlers see one shape.
 */
const nullish = <T extends z.ZodMiniType>(schema: T) =>
  z.optional(
    z.pipe(
      z.nullish(schema),
      z.transform((value): z.output<T> | undefined => value ?? undefined),
    ),
  );

/** A bounded string. */
const text = (max: number) => z.string().check(z.maxLength(max));

/**
 * Session attributes Lex may send as `null`: read as `{}`. Connect and our hook put short values
 * here; an attribute longer than ours could be, or more of them than we set, marks a forged event.
 * A `contactId` must look like a Connect contact id: orders copy it.
 */
const sessionAttributesOrEmpty = z.pipe(
  z.nullish(
    z.record(z.string().check(z.maxLength(100)), text(MAX_SESSION_ATTRIBUTE_LENGTH)).check(
      z.refine((map) => Object.keys(map).length <= MAX_SESSION_ATTRIBUTES, 'too many session attributes'),
      z.refine(
        (map) => map.contactId === undefined || CONTACT_ID_PATTERN.test(map.contactId),
        'contactId is not a contact id',
      ),
    ),
  ),
  z.transform((value): Record<string, string> => value ?? {}),
);

/** Request attributes (Connect sets `x-amz-lex:*` keys here), `{}` when Lex sends none or null. */
const requestAttributesOrEmpty = z.pipe(
  z.nullish(z.record(z.string(), text(MAX_SESSION_ATTRIBUTE_LENGTH))),
  z.transform((value): Record<string, string> => value ?? {}),
);

/** A slot value as Lex resolved it; `interpretedValue` is null when Lex could not resolve one. */
const slotValueSchema = z.looseObject({
  originalValue: nullish(text(MAX_LEX_INPUT_LENGTH)),
  interpretedValue: nullish(text(MAX_LEX_INPUT_LENGTH)),
  resolvedValues: nullish(z.array(text(MAX_LEX_INPUT_LENGTH))),
});

/** One slot: scalar, or a list for multi-value slots (we use none, but must not reject them). */
export const lexSlotSchema = z.looseObject({
  shape: nullish(z.enum(['Scalar', 'List', 'Composite'])),
  value: nullish(slotValueSchema),
  values: nullish(z.array(z.unknown())),
});

/** States an intent can be in. */
export const INTENT_STATES = [
  'Failed',
  'Fulfilled',
  'FulfillmentInProgress',
  'InProgress',
  'ReadyForFulfillment',
  'Waiting',
] as const;
/** Confirmation states of an intent. */
export const CONFIRMATION_STATES = ['Confirmed', 'Denied', 'None'] as const;
/** Dialog action types. */
export const DIALOG_ACTION_TYPES = [
  'Close',
  'ConfirmIntent',
  'Delegate',
  'ElicitIntent',
  'ElicitSlot',
] as const;

/** The intent in an event's session state. */
export const lexIntentSchema = z.looseObject({
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Null or absent when the intent has no slots. */
  slots: z.pipe(
    z.nullish(z.record(z.string(), z.nullable(lexSlotSchema))),
    z.transform((value): Record<string, z.output<typeof lexSlotSchema> | null> => value ?? {}),
  ),
  state: nullish(z.enum(INTENT_STATES)),
  confirmationState: z.pipe(
    z.nullish(z.enum(CONFIRMATION_STATES)),
    z.transform((value) => value ?? 'None'),
  ),
});

const dialogActionSchema = z.looseObject({
  type: z.enum(DIALOG_ACTION_TYPES),
  slotToElicit: nullish(z.string()),
});

/** The Lex V2 code-hook event. */
export const lexEventSchema = z.looseObject({
  messageVersion: nullish(z.string()),
  invocationSource: z.enum(['DialogCodeHook', 'FulfillmentCodeHook']),
  inputMode: nullish(z.enum(['DTMF', 'Speech', 'Text'])),
  responseContentType: nullish(z.string()),
  /** Lex runtime session ids are 2-100 of `[0-9a-zA-Z._:-]`; Connect uses the contact id. */
  sessionId: z.string().check(z.regex(/^[0-9a-zA-Z._:-]{2,100}$/)),
  inputTranscript: nullish(text(MAX_LEX_INPUT_LENGTH)),
  invocationLabel: nullish(z.string()),
  bot: z.looseObject({
    id: nullish(z.string()),
    name: nullish(z.string()),
    localeId: z.string().check(z.regex(/^[a-z]{2}_[A-Z]{2}$/)),
    version: nullish(z.string()),
    aliasId: nullish(z.string()),
    aliasName: nullish(z.string()),
  }),
  /** Alternatives Lex considered (intent, nluConfidence, interpretationSource); read by nobody. */
  interpretations: nullish(z.array(z.unknown())),
  proposedNextState: z.optional(z.unknown()),
  requestAttributes: requestAttributesOrEmpty,
  sessionState: z.looseObject({
    activeContexts: nullish(z.array(z.unknown())),
    /** `{}` when Lex sends none or null (first turn of a session). */
    sessionAttributes: sessionAttributesOrEmpty,
    runtimeHints: z.optional(z.unknown()),
    dialogAction: nullish(dialogActionSchema),
    intent: lexIntentSchema,
    originatingRequestId: nullish(z.string()),
  }),
  /** Transcriptions Lex considered (transcriptionConfidence, resolvedContext, resolvedSlots). */
  transcriptions: nullish(z.array(z.unknown())),
});

/** A parsed Lex V2 code-hook event. */
export type LexEvent = z.infer<typeof lexEventSchema>;
/** The intent of a parsed event. */
export type LexIntent = LexEvent['sessionState']['intent'];
/** Slots of an intent, by slot name. */
export type LexSlots = LexIntent['slots'];
/** A dialog action type. */
export type DialogActionType = (typeof DIALOG_ACTION_TYPES)[number];
/** An intent state. */
export type IntentState = (typeof INTENT_STATES)[number];

/** A message to speak: we only speak plain text, which Connect renders with the locale's voice. */
export const lexMessageSchema = z.strictObject({
  contentType: z.literal('PlainText'),
  content: z.string().check(z.minLength(1), z.maxLength(1000)),
});

/** The response a code hook returns to Lex V2. */
export const lexResponseSchema = z
  .strictObject({
    sessionState: z.strictObject({
      dialogAction: z.strictObject({
        type: z.enum(DIALOG_ACTION_TYPES),
        slotToElicit: z.optional(z.string().check(z.minLength(1))),
      }),
      intent: z.optional(
        z.strictObject({
          name: z.string().check(z.minLength(1)),
          slots: z.record(z.string(), z.nullable(lexSlotSchema)),
          state: z.enum(INTENT_STATES),
          confirmationState: z.enum(CONFIRMATION_STATES),
        }),
      ),
      sessionAttributes: z.record(z.string(), z.string()),
    }),
    messages: z.optional(z.array(lexMessageSchema).check(z.maxLength(5))),
  })
  .check(
    z.superRefine((r, ctx) => {
      const { type, slotToElicit } = r.sessionState.dialogAction;
      // Lex rejects these combinations at run time; catch them in tests instead of on a live call.
      if (type === 'ElicitSlot' && !slotToElicit) {
        ctx.addIssue({ code: 'custom', message: 'ElicitSlot needs slotToElicit' });
      }
      if ((type === 'ElicitIntent' || type === 'ConfirmIntent') && (r.messages?.length ?? 0) === 0) {
        ctx.addIssue({ code: 'custom', message: `${type} needs at least one message` });
      }
      if (type !== 'ElicitIntent' && !r.sessionState.intent) {
        ctx.addIssue({ code: 'custom', message: `${type} needs the intent` });
      }
    }),
  );

/** A Lex V2 code-hook response. */
export type LexResponse = z.infer<typeof lexResponseSchema>;

/**
 * True when `value` is a Lex V2 response Lex would accept from our code hook; used by tests and
 * the local simulator so every handler answer is checked against the same contract.
 */
export function isValidLexResponse(value: unknown): value is LexResponse {
  return lexResponseSchema.safeParse(value).success;
}

/**
 * Lex slots as the dialog reads them (`core/dialog/turn.ts` picks the best value and the
 * candidates): interpreted value, alternatives and what the caller said, each possibly absent.
 */
export function dialogSlots(slots: LexSlots): Record<string, SlotValue | undefined> {
  return Object.fromEntries(
    Object.entries(slots).map(([name, slot]) => [
      name,
      slot?.value
        ? {
            interpreted: slot.value.interpretedValue,
            resolved: slot.value.resolvedValues,
            original: slot.value.originalValue,
          }
        : undefined,
    ]),
  );
}

/** A scalar slot as Lex sends it back: what was said and the value it resolved to. */
export function scalarSlot(interpretedValue: string, originalValue = interpretedValue) {
  return {
    shape: 'Scalar' as const,
    value: { originalValue, interpretedValue, resolvedValues: [interpretedValue] },
  };
}

/** What a builder needs from the incoming turn. */
export interface TurnState {
  readonly intentName: string;
  readonly slots: LexSlots;
  readonly confirmationState: (typeof CONFIRMATION_STATES)[number];
  readonly sessionAttributes: Readonly<Record<string, string>>;
}

const messages = (text: string | undefined) =>
  text === undefined ? {} : { messages: [{ contentType: 'PlainText' as const, content: text }] };

const intentOf = (
  turn: TurnState,
  state: IntentState,
  overrides: { slots?: LexSlots; confirmationState?: TurnState['confirmationState'] } = {},
) => ({
  name: turn.intentName,
  slots: overrides.slots ?? turn.slots,
  state,
  confirmationState: overrides.confirmationState ?? turn.confirmationState,
});

/** Ends the intent with a message; `state` says whether it was fulfilled. */
export function close(
  turn: TurnState,
  state: 'Fulfilled' | 'Failed',
  message: string,
  sessionAttributes: Readonly<Record<string, string>> = turn.sessionAttributes,
): LexResponse {
  return {
    sessionState: {
      dialogAction: { type: 'Close' },
      intent: intentOf(turn, state),
      sessionAttributes: { ...sessionAttributes },
    },
    ...messages(message),
  };
}

/** Asks the caller for one slot; the slot is cleared so Lex does not keep a rejected value. */
export function elicitSlot(
  turn: TurnState,
  slotName: string,
  message: string,
  sessionAttributes: Readonly<Record<string, string>> = turn.sessionAttributes,
): LexResponse {
  return {
    sessionState: {
      dialogAction: { type: 'ElicitSlot', slotToElicit: slotName },
      intent: intentOf(turn, 'InProgress', {
        slots: { ...turn.slots, [slotName]: null },
        confirmationState: 'None',
      }),
      sessionAttributes: { ...sessionAttributes },
    },
    ...messages(message),
  };
}

/** Reads the intent back (e.g. the order total) and asks the caller to confirm it. */
export function confirmIntent(
  turn: TurnState,
  message: string,
  sessionAttributes: Readonly<Record<string, string>> = turn.sessionAttributes,
): LexResponse {
  return {
    sessionState: {
      dialogAction: { type: 'ConfirmIntent' },
      intent: intentOf(turn, 'InProgress', { confirmationState: 'None' }),
      sessionAttributes: { ...sessionAttributes },
    },
    ...messages(message),
  };
}

/** Lets Lex choose the next step (after a confirmed dialog turn: run fulfillment). */
export function delegate(
  turn: TurnState,
  sessionAttributes: Readonly<Record<string, string>> = turn.sessionAttributes,
): LexResponse {
  return {
    sessionState: {
      dialogAction: { type: 'Delegate' },
      intent: intentOf(turn, 'ReadyForFulfillment'),
      sessionAttributes: { ...sessionAttributes },
    },
  };
}

/** Asks the caller what they want (after a fallback or an unknown intent). */
export function elicitIntent(
  message: string,
  sessionAttributes: Readonly<Record<string, string>>,
): LexResponse {
  return {
    sessionState: { dialogAction: { type: 'ElicitIntent' }, sessionAttributes: { ...sessionAttributes } },
    ...messages(message),
  };
}
