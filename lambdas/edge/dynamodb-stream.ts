import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { TableChange } from '../core/lake/table-stream';

/**
 * Turns a DynamoDB stream record (Lambda event shape, AttributeValue images) into the plain
 * {@link TableChange} the lake domain maps, or undefined for a record that names no change.
 */
export function tableChangeOf(record: DynamoDBRecord): TableChange | undefined {
  const eventName = record.eventName;
  if (eventName !== 'INSERT' && eventName !== 'MODIFY' && eventName !== 'REMOVE') return undefined;
  const image = record.dynamodb?.NewImage;
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventName,
    // biome-ignore lint/suspicious/noExplicitAny: the Lambda types give stream images their own AttributeValue type.
    ...(image ? { newItem: unmarshall(image as any) as Record<string, unknown> } : {}),
    ...(created !== undefined ? { approximateCreationEpochSeconds: created } : {}),
  };
}
