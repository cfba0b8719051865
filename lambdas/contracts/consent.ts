/**
 * What the flow and the consent Lambda agree on about the consent question: the keys the notice's
 * prompt offers and the requests the Lambda serves. The flow checker proves flows against the same
 * values the Lambda maps (lib/flows/properties.ts).
 */

/** DTMF key that grants recording; the only one. */
export const GRANT_KEY = '1';
/** DTMF key that declines recording. */
export const DECLINE_KEY = '2';

/** Flow input parameter naming the consent Lambda's request. */
export const CONSENT_ACTION_PARAMETER = 'action';
/** The request that records a decision (also assumed when `action` is absent). */
export const DECIDE_ACTION = 'decide';
/** The request that withdraws a GRANTED decision. */
export const WITHDRAW_ACTION = 'withdraw';
