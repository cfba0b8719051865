import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SUPPORTED_LOCALES } from '../contracts/locales';
import {
  type AppendOutcome,
  type ConsentLedger,
  ConsentLedgerError,
  type ConsentRecord,
  consentRecordSchema,
} from '../core/consent/ledger';
import type { ConsentLookup, ConsentOnRecord } from '../core/transcription/ports';

/** Whether an SDK error is DynamoDB's "the condition did not hold" (the item already exists). */
function isConditionalCheckFailed(error: unknown): boolean {
  // Compared by name rather than instanceof: bundling can load two copies of the SDK error class.
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * The attributes written for a record, listed one by one so that nothing beyond the ledger's
 * fields (such as a stray caller number) can ever reach the table.
 */
function toItem(record: ConsentRecord): Record<string, string> {
  const item: Record<string, string> = {
    contactId: record.contactId,
    decision: record.decision,
    noticeVersion: record.noticeVersion,
    noticeSha256: record.noticeSha256,
    locale: record.locale,
    decidedAt: record.decidedAt,
  };
  if (record.callerHmac !== undefined) item.callerHmac = record.callerHmac;
  if (record.channel !== undefined) item.channel = record.channel;
  if (record.instanceArn !== undefined) item.instanceArn = record.instanceArn;
  return item;
}

/**
 * The consent ledger on DynamoDB: one item per contact (partition key `contactId`), written with
 * `attribute_not_exists(contactId)` so a decision is never overwritten. Needs only PutItem and
 * GetItem; `DataTables.bindConsentWriter` grants those two (and DescribeTable), never Update or Delete.
 */
export class DynamoConsentLedger implements ConsentLedger {
  private readonly doc: DynamoDBDocumentClient;

  /**
   * @param client a DynamoDB client (the Lambda's, or one for DynamoDB Local); not destroyed here
   * @param tableName physical name of the consent ledger table
   */
  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  /** {@inheritDoc ConsentLedger.appendOnce} */
  async appendOnce(record: ConsentRecord): Promise<AppendOutcome> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(record),
          ConditionExpression: 'attribute_not_exists(contactId)',
        }),
      );
      return { written: true, record };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) {
        throw new ConsentLedgerError('UNAVAILABLE', 'the consent ledger did not accept the write', {
          cause: error,
        });
      }
    }
    return { written: false, record: await this.existing(record.contactId) };
  }

  /** Reads the record already on file; consistent, because it was written moments ago. */
  private async existing(contactId: string): Promise<ConsentRecord> {
    let item: Record<string, unknown> | undefined;
    try {
      const out = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: { contactId }, ConsistentRead: true }),
      );
      item = out.Item;
    } catch (error) {
      throw new ConsentLedgerError('UNAVAILABLE', 'the consent ledger could not be read', { cause: error });
    }
    // The item cannot vanish (nobody may delete), so a missing or odd item means tampering or a bug.
    const parsed = consentRecordSchema.safeParse(item);
    if (!parsed.success) {
      throw new ConsentLedgerError('CORRUPT', 'the consent record on file is missing or unreadable');
    }
    return parsed.data;
  }
}

/** Reads the consent ledger with a strongly consistent GetItem. */
export class DynamoConsentLookup implements ConsentLookup {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(contactId: string): Promise<ConsentOnRecord | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { contactId },
        ConsistentRead: true,
        ProjectionExpression: 'decision, #l',
        ExpressionAttributeNames: { '#l': 'locale' },
      }),
    );
    const item = out.Item;
    if (!item) return undefined;
    const locale = SUPPORTED_LOCALES.find((l) => l === item.locale) ?? 'en-US';
    return { decision: String(item.decision), locale };
  }
}
