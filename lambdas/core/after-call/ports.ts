import type { TurnLogItem } from '../dialog/turn-record';

/** A Lex session of the contact, as the turn records name it. */
export interface LexSession {
  /** Lex bot locale id, e.g. `en_US`. */
  readonly localeId: string;
  readonly sessionId: string;
}

/** The turns table, as the after-call work needs it. */
export interface CallTurns {
  /** Every turn record of a contact. */
  turns(contactId: string): Promise<TurnLogItem[]>;
  /** Removes the words from the given turns of a contact (keys are the records' `turn`). */
  dropText(contactId: string, turnKeys: readonly string[]): Promise<void>;
  /** Deletes the given turns of a contact (a data-subject erasure). */
  deleteTurns(contactId: string, turnKeys: readonly string[]): Promise<void>;
}

/** Amazon Lex's own store of what callers said to the bot. */
export interface LexUtterances {
  /** Deletes the utterances Lex stored for one session of one bot locale (idempotent). */
  deleteSession(session: LexSession): Promise<void>;
}
