import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { type AfterCallDeps, afterCall } from '../core/after-call/after-call';
import { countMetric, logger } from '../edge/powertools';
import { pipeline } from '../edge/tracer';

/**
 * The after-call function: Amazon Connect's "contact disconnected" event (EventBridge, through a
 * queue that holds it a little, so the contact's last bot turn is stored before we look) starts
 * the after-call work of {@link afterCall}. A message that fails is reported back and retried by
 * the queue, then lands in its dead-letter queue (alarmed); a message that is not a Connect
 * disconnect event is dropped with a warning, since retrying it cannot help.
 */

/** Ports of the after-call handler. */
export type AfterCallHandlerDeps = AfterCallDeps;

/** The EventBridge Connect contact event, reduced to what the handler reads. */
export const contactEventSchema = z.looseObject({
  source: z.literal('aws.connect'),
  'detail-type': z.literal('Amazon Connect Contact Event'),
  detail: z.looseObject({
    eventType: z.string(),
    contactId: z.string().check(z.regex(/^[0-9A-Za-z-]{1,100}$/)),
  }),
});

/** Metric names of the handler. */
export const AFTER_CALL_METRICS = {
  /** One per contact, dimension `consent` (the effective state). */
  done: 'AfterCallDone',
  /** Lex sessions whose utterances were deleted. */
  sessionsDeleted: 'LexSessionsDeleted',
  /** A message that was not a disconnect event of a contact (dropped). */
  ignored: 'AfterCallIgnored',
} as const;

/** Builds the handler over its ports. */
export function createHandler(deps: AfterCallHandlerDeps) {
  const handle = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records ?? []) {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = undefined;
      }
      const parsed = contactEventSchema.safeParse(body);
      if (!parsed.success || parsed.data.detail.eventType !== 'DISCONNECTED') {
        countMetric(AFTER_CALL_METRICS.ignored);
        logger.warn('not a contact disconnect event; dropped', { messageId: record.messageId });
        continue;
      }
      const { contactId } = parsed.data.detail;
      try {
        const outcome = await afterCall(contactId, deps);
        countMetric(AFTER_CALL_METRICS.done, { name: 'consent', value: outcome.consent });
        if (outcome.sessionsDeleted.length > 0) {
          countMetric(AFTER_CALL_METRICS.sessionsDeleted, undefined, outcome.sessionsDeleted.length);
        }
        // Counts and keys only: nothing the caller said.
        logger.info('after-call work done', {
          contactId,
          consent: outcome.consent,
          turns: outcome.turns,
          wordsKept: outcome.wordsKept,
          sessionsDeleted: outcome.sessionsDeleted.length,
          textsRemoved: outcome.textsRemoved,
          lakeObjects: outcome.lakeObjects,
        });
      } catch (error) {
        logger.error('after-call work failed; the message is retried', {
          contactId,
          errorName: (error as Error)?.name,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
  return pipeline(handle);
}
