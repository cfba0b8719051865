import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoConsentLedger } from '../aws/dynamo-consent-ledger';
import { SecretsManagerHmacKey } from '../aws/secrets';
import { CONSENT_ENV } from '../contracts/env/consent';
import { tracer } from '../edge/powertools';
import { createHandler } from './handler';

// Cold start: read the environment once and build the AWS adapters. Creating SDK clients does no
// network I/O; the HMAC secret is fetched on first use and cached by SecretsManagerHmacKey.
const env = CONSENT_ENV.parse(process.env);

/** The Lambda entry point of the consent function. */
export const handler = createHandler({
  ledger: new DynamoConsentLedger(tracer.captureAWSv3Client(new DynamoDBClient({})), env.ledgerTable),
  hmacKey: new SecretsManagerHmacKey(
    env.hmacSecretArn,
    tracer.captureAWSv3Client(new SecretsManagerClient({})),
  ),
  notices: env.notices,
  defaultLocale: env.defaultLocale,
});
