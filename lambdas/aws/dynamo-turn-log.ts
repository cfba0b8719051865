import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CallTurns } from '../core/after-call/ports';
import type { TurnLog, TurnLogItem } from '../core/dialog/turn-record';

/**
 * Turn records on DynamoDB (the `turns` table: partition `contactId`, sort `turn`). The code hook
 * only puts: the sort key holds the Lambda request id, so a turn is never written over another.
 */
export class DynamoTurnLog implements TurnLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(item: TurnLogItem): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...item } }));
  }
}

/** The turns of a contact, read and stripped of their words after the call. */
export class DynamoCallTurns implements CallTurns {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async turns(contactId: string): Promise<TurnLogItem[]> {
    const out: TurnLogItem[] = [];
    for await (const page of paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'contactId = :c',
        ExpressionAttributeValues: { ':c': contactId },
        ConsistentRead: true,
      },
    )) {
      out.push(...((page.Items ?? []) as TurnLogItem[]));
    }
    return out;
  }

  async dropText(contactId: string, turnKeys: readonly string[]): Promise<void> {
    for (const turn of turnKeys) {
      // Sets null rather than removing, so the item keeps the lake row's shape.
      await this.doc
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { contactId, turn },
            UpdateExpression: 'SET #t = :n',
            ConditionExpression: 'attribute_exists(contactId)',
            ExpressionAttributeNames: { '#t': 'text' },
            ExpressionAttributeValues: { ':n': null },
          }),
        )
        .catch((error: unknown) => {
          // Expired by TTL meanwhile: nothing left to strip.
          if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
        });
    }
  }

  async deleteTurns(contactId: string, turnKeys: readonly string[]): Promise<void> {
    for (const turn of turnKeys) {
      await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { contactId, turn } }));
    }
  }
}
