import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ORDERS_BY_CALLER_INDEX, type TableSpec } from '../contracts/tables';
import { ORDER_RETAINED_FIELDS } from '../core/dsar/policy';
import type {
  CallerRecords,
  ConsentEvidence,
  DsarAuditLog,
  DsarAuditRecord,
  DsarSubject,
  ErasureStamp,
  OrderItem,
  TextAgreementItem,
  TransientRef,
} from '../core/dsar/types';

/** Physical names of the tables a request reads. */
export interface DsarTables {
  readonly orders: string;
  readonly consentLedger: string;
  readonly idempotency: string;
  readonly textMessages: string;
}

/**
 * Caller records on DynamoDB. Orders are found through the `byCaller` index; the consent ledger
 * has no index by caller, so it is scanned with a filter: requests are rare and operator-run,
 * and an index would put every caller HMAC into a second, queryable structure.
 */
export class DynamoCallerRecords implements CallerRecords {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tables: DsarTables,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** Every item of a table without a caller index whose callerHmac matches (a filtered scan). */
  private async scanByCaller<T>(tableName: string, callerHmac: string): Promise<T[]> {
    const out: T[] = [];
    for await (const page of paginateScan(
      { client: this.doc },
      {
        TableName: tableName,
        FilterExpression: 'callerHmac = :h',
        ExpressionAttributeValues: { ':h': callerHmac },
        ConsistentRead: true,
      },
    )) {
      out.push(...((page.Items ?? []) as T[]));
    }
    return out;
  }

  async consents(callerHmac: string): Promise<ConsentEvidence[]> {
    const out = await this.scanByCaller<ConsentEvidence>(this.tables.consentLedger, callerHmac);
    // A decision and its withdrawal, oldest first.
    const at = (e: ConsentEvidence) => String(e.decidedAt ?? e.withdrawnAt ?? '');
    return out.sort((a, b) => at(a).localeCompare(at(b)) || a.contactId.localeCompare(b.contactId));
  }

  async orders(callerHmac: string): Promise<OrderItem[]> {
    const out: OrderItem[] = [];
    for await (const page of paginateQuery(
      { client: this.doc },
      {
        TableName: this.tables.orders,
        IndexName: ORDERS_BY_CALLER_INDEX,
        KeyConditionExpression: 'callerHmac = :h',
        ExpressionAttributeValues: { ':h': callerHmac },
      },
    )) {
      out.push(...((page.Items ?? []) as OrderItem[]));
    }
    return out;
  }

  async transient(subject: DsarSubject, orderIds: readonly string[]): Promise<TransientRef[]> {
    // Idempotency items copy the order (with its HMAC) or embed order and contact ids in the key;
    // matching on the serialised item finds every shape, including ones added later.
    const needles = [subject.callerHmac, ...orderIds, ...subject.contactIds];
    const out: TransientRef[] = [];
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.tables.idempotency })) {
      for (const item of page.Items ?? []) {
        const text = JSON.stringify(item);
        if (needles.some((n) => text.includes(n))) {
          out.push({ key: String(item.key), kind: String(item.kind ?? 'unknown') });
        }
      }
    }
    return out;
  }

  async eraseOrder(orderId: string, callerHmac: string, erasure: ErasureStamp): Promise<void> {
    const current = await this.doc.send(
      new GetCommand({ TableName: this.tables.orders, Key: { orderId }, ConsistentRead: true }),
    );
    const personal = Object.keys(current.Item ?? {}).filter((k) => !ORDER_RETAINED_FIELDS.has(k));
    const names = Object.fromEntries(personal.map((k, i) => [`#p${i}`, k]));
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tables.orders,
        Key: { orderId },
        UpdateExpression: `SET erasedAt = :at, erasureRequestId = :r${personal.length ? ` REMOVE ${Object.keys(names).join(', ')}` : ''}`,
        // Only the caller's own order, and only if nobody changed its owner meanwhile.
        ConditionExpression: '#owner = :h',
        ExpressionAttributeNames: { ...names, '#owner': 'callerHmac' },
        ExpressionAttributeValues: { ':at': erasure.at, ':r': erasure.requestId, ':h': callerHmac },
      }),
    );
  }

  async deleteTransient(ref: TransientRef): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tables.idempotency, Key: { key: ref.key } }));
  }

  async textAgreements(callerHmac: string): Promise<TextAgreementItem[]> {
    // No index by caller, as for the ledger: requests are rare and operator-run.
    const out = await this.scanByCaller<TextAgreementItem>(this.tables.textMessages, callerHmac);
    return out.sort((a, b) => String(a.agreedAt ?? '').localeCompare(String(b.agreedAt ?? '')));
  }

  async eraseTextAgreement(
    item: TextAgreementItem,
    callerHmac: string,
    erasure: ErasureStamp,
  ): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tables.textMessages,
          Key: { contactId: item.contactId, sku: item.sku },
          UpdateExpression: 'SET erasedAt = :at, erasureRequestId = :r REMOVE callerHmac',
          ConditionExpression: 'callerHmac = :h',
          ExpressionAttributeValues: { ':at': erasure.at, ':r': erasure.requestId, ':h': callerHmac },
        }),
      );
    } catch (error) {
      // Expired (TTL) or already without the HMAC since the scan: nothing of the caller left on it.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/**
 * Key schema of the audit table this tool needs (one item per request, never updated). Not yet
 * in `lambdas/contracts/tables.ts`: until it is, the CLI writes the audit log to a local file.
 */
export const DSAR_AUDIT_TABLE_SPEC = {
  partitionKey: { name: 'requestId', type: 'S' },
  indexes: [],
} as const satisfies TableSpec;

/** Audit records in a DynamoDB table, written once each (a conditional put). */
export class DynamoAuditLog implements DsarAuditLog {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async append(record: DsarAuditRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...record },
        ConditionExpression: 'attribute_not_exists(requestId)',
      }),
    );
  }
}
