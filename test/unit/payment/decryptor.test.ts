import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  ConnectInputDecryptor,
  parsePrivateKeySecret,
  SecretsManagerPrivateKeys,
  StaticPrivateKeys,
} from '../../../lambdas/aws/connect-input-decryptor';
import { DecryptionError } from '../../../lambdas/core/payment/decryptor';
import { connectEncrypt, generateTestKeyPair, TEST_CARDS } from './support';

// Key pairs are generated here, per run: no private key is ever checked in.
const CURRENT = generateTestKeyPair('6f1c0d1e-0000-4000-8000-00000000c001');
const PREVIOUS = generateTestKeyPair('6f1c0d1e-0000-4000-8000-00000000c002');
const STRANGER = generateTestKeyPair('6f1c0d1e-0000-4000-8000-00000000c003');

describe('Connect encrypted input decryption', () => {
  it('decrypts what Connect encrypted with the registered public key (round trip)', async () => {
    // Prepare
    const decryptor = new ConnectInputDecryptor(new StaticPrivateKeys([CURRENT]));
    const ciphertext = await connectEncrypt(TEST_CARDS.approve, CURRENT);
    // Act
    const plaintext = await decryptor.decrypt(ciphertext);
    // Assess
    expect(plaintext).toBe(TEST_CARDS.approve);
    expect(ciphertext).not.toContain(TEST_CARDS.approve);
  });

  it('produces Connect-shaped messages: v1, signed suite 0x0378, one AmazonConnect data key named by key ID', async () => {
    // Prepare / Act
    const bytes = Buffer.from(await connectEncrypt('1230', CURRENT), 'base64');
    // Assess: the same header bytes a real Connect message starts with
    expect(bytes.subarray(0, 4).toString('hex')).toBe('01800378');
    expect(bytes.includes(Buffer.from('aws-crypto-public-key'))).toBe(true);
    expect(bytes.includes(Buffer.from(`AmazonConnect\u0000\u0024${CURRENT.keyId}`))).toBe(true);
  });

  it('decrypts under either key during a rotation', async () => {
    // Prepare
    const decryptor = new ConnectInputDecryptor(new StaticPrivateKeys([CURRENT, PREVIOUS]));
    const fromOld = await connectEncrypt('0129', PREVIOUS);
    const fromNew = await connectEncrypt('0230', CURRENT);
    // Act
    const plaintexts = [await decryptor.decrypt(fromOld), await decryptor.decrypt(fromNew)];
    // Assess
    expect(plaintexts).toEqual(['0129', '0230']);
  });

  it('rejects a message under a key we do not hold as UNDECRYPTABLE', async () => {
    // Prepare
    const decryptor = new ConnectInputDecryptor(new StaticPrivateKeys([CURRENT]));
    const foreign = await connectEncrypt(TEST_CARDS.approve, STRANGER);
    // Act
    const attempt = decryptor.decrypt(foreign);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DecryptionError);
    await expect(attempt).rejects.toMatchObject({ failure: 'UNDECRYPTABLE' });
  });

  it('rejects a tampered message (one body byte flipped) as UNDECRYPTABLE', async () => {
    // Prepare
    const decryptor = new ConnectInputDecryptor(new StaticPrivateKeys([CURRENT]));
    const bytes = Buffer.from(await connectEncrypt(TEST_CARDS.approve, CURRENT), 'base64');
    bytes[bytes.length - 120] = (bytes[bytes.length - 120] ?? 0) ^ 0x01;
    // Act
    const attempt = decryptor.decrypt(bytes.toString('base64'));
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'DecryptionError', failure: 'UNDECRYPTABLE' });
  });

  it.each(['', 'not base64!', 'A'.repeat(20_000)])(
    'rejects malformed input %# as MALFORMED',
    async (text) => {
      // Prepare
      const decryptor = new ConnectInputDecryptor(new StaticPrivateKeys([CURRENT]));
      // Act
      const attempt = decryptor.decrypt(text);
      // Assess
      await expect(attempt).rejects.toMatchObject({ failure: 'MALFORMED' });
    },
  );

  it('fails with KEY_UNAVAILABLE when the key source fails', async () => {
    // Prepare
    const decryptor = new ConnectInputDecryptor({ keys: () => Promise.reject(new Error('AccessDenied')) });
    // Act
    const attempt = decryptor.decrypt(await connectEncrypt('1230', CURRENT));
    // Assess
    await expect(attempt).rejects.toMatchObject({ failure: 'KEY_UNAVAILABLE' });
  });
});

describe('payment key secret', () => {
  it('reads a bare PEM with the configured key ID, and a JSON map of one or two keys', () => {
    // Prepare / Act
    const bare = parsePrivateKeySecret(CURRENT.privateKeyPem, CURRENT.keyId);
    const map = parsePrivateKeySecret(
      JSON.stringify({ [CURRENT.keyId]: CURRENT.privateKeyPem, [PREVIOUS.keyId]: PREVIOUS.privateKeyPem }),
    );
    // Assess
    expect(bare).toEqual([{ keyId: CURRENT.keyId, privateKeyPem: CURRENT.privateKeyPem.trim() }]);
    expect(map.map((e) => e.keyId)).toEqual([CURRENT.keyId, PREVIOUS.keyId]);
  });

  it.each([
    ['a bare PEM without a key ID', () => parsePrivateKeySecret(CURRENT.privateKeyPem)],
    ['text that is neither', () => parsePrivateKeySecret('hunter2')],
    ['an empty map', () => parsePrivateKeySecret('{}')],
    ['a map to non-keys', () => parsePrivateKeySecret('{"k":"v"}')],
  ])('rejects %s without echoing the secret', (_name, read) => {
    // Prepare / Act / Assess
    expect(read).toThrow(/payment key secret/);
    try {
      read();
    } catch (error) {
      expect((error as Error).message).not.toContain('PRIVATE KEY');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('fetches the secret from Secrets Manager once for many decryptions', async () => {
    // Prepare (Secrets Manager has no local engine: its client is the one thing mocked)
    const secrets = mockClient(SecretsManagerClient);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: CURRENT.privateKeyPem });
    const decryptor = new ConnectInputDecryptor(
      new SecretsManagerPrivateKeys(
        'arn:aws:secretsmanager:us-east-1:111122223333:secret:payment-key',
        new SecretsManagerClient({ region: 'us-east-1' }),
        CURRENT.keyId,
      ),
    );
    const inputs = await Promise.all(['0130', '0230', '0330'].map((t) => connectEncrypt(t, CURRENT)));
    // Act
    const out = await Promise.all(inputs.map((c) => decryptor.decrypt(c)));
    await decryptor.decrypt(inputs[0] ?? '');
    // Assess
    expect(out).toEqual(['0130', '0230', '0330']);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    secrets.restore();
  });
});
