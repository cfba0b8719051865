import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerHmacKey } from '../../shared/caller-id';
import { tracer } from '../../shared/powertools';
import { readEnv } from '../env';
import { createHandler } from './handler';

const env = readEnv(process.env, ['hmacSecretArn']);

/** The Lambda entry point of the CTR transformation. */
export const handler = createHandler({
  hmacKey: new SecretsManagerHmacKey(
    env.hmacSecretArn,
    tracer.captureAWSv3Client(new SecretsManagerClient({})),
  ),
});
