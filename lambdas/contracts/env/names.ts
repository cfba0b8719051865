/**
 * Names of the environment variables more than one function reads (table names are in
 * `../tables.ts` as `TABLE_ENV`). Each function's contract picks from these, so one value has one
 * name everywhere.
 */

/** ARN of the Secrets Manager secret holding the caller-number HMAC key. */
export const CALLER_HMAC_SECRET_ENV = 'CALLER_HMAC_SECRET_ARN';
/** ARN of the secret holding the RSA private key(s) for Connect encrypted card input. */
export const PAYMENT_KEY_SECRET_ENV = 'PAYMENT_KEY_SECRET_ARN';
/** Which payment gateway charges cards (`sandbox`, `stripe` or `disabled`). */
export const PAYMENT_GATEWAY_ENV = 'PAYMENT_GATEWAY';
/** ARN of the operator-created secret holding the Stripe secret (or restricted) key. */
export const STRIPE_SECRET_ENV = 'STRIPE_SECRET_ARN';
/** `live` or `test`: the Stripe environment the key must belong to. */
export const STRIPE_MODE_ENV = 'STRIPE_MODE';
/** `true` to flag Stripe charges as MOTO (once Stripe enabled it on the account). */
export const STRIPE_MOTO_ENV = 'STRIPE_MOTO';
/** The analytics lake bucket. */
export const LAKE_BUCKET_ENV = 'LAKE_BUCKET';
/** Work bucket holding Transcribe's raw (unredacted) output. */
export const TRANSCRIPT_WORK_BUCKET_ENV = 'TRANSCRIPT_WORK_BUCKET';
/** Staging bucket Connect writes call recordings to (unredacted, short-lived). */
export const RECORDING_STAGING_BUCKET_ENV = 'RECORDING_STAGING_BUCKET';
/** The retention-locked vault that receives redacted recordings. */
export const RECORDING_VAULT_BUCKET_ENV = 'RECORDING_VAULT_BUCKET';
/** The locked vault of unredacted originals; set only when `keepOriginalRecording` is on. */
export const RECORDING_ORIGINALS_BUCKET_ENV = 'RECORDING_ORIGINALS_BUCKET';
/** KMS key ARN that encrypts Transcribe's raw output. */
export const TRANSCRIPT_WORK_KEY_ENV = 'TRANSCRIPT_WORK_KEY_ARN';
/** The data-access role Transcribe assumes to read recordings. */
export const TRANSCRIBE_ROLE_ENV = 'TRANSCRIBE_DATA_ACCESS_ROLE_ARN';
/** The Amazon Connect instance id. */
export const CONNECT_INSTANCE_ENV = 'CONNECT_INSTANCE_ID';
/** The Athena workgroup a function runs its queries in. */
export const ATHENA_WORKGROUP_ENV = 'ATHENA_WORKGROUP';
/** Id of the `weekly-access-review` Athena named query. */
export const ACCESS_REVIEW_QUERY_ENV = 'ACCESS_REVIEW_NAMED_QUERY_ID';
/** The SNS topic that security alerts and the weekly access review go to. */
export const ALERT_TOPIC_ENV = 'ALERT_TOPIC_ARN';
/** Comma-separated ARNs of the roles expected to read recordings (auditor, Transcribe data access). */
export const EXPECTED_READERS_ENV = 'EXPECTED_RECORDING_READER_ROLE_ARNS';
/** ARN of the role of the function that starts the pipeline's Transcribe jobs. */
export const TRANSCRIPTION_STARTER_ENV = 'TRANSCRIPTION_STARTER_ROLE_ARN';
/** `Runbook: docs/RUNBOOK.md#<section>`, the sentence a report or alert ends with. */
export const RUNBOOK_POINTER_ENV = 'RUNBOOK_POINTER';
/** The EventBridge bus that carries order lifecycle events. */
export const ORDER_EVENT_BUS_ENV = 'ORDER_EVENT_BUS';
/** The Amazon Connect flow that routes back-office tasks to the back-office queue. */
export const TASK_FLOW_ENV = 'TASK_FLOW_ID';
/** ARN of the AWS End User Messaging phone number or pool product-link texts are sent from. */
export const TEXT_ORIGINATION_ENV = 'TEXT_ORIGINATION_ARN';
/** The brand product-link texts name as their sender (config `textSenderName`). */
export const TEXT_SENDER_ENV = 'TEXT_SENDER_NAME';

/** Country calling codes product-link texts can reach (config `textCountryCodes`). */
export const TEXT_COUNTRY_CODES_ENV = 'TEXT_COUNTRY_CODES';
