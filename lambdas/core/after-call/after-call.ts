import { type TurnRecord, turnRecordSchema } from '../../contracts/lake';
import { type EffectiveConsent, effectiveConsent } from '../consent/ledger';
import { recordCarriesDeliveryDetails, type TurnLogItem } from '../dialog/turn-record';
import { contactLakeObjects } from '../lake/transcript';
import { redactAll } from '../pii/full';
import type { ConsentLookup, ObjectStore } from '../transcription/ports';
import type { CallTurns, LexSession, LexUtterances } from './ports';

/**
 * After every call (COMPLIANCE C15, C14): the words a caller said to the bot are kept only while
 * their consent to recording stands. Once the contact has ended, its consent is read from the
 * ledger: for a caller who did not grant (declined, no answer, withdrew, or no decision on
 * record), Amazon Lex's stored utterances of every session of the contact are deleted
 * (DeleteUtterances) and any words in the turn records are removed. Then the contact's turns go to
 * the lake, with the redacted words only for a caller whose consent is still GRANTED.
 */

export type { CallTurns, LexSession, LexUtterances } from './ports';

/** Ports and settings of {@link afterCall}. */
export interface AfterCallDeps {
  readonly consent: ConsentLookup;
  readonly turns: CallTurns;
  readonly utterances: LexUtterances;
  /** The lake bucket (keys relative to the lake root). */
  readonly lake: Pick<ObjectStore, 'put'>;
  /**
   * Bot locale ids the contact may have used. Each is also cleaned for session id = contact id:
   * Connect's choice of Lex session id is not documented, and a turn that never reached the code
   * hook leaves no record naming its session.
   */
  readonly localeIds: readonly string[];
}

/** What the after-call work did for one contact. */
export interface AfterCallOutcome {
  readonly contactId: string;
  readonly consent: EffectiveConsent;
  /** Turn records found. */
  readonly turns: number;
  /** Whether the lake rows keep the redacted words (consent GRANTED and not withdrawn). */
  readonly wordsKept: boolean;
  /** Lex sessions whose stored utterances were deleted. */
  readonly sessionsDeleted: readonly LexSession[];
  /** Turn records whose words were removed. */
  readonly textsRemoved: number;
  /** Lake objects written (relative keys). */
  readonly lakeObjects: readonly string[];
}

/**
 * A turn record as a lake row: the stored item without its expiry, words only when kept. The code
 * hook redacted the numbers; names, addresses and sensitive facts are redacted here, where the
 * full redactor's weight does not slow a caller down.
 */
function lakeRow(item: TurnLogItem, keepWords: boolean): TurnRecord {
  const { expiresAt: _expiresAt, ...row } = item;
  const text = keepWords && row.text ? redactAll(row.text, { locale: row.locale }).text : null;
  return turnRecordSchema.parse({ ...row, text });
}

/** The Lex sessions to clean for a contact: those its turns name, and the contact id in each locale. */
export function sessionsOf(
  contactId: string,
  items: readonly TurnLogItem[],
  localeIds: readonly string[],
): LexSession[] {
  const seen = new Map<string, LexSession>();
  const add = (s: LexSession) => seen.set(`${s.localeId}\u0000${s.sessionId}`, s);
  for (const i of items) add({ localeId: i.localeId, sessionId: i.sessionId });
  for (const localeId of localeIds) add({ localeId, sessionId: contactId });
  return [...seen.values()].sort(
    (a, b) => a.localeId.localeCompare(b.localeId) || a.sessionId.localeCompare(b.sessionId),
  );
}

/**
 * Removes what a caller who did not (or no longer) grant said: Lex's stored utterances of every
 * session and the words of the turn records. Idempotent.
 */
