/**
 * Test double of Amazon Connect's encrypted customer input: the offline runtime's encryption,
 * which writes exactly what Connect writes (checked against a decoded Connect message).
 */
export {
  type ConnectKeyPair as TestKeyPair,
  connectEncrypt,
  generateConnectKeyPair as generateTestKeyPair,
} from '../../../local/payment';

/** Synthetic, Luhn-valid test cards (the sandbox gateway's documented cards). */
export const TEST_CARDS = {
  approve: '4111111111111111',
  approveMastercard: '5555555555554444',
  approveAmex: '378282246310005',
  decline: '4000000000000002',
  error: '4000000000000119',
  unknown: '4242424242424242',
  luhnInvalid: '4111111111111112',
} as const;

/** Every digit run a leak of the test cards could show (full numbers and the part before last4). */
export const CARD_TRACES: readonly string[] = Object.values(TEST_CARDS).flatMap((n) => [n, n.slice(0, -4)]);

/** A 13-19 digit run anywhere in text: what a card number looks like in a log or an item. */
export const DIGIT_RUN = /\d{13,19}/;
