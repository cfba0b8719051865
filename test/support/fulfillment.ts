import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { expect } from 'vitest';
import { DynamoOrderStore, seedCatalog } from '../../lambdas/aws/dynamo-order-store';
import { DynamoTurnLog } from '../../lambdas/aws/dynamo-turn-log';
import { isValidLexResponse, type LexResponse } from '../../lambdas/edge/lex';
import { createHandler } from '../../lambdas/fulfillment/handler';
import { freshTables } from './dynamo';

/** The fulfillment handler on fresh DynamoDB Local tables with the seeded catalog, and its order store. */
export interface LocalFulfillment {
  readonly orders: DynamoOrderStore;
  /** Invokes the handler and checks the response is a valid Lex V2 response. */
  readonly invoke: (event: unknown) => Promise<LexResponse>;
}

/** The handler with default dependencies (at most 5 of a product per order, turns kept a year). */
export async function localFulfillment(requestId: string): Promise<LocalFulfillment> {
  const local = await freshTables();
  const db = DynamoDBDocumentClient.from(local.client, { marshallOptions: { removeUndefinedValues: true } });
  await seedCatalog(db, local.names.catalog);
  const orders = new DynamoOrderStore(db, local.names);
  const handler = createHandler({
    orders,
    maxOrderQuantity: 5,
    turns: new DynamoTurnLog(db, local.names.turns),
    turnRetentionDays: 365,
  });
  const context = { functionName: 'fulfillment', awsRequestId: requestId } as Context;
  return {
    orders,
    invoke: async (event) => {
      const response = await handler(event, context);
      expect(isValidLexResponse(response), JSON.stringify(response)).toBe(true);
      return response;
    },
  };
}

/** What the robot said in a response. */
export const spoken = (r: LexResponse): string => r.messages?.map((m) => m.content).join(' ') ?? '';
