import { TABLE_ENV } from '../tables';
import { defineEnv, nonEmpty, variable } from './define';
import {
  RECORDING_STAGING_BUCKET_ENV,
  TRANSCRIBE_ROLE_ENV,
  TRANSCRIPT_WORK_BUCKET_ENV,
  TRANSCRIPT_WORK_KEY_ENV,
} from './names';

/** Environment of the function that starts Transcribe jobs (`lambdas/transcription-start`). */
export const TRANSCRIPTION_START_ENV = defineEnv('transcription-start', {
  ledgerTable: variable(TABLE_ENV.consentLedger, nonEmpty()),
  workBucket: variable(TRANSCRIPT_WORK_BUCKET_ENV, nonEmpty()),
  workKeyArn: variable(TRANSCRIPT_WORK_KEY_ENV, nonEmpty()),
  dataAccessRoleArn: variable(TRANSCRIBE_ROLE_ENV, nonEmpty()),
  stagingBucket: variable(RECORDING_STAGING_BUCKET_ENV, nonEmpty()),
});
