import { defineEnv, nonEmpty, variable } from './define';
import { CALLER_HMAC_SECRET_ENV } from './names';

/** Environment of the Firehose CTR transformation (`lambdas/ctr-transform`). */
export const CTR_TRANSFORM_ENV = defineEnv('ctr-transform', {
  hmacSecretArn: variable(CALLER_HMAC_SECRET_ENV, nonEmpty()),
});
