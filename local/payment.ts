import { generateKeyPairSync } from 'node:crypto';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  RawRsaKeyringNode,
} from '@aws-crypto/client-node';
import {
  CONNECT_KEY_NAMESPACE,
  CONNECT_OAEP_HASH,
  type PrivateKeySource,
  StaticPrivateKeys,
} from '../lambdas/aws/connect-input-decryptor';
import type { ContactRef, RecordingControl } from '../lambdas/core/recording/control';
import type { InputEncryptionSettings, RecordingState } from './flow/interpreter';

/**
 * The local stand-ins for the two things Connect does around a phone payment:
 * - encrypted customer input: Connect encrypts the keyed digits with the AWS Encryption SDK
 *   under the RSA key uploaded to the instance (RSA-OAEP-SHA512, provider `AmazonConnect`, key
 *   name = key id, signed non-committing suite); here a key pair generated per simulator run
 *   plays that key, and the real payment Lambda decrypts with its private half;
 * - SuspendContactRecording / ResumeContactRecording: here they change the interpreter's
 *   RecordingState of the live call, so the transcript shows what a recording would contain.
 */

// Connect writes non-committing messages, which only a FORBID_ENCRYPT client can produce.
const connectLike = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);

/** An RSA key pair as an admin would create it for Connect (PEM). */
export interface ConnectKeyPair {
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly privateKeyPem: string;
}

/** Generates a throwaway RSA key pair (never written anywhere, never checked in). */
export function generateConnectKeyPair(keyId: string, modulusLength = 2048): ConnectKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { keyId, publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/**
 * What `$.StoredCustomerInput` holds after the caller keyed `plaintext` into an encrypted block:
 * an Encryption SDK v1 message, signed suite 0x0378 (non-committing), one data key wrapped with
 * RSA-OAEP-SHA512 under provider `AmazonConnect` with the key id as key name; base64 text.
 */
export async function connectEncrypt(
  plaintext: string,
  key: Pick<ConnectKeyPair, 'keyId' | 'publicKeyPem'>,
): Promise<string> {
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

/** Connect's encrypted input, with a throwaway key pair (never written anywhere). */
export class LocalInputEncryption {
  private readonly key: ConnectKeyPair;

  /** @param keyId the key id the flow names (config `paymentKeyId`) */
  constructor(readonly keyId: string) {
    this.key = generateConnectKeyPair(keyId);
  }

  /** The private key source for the payment Lambda's decryptor. */
  privateKeys(): PrivateKeySource {
    return new StaticPrivateKeys([{ keyId: this.keyId, privateKeyPem: this.key.privateKeyPem }]);
  }

  /**
   * What `$.StoredCustomerInput` holds after the caller keyed `plaintext` (base64 message).
   *
   * @throws Error when the flow names another key id than the one Connect (here: we) holds
   */
  async encrypt(plaintext: string, settings: InputEncryptionSettings): Promise<string> {
    if (settings.keyId !== this.keyId) {
      throw new Error(`the flow encrypts with key id ${settings.keyId}, but the local key is ${this.keyId}`);
    }
    return connectEncrypt(plaintext, this.key);
  }
}

/** SuspendContactRecording / ResumeContactRecording on the simulator's live calls. */
export class SimulatedRecordingControl implements RecordingControl {
  private readonly calls = new Map<string, RecordingState>();

  /** Makes a running call's recording controllable; returns the function that unregisters it. */
  register(contactId: string, recording: RecordingState): () => void {
    this.calls.set(contactId, recording);
    return () => this.calls.delete(contactId);
  }

  async suspend(contact: ContactRef): Promise<void> {
    this.stateOf(contact).suspend('SuspendContactRecording');
  }

  async resume(contact: ContactRef): Promise<void> {
    this.stateOf(contact).resume('ResumeContactRecording');
  }

  async stop(contact: ContactRef): Promise<void> {
    this.stateOf(contact).stop('StopContactRecording');
  }

  private stateOf(contact: ContactRef): RecordingState {
    const state = this.calls.get(contact.contactId);
    // Connect answers ResourceNotFoundException for a contact it does not know.
    if (!state) throw Object.assign(new Error('contact not found'), { name: 'ResourceNotFoundException' });
    return state;
  }
}
