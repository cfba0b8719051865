import { generateKeyPairSync } from 'node:crypto';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  RawRsaKeyringNode,
} from '@aws-crypto/client-node';
import { CONNECT_KEY_NAMESPACE, CONNECT_OAEP_HASH } from '../../../lambdas/shared/payment/decryptor';

/**
 * Test double of Amazon Connect's encrypted customer input. It encrypts exactly the way Connect
 * does (checked against a decoded Connect message): an Encryption SDK v1 message, signed suite
 * 0x0378 (AES-256-GCM, HKDF-SHA384, ECDSA-P384, non-committing), one data key wrapped with
 * RSA-OAEP-SHA512 under provider `AmazonConnect` and the key ID as key name; base64 text.
 */

/** An RSA key pair as the admin would create it for Connect (PEM). */
export interface TestKeyPair {
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly privateKeyPem: string;
}

/** Generates a fresh RSA key pair for one test file (never a checked-in key). */
export function generateTestKeyPair(keyId: string, modulusLength = 2048): TestKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { keyId, publicKeyPem: publicKey, privateKeyPem: privateKey };
}

// Connect still writes non-committing messages, which only a FORBID_ENCRYPT client can produce.
const connectLike = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);

/** What `$.StoredCustomerInput` holds after the caller keyed `plaintext` into an encrypted block. */
export async function connectEncrypt(plaintext: string, key: Pick<TestKeyPair, 'keyId' | 'publicKeyPem'>) {
  const keyring = new RawRsaKeyringNode({
    keyNamespace: CONNECT_KEY_NAMESPACE,
    keyName: key.keyId,
    rsaKey: { publicKey: key.publicKeyPem },
    oaepHash: CONNECT_OAEP_HASH,
  });
  const { result } = await connectLike.encrypt(keyring, plaintext, {
    suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
  });
  return result.toString('base64');
}

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
