import { createHmac } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Caller numbers never leave the edge in the clear: everything we store or log carries an
 * HMAC-SHA256 of the normalised number under a secret key, so records of one caller can be
 * joined (order status, data-subject requests) without anyone being able to read the number.
 */

/** Supplies the HMAC key (raw bytes). */
export interface HmacKeySource {
  key(): Promise<Buffer>;
}

/** Normalises a phone number to `+digits` so the same caller always hashes the same. */
export function normalisePhoneNumber(raw: string): string {
  const digits = raw.replace(/[^\d]/g, '');
  return digits.length === 0 ? '' : `+${digits}`;
}

/** HMAC-SHA256 (hex) of a normalised phone number. */
export function callerHmac(phoneNumber: string, key: Buffer): string {
  return createHmac('sha256', key).update(normalisePhoneNumber(phoneNumber)).digest('hex');
}

/** A key given directly, for tests and the offline runtime. */
export class StaticHmacKey implements HmacKeySource {
  constructor(private readonly value: Buffer) {}
  async key(): Promise<Buffer> {
    return this.value;
  }
}

/**
 * The key from a Secrets Manager secret, fetched once per process and cached for `ttlMs`
 * (key rotation reaches warm functions within that time).
 */
export class SecretsManagerHmacKey implements HmacKeySource {
  private cached?: { value: Buffer; until: number };
  private pending?: Promise<Buffer>;

  constructor(
    private readonly secretId: string,
    private readonly client: SecretsManagerClient = new SecretsManagerClient({}),
    private readonly ttlMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async key(): Promise<Buffer> {
    if (this.cached && this.cached.until > this.now()) return this.cached.value;
    // One fetch in flight at a time, however many concurrent invocations ask.
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<Buffer> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    const text = out.SecretString;
    if (!text) throw new Error('caller HMAC secret has no string value');
    const value = Buffer.from(text, 'utf8');
    this.cached = { value, until: this.now() + this.ttlMs };
    return value;
  }
}
