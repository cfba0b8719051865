// The decrypt-side packages of the AWS Encryption SDK only: @aws-crypto/client-node would also
// bundle the KMS keyring and its KMS client, which Connect's raw RSA scheme never uses.
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { CommitmentPolicy, type KeyringNode, MultiKeyringNode } from '@aws-crypto/material-management-node';
import { RawRsaKeyringNode } from '@aws-crypto/raw-rsa-keyring-node';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { type CardDecryptor, DecryptionError } from '../core/payment/decryptor';

/**
 * How Amazon Connect encrypted customer input works, and therefore how we decrypt it (checked
 * against the Connect admin guide "Encrypt sensitive customer input", the AWS Encryption SDK
 * issues aws-encryption-sdk-python#149 and aws-encryption-sdk-javascript#373, and a decoded sample
 * message):
 *
 * - The admin uploads an RSA public key (PEM) to the instance; Connect gives it a key ID (a UUID).
 *   The flow's "Store customer input" block, with encryption on, names that key ID and an X.509
 *   certificate signed by the key. The caller's DTMF digits are then encrypted by Connect with the
 *   AWS Encryption SDK and exposed as `$.StoredCustomerInput`: a base64 string holding a complete
 *   Encryption SDK message (format v1, signed suite AES-256-GCM + HKDF-SHA384 + ECDSA-P384, which is
 *   non-committing), with ONE encrypted data key whose provider ID is `AmazonConnect` and whose
 *   provider info (key name) is the key ID.
 * - The data key is wrapped with RSA-OAEP, SHA-512 and MGF1 (Java name
 *   `RSA/ECB/OAEPWithSHA-512AndMGF1Padding`); this is not configurable.
 * - So the Lambda decrypts with a RawRsaKeyringNode { keyNamespace: "AmazonConnect", keyName:
 *   <key ID>, oaepHash: "sha512" } over the matching private key, with a client whose commitment
 *   policy still ALLOWS decrypting non-committing messages (REQUIRE_ENCRYPT_ALLOW_DECRYPT) - the
 *   SDK's strict default would reject every Connect message.
 * - Connect allows two active keys for rotation, so the keyring is a multi-keyring over every key
 *   the secret holds; a message names its key, and only that keyring member is tried.
 */

/** The key namespace (provider ID) Amazon Connect writes into every encrypted data key. */
export const CONNECT_KEY_NAMESPACE = 'AmazonConnect';
/** Connect wraps data keys with RSA-OAEP using SHA-512 (and MGF1 over SHA-512). */
export const CONNECT_OAEP_HASH = 'sha512';

/** One private key and the Connect key ID its public half was registered under. */
export interface PrivateKeyEntry {
  /** The key ID Connect assigned to the uploaded public key (it is not secret). */
  readonly keyId: string;
  /** PKCS#8 or PKCS#1 PEM of the RSA private key. */
  readonly privateKeyPem: string;
}

/** Supplies the private keys (current and, during rotation, previous). */
export interface PrivateKeySource {
  keys(): Promise<readonly PrivateKeyEntry[]>;
}

/** Keys given directly: tests, the simulator. */
export class StaticPrivateKeys implements PrivateKeySource {
  constructor(private readonly entries: readonly PrivateKeyEntry[]) {}
  async keys(): Promise<readonly PrivateKeyEntry[]> {
    return this.entries;
  }
}

const keyMapSchema = z
  .record(z.string().check(z.minLength(1)), z.string().check(z.includes('PRIVATE KEY')))
  .check(
    z.refine(
      (map) => {
        const size = Object.keys(map).length;
        return size >= 1 && size <= 2;
      },
      { message: 'must map one or two Connect key IDs to private key PEMs' },
    ),
  );

/**
 * Reads the payment key secret. Two forms are accepted:
 * - a PEM (`-----BEGIN PRIVATE KEY-----...`): the key ID then comes from configuration
 *   (`PAYMENT_KEY_ID`), because the key ID is public and changes only with the key;
 * - JSON `{"<keyId>": "<pem>", ...}` with one or two keys, for rotation.
 *
 * @throws Error naming the problem (never the secret's content)
 */
