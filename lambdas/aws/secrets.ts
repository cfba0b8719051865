import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { HmacKeySource } from '../core/caller-id';

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
