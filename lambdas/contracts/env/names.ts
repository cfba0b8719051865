/**
 * Names of the environment variables more than one function reads (table names are in
 * `../tables.ts` as `TABLE_ENV`). Each function's contract picks from these, so one value has one
 * name everywhere.
 */

/** ARN of the Secrets Manager secret holding the caller-number HMAC key. */
export const CALLER_HMAC_SECRET_ENV = 'CALLER_HMAC_SECRET_ARN';
/** ARN of the secret holding the RSA private key(s) for Connect encrypted card input. */
export const PAYMENT_KEY_SECRET_ENV = 'PAYMENT_KEY_SECRET_ARN';
/** The analytics lake bucket. */
export const LAKE_BUCKET_ENV = 'LAKE_BUCKET';
/** Work bucket holding Transcribe's raw (unredacted) output. */
export const TRANSCRIPT_WORK_BUCKET_ENV = 'TRANSCRIPT_WORK_BUCKET';
/** KMS key ARN that encrypts Transcribe's raw output. */
export const TRANSCRIPT_WORK_KEY_ENV = 'TRANSCRIPT_WORK_KEY_ARN';
/** The data-access role Transcribe assumes to read recordings. */
export const TRANSCRIBE_ROLE_ENV = 'TRANSCRIBE_DATA_ACCESS_ROLE_ARN';
/** The Amazon Connect instance id. */
export const CONNECT_INSTANCE_ENV = 'CONNECT_INSTANCE_ID';
