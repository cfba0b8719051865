import type { TURN_OUTCOMES, TurnRecord } from '../../contracts/lake';
import { DELIVERY_SLOTS } from '../orders/delivery';
import { redact } from '../pii';
import { sensitiveDigits } from './privacy';
import type { DialogReply, DialogTurn } from './turn';

/**
 * The code hook's own record of a turn (COMPLIANCE C15): what the team needs to improve the bot,
 * and no more than the caller's consent allows. Every caller's turn keeps the intent, the slot
 * outcomes and counts; the words (redacted) are kept only while the caller's consent is GRANTED.
 */

/** A turn record as stored: the lake row plus its expiry (epoch seconds, the table's TTL). */
export type TurnLogItem = TurnRecord & { readonly expiresAt: number };

/** Where turn records go (append only). */
export interface TurnLog {
  /** @throws when the store is unavailable; the caller's reply never waits on a retry */
  append(item: TurnLogItem): Promise<void>;
}

/** What the edge knows about the turn besides the dialog's view. */
export interface TurnContext {
  /** The contact the turn belongs to (the flow's `contactId` session attribute, else the session id). */
  readonly contactId: string;
  /** Lex bot locale id, e.g. `en_US`. */
  readonly localeId: string;
  /** DialogCodeHook or FulfillmentCodeHook. */
  readonly source: string;
  /** Lex's confidence in the intent, when it sent one. */
  readonly nluConfidence: number | undefined;
  /** Unique per invocation (the Lambda request id): makes the sort key unique. */
  readonly requestId: string;
  readonly at: Date;
  /** Days the record is kept. */
  readonly retentionDays: number;
  /** The order system failed and the caller was asked to try later. */
  readonly failed?: boolean;
}

type Outcome = (typeof TURN_OUTCOMES)[number];

const OUTCOME_BY_KIND: Readonly<Record<DialogReply['kind'], Outcome>> = {
  answer: 'ANSWERED',
  elicitSlot: 'ELICIT_SLOT',
  confirm: 'CONFIRM',
  delegate: 'DELEGATE',
  close: 'CLOSED',
};

/** `Name=OUTCOME;...` in name order. */
function slotOutcomes(turn: Pick<DialogTurn, 'slots'>): string {
  return Object.keys(turn.slots)
    .filter((name) => /^[A-Za-z0-9_]+$/.test(name))
    .sort()
    .map((name) => {
      const v = turn.slots[name];
      const outcome =
        v?.interpreted !== undefined ? 'FILLED' : v?.original !== undefined ? 'UNRESOLVED' : 'EMPTY';
      return `${name}=${outcome}`;
    })
    .join(';');
}

/** Words said: whitespace-separated tokens, each CJK character counting as one word. */
export function wordCount(text: string): number {
  const cjk = text.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  const other = text
    .replace(/[\u3400-\u9fff]/g, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return cjk + other;
}

/** Whether a turn belongs to the collection of delivery details (any delivery slot has a value). */
export function carriesDeliveryDetails(turn: Pick<DialogTurn, 'slots'>): boolean {
  return DELIVERY_SLOTS.some((name) => turn.slots[name]?.original !== undefined);
}

/** Whether a stored turn record's slot outcomes show delivery details (`RecipientName=FILLED`...). */
export function recordCarriesDeliveryDetails(slots: string): boolean {
  return slots.split(';').some((entry) => {
    const [name, outcome] = entry.split('=');
    return (DELIVERY_SLOTS as readonly string[]).includes(name ?? '') && outcome !== 'EMPTY';
  });
}

/** The record of one turn and the reply it got. */
export function turnRecord(turn: DialogTurn, reply: DialogReply, context: TurnContext): TurnLogItem {
  const said = turn.inputTranscript ?? '';
  const redacted = redact(said, { locale: turn.locale });
  const sensitive = sensitiveDigits(turn);
  const outcome: Outcome = context.failed ? 'FAILED' : (reply.note ?? OUTCOME_BY_KIND[reply.kind]);
  const at = context.at.toISOString();
  return {
    contactId: context.contactId,
    turn: `${at}#${context.requestId}`,
    at,
    sessionId: turn.sessionId,
    localeId: context.localeId,
    locale: turn.locale,
    intent: turn.intentName,
    source: context.source,
    inputMode: turn.inputMode ?? null,
    consent: turn.consent ?? 'UNKNOWN',
    outcome,
    slots: slotOutcomes(turn),
    nluConfidence: context.nluConfidence ?? null,
    words: wordCount(said),
    characters: [...said].length,
    // Only a caller who agreed to be recorded has their (redacted) words kept, and never the words
    // of an order's delivery details (a name and an address are all the turn would say).
    text: turn.consent === 'GRANTED' && said !== '' && !carriesDeliveryDetails(turn) ? redacted.text : null,
    redactions: redacted.findings.length,
    sensitive: sensitive.length > 0 ? sensitive.join(',') : null,
    expiresAt: Math.floor(context.at.getTime() / 1000) + context.retentionDays * 86_400,
  };
}
