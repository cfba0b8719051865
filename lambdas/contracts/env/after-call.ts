import * as z from 'zod/mini';
import { TABLE_ENV } from '../tables';
import { defineEnv, json, nonEmpty, variable } from './define';
import { LAKE_BUCKET_ENV } from './names';

/** Environment of the after-call function (`lambdas/after-call`). */
export const AFTER_CALL_ENV = defineEnv('after-call', {
  ledgerTable: variable(TABLE_ENV.consentLedger, nonEmpty()),
  turnsTable: variable(TABLE_ENV.turns, nonEmpty()),
  lakeBucket: variable(LAKE_BUCKET_ENV, nonEmpty()),
  /** The Lex bot whose stored utterances are deleted. */
  botId: variable('LEX_BOT_ID', nonEmpty()),
  /** Its locale ids, as JSON, e.g. `["zh_CN","en_US"]`. */
  localeIds: variable(
    'LEX_LOCALE_IDS',
    json(z.array(z.string().check(z.regex(/^[a-z]{2}_[A-Z]{2}$/))).check(z.minLength(1))),
  ),
});
