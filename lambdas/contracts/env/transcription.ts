import { z } from 'zod';

/**
 * Environment of the transcription and lake-feed functions, read once at cold start by each
 * `index.ts`. Names are shared with the CDK construct that sets them.
 */
export const TRANSCRIPTION_ENV = {
  /** Consent ledger table (start function). */
  consentTable: 'CONSENT_TABLE_NAME',
  /** Work bucket for Transcribe's raw output. */
  workBucket: 'TRANSCRIPT_WORK_BUCKET',
  /** KMS key ARN that encrypts raw output. */
  workKeyArn: 'TRANSCRIPT_WORK_KEY_ARN',
  /** Transcribe data-access role ARN. */
  dataAccessRoleArn: 'TRANSCRIBE_DATA_ACCESS_ROLE_ARN',
  /** Lake bucket. */
  lakeBucket: 'LAKE_BUCKET',
  /** Orders table name (table-stream function). */
  ordersTable: 'ORDERS_TABLE_NAME',
  /** Caller-HMAC secret ARN (ctr-transform function). */
  hmacSecretArn: 'CALLER_HMAC_SECRET_ARN',
} as const;

/** Reads the named variables or throws one error naming every missing one. */
export function readEnv<K extends keyof typeof TRANSCRIPTION_ENV>(
  env: NodeJS.ProcessEnv,
  keys: readonly K[],
): Record<K, string> {
  const shape = Object.fromEntries(keys.map((k) => [TRANSCRIPTION_ENV[k], z.string().min(1)]));
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `missing environment: ${parsed.error.issues.map((i) => String(i.path[0])).join(', ')} (set by lib/constructs/transcription)`,
    );
  }
  return Object.fromEntries(keys.map((k) => [k, String(parsed.data[TRANSCRIPTION_ENV[k]])])) as Record<
    K,
    string
  >;
}
