import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ORDERS_BY_CALLER_INDEX } from '../../lambdas/contracts/tables';
import { freshTables } from '../support/dynamo';

describe('DynamoDB Local tables', () => {
  it('creates the orders table with its caller index from the shared spec', async () => {
    // Prepare / Act
    const { client, names } = await freshTables();
    const orders = await client.send(new DescribeTableCommand({ TableName: names.orders }));
    // Assess
    expect(orders.Table?.KeySchema).toEqual([{ AttributeName: 'orderId', KeyType: 'HASH' }]);
    expect(orders.Table?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe(ORDERS_BY_CALLER_INDEX);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: names.idempotency }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
  });
});
