import type { Locale } from '../contracts/locales';
import type { RecordingControl as ContactRecordingControl } from '../core/recording/control';
import { elicitIntent, type LexResponse } from '../edge/lex';

/**
 * Keeping sensitive slot values out of the call recording (DESIGN step 7, COMPLIANCE C11).
 *
 * When the bot is about to ask for a sensitive slot, the code hook suspends the contact's
 * recording first; on the caller's next turn (the answer) it resumes it, whatever the dialog does
 * next. The state lives in one session attribute, so it survives between Lambda invocations.
 *
 * Today no slot of the bot model is sensitive ({@link SENSITIVE_SLOTS} is empty): card data is
 * collected by the flow with encrypted DTMF, never by the bot, and the only obfuscated slot
 * (OrderNumber) is masked in Lex logs but is not card or ID data. The mechanism exists so that a
 * future slot (say an ID number for a return) only needs its name added here; it is tested with a
 * fake port.
 */

/**
 * Suspends and resumes the recording of a contact (Connect `SuspendContactRecording` /
 * `ResumeContactRecording`). The AWS adapter lives with the recording-control Lambda; tests and
 * the simulator pass fakes.
 */
export interface RecordingControl {
  /** Stops capturing audio of `contactId` until resumed; throws when Connect refused. */
  suspend(contactId: string): Promise<void>;
  /** Captures audio again; throws when Connect refused. */
  resume(contactId: string): Promise<void>;
}

/**
 * Adapts the Connect recording port (`lambdas/shared/recording/control`, which needs the instance)
 * to the code hook's: Lex events carry the contact id (session attribute) but not the instance,
 * so the instance id comes from configuration. Connect uses the contact id as the Lex session,
 * and a bot-only contact is its own initial contact.
 */
export function recordingControlForInstance(
  control: ContactRecordingControl,
  instanceId: string,
): RecordingControl {
  const ref = (contactId: string) => ({ instanceId, contactId, initialContactId: contactId });
  return {
    suspend: (contactId) => control.suspend(ref(contactId), 'IVR'),
    resume: (contactId) => control.resume(ref(contactId), 'IVR'),
  };
}

/** Slots whose spoken value must never be recorded, as `Intent.Slot`. Empty: see the module note. */
export const SENSITIVE_SLOTS: readonly string[] = Object.freeze([]);

/** Session attribute naming the sensitive slot recording is suspended for. */
export const SUSPENDED_FOR_ATTRIBUTE = 'recordingSuspendedFor';

/** What the guard needs from the turn. */
export interface GuardTurn {
  readonly intentName: string;
  readonly locale: Locale;
  readonly sessionAttributes: Readonly<Record<string, string>>;
}

/** Outcome of a suspend/resume, for logs and metrics at the edge. */
export type GuardEvent =
  | { readonly kind: 'suspended'; readonly slot: string }
  | { readonly kind: 'resumed'; readonly slot: string }
  | { readonly kind: 'suspendFailed'; readonly slot: string; readonly error: unknown }
  | { readonly kind: 'resumeFailed'; readonly slot: string; readonly error: unknown };

/** Options of {@link guardSensitiveSlots}. */
export interface GuardOptions {
  /** The port; without one, no slot can be elicited safely and sensitive ones are refused. */
  readonly control: RecordingControl | undefined;
  /** Sensitive slots as `Intent.Slot`. */
  readonly sensitiveSlots: readonly string[];
  /** Polite sentence when a sensitive slot cannot be asked for safely. */
  readonly refusal: string;
  /** Receives each suspend/resume outcome. */
  readonly onEvent?: (event: GuardEvent) => void;
}

const withAttrs = (response: LexResponse, attrs: Record<string, string>): LexResponse => ({
  ...response,
  sessionState: { ...response.sessionState, sessionAttributes: attrs },
});

/**
 * Wraps a code-hook response: suspends recording before a sensitive slot is elicited, resumes it
 * on the turn after. A failed suspend never elicits the slot (the caller hears `refusal` and the
 * session stays open); a failed resume keeps the attribute so the next turn tries again, because a
 * recording that stays suspended loses audio but never captures secrets.
 */
export async function guardSensitiveSlots(
  turn: GuardTurn,
  response: LexResponse,
  options: GuardOptions,
): Promise<LexResponse> {
  const suspendedFor = turn.sessionAttributes[SUSPENDED_FOR_ATTRIBUTE];
  const contactId = turn.sessionAttributes.contactId;
  const action = response.sessionState.dialogAction;
  const intent = response.sessionState.intent?.name ?? turn.intentName;
  const eliciting =
    action.type === 'ElicitSlot' && action.slotToElicit !== undefined
      ? `${intent}.${action.slotToElicit}`
      : undefined;
  const attrs = { ...response.sessionState.sessionAttributes };

  if (eliciting !== undefined && options.sensitiveSlots.includes(eliciting)) {
    if (suspendedFor !== undefined)
      return withAttrs(response, { ...attrs, [SUSPENDED_FOR_ATTRIBUTE]: eliciting });
    try {
      if (!options.control || !contactId)
        throw new Error('no recording control or contact id for this session');
      await options.control.suspend(contactId);
      options.onEvent?.({ kind: 'suspended', slot: eliciting });
      return withAttrs(response, { ...attrs, [SUSPENDED_FOR_ATTRIBUTE]: eliciting });
    } catch (error) {
      options.onEvent?.({ kind: 'suspendFailed', slot: eliciting, error });
      delete attrs[SUSPENDED_FOR_ATTRIBUTE];
      return elicitIntent(options.refusal, attrs);
    }
  }

  if (suspendedFor === undefined) return response;
  try {
    if (!options.control || !contactId)
      throw new Error('no recording control or contact id for this session');
    await options.control.resume(contactId);
    options.onEvent?.({ kind: 'resumed', slot: suspendedFor });
    delete attrs[SUSPENDED_FOR_ATTRIBUTE];
    return withAttrs(response, attrs);
  } catch (error) {
    options.onEvent?.({ kind: 'resumeFailed', slot: suspendedFor, error });
    return withAttrs(response, { ...attrs, [SUSPENDED_FOR_ATTRIBUTE]: suspendedFor });
  }
}
