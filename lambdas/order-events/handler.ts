import type { DynamoDBStreamEvent } from 'aws-lambda';
import { type OrderEvent, type OrderEventPublisher, orderEventOf } from '../core/orders/events';
import { tableChangeOf } from '../edge/dynamodb-stream';
import { countMetric, logger } from '../edge/powertools';
import { pipeline } from '../edge/tracer';

/**
 * Publishes the order lifecycle's domain events from the orders table's stream to the order bus
 * (the only place they come from: no writer publishes besides writing its row). A batch that
 * cannot be published throws: the event source mapping retries it (bisecting) and sends what
 * still fails to the DLQ. Events carry no caller data (lambdas/core/orders/events.ts).
 */

/** Dependencies of the order-events handler. */
export interface OrderEventsDeps {
  readonly publisher: OrderEventPublisher;
}

/** Builds the handler over its ports. */
export function createHandler(deps: OrderEventsDeps) {
  const handle = async (event: DynamoDBStreamEvent): Promise<{ published: number }> => {
    const events: OrderEvent[] = [];
    for (const record of event.Records) {
      const change = tableChangeOf(record);
      const domain = change ? orderEventOf(change.eventName, change.newItem) : undefined;
      if (domain) events.push(domain);
    }
    if (events.length > 0) await deps.publisher.publish(events);
    const perStatus = new Map<string, number>();
    // A back-office case is no status change: counted under its own name.
    for (const e of events) {
      const key = e.exception ?? e.to;
      perStatus.set(key, (perStatus.get(key) ?? 0) + 1);
    }
    for (const [to, n] of perStatus) countMetric('OrderEvent', { name: 'to', value: to }, n);
    logger.info('order events published', { records: event.Records.length, published: events.length });
    return { published: events.length };
  };
  return pipeline(handle);
}
