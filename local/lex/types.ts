import type { LexLocaleId } from '../../lambdas/contracts/locales';
import type { LexUtterances } from '../../lambdas/core/after-call/ports';

/**
 * The port the flow interpreter and the bot evaluation talk to a bot through: the shape of Lex V2
 * `RecognizeText`, reduced to what a call needs. Two adapters implement it: the local stand-in
 * (`LocalLex`, built from the bot model) and the deployed bot (`AwsLex`).
 */

/** One caller turn sent to the bot. */
export interface LexTurnRequest {
  /** Lex session id; Connect uses the contact id. */
  readonly sessionId: string;
  /** Bot locale, e.g. `en_US`. */
  readonly localeId: LexLocaleId;
  /** What the caller said (or keyed, for DTMF). */
  readonly text: string;
  /** How the caller answered; keypad digits arrive as DTMF. */
  readonly inputMode: 'Text' | 'DTMF' | 'Speech';
  /** Session attributes to merge into the session before the turn. */
  readonly sessionAttributes: Readonly<Record<string, string>>;
}

/** An intent Lex considered, with its confidence. */
export interface LexInterpretation {
  readonly intentName: string;
  /** NLU confidence 0..1 (absent for FallbackIntent in real Lex). */
  readonly score?: number;
}

/** The bot's answer to one turn. */
export interface LexTurnResult {
  /** What the bot says, in order. */
  readonly messages: readonly string[];
  /** Close ends the conversation with the bot (Connect leaves the bot block). */
  readonly dialogActionType: 'Close' | 'ConfirmIntent' | 'Delegate' | 'ElicitIntent' | 'ElicitSlot';
  /** The active (or just closed) intent. */
  readonly intentName: string | undefined;
  /** Its state, e.g. Fulfilled, Failed, InProgress. */
  readonly intentState: string | undefined;
  /** Slot values of the intent (interpreted values), by slot name. */
  readonly slots: Readonly<Record<string, string | undefined>>;
  /** Session attributes after the turn. */
  readonly sessionAttributes: Readonly<Record<string, string>>;
  /** Intents ranked by confidence, best first. */
  readonly interpretations: readonly LexInterpretation[];
}

/**
 * Something that runs a bot conversation turn by turn, and keeps what callers said until told to
 * delete a session's utterances (Lex's DeleteUtterances), as the after-call work does.
 */
export interface LexRuntime extends LexUtterances {
  /** Sends one caller turn and returns the bot's answer. */
  recognizeText(request: LexTurnRequest): Promise<LexTurnResult>;
  /**
   * What the bot does when the caller says nothing before its start timeout, in a spoken
   * conversation: at a slot or confirmation question Lex asks again (AWS::Lex::Bot
   * AudioSpecification `StartTimeoutMs`: the time before "assuming that the customer isn't going to
   * speak", after which the bot re-prompts), within the question's retries; undefined when no
   * question is open, or the retries are used up (the conversation then ends, and Connect takes the
   * bot block's error branch). RecognizeText has no such input, so the deployed bot's adapter has no
   * such method and the flow takes the error branch at once.
   */
  noInput?(request: Omit<LexTurnRequest, 'text' | 'inputMode'>): Promise<LexTurnResult | undefined>;
}
