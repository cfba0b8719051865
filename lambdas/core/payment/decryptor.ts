/**
 * The decryption port of card input: the payment domain receives ciphertexts from the flow and
 * needs only the digits back. The Amazon Connect adapter (`lambdas/aws/connect-input-decryptor.ts`)
 * holds the Encryption SDK and the private keys.
 */

/** Decrypts one value the flow collected with encrypted customer input. */
export interface CardDecryptor {
  /**
   * @param ciphertextBase64 the `$.StoredCustomerInput` value Connect produced
   * @returns the plaintext the caller keyed (digits); never log it
   * @throws DecryptionError when the message is malformed, tampered with, or under an unknown key
   */
  decrypt(ciphertextBase64: string): Promise<string>;
}

/** Why decryption failed. */
export type DecryptionFailure = 'MALFORMED' | 'UNDECRYPTABLE' | 'KEY_UNAVAILABLE';

/** The input could not be decrypted; the message never contains plaintext or key material. */
export class DecryptionError extends Error {
  override name = 'DecryptionError';
  constructor(
    readonly failure: DecryptionFailure,
    options?: { cause?: unknown },
  ) {
    super(`encrypted input could not be decrypted (${failure})`, options);
  }
}
