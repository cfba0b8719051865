import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../edge/powertools';
import { createHandler } from './handler';

/**
 * Lambda entry: reads the environment once at init, builds the AWS adapters (no network I/O at
 * import time: SDK clients connect lazily) and exports the handler.
 */
const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set; the function construct sets it`);
  return value;
};

const maxOrderQuantity = Number(process.env.MAX_ORDER_QUANTITY ?? '20');
if (!Number.isInteger(maxOrderQuantity) || maxOrderQuantity < 1) {
  throw new Error(`MAX_ORDER_QUANTITY must be a whole number >= 1, got ${process.env.MAX_ORDER_QUANTITY}`);
}

const db = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});

/** The Lex V2 code hook. */
export const handler = createHandler({
  db,
  tables: {
    catalog: required('CATALOG_TABLE'),
    orders: required('ORDERS_TABLE'),
    idempotency: required('IDEMPOTENCY_TABLE'),
  },
  maxOrderQuantity,
});
