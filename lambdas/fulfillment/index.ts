import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoOrderStore } from '../aws/dynamo-order-store';
import { FULFILLMENT_ENV } from '../contracts/env/fulfillment';
import { tracer } from '../edge/powertools';
import { createHandler } from './handler';

/**
 * Lambda entry: reads the environment once at init, builds the AWS adapters (no network I/O at
 * import time: SDK clients connect lazily) and exports the handler.
 */
const env = FULFILLMENT_ENV.parse(process.env);

const db = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});

/** The Lex V2 code hook. */
export const handler = createHandler({
  orders: new DynamoOrderStore(db, {
    catalog: env.catalogTable,
    orders: env.ordersTable,
    idempotency: env.idempotencyTable,
  }),
  maxOrderQuantity: env.maxOrderQuantity,
});
