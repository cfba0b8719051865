import { z } from 'zod';

/**
 * The event Amazon Connect sends to a Lambda function from an "Invoke AWS Lambda function" block
 * (`Name: "ContactFlowEvent"`, `Details.ContactData`, `Details.Parameters`), as documented in the
 * Lambda developer guide ("Using Lambda with Amazon Connect") and the Connect administrator guide.
 *
 * Objects are loose on purpose: Connect adds fields over time (MediaStreams, SegmentAttributes,
 * Tags, ...) and a new field must never turn a real call into a "malformed event". Only the fields
 * our handlers read are typed; everything they rely on is required.
 */

/** An endpoint (customer or system); `Address` is a phone number in E.164 for voice. */
const endpointSchema = z.looseObject({
  Address: z.string().optional(),
  Type: z.string().optional(),
});

/** The `ContactData` part of the event: always sent by Connect for the current contact. */
export const connectContactDataSchema = z.looseObject({
  ContactId: z.string().min(1).max(256),
  InitialContactId: z.string().optional(),
  PreviousContactId: z.string().optional(),
  /** VOICE, CHAT, TASK or EMAIL; kept open so a new channel does not break parsing. */
  Channel: z.string().min(1),
  InstanceARN: z.string().optional(),
  InitiationMethod: z.string().optional(),
  /** Null for channels without a customer endpoint; may be absent for withheld numbers. */
  CustomerEndpoint: endpointSchema.nullish(),
  SystemEndpoint: endpointSchema.nullish(),
  /** The contact's language as set by the flow ("Set voice" / language attribute), e.g. `en-US`. */
  LanguageCode: z.string().optional(),
  /** User-defined contact attributes (a flat string map). */
  Attributes: z.record(z.string(), z.string()).default({}),
});

/** Schema of the Amazon Connect Lambda invocation event. */
export const connectContactFlowEventSchema = z.looseObject({
  Name: z.literal('ContactFlowEvent'),
  Details: z.looseObject({
    ContactData: connectContactDataSchema,
    /** The block's function input parameters; Connect sends them as strings. */
    Parameters: z.record(z.string(), z.string()).default({}),
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
