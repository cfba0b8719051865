import { DECLINE_KEY, GRANT_KEY } from '../../contracts/consent';

/**
 * The caller's answer to the recording notice. Every value is stored as evidence, including the
 * absence of an answer, so the ledger shows that the notice was played and what came of it.
 */
export const CONSENT_DECISIONS = ['GRANTED', 'DECLINED', 'NO_INPUT', 'INVALID'] as const;

/** One consent decision. Only `GRANTED` allows recording. */
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

/** DTMF digit that grants recording. */
export const GRANT_DIGIT = GRANT_KEY;
/** DTMF digit that declines recording. */
export const DECLINE_DIGIT = DECLINE_KEY;

/**
 * Maps the DTMF input stored by the flow to a decision.
 *
 * The mapping is deliberately strict: consent must be unambiguous (PIPL art. 14, GDPR art. 7), so
 * only the exact digit "1" grants; "" or a missing value is NO_INPUT (timeout), anything else,
 * including " 1" or "11", is INVALID.
 *
 * @param digit the stored customer input, if any
 */
export function decisionFromDigit(digit: string | undefined): ConsentDecision {
  if (digit === undefined || digit === '') return 'NO_INPUT';
  if (digit === GRANT_DIGIT) return 'GRANTED';
  if (digit === DECLINE_DIGIT) return 'DECLINED';
  return 'INVALID';
}

/** Whether a decision allows the call to be recorded: true for GRANTED only. */
export function allowsRecording(decision: ConsentDecision): boolean {
  return decision === 'GRANTED';
}