export async function forgetWords(
  contactId: string,
  items: readonly TurnLogItem[],
  deps: Pick<AfterCallDeps, 'turns' | 'utterances' | 'localeIds'>,
): Promise<{ sessionsDeleted: LexSession[]; textsRemoved: number }> {
  const sessions = sessionsOf(contactId, items, deps.localeIds);
  for (const session of sessions) await deps.utterances.deleteSession(session);
  const withText = items.filter((i) => i.text !== null && i.text !== undefined).map((i) => i.turn);
  if (withText.length > 0) await deps.turns.dropText(contactId, withText);
  return { sessionsDeleted: sessions, textsRemoved: withText.length };
}

/**
 * The after-call work of one contact; safe to repeat (every step overwrites or deletes).
 *
 * @throws when the ledger, the turns table, Lex or the lake fails: the message is retried
 */
export async function afterCall(contactId: string, deps: AfterCallDeps): Promise<AfterCallOutcome> {
  const consent = effectiveConsent(await deps.consent.history(contactId));
  const items = await deps.turns.turns(contactId);
  const wordsKept = consent === 'GRANTED';
  let forgotten = { sessionsDeleted: [] as LexSession[], textsRemoved: 0 };
  if (!wordsKept) forgotten = await forgetWords(contactId, items, deps);
  else if (items.some((i) => recordCarriesDeliveryDetails(i.slots))) {
    // A recorded caller's words stay, except a name and an address said for an order: Lex keeps
    // stored utterances unobfuscated, so the contact's sessions are deleted there too (the turn
    // records of those answers hold no words to begin with).
    const sessions = sessionsOf(contactId, items, deps.localeIds);
    for (const session of sessions) await deps.utterances.deleteSession(session);
    forgotten = { sessionsDeleted: sessions, textsRemoved: 0 };
  }
  const objects = contactLakeObjects(
    'turns',
    contactId,
    items.map((i) => lakeRow(i, wordsKept)),
  );
  for (const o of objects) await deps.lake.put(o.key, o.body);
  return {
    contactId,
    consent,
    turns: items.length,
    wordsKept,
    ...forgotten,
    lakeObjects: objects.map((o) => o.key),
  };
}

/**
 * What callers said to the bot, across the turns table and Lex's own store, for data-subject
 * requests: export lists the turn records; withdrawal forgets the words (Lex utterances deleted,
 * words removed, counts kept); erasure deletes Lex utterances and the turn records.
 */
export class ContactWords {
  constructor(private readonly deps: Pick<AfterCallDeps, 'turns' | 'utterances' | 'localeIds'>) {}

  /** Every turn record of the contacts. */
  async turns(contactIds: Iterable<string>): Promise<TurnLogItem[]> {
    const out: TurnLogItem[] = [];
    for (const id of contactIds) out.push(...(await this.deps.turns.turns(id)));
    return out;
  }

  /** Lex utterances deleted and turn words removed, per contact; returns the counts. */
  async forget(contactIds: Iterable<string>): Promise<{ lexSessions: number; turnTexts: number }> {
    let lexSessions = 0;
    let turnTexts = 0;
    for (const id of contactIds) {
      const done = await forgetWords(id, await this.deps.turns.turns(id), this.deps);
      lexSessions += done.sessionsDeleted.length;
      turnTexts += done.textsRemoved;
    }
    return { lexSessions, turnTexts };
  }

  /** Lex utterances and the turn records themselves deleted, per contact; returns the counts. */
  async erase(contactIds: Iterable<string>): Promise<{ lexSessions: number; turns: number }> {
    let lexSessions = 0;
    let turns = 0;
    for (const id of contactIds) {
      const items = await this.deps.turns.turns(id);
      const sessions = sessionsOf(id, items, this.deps.localeIds);
      for (const session of sessions) await this.deps.utterances.deleteSession(session);
      if (items.length > 0)
        await this.deps.turns.deleteTurns(
          id,
          items.map((i) => i.turn),
        );
      lexSessions += sessions.length;
      turns += items.length;
    }
    return { lexSessions, turns };
  }
}
