import type { Locale } from '../../contracts/locales';
import { type AWAITING, MAX_RECORDED_INTENTS, SESSION_ATTRIBUTES } from '../../contracts/session';
import { MESSAGES } from './messages';

/**
 * One caller turn and the bot's reply, in the dialog's own terms. The edge maps a Lex V2 code-hook
 * event to a {@link DialogTurn} and a {@link DialogReply} back to a Lex response; the dialog knows
 * nothing of the wire format.
 */

/** A slot as the bot resolved it; every field may be missing. */
export interface SlotValue {
  /** The value Lex chose (resolved against the slot type). */
  readonly interpreted?: string;
  /** Alternatives Lex considered. */
  readonly resolved?: readonly string[];
  /** What the caller said. */
  readonly original?: string;
}

/** Whether the caller confirmed what the bot read back. */
export type Confirmation = 'Confirmed' | 'Denied' | 'None';

/** One turn of the conversation. */
export interface DialogTurn {
  /** The Lex session id (Connect uses the contact id). */
  readonly sessionId: string;
  readonly intentName: string;
  readonly slots: Readonly<Record<string, SlotValue | undefined>>;
  readonly confirmation: Confirmation;
  readonly sessionAttributes: Readonly<Record<string, string>>;
  readonly locale: Locale;
  /** `dialog` while slots are collected; `fulfillment` once Lex runs the fulfillment hook. */
  readonly phase: 'dialog' | 'fulfillment';
  /** HMAC of the caller number, when the line could be identified. */
  readonly callerHmac: string | undefined;
  /** What the caller said (or keyed) in this turn, as Lex transcribed it. */
  readonly inputTranscript?: string;
  /** How the caller answered: keypad input is DTMF. */
  readonly inputMode?: 'DTMF' | 'Speech' | 'Text';
  /** What the bot's previous reply waited for; undefined before the first reply. */
  readonly awaiting?: (typeof AWAITING)[number];
  /**
   * True when this turn is the answer to a slot question that gave Lex no value ("never mind",
   * "I don't know the number"): Lex calls the hook between prompts with the slot-answer label.
   */
  readonly slotAnswerMissed?: true;
  /**
   * The consent state the flow passed in (GRANTED, DECLINED, NO_INPUT, INVALID, WITHDRAWN), or
   * undefined when it passed none: anything but GRANTED means the call is not being recorded.
   */
  readonly consent?: string;
}

/** Why a reply was chosen, when it was not the intent's own answer (kept in the turn record). */
export type TurnNote = 'FALLBACK' | 'WITHDRAW' | 'SENSITIVE_DIGITS';

/** What the bot does next; `note` says why, when the turn was screened or fell back. */
export type DialogReply = DialogReplyKind & { readonly note?: TurnNote };

/** The kinds of reply. */
export type DialogReplyKind =
  /** Say `text` and keep the conversation open for the next question (Lex ElicitIntent). */
  | { readonly kind: 'answer'; readonly text: string; readonly sessionAttributes: Record<string, string> }
  /**
   * Ask for one slot again (its old value is dropped). `clear`: other slots emptied with it (the
   * delivery details of an order the caller starts over). `fill`: slot values the dialog worked
   * out itself (the order an after-sales request is about), kept for the next turns.
   */
  | {
      readonly kind: 'elicitSlot';
      readonly slot: string;
      readonly text: string;
      readonly sessionAttributes: Record<string, string>;
      readonly clear?: readonly string[];
      readonly fill?: Readonly<Record<string, string>>;
    }
  /**
   * Read back and ask for a yes or no. `fill`: slot values the dialog worked out itself (the
   * order the caller means without saying its number), so that Lex, which elicits every empty
   * required slot after the confirmation, does not ask for them again.
   */
  | {
      readonly kind: 'confirm';
      readonly text: string;
      readonly sessionAttributes: Record<string, string>;
      readonly fill?: Readonly<Record<string, string>>;
    }
  /** Let Lex go on (after a confirmed dialog turn: run the fulfillment hook). */
  | { readonly kind: 'delegate'; readonly sessionAttributes: Record<string, string> }
  /** End the intent and hand back to the flow. */
  | {
      readonly kind: 'close';
      readonly state: 'Fulfilled' | 'Failed';
      readonly text: string;
      readonly sessionAttributes: Record<string, string>;
    };

/** A slot's best value: the one Lex chose, else an alternative, else what the caller said. */
export function slotValue(turn: Pick<DialogTurn, 'slots'>, name: string): string | undefined {
  const value = turn.slots[name];
  const text = value?.interpreted ?? value?.resolved?.[0] ?? value?.original;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** Every distinct text the caller may have meant by a slot (for matching names and synonyms). */
export function slotCandidates(turn: Pick<DialogTurn, 'slots'>, name: string): string[] {
  const value = turn.slots[name];
  if (!value) return [];
  const all = [value.interpreted, ...(value.resolved ?? []), value.original];
  return [...new Set(all.filter((s): s is string => typeof s === 'string' && s.trim() !== ''))];
}

/**
 * Appends "anything else?" unless the sentence already asks the caller something: an open answer
 * must end in a question, or the caller does not know it is their turn.
 */
export function withNextQuestion(text: string, locale: Locale): string {
  if (/[?？]\s*$/.test(text)) return text;
  const ask = MESSAGES[locale].anythingElse();
  return locale === 'zh-CN' ? `${text}${ask}` : `${text} ${ask}`;
}

/** The session attributes without `keys`. */
export function without(attrs: Readonly<Record<string, string>>, ...keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(attrs).filter(([k]) => !keys.includes(k)));
}

/**
 * Adds a handled intent to the `intents` session attribute (the most recent
 * {@link MAX_RECORDED_INTENTS}), which the flow copies into the contact record.
 */
export function recordIntent(
  attrs: Readonly<Record<string, string>>,
  intentName: string,
): Record<string, string> {
  const key = SESSION_ATTRIBUTES.intents;
  const previous = (attrs[key] ?? '').split(',').filter((s) => /^[A-Za-z0-9_]{1,100}$/.test(s));
  const intents = [...previous, intentName].slice(-MAX_RECORDED_INTENTS);
  return { ...attrs, [key]: intents.join(',') };
}
