import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedClientConfig } from '../aws/clients';
import { ConnectInputDecryptor, SecretsManagerPrivateKeys } from '../aws/connect-input-decryptor';
import { DynamoPaymentStore } from '../aws/dynamo-payment-store';
import { paymentGateway } from '../aws/payment-gateways';
import { PAYMENT_ENV, paymentGatewaySettings } from '../contracts/env/payment';
import { IO_BUDGETS } from '../contracts/io-budgets';
import { createHandler } from './handler';

// Cold start: read the environment once and build the adapters. No network I/O here: SDK clients
// connect lazily, and the private key and the Stripe key are fetched on first use, then cached.
// An unknown gateway, or a Stripe gateway without its secret or mode, fails here.
const env = PAYMENT_ENV.parse(process.env);
const gatewaySettings = paymentGatewaySettings(env);
const io = boundedClientConfig(IO_BUDGETS.payment);
const secrets = new SecretsManagerClient(io);

const db = DynamoDBDocumentClient.from(new DynamoDBClient(io), {
  marshallOptions: { removeUndefinedValues: true },
});

/** The Lambda entry point of the payment function. */
export const handler = createHandler({
  store: new DynamoPaymentStore(db, { orders: env.ordersTable, idempotency: env.idempotencyTable }),
  decryptor: new ConnectInputDecryptor(new SecretsManagerPrivateKeys(env.keySecretArn, secrets, env.keyId)),
  gateway: paymentGateway(gatewaySettings, secrets),
});
