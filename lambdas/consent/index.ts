import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { boundedClientConfig } from '../aws/clients';
import { DynamoConsentLedger } from '../aws/dynamo-consent-ledger';
import { SecretsManagerHmacKey } from '../aws/secrets';
import { CONSENT_ENV } from '../contracts/env/consent';
import { IO_BUDGETS } from '../contracts/io-budgets';
import { createHandler } from './handler';

// Cold start: read the environment once and build the AWS adapters. Creating SDK clients does no
// network I/O; the HMAC secret is fetched on first use and cached by SecretsManagerHmacKey. Every
// client waits at most as long as the caller's budget allows.
const env = CONSENT_ENV.parse(process.env);
const io = boundedClientConfig(IO_BUDGETS.consent);

/** The Lambda entry point of the consent function. */
export const handler = createHandler({
  ledger: new DynamoConsentLedger(new DynamoDBClient(io), env.ledgerTable),
  hmacKey: new SecretsManagerHmacKey(env.hmacSecretArn, new SecretsManagerClient(io)),
  notices: env.notices,
  defaultLocale: env.defaultLocale,
});
