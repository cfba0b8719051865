import { ConnectClient } from '@aws-sdk/client-connect';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHandler } from './handler';

/** Lambda entry: CloudFormation custom resources for the phone number route and catalog sync. */
export const handler = createHandler({
  connect: new ConnectClient({}),
  db: DynamoDBDocumentClient.from(new DynamoDBClient({})),
});
