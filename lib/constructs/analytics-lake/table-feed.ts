import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LAKE_FEED_ENV } from '../../../lambdas/contracts/env/lake-feed';
import { InvocationMode, PhoneRobotFunction } from '../function/phone-robot-function';
import { DeadLetterQueue } from '../transcription/dead-letter';
import { grantLakeWrite } from './lake-writer';

/** Props of {@link TableFeed}. */
export interface TableFeedProps {
  /** Orders table (needs a NEW_IMAGE stream). */
  readonly orders: dynamodb.ITable;
  /** Consent ledger (needs a NEW_IMAGE stream). */
  readonly consentLedger: dynamodb.ITable;
  readonly lakeBucket: s3.IBucket;
  readonly lakeKey: kms.IKey;
  /** Key of the tables (stream records are encrypted with it) and of log groups. */
  readonly dataKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Orders and consent decisions into the lake: the tables' DynamoDB streams feed one function that
 * writes layout rows as JSON-lines objects to `orders/` and `consents/` (one object per batch and
 * partition, named after the batch so retries overwrite). Chosen over a Kinesis streaming
 * destination, which would put the stream in the stateful stack (a table can only name a stream
 * its own stack can reference) and add a second transformation for DynamoDB-JSON records.
 */
export class TableFeed extends Construct {
  readonly function: PhoneRobotFunction;
  readonly deadLetters: DeadLetterQueue;
  /**
   * Tables whose stream is wired. A table without a stream (DataTables has none yet) is left out
   * rather than failing synthesis; the infra test shows which are pending.
   */
  readonly streamedTables: readonly string[];

  constructor(scope: Construct, id: string, props: TableFeedProps) {
    super(scope, id);
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', { purpose: 'orders/consents lake feed' });
    this.function = new PhoneRobotFunction(this, 'Function', {
      env: LAKE_FEED_ENV,
      description: 'Writes order changes and consent decisions from the table streams into the lake',
      serviceName: 'table-stream',
      invocationMode: InvocationMode.STREAM,
      encryptionKey: props.dataKey,
      logRetention: props.logRetention,
      logRemovalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      timeout: Duration.seconds(60),
      // Set with the grants below: the stream mappings read these tables, the function writes this bucket.
      settings: {
        ordersTable: props.orders.tableName,
        ledgerTable: props.consentLedger.tableName,
        lakeBucket: props.lakeBucket.bucketName,
      },
    });
    const fn = this.function.fn;
    grantLakeWrite(
      fn,
      { bucket: props.lakeBucket, key: props.lakeKey },
      ['orders', 'consents'],
      'Lake objects are named per partition and batch; the grant is PutObject under orders/ and consents/ only.',
    );
    const streamed: string[] = [];
    for (const [name, table] of [
      ['orders', props.orders],
      ['consents', props.consentLedger],
    ] as const) {
      if (!table.tableStreamArn) continue;
      streamed.push(name);
      fn.addEventSource(
        new sources.DynamoEventSource(table, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: 500,
          maxBatchingWindow: Duration.seconds(60),
          bisectBatchOnError: true,
          retryAttempts: 5,
          maxRecordAge: Duration.hours(24),
          onFailure: new sources.SqsDlq(this.deadLetters.queue),
        }),
      );
      props.dataKey.grantDecrypt(fn);
    }
    this.streamedTables = streamed;
  }
}
