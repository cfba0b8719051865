import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerHmacKey } from '../aws/secrets';
import { readEnv } from '../contracts/env/transcription';
import { tracer } from '../edge/powertools';
import { createHandler } from './handler';

const env = readEnv(process.env, ['hmacSecretArn']);

/** The Lambda entry point of the CTR transformation. */
export const handler = createHandler({
  hmacKey: new SecretsManagerHmacKey(
    env.hmacSecretArn,
    tracer.captureAWSv3Client(new SecretsManagerClient({})),
  ),
});
