import * as z from 'zod/mini';
import { type StartDeps, type StartOutcome, startTranscription } from '../core/transcription/start';
import { countMetric, logger } from '../edge/powertools';
import { pipeline } from '../edge/tracer';

/**
 * Starts the Transcribe job of a new recording. Invoked asynchronously by an EventBridge rule on
 * S3 "Object Created" events of the staging bucket's recordings prefix (a refused recording is
 * deleted from staging); a thrown error is retried by Lambda
 * with backoff (throttling included) and lands in the pipeline's DLQ after the last attempt.
 */

/** Dependencies of the start handler. */
export type StartHandlerDeps = StartDeps;

/** The EventBridge S3 "Object Created" event, reduced to what the handler reads. */
export const objectCreatedEventSchema = z.looseObject({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.looseObject({
    bucket: z.looseObject({ name: z.string().check(z.minLength(1)) }),
    object: z.looseObject({ key: z.string().check(z.minLength(1)) }),
  }),
});

/** The event could not be understood (it goes to the DLQ for a human). */
export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
}

/** Builds the handler over its ports. */
export function createHandler(deps: StartHandlerDeps) {
  const handle = async (event: unknown): Promise<StartOutcome> => {
    const parsed = objectCreatedEventSchema.safeParse(event);
    if (!parsed.success) {
      throw new MalformedEventError(
        `not an S3 Object Created event: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      );
    }
    const { bucket, object } = parsed.data.detail;
    const outcome = await startTranscription({ bucket: bucket.name, key: object.key }, deps);
    countMetric('TranscriptionStart', { name: 'outcome', value: outcome.kind });
    if (outcome.kind === 'REFUSED') {
      logger.warn('recording not transcribed and deleted from staging: no GRANTED consent on record', {
        contactId: outcome.contactId,
        reason: outcome.reason,
      });
    } else {
      logger.info('transcription', { outcome });
    }
    return outcome;
  };
  return pipeline(handle);
}
