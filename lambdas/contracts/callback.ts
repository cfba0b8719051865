/**
 * The out-of-hours callback (issue 15 item 5): when a caller asks for a colleague while nobody is
 * on duty, the inbound flow tells them the hours and, when their caller ID is a real number,
 * offers a callback on it (Connect's CreateCallbackContact into the callback queue). What happened is
 * kept as contact attributes, so it reaches the lake with the contact record.
 */

/** Contact attributes the flow sets for the callback (flat strings, copied into the contact record). */
export const CALLBACK_ATTRIBUTES = {
  /**
   * Whether the caller ID is one number a colleague can call back: "KNOWN", or "WITHHELD" for a
   * withheld ID, a carrier placeholder (+266696687 is ANONYMOUS on a keypad) or anything else that
   * is not a plausible E.164 number. Set from the consent function's answer; absent when it failed.
   */
  callerId: 'callerId',
  /** What became of the callback offer; see {@link CALLBACK_STATES}. Absent when none was made. */
  callback: 'callback',
} as const;

/** The values of {@link CALLBACK_ATTRIBUTES.callerId}. */
export const CALLER_ID_STATES = ['KNOWN', 'WITHHELD'] as const;
/** A caller-ID state. */
export type CallerIdState = (typeof CALLER_ID_STATES)[number];

/**
 * The values of {@link CALLBACK_ATTRIBUTES.callback}:
 * - QUEUED: Connect accepted the callback (CreateCallbackContact succeeded);
 * - DECLINED: the caller pressed 2, another key, or nothing at the offer;
 * - NO_NUMBER: Connect refused the number (UpdateContactCallbackNumber: not E.164, or not
 *   dialable from the instance);
 * - FAILED: Connect could not create the callback (e.g. the queue is full).
 */
export const CALLBACK_STATES = ['QUEUED', 'DECLINED', 'NO_NUMBER', 'FAILED'] as const;
/** A callback state. */
export type CallbackState = (typeof CALLBACK_STATES)[number];
