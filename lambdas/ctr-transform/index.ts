import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerHmacKey } from '../aws/secrets';
import { CTR_TRANSFORM_ENV } from '../contracts/env/ctr-transform';
import { tracer } from '../edge/tracer';
import { createHandler } from './handler';

const env = CTR_TRANSFORM_ENV.parse(process.env);

/** The Lambda entry point of the CTR transformation. */
export const handler = createHandler({
  hmacKey: new SecretsManagerHmacKey(
    env.hmacSecretArn,
    tracer.captureAWSv3Client(new SecretsManagerClient({})),
  ),
});
