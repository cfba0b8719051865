import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedClientConfig } from '../aws/clients';
import { ConnectInputDecryptor, SecretsManagerPrivateKeys } from '../aws/connect-input-decryptor';
import { DynamoPaymentStore } from '../aws/dynamo-payment-store';
import { PAYMENT_ENV } from '../contracts/env/payment';
import { IO_BUDGETS } from '../contracts/io-budgets';
import { SandboxGateway } from '../core/payment/sandbox-gateway';
import { logger } from '../edge/powertools';
import { createHandler } from './handler';

// Cold start: read the environment once and build the adapters. No network I/O here: SDK clients
// connect lazily and the private key is fetched on the first decryption, then cached.
const env = PAYMENT_ENV.parse(process.env);
const io = boundedClientConfig(IO_BUDGETS.payment);

const db = DynamoDBDocumentClient.from(new DynamoDBClient(io), {
  marshallOptions: { removeUndefinedValues: true },
});

// Only the sandbox exists today (the contract rejects any other name); say so once per container.
const gateway = new SandboxGateway();
logger.warn('payment gateway is the sandbox: no money moves', { gateway: env.gateway });

/** The Lambda entry point of the payment function. */
export const handler = createHandler({
  store: new DynamoPaymentStore(db, { orders: env.ordersTable, idempotency: env.idempotencyTable }),
  decryptor: new ConnectInputDecryptor(
    new SecretsManagerPrivateKeys(env.keySecretArn, new SecretsManagerClient(io), env.keyId),
  ),
  gateway,
});
