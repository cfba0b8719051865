import { TABLE_ENV } from '../tables';
import { defineEnv, nonEmpty, optional, variable } from './define';
import {
  LAKE_BUCKET_ENV,
  RECORDING_ORIGINALS_BUCKET_ENV,
  RECORDING_STAGING_BUCKET_ENV,
  RECORDING_VAULT_BUCKET_ENV,
  TRANSCRIBE_ROLE_ENV,
  TRANSCRIPT_WORK_BUCKET_ENV,
  TRANSCRIPT_WORK_KEY_ENV,
} from './names';

/**
 * Environment of the function that redacts finished transcripts into the lake and the staged
 * recording into the vault (`lambdas/transcript-redact`).
 */
export const TRANSCRIPT_REDACT_ENV = defineEnv('transcript-redact', {
  ledgerTable: variable(TABLE_ENV.consentLedger, nonEmpty()),
  workBucket: variable(TRANSCRIPT_WORK_BUCKET_ENV, nonEmpty()),
  workKeyArn: variable(TRANSCRIPT_WORK_KEY_ENV, nonEmpty()),
  dataAccessRoleArn: variable(TRANSCRIBE_ROLE_ENV, nonEmpty()),
  lakeBucket: variable(LAKE_BUCKET_ENV, nonEmpty()),
  stagingBucket: variable(RECORDING_STAGING_BUCKET_ENV, nonEmpty()),
  vaultBucket: variable(RECORDING_VAULT_BUCKET_ENV, nonEmpty()),
  /** Set only when the original is kept (an auditor-only locked vault); unset, the original is deleted. */
  originalsBucket: variable(RECORDING_ORIGINALS_BUCKET_ENV, optional(nonEmpty())),
  turnsTable: variable(TABLE_ENV.turns, nonEmpty()),
});
