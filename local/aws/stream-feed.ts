import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/**
 * The offline stand-in for a Lambda event source mapping on DynamoDB streams: it reads the
 * streams of DynamoDB Local (which keeps them like DynamoDB does) and hands the records, in the
 * Lambda event shape, to a handler, in order, one batch per table and drain. Where it got to is
 * kept per shard (and in a checkpoint file when given), so every change is delivered once.
 */

/** A stream handler as Lambda calls it (the real lake-feed handler in the offline runtime). */
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<unknown>;

/** A streams client talking to the same DynamoDB Local, with the same credentials and region. */
async function streamsClientFor(dynamo: DynamoDBClient): Promise<DynamoDBStreamsClient> {
  const endpoint = await dynamo.config.endpoint?.();
  if (!endpoint)
    throw new Error('the DynamoDB client has no endpoint: the stream feed runs on DynamoDB Local only');
  const port = endpoint.port ? `:${endpoint.port}` : '';
  return new DynamoDBStreamsClient({
    endpoint: `${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path}`,
    region: await dynamo.config.region(),
    credentials: dynamo.config.credentials,
  });
}

/** The SDK's record as the Lambda event carries it (epoch seconds, the stream ARN as source). */
function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
    },
  };
}

/** Errors that only mean a kept iterator cannot be used any more. */
const KEPT_ITERATOR_REFUSED = new Set(['ExpiredIteratorException', 'TrimmedDataAccessException']);

/** Delivers the changes of some tables' streams to a handler. */
export class LocalStreamFeed {
  private client: DynamoDBStreamsClient | undefined;
  private readonly positions: Record<string, string>;
  private queue: Promise<unknown> = Promise.resolve();
  /** Stream ARN per table (a table's stream does not change while it runs). */
  private readonly streams = new Map<string, string | undefined>();
  /** The next iterator per shard from the last drain (valid 15 minutes), saving a GetShardIterator. */
  private readonly iterators = new Map<string, string>();

  /**
   * @param dynamo a client for DynamoDB Local
   * @param tables physical names of the streamed tables
   * @param handler receives one event per table and drain
   * @param checkpointFile where positions survive restarts (a persistent local database)
   */
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly tables: readonly string[],
    private readonly handler: StreamHandler,
    private readonly checkpointFile?: string,
  ) {
    this.positions =
      checkpointFile && existsSync(checkpointFile)
        ? (JSON.parse(readFileSync(checkpointFile, 'utf8')) as Record<string, string>)
        : {};
  }

  /** Delivers every change not delivered yet; concurrent calls run one after another. */
  drain(): Promise<number> {
    const run = this.queue.then(() => this.drainOnce());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async drainOnce(): Promise<number> {
    this.client ??= await streamsClientFor(this.dynamo);
    const client = this.client;
    let delivered = 0;
    for (const table of this.tables) {
      if (!this.streams.has(table)) {
        const described = await this.dynamo.send(new DescribeTableCommand({ TableName: table }));
        this.streams.set(table, described.Table?.LatestStreamArn);
      }
      const streamArn = this.streams.get(table);
      if (!streamArn) continue;
      const records: DynamoDBRecord[] = [];
      const described = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      for (const shard of described.StreamDescription?.Shards ?? []) {
        const id = `${streamArn}|${shard.ShardId}`;
        let iterator = this.iterators.get(id) ?? (await this.iterator(streamArn, shard.ShardId ?? '', id));
        while (iterator) {
          let page: GetRecordsCommandOutput;
          try {
            page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
          } catch (error) {
            // A kept iterator expired (15 minutes) or DynamoDB Local no longer honours it: start
            // again after the last delivered record.
            if (!KEPT_ITERATOR_REFUSED.has((error as Error).name) || !this.iterators.has(id)) throw error;
            this.iterators.delete(id);
            iterator = await this.iterator(streamArn, shard.ShardId ?? '', id);
            continue;
          }
          const got = page.Records ?? [];
          for (const r of got) records.push(toLambdaRecord(r, streamArn));
          const last = got.at(-1)?.dynamodb?.SequenceNumber;
          if (last) this.positions[id] = last;
          if (page.NextShardIterator) this.iterators.set(id, page.NextShardIterator);
          else this.iterators.delete(id);
          // DynamoDB Local hands out a next iterator on an open shard forever: stop when a page is empty.
          iterator = got.length > 0 ? page.NextShardIterator : undefined;
        }
      }
      if (records.length === 0) continue;
      await this.handler({ Records: records });
      delivered += records.length;
      this.saveCheckpoint();
    }
    return delivered;
  }

  /** An iterator after the last delivered record of a shard, or at its start. */
  private async iterator(streamArn: string, shardId: string, id: string): Promise<string | undefined> {
    const after = this.positions[id];
    const out = await this.client?.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return out?.ShardIterator;
  }

  private saveCheckpoint(): void {
    if (!this.checkpointFile) return;
    mkdirSync(dirname(this.checkpointFile), { recursive: true });
    writeFileSync(this.checkpointFile, `${JSON.stringify(this.positions, null, 2)}\n`, 'utf8');
  }

  /** Closes the streams client. */
  destroy(): void {
    this.client?.destroy();
  }
}
