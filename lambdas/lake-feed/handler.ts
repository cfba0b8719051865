import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { ConsentEvent, OrderEvent } from '../contracts/lake';
import { type StreamTable, streamLakeObjects, toLakeRow } from '../core/lake/table-stream';
import type { ObjectStore } from '../core/transcription/ports';
import { tableChangeOf } from '../edge/dynamodb-stream';
import { logger } from '../edge/powertools';
import { pipeline } from '../edge/tracer';

/**
 * Writes order changes and consent decisions from the tables' DynamoDB streams into the lake, one
 * JSON-lines object per partition and batch. A failure throws: the event source mapping retries
 * the batch (bisecting it) and sends what still fails to the DLQ.
 */

/** Dependencies of the table-stream handler. */
export interface TableStreamDeps {
  /** Physical table name -> lake table. */
  readonly tables: Readonly<Record<string, StreamTable>>;
  readonly lake: ObjectStore;
}

/** The table name in a stream ARN (`arn:...:table/<name>/stream/<label>`). */
export function tableOfStreamArn(arn: string | undefined): string | undefined {
  return arn?.split(':table/')[1]?.split('/stream/')[0];
}

/** Builds the handler over its ports. */
export function createHandler(deps: TableStreamDeps) {
  const handle = async (event: DynamoDBStreamEvent): Promise<{ written: number }> => {
    const rows: Record<StreamTable, (ConsentEvent | OrderEvent)[]> = { orders: [], consents: [] };
    const first: Partial<Record<StreamTable, string>> = {};
    for (const record of event.Records) {
      const name = tableOfStreamArn(record.eventSourceARN);
      const table = name ? deps.tables[name] : undefined;
      if (!table) throw new Error(`stream record from an unexpected table: ${name ?? '(none)'}`);
      const change = tableChangeOf(record);
      const row = change ? toLakeRow(table, change) : undefined;
      if (!row) continue;
      rows[table].push(row);
      first[table] ??= record.dynamodb?.SequenceNumber ?? record.eventID ?? 'batch';
    }
    let written = 0;
    for (const table of ['orders', 'consents'] as const) {
      if (rows[table].length === 0) continue;
      for (const o of streamLakeObjects(table, rows[table], first[table] ?? 'batch')) {
        await deps.lake.put(o.key, o.body);
      }
      written += rows[table].length;
    }
    logger.info('stream rows written to the lake', { records: event.Records.length, written });
    return { written };
  };
  return pipeline(handle);
}
