import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeWildcards, KEY_GRANT_REASON } from '../compliance/acknowledge';

/** Item-level actions the fulfillment function needs on the catalog: reads, index queries, the stock update. */
const CATALOG_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

/** Item-level actions the fulfillment function needs on orders (no table management). */
const ORDER_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

import {
  type KeySpec,
  ORDERS_BY_STATUS_INDEX,
  TABLE_ENV,
  TABLE_NAMES,
  TABLE_SPECS,
  type TableName,
  type TableSpec,
} from '../../../lambdas/contracts/tables';

/** Props of {@link DataTables}. */
export interface DataTablesProps {
  /** Customer-managed key for every table. */
  readonly encryptionKey: kms.IKey;
  /** Refuse DeleteTable (prod). @default false */
  readonly deletionProtection?: boolean;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

const attribute = (k: KeySpec): dynamodb.Attribute => ({
  name: k.name,
  type: k.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

/**
 * The DynamoDB tables of phone-robot, built from the shared specs in `lambdas/contracts/tables.ts` (the
 * offline runtime creates the same keys in DynamoDB Local). All use the data key, PITR and
 * on-demand capacity (COMPLIANCE C4, C6).
 *
 * Access goes through intent methods that set the environment variable and the narrowest
 * grant together, e.g. {@link bindConsentWriter} cannot update or delete ledger items.
 */
export class DataTables extends Construct {
  /** Tables by logical name. */
  readonly tables: Readonly<Record<TableName, dynamodb.Table>>;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    this.key = props.encryptionKey;
    const tables = {} as Record<TableName, dynamodb.Table>;
    const logicalIds: Record<TableName, string> = {
      catalog: 'CatalogTable',
      orders: 'OrdersTable',
      consentLedger: 'ConsentLedgerTable',
      turns: 'TurnsTable',
      idempotency: 'IdempotencyTable',
      dsarAudit: 'DsarAuditTable',
      textMessages: 'TextMessagesTable',
    };
    for (const name of TABLE_NAMES) {
      const spec: TableSpec = TABLE_SPECS[name];
      const table = new dynamodb.Table(this, logicalIds[name], {
        partitionKey: attribute(spec.partitionKey),
        ...(spec.sortKey ? { sortKey: attribute(spec.sortKey) } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.encryptionKey,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: props.deletionProtection ?? false,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
        ...(spec.stream ? { stream: dynamodb.StreamViewType.NEW_IMAGE } : {}),
      });
      for (const index of spec.indexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      tables[name] = table;
    }
    this.tables = tables;
  }

  /** Every table, for backup selection and alarms. */
  get all(): dynamodb.Table[] {
    return TABLE_NAMES.map((n) => this.tables[n]);
  }

  /**
   * The consent Lambda: may add a ledger event and read a contact's events, nothing else. The
   * ledger is evidence (COMPLIANCE C3), so its writer can never update or delete an item.
   */
  bindConsentWriter(fn: lambda.Function): void {
    this.bindEnv(fn, 'consentLedger');
    this.tables.consentLedger.grant(
      fn,
      'dynamodb:PutItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:DescribeTable',
    );
    this.grantKey(fn);
  }

  /**
   * The fulfillment Lambda: reads the catalog, writes orders with stock, uses idempotency records,
   * adds one turn record per turn (PutItem only: it can neither read nor change earlier turns),
   * and records product-link agreements.
   */
  bindFulfillment(fn: lambda.Function): void {
    this.bindEnv(fn, 'catalog', 'orders', 'idempotency', 'turns', 'textMessages');
    this.grantItems(fn, 'turns', ['dynamodb:PutItem']);
    // A product-link agreement is put once, read back on a retry and settled once: never deleted.
    this.grantItems(fn, 'textMessages', ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem']);
    // Stock is decremented in the order transaction; recommendations query the price indexes.
    this.grantItems(fn, 'catalog', CATALOG_DATA_ACTIONS);
    this.grantItems(fn, 'orders', ORDER_DATA_ACTIONS);
    this.tables.idempotency.grantReadWriteData(fn);
    this.grantKey(fn);
  }

  /**
   * The payment function: reads and conditionally updates orders (status, brand, last four),
   * and records payment attempts in the idempotency table.
   */
  bindPayment(fn: lambda.Function): void {
    this.bindEnv(fn, 'orders', 'idempotency');
    // The table ARN alone: Table.grant would add `index/*`, and payment needs no index.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: [
        'dynamodb:GetItem',
        'dynamodb:UpdateItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DescribeTable',
      ],
      resourceArns: [this.tables.orders.tableArn],
    });
    this.tables.idempotency.grantReadWriteData(fn);
    this.grantKey(fn);
  }

  /**
   * The refund function: reads an order and moves it REFUND_DUE -> REFUNDED (a conditional
   * update), and counts overdue refunds on the status index; nothing on any other table or index.
   */
  bindRefund(fn: lambda.Function): void {
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      resourceArns: [this.tables.orders.tableArn],
    });
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['dynamodb:Query'],
      resourceArns: [`${this.tables.orders.tableArn}/index/${ORDERS_BY_STATUS_INDEX}`],
    });
    this.grantKey(fn);
  }

  /** The deploy-time catalog sync: updates catalog items, nothing else (no index). */
  bindCatalogWriter(fn: lambda.Function): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['dynamodb:UpdateItem', 'dynamodb:DescribeTable'],
      resourceArns: [this.tables.catalog.tableArn],
    });
    this.grantKey(fn);
    return grant;
  }

  /**
   * Item-level actions on a table and, by name, exactly the indexes its spec declares: the
   * `index/*` of the CDK's table grants would also reach indexes added later.
   */
  private grantItems(fn: lambda.Function, name: TableName, actions: readonly string[]): iam.Grant {
    const table = this.tables[name];
    const spec: TableSpec = TABLE_SPECS[name];
    return iam.Grant.addToPrincipal({
      grantee: fn,
      actions: [...actions],
      resourceArns: [table.tableArn, ...spec.indexes.map((i) => `${table.tableArn}/index/${i.indexName}`)],
    });
  }

  /** A role that only reads the given tables (analysts, reporting). */
  grantReadOnly(grantee: iam.IGrantable, ...names: TableName[]): void {
    for (const n of names) this.tables[n].grantReadData(grantee);
  }

  private grantKey(fn: lambda.Function): void {
    this.key.grantEncryptDecrypt(fn);
    if (!fn.role) throw new Error(`function ${fn.node.path} has no role to grant the data key to`);
    acknowledgeWildcards(
      fn.role,
      ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      KEY_GRANT_REASON,
    );
  }

  private bindEnv(fn: lambda.Function, ...names: TableName[]): void {
    for (const n of names) fn.addEnvironment(TABLE_ENV[n], this.tables[n].tableName);
  }
}
