import { TABLE_ENV } from '../tables';
import { defineEnv, nonEmpty, variable } from './define';
import { LAKE_BUCKET_ENV } from './names';

/** Environment of the table-stream lake writer (`lambdas/lake-feed`). */
export const LAKE_FEED_ENV = defineEnv('lake-feed', {
  ordersTable: variable(TABLE_ENV.orders, nonEmpty()),
  ledgerTable: variable(TABLE_ENV.consentLedger, nonEmpty()),
  lakeBucket: variable(LAKE_BUCKET_ENV, nonEmpty()),
});
