import type { Locale } from '../../contracts/locales';
import { WITHDRAW_KEY } from '../../contracts/session';
import { type PiiType, redact } from '../pii';
import type { DialogTurn } from './turn';

/**
 * What the bot looks for in every caller turn before it answers: card or ID-like digits said out
 * loud (never echoed, the keypad offered instead, the turn marked) and a request to stop the
 * recording (in words, or the withdrawal key pressed at an open question).
 */

/** Findings of the redactor that must never be taken by voice: payment and identity numbers. */
export const SENSITIVE_TYPES: ReadonlySet<PiiType> = new Set([
  'CARD',
  'ID_NUMBER',
  'BANK_ACCOUNT',
  'PASSPORT',
]);

/** What the caller said in a turn: the transcript and every slot's own words. */
export function spokenTexts(turn: Pick<DialogTurn, 'inputTranscript' | 'slots'>): string[] {
  const texts = turn.inputTranscript === undefined ? [] : [turn.inputTranscript];
  for (const value of Object.values(turn.slots)) {
    if (value?.original !== undefined && value.original !== turn.inputTranscript) texts.push(value.original);
  }
  return texts;
}

/**
 * The sensitive kinds of digits said in a turn (the redactor's detectors: Luhn-valid card
 * numbers, PRC ID numbers with a valid checksum, account numbers after an account word,
 * passports), in a stable order; empty when there are none.
 */
export function sensitiveDigits(turn: Pick<DialogTurn, 'inputTranscript' | 'slots' | 'locale'>): PiiType[] {
  const found = new Set<PiiType>();
  for (const text of spokenTexts(turn)) {
    for (const f of redact(text, { locale: turn.locale }).findings) {
      if (SENSITIVE_TYPES.has(f.type)) found.add(f.type);
    }
  }
  return [...found].sort();
}

/**
 * Asking, in words, to stop the recording or to withdraw consent. Matched on the words themselves
 * so the request counts at any turn (while a slot or a confirmation is asked for too), not only
 * where Lex recognises the WithdrawConsent intent.
 */
const STOP_RECORDING: Readonly<Record<Locale, readonly RegExp[]>> = {
  'en-US': [
    /\b(?:stop|end|pause|turn off|switch off|cancel|no more|quit)\b[^.?!]{0,30}\brecord(?:ing|ed)?\b/i,
    /\b(?:don'?t|do not|didn'?t|did not)\s+(?:[a-z']+\s+){0,3}record(?:ing|ed)?\b/i,
    /\b(?:withdraw|revoke|retract|take back|cancel)\b[^.?!]{0,30}\b(?:consent|permission|agreement)\b/i,
    /\b(?:rather|prefer)\b[^.?!]{0,20}(?:\bnot|n't)\b[^.?!]{0,10}\brecord/i,
    /(?:\bnot|n't)\b[^.?!]{0,20}\bcomfortable\b[^.?!]{0,25}\brecord/i,
    /\b(?:without|off the)\s+(?:the\s+)?record(?:ing)?\b/i,
    /\b(?:wasn'?t|was not|isn'?t|is not|weren'?t)\s+(?:being\s+)?record(?:ed|ing)\b/i,
    /\b(?:shut off|shut down|kill)\b[^.?!]{0,20}\brecord/i,
    /\bstill record(?:ing)?\b[^.?!]{0,10}\bme\b/i,
    /\bchanged my mind\b[^.?!]{0,30}\brecord/i,
  ],
  'zh-CN': [
    /(?:不要|别|停止|停掉|关掉|关闭|取消|不想|不再|撤回)[^。？！]{0,6}录/,
    /录音[^。？！]{0,6}(?:关掉|关了|停了|停掉|停止|取消)/,
    /不同意[^。？！]{0,3}录/,
    /(?:撤回|撤销|取消|收回)[^。？！]{0,6}(?:同意|授权|许可)/,
    /(?:甭|不)录(?:了|音)/,
    /(?:还在|一直在)录音/,
    /(?:同意|答应)[^。？！]{0,4}录音[^。？！]{0,6}(?:反悔|后悔|改主意)/,
  ],
};

/**
 * Words about a product's own recording (a camera, a microphone feature): "how do I turn off the
 * recording on the desk robot" asks about the product, not about this call.
 */
const PRODUCT_RECORDING =
  /\b(?:camera|video|feature|function|mode|microphone|mic|voice memo)s?\b|功能|录像|录音笔|摄像/i;

/** Whether the words ask to stop recording (both languages are tried: callers switch). */
export function asksToStopRecording(text: string | undefined): boolean {
  if (text === undefined || PRODUCT_RECORDING.test(text)) return false;
  return [...STOP_RECORDING['en-US'], ...STOP_RECORDING['zh-CN']].some((pattern) => pattern.test(text));
}

/**
 * Whether the turn is the withdrawal key pressed at an open question: keypad input that is
 * exactly the key, while the bot waits for a new request (not a slot value or a yes/no).
 */
export function pressedWithdrawKey(
  turn: Pick<DialogTurn, 'inputMode' | 'inputTranscript' | 'awaiting'>,
): boolean {
  return (
    turn.inputMode === 'DTMF' &&
    turn.inputTranscript?.trim() === WITHDRAW_KEY &&
    (turn.awaiting === undefined || turn.awaiting === 'INTENT')
  );
}
