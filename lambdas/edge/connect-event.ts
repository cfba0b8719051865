import * as z from 'zod/mini';
import {
  CHANNEL_PATTERN,
  CONTACT_ID_PATTERN,
  MAX_ARN_LENGTH,
  MAX_ATTRIBUTE_VALUE_LENGTH,
} from '../contracts/limits';

/**
 * The event Amazon Connect sends to a Lambda function from an "Invoke AWS Lambda function" block
 * (`Name: "ContactFlowEvent"`, `Details.ContactData`, `Details.Parameters`), as documented in the
 * Lambda developer guide ("Using Lambda with Amazon Connect") and the Connect administrator guide.
 *
 * Objects are loose on purpose: Connect adds fields over time (MediaStreams, SegmentAttributes,
 * Tags, ...) and a new field must never turn a real call into a "malformed event". Only the fields
 * our handlers read are typed; only `Name`, `ContactId` and `Channel` are required. Every other
 * field may be null, as in real events (see test/fixtures/connect), and reads as `undefined`.
 */

/**
 * An optional string field. Connect sends `null` for many fields it has no value for (a withheld
 * caller's `Address`, `PreviousContactId` on a first contact, `LanguageCode` before "Set voice"),
 * so null and absent both read as `undefined` and handlers see one shape.
 */
const optionalString = z.optional(
  z.pipe(
    z.nullish(z.string().check(z.maxLength(MAX_ATTRIBUTE_VALUE_LENGTH))),
    z.transform((value) => value ?? undefined),
  ),
);

/**
 * A flat string map (contact attributes, block parameters). Connect sends strings, but a map may be
 * `null`, and parameters set from JSON (dynamic values, `ResponseValidation: JSON` results) can be
 * numbers or booleans: those are turned into their string form; `null` and nested values carry no
 * flat string and are dropped. One odd value must not turn a live call into a "malformed event";
 * a value longer than Connect could ever hold does.
 */
const stringMap = z.pipe(
  z.nullish(z.record(z.string(), z.unknown())),
  z.transform((map, ctx): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(map ?? {})) {
      const text =
        typeof value === 'string'
          ? value
          : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
            ? String(value)
            : undefined;
      if (text === undefined) continue;
      if (text.length > MAX_ATTRIBUTE_VALUE_LENGTH) {
        ctx.issues.push({
          code: 'too_big',
          origin: 'string',
          maximum: MAX_ATTRIBUTE_VALUE_LENGTH,
          input: '',
          path: [key],
        });
        continue;
      }
      out[key] = text;
    }
    return out;
  }),
);

/**
 * An endpoint (customer or system). `Address` is a phone number in E.164 for voice, but it is null
 * or a placeholder such as "anonymous" for withheld caller ID; `Type` is `TELEPHONE_NUMBER` for voice.
 */
const endpointSchema = z.looseObject({
  Address: optionalString,
  Type: optionalString,
});

const optionalEndpoint = z.optional(
  z.pipe(
    z.nullish(endpointSchema),
    z.transform((value) => value ?? undefined),
  ),
);

/** The `ContactData` part of the event: always sent by Connect for the current contact. */
export const connectContactDataSchema = z.looseObject({
  ContactId: z.string().check(z.regex(CONTACT_ID_PATTERN)),
  InitialContactId: optionalString,
  PreviousContactId: optionalString,
  /** VOICE, CHAT, TASK or EMAIL; kept open so a new channel does not break parsing. */
  Channel: z.string().check(z.regex(CHANNEL_PATTERN)),
  InstanceARN: z.optional(
    z.pipe(
      z.nullish(z.string().check(z.maxLength(MAX_ARN_LENGTH))),
      z.transform((value) => value ?? undefined),
    ),
  ),
  InitiationMethod: optionalString,
  /** Null for channels without a customer endpoint; may be null or absent for withheld numbers. */
  CustomerEndpoint: optionalEndpoint,
  SystemEndpoint: optionalEndpoint,
  /** The contact's language as set by the flow ("Set voice" / language attribute), e.g. `en-US`. */
  LanguageCode: optionalString,
  /** User-defined contact attributes (a flat string map; `{}` when Connect sends none or null). */
  Attributes: stringMap,
});

/** Schema of the Amazon Connect Lambda invocation event. */
export const connectContactFlowEventSchema = z.looseObject({
  Name: z.literal('ContactFlowEvent'),
  Details: z.looseObject({
    ContactData: connectContactDataSchema,
    /** The block's function input parameters, as strings (`{}` when Connect sends none or null). */
    Parameters: stringMap,
  }),
});

/** A validated Amazon Connect Lambda invocation event. */
export type ConnectContactFlowEvent = z.infer<typeof connectContactFlowEventSchema>;

/** The validated contact data of a Connect event. */
export type ConnectContactData = z.infer<typeof connectContactDataSchema>;

/**
 * What a Connect-invoked Lambda must return: a flat map of string values (nested objects are not
 * supported by the flow; values are read as `$.External.<key>`).
 */
export type ConnectFlowResult = Readonly<Record<string, string>>;

/** The result of {@link parseConnectEvent}. */
export type ParsedConnectEvent =
  | { readonly success: true; readonly event: ConnectContactFlowEvent }
  | {
      readonly success: false;
      /**
       * Where the event is wrong, as dotted paths with the zod issue code
       * (e.g. `Details.ContactData.ContactId: invalid_type`). Paths and codes only, never values,
       * so this is safe to log even though the event carries the caller's phone number.
       */
      readonly issues: readonly string[];
    };

/**
 * Validates an unknown payload as an Amazon Connect Lambda invocation event.
 *
 * @param payload whatever the Lambda runtime passed as `event`
 * @returns the typed event, or the issue paths (no values) when it is malformed
 */
export function parseConnectEvent(payload: unknown): ParsedConnectEvent {
  const parsed = connectContactFlowEventSchema.safeParse(payload);
  if (parsed.success) return { success: true, event: parsed.data };
  return {
    success: false,
    issues: parsed.error.issues.map(
      (issue) => `${issue.path.map((p) => String(p)).join('.') || '(root)'}: ${issue.code}`,
    ),
  };
}
