import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { TableName } from '../../lambdas/contracts/tables';
import { createTables, localDynamoClient } from '../../local/dynamo-local';

/** A client for the shared DynamoDB Local and a fresh set of tables for one test file or case. */
export interface LocalTables {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  readonly names: Record<TableName, string>;
}

/** Creates every table under a unique prefix in the DynamoDB Local started by the global setup. */
export async function freshTables(): Promise<LocalTables> {
  const endpoint = inject('dynamoEndpoint');
  const client = localDynamoClient(endpoint);
  const names = await createTables(client, `t${randomUUID().slice(0, 8)}`);
  return { client, endpoint, names };
}
