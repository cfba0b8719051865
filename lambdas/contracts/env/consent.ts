import * as z from 'zod/mini';
import { SUPPORTED_LOCALES } from '../locales';
import { noticeCatalogSchema } from '../notices';
import { TABLE_ENV } from '../tables';
import { defineEnv, json, nonEmpty, variable } from './define';
import { CALLER_HMAC_SECRET_ENV } from './names';

/** Environment of the consent function (`lambdas/consent`). */
export const CONSENT_ENV = defineEnv('consent', {
  /** Physical name of the consent ledger table. */
  ledgerTable: variable(TABLE_ENV.consentLedger, nonEmpty()),
  /** ARN of the Secrets Manager secret holding the caller-HMAC key. */
  hmacSecretArn: variable(CALLER_HMAC_SECRET_ENV, nonEmpty()),
  /** The notice played in each locale, as JSON `{"en-US":{"version","sha256"},...}`. */
  notices: variable('NOTICES', json(noticeCatalogSchema)),
  /** Locale used when the flow and the contact name none. */
  defaultLocale: variable('DEFAULT_LOCALE', z.enum(SUPPORTED_LOCALES)),
});
