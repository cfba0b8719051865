import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { TextAgreement, TextAgreements, TextOutcome } from '../core/texts/product-link';

/**
 * Text-message agreements on DynamoDB (the `textMessages` table: partition `contactId`, sort
 * `sku`). A conditional put records each agreement once; settling is a conditional update that
 * only moves an AGREED record, so an outcome is never written over another.
 */
export class DynamoTextAgreements implements TextAgreements {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(
    agreement: TextAgreement,
  ): Promise<{ readonly written: true } | { readonly written: false; readonly existing: TextAgreement }> {
    try {
      // One call: a new agreement, or one taking over an agreement that sent nothing for certain;
      // a refused put hands back the item that is there (no second read on the caller's time).
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...agreement },
          ConditionExpression: 'attribute_not_exists(contactId) OR outcome IN (:failed, :noNumber)',
          ExpressionAttributeValues: { ':failed': 'FAILED', ':noNumber': 'NO_NUMBER' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { written: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
      const existing = unmarshall(error.Item) as TextAgreement;
      // Our own write, answered late and retried by the SDK: it is written.
      if (existing.attempt === agreement.attempt) return { written: true };
      return { written: false, existing };
    }
  }

  async settle(
    contactId: string,
    sku: string,
    attempt: string,
    outcome: Exclude<TextOutcome, 'AGREED'>,
    at: string,
    messageId?: string,
  ): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { contactId, sku },
        UpdateExpression: `SET outcome = :o, settledAt = :at${messageId ? ', messageId = :m' : ''}`,
        ConditionExpression: 'outcome = :agreed AND attempt = :attempt',
        ExpressionAttributeValues: {
          ':attempt': attempt,
          ':o': outcome,
          ':at': at,
          ':agreed': 'AGREED',
          ...(messageId ? { ':m': messageId } : {}),
        },
      }),
    );
  }
}
