import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CONSENT_EVENTS } from '../contracts/tables';
import {
  type AppendOutcome,
  type ConsentHistory,
  type ConsentLedger,
  ConsentLedgerError,
  type ConsentRecord,
  consentRecordSchema,
  type WithdrawalOutcome,
  type WithdrawalRecord,
  withdrawalRecordSchema,
} from '../core/consent/ledger';
import type { ConsentLookup } from '../core/transcription/ports';

/** Whether an SDK error is DynamoDB's "the condition did not hold" (the item already exists). */
function isConditionalCheckFailed(error: unknown): boolean {
  // Compared by name rather than instanceof: bundling can load two copies of the SDK error class.
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Copies the defined string fields of a record, one by one, so nothing else reaches the table. */
function pick(record: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, string> {
  const item: Record<string, string> = {};
  for (const field of fields) {
    const value = record[field];
    if (typeof value === 'string') item[field] = value;
  }
  return item;
}

const DECISION_FIELDS = [
  'contactId',
  'decision',
  'noticeVersion',
  'noticeSha256',
  'locale',
  'decidedAt',
  'callerHmac',
  'channel',
  'instanceArn',
] as const;
const WITHDRAWAL_FIELDS = [
  'contactId',
  'withdrawnAt',
  'via',
  'locale',
  'noticeVersion',
  'callerHmac',
  'requestId',
] as const;

/** Strips the key attribute the table adds, so the item reads back as the record written. */
function withoutEvent(item: Record<string, unknown>): Record<string, unknown> {
  const { event: _event, ...rest } = item;
  return rest;
}

/**
 * Reads a contact's items into its history. Any item that does not parse is CORRUPT: nobody may
 * change or delete ledger items, so an odd one means tampering or a bug.
 */
function toHistory(items: readonly Record<string, unknown>[]): ConsentHistory {
  let decision: ConsentRecord | undefined;
  let withdrawal: WithdrawalRecord | undefined;
  for (const item of items) {
    if (item.event === CONSENT_EVENTS.decision) {
      const parsed = consentRecordSchema.safeParse(withoutEvent(item));
      if (!parsed.success)
        throw new ConsentLedgerError('CORRUPT', 'a consent decision on file is unreadable');
      decision = parsed.data;
    } else if (item.event === CONSENT_EVENTS.withdrawn) {
      const parsed = withdrawalRecordSchema.safeParse(withoutEvent(item));
      if (!parsed.success)
        throw new ConsentLedgerError('CORRUPT', 'a consent withdrawal on file is unreadable');
      withdrawal = parsed.data;
    } else {
      throw new ConsentLedgerError('CORRUPT', 'the consent ledger holds an event of an unknown kind');
    }
  }
  if (withdrawal !== undefined && decision?.decision !== 'GRANTED') {
    throw new ConsentLedgerError('CORRUPT', 'a withdrawal is on file without a GRANTED decision');
  }
  return { decision, withdrawal };
}

/** Reads every event of a contact with a strongly consistent Query on the partition key. */
async function readHistory(
  doc: DynamoDBDocumentClient,
  tableName: string,
  contactId: string,
): Promise<ConsentHistory> {
  let items: Record<string, unknown>[];
  try {
    const out = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'contactId = :c',
        ExpressionAttributeValues: { ':c': contactId },
        ConsistentRead: true,
      }),
    );
    items = out.Items ?? [];
  } catch (error) {
    throw new ConsentLedgerError('UNAVAILABLE', 'the consent ledger could not be read', { cause: error });
  }
  return toHistory(items);
}

/**
 * The consent ledger on DynamoDB: partition key `contactId`, sort key `event` (`DECISION`, then at
 * most one `WITHDRAWN`), each written with `attribute_not_exists(contactId)` so no event is ever
 * overwritten. Needs PutItem, GetItem and Query; `DataTables.bindConsentWriter` grants those (and
 * DescribeTable), never Update or Delete.
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
    const item = { ...pick(record, DECISION_FIELDS), event: CONSENT_EVENTS.decision };
    if (await this.putOnce(item)) return { written: true, record };
    const existing = await this.existing(record.contactId, CONSENT_EVENTS.decision);
    const parsed = consentRecordSchema.safeParse(existing);
    if (!parsed.success) {
      throw new ConsentLedgerError('CORRUPT', 'the consent record on file is missing or unreadable');
    }
    return { written: false, record: parsed.data };
  }

  /** {@inheritDoc ConsentLedger.appendWithdrawal} */
  async appendWithdrawal(withdrawal: WithdrawalRecord): Promise<WithdrawalOutcome> {
    const item = { ...pick(withdrawal, WITHDRAWAL_FIELDS), event: CONSENT_EVENTS.withdrawn };
    if (await this.putOnce(item)) return { written: true, withdrawal };
    const existing = await this.existing(withdrawal.contactId, CONSENT_EVENTS.withdrawn);
    const parsed = withdrawalRecordSchema.safeParse(existing);
    if (!parsed.success) {
      throw new ConsentLedgerError('CORRUPT', 'the withdrawal on file is missing or unreadable');
    }
    return { written: false, withdrawal: parsed.data };
  }

  /** {@inheritDoc ConsentLedger.history} */
  history(contactId: string): Promise<ConsentHistory> {
    return readHistory(this.doc, this.tableName, contactId);
  }

  /** Puts an event unless that event of the contact exists; false when it did. */
  private async putOnce(item: Record<string, string>): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(contactId)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw new ConsentLedgerError('UNAVAILABLE', 'the consent ledger did not accept the write', {
        cause: error,
      });
    }
  }

  /** Reads one event already on file; consistent, because it was written moments ago. */
  private async existing(contactId: string, event: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: { contactId, event }, ConsistentRead: true }),
      );
      return out.Item === undefined ? undefined : withoutEvent(out.Item);
    } catch (error) {
      throw new ConsentLedgerError('UNAVAILABLE', 'the consent ledger could not be read', { cause: error });
    }
  }
}

/** Reads the consent ledger (read-only: Query on the partition key). */
export class DynamoConsentLookup implements ConsentLookup {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  history(contactId: string): Promise<ConsentHistory> {
    return readHistory(this.db, this.tableName, contactId);
  }
}
