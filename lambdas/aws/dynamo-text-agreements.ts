import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...agreement },
          ConditionExpression: 'attribute_not_exists(contactId)',
        }),
      );
      return { written: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const out = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { contactId: agreement.contactId, sku: agreement.sku },
          ConsistentRead: true,
        }),
      );
      if (!out.Item) throw error;
      return { written: false, existing: out.Item as TextAgreement };
    }
  }

  async settle(
    contactId: string,
    sku: string,
    outcome: Exclude<TextOutcome, 'AGREED'>,
    at: string,
    messageId?: string,
  ): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { contactId, sku },
        UpdateExpression: `SET outcome = :o, settledAt = :at${messageId ? ', messageId = :m' : ''}`,
        ConditionExpression: 'outcome = :agreed',
        ExpressionAttributeValues: {
          ':o': outcome,
          ':at': at,
          ':agreed': 'AGREED',
          ...(messageId ? { ':m': messageId } : {}),
        },
      }),
    );
  }
}
