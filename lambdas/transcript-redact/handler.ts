import * as z from 'zod/mini';
import { type RedactDeps, type RedactOutcome, redactTranscript } from '../core/transcription/redact';
import { countMetric, logger } from '../edge/powertools';
import { pipeline } from '../edge/tracer';

/**
 * Redacts a finished transcript into the lake, silences its personal data in the staged recording,
 * writes the redacted recording into the vault and deletes the staged original and Transcribe's
 * raw output. Invoked
 * asynchronously by an EventBridge rule on "Transcribe Job State Change" (COMPLETED) for
 * phone-robot jobs; errors are retried with backoff by Lambda, then go to the pipeline's DLQ.
 * Nothing of the transcript's text is ever logged, only counts and seconds.
 */

/** Dependencies of the redact handler. */
export type RedactHandlerDeps = RedactDeps;

/** The EventBridge Transcribe job state event. */
export const jobStateEventSchema = z.looseObject({
  source: z.literal('aws.transcribe'),
  'detail-type': z.literal('Transcribe Job State Change'),
  detail: z.looseObject({
    TranscriptionJobName: z.string().check(z.minLength(1)),
    TranscriptionJobStatus: z.string(),
  }),
});

/** Builds the handler over its ports. */
export function createHandler(deps: RedactHandlerDeps) {
  const handle = async (event: unknown): Promise<RedactOutcome> => {
    const parsed = jobStateEventSchema.safeParse(event);
    if (!parsed.success) {
      throw new Error(
        `not a Transcribe job state event: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      );
    }
    const jobName = parsed.data.detail.TranscriptionJobName;
    const outcome = await redactTranscript(jobName, deps);
    countMetric('TranscriptRedacted', { name: 'outcome', value: outcome.kind });
    if (outcome.kind === 'WRITTEN') {
      countMetric('RecordingRedacted', { name: 'outcome', value: outcome.recording.kind });
      logger.info('transcript written to the lake, redacted recording to the vault', {
        contactId: outcome.contactId,
        lines: outcome.lines,
        redactions: outcome.redactions,
        objects: outcome.objects.map((o) => o.key),
        recording: outcome.recording,
      });
    } else if (outcome.kind === 'DISCARDED') {
      logger.warn('transcript and staged recording discarded: consent is no longer granted', {
        contactId: outcome.contactId,
        reason: outcome.reason,
      });
    } else {
      logger.info('raw transcript already processed', { contactId: outcome.contactId });
    }
    return outcome;
  };
  return pipeline(handle);
}
