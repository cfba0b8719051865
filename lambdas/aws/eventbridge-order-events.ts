import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  ORDER_EVENT_SOURCE,
  ORDER_EVENT_TYPE,
  type OrderEvent,
  type OrderEventPublisher,
} from '../core/orders/events';

/** PutEvents takes at most ten entries per request. */
const ENTRIES_PER_REQUEST = 10;

/**
 * Order events onto an EventBridge bus, ten per PutEvents request. PutEvents answers 200 even when
 * some entries failed (FailedEntryCount): those are an error here, so the stream batch is retried
 * and no event is silently lost.
 */
export class EventBridgeOrderEvents implements OrderEventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: readonly OrderEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += ENTRIES_PER_REQUEST) {
      const chunk = events.slice(i, i + ENTRIES_PER_REQUEST);
      const out = await this.client.send(
        new PutEventsCommand({
          Entries: chunk.map((e) => ({
            EventBusName: this.busName,
            Source: ORDER_EVENT_SOURCE,
            DetailType: ORDER_EVENT_TYPE,
            Time: new Date(e.at),
            Detail: JSON.stringify(e),
          })),
        }),
      );
      if ((out.FailedEntryCount ?? 0) > 0) {
        const codes = [...new Set((out.Entries ?? []).map((x) => x.ErrorCode).filter(Boolean))];
        throw new Error(
          `${out.FailedEntryCount} of ${chunk.length} order events not accepted (${codes.join(', ')})`,
        );
      }
    }
  }
}