export function parsePrivateKeySecret(text: string, defaultKeyId?: string): PrivateKeyEntry[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    if (!defaultKeyId) throw new Error('payment key secret is a bare PEM but no key ID is configured');
    return [{ keyId: defaultKeyId, privateKeyPem: trimmed }];
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw new Error('payment key secret is neither a PEM nor a JSON key map');
  }
  const parsed = keyMapSchema.safeParse(json);
  if (!parsed.success) throw new Error('payment key secret must map one or two key IDs to private key PEMs');
  return Object.entries(parsed.data).map(([keyId, privateKeyPem]) => ({ keyId, privateKeyPem }));
}

/**
 * The private keys from a Secrets Manager secret, fetched on first use (never at import), cached
 * for `ttlMs` so a rotated secret reaches warm functions, one fetch in flight at a time.
 */
export class SecretsManagerPrivateKeys implements PrivateKeySource {
  private cached?: { value: PrivateKeyEntry[]; until: number };
  private pending?: Promise<PrivateKeyEntry[]>;

  constructor(
    private readonly secretId: string,
    private readonly client: SecretsManagerClient = new SecretsManagerClient({}),
    private readonly defaultKeyId?: string,
    private readonly ttlMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async keys(): Promise<readonly PrivateKeyEntry[]> {
    if (this.cached && this.cached.until > this.now()) return this.cached.value;
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<PrivateKeyEntry[]> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    if (!out.SecretString) throw new Error('payment key secret has no string value');
    const value = parsePrivateKeySecret(out.SecretString, this.defaultKeyId);
    this.cached = { value, until: this.now() + this.ttlMs };
    return value;
  }
}

/** Builds the keyring Connect's messages need over the given keys. */
export function connectKeyring(entries: readonly PrivateKeyEntry[]): KeyringNode {
  const members = entries.map(
    (entry) =>
      new RawRsaKeyringNode({
        keyNamespace: CONNECT_KEY_NAMESPACE,
        keyName: entry.keyId,
        rsaKey: { privateKey: entry.privateKeyPem },
        oaepHash: CONNECT_OAEP_HASH,
      }),
  );
  const [first, ...rest] = members;
  if (!first) throw new Error('no payment private key configured');
  return rest.length === 0 ? first : new MultiKeyringNode({ children: [first, ...rest] });
}

/** Base64 of an Encryption SDK message; generous upper bound (a 4096-bit key gives ~1 KB). */
const CIPHERTEXT_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;
const MAX_CIPHERTEXT_CHARS = 16_384;

/**
 * The Connect encrypted-input decryptor (AWS Encryption SDK). The keyring is built on first use
 * and rebuilt when the key source returns new keys (rotation).
 */
export class ConnectInputDecryptor implements CardDecryptor {
  // Connect writes non-committing (v1) messages: decrypting them must stay allowed. One encrypted
  // data key per message is all Connect writes; refusing more bounds the work a forged message causes.
  private readonly client = buildDecrypt({
    commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
    maxEncryptedDataKeys: 1,
  });
  private keyring?: { entries: readonly PrivateKeyEntry[]; keyring: KeyringNode };

  constructor(private readonly keySource: PrivateKeySource) {}

  async decrypt(ciphertextBase64: string): Promise<string> {
    const text = ciphertextBase64.trim();
    if (text.length === 0 || text.length > MAX_CIPHERTEXT_CHARS || !CIPHERTEXT_PATTERN.test(text)) {
      throw new DecryptionError('MALFORMED');
    }
    const keyring = await this.currentKeyring();
    try {
      const { plaintext } = await this.client.decrypt(keyring, Buffer.from(text, 'base64'));
      return plaintext.toString('utf8');
    } catch (error) {
      // The SDK's messages describe structure, not content, but we keep only the failure class.
      throw new DecryptionError('UNDECRYPTABLE', { cause: error });
    }
  }

  private async currentKeyring(): Promise<KeyringNode> {
    let entries: readonly PrivateKeyEntry[];
    try {
      entries = await this.keySource.keys();
    } catch (error) {
      throw new DecryptionError('KEY_UNAVAILABLE', { cause: error });
    }
    if (this.keyring?.entries !== entries) {
      try {
        this.keyring = { entries, keyring: connectKeyring(entries) };
      } catch (error) {
        throw new DecryptionError('KEY_UNAVAILABLE', { cause: error });
      }
    }
    return this.keyring.keyring;
  }
}
