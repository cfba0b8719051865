import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The reference of the import-time benchmark: about the least a Lambda handler that reads
 * DynamoDB and logs with Powertools can load. It is bundled exactly like the functions.
 */
const logger = new Logger({ serviceName: 'reference' });
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** Reads one item and logs. */
export const handler = async (event: { id: string }) => {
  logger.info('reference');
  return db.send(new GetCommand({ TableName: process.env.TABLE ?? 'reference', Key: { id: event.id } }));
};
