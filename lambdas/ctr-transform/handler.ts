import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';
import type { HmacKeySource } from '../core/caller-id';
import { ctrPartition, toLakeCtr } from '../core/lake/ctr';
import { logger } from '../edge/powertools';
import { pipeline } from '../edge/tracer';

/**
 * The Firehose transformation of the CTR stream: each Connect contact record becomes one lake row
 * (JSON line) with the caller's number replaced by its HMAC, plus the `dt` partition key that
 * Firehose dynamic partitioning puts into the S3 prefix. Records that cannot be mapped are
 * returned as ProcessingFailed, which Firehose writes under its error prefix, never the lake.
 */

/** Dependencies of the CTR transformation. */
export interface CtrTransformDeps {
  readonly hmacKey: HmacKeySource;
}

/** Builds the handler over its ports. */
export function createHandler(deps: CtrTransformDeps) {
  const handle = async (event: FirehoseTransformationEvent): Promise<FirehoseTransformationResult> => {
    const key = await deps.hmacKey.key();
    let failed = 0;
    const records = event.records.map((record): FirehoseTransformationResultRecord => {
      try {
        const row = toLakeCtr(JSON.parse(Buffer.from(record.data, 'base64').toString('utf8')), key);
        return {
          recordId: record.recordId,
          result: 'Ok',
          data: Buffer.from(`${JSON.stringify(row)}\n`, 'utf8').toString('base64'),
          metadata: { partitionKeys: { dt: ctrPartition(row) } },
        };
      } catch (error) {
        failed += 1;
        // The message names field paths only; the record itself holds a phone number.
        logger.warn('contact record not mapped', {
          recordId: record.recordId,
          error: (error as Error).message,
        });
        return { recordId: record.recordId, result: 'ProcessingFailed', data: record.data };
      }
    });
    logger.info('contact records transformed', { records: records.length, failed });
    return { records };
  };
  return pipeline(handle);
}
