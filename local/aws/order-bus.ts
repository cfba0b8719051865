import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  EXCEPTION_KINDS,
  ORDER_EVENT_SOURCE,
  ORDER_EVENT_TYPE,
  READY_TO_SHIP,
  REFUND_STATUSES,
} from '../../lambdas/contracts/order-events';
import type { BackOfficeTask, TaskOpener } from '../../lambdas/core/cases/task';
import type { OrderEvent, OrderEventPublisher } from '../../lambdas/core/orders/events';

/**
 * The offline order bus: what EventBridge does with the order events of the production
 * order-events handler, with the same rules (lambdas/contracts/order-events.ts). Orders ready to
 * ship go to the fulfilment queue (a JSON-lines file of the messages SQS would hold: EventBridge
 * event envelopes), REFUND_DUE events to the refund handler. Delivery is in process and in order;
 * a target's error fails the publish, as a failed batch would be retried in AWS.
 */

/** The envelope EventBridge wraps a PutEvents entry in, as a rule's target receives it. */
export function eventEnvelope(event: OrderEvent, region = 'local', account = '000000000000') {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': ORDER_EVENT_TYPE,
    source: ORDER_EVENT_SOURCE,
    account,
    time: new Date(event.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [],
    detail: event,
  };
}

/** Options of {@link LocalOrderBus}. */
export interface LocalOrderBusOptions {
  /** The fulfilment queue's messages (JSON lines). */
  readonly fulfilmentQueueFile: string;
  /** The refund function's handler. */
  readonly refund: (envelope: ReturnType<typeof eventEnvelope>) => Promise<unknown>;
}

export class LocalOrderBus implements OrderEventPublisher {
  constructor(private readonly options: LocalOrderBusOptions) {}

  async publish(events: readonly OrderEvent[]): Promise<void> {
    for (const event of events) {
      const envelope = eventEnvelope(event);
      if (READY_TO_SHIP.includes(event.to)) appendJsonLine(this.options.fulfilmentQueueFile, envelope);
      if (
        REFUND_STATUSES.includes(event.to) ||
        (event.exception && EXCEPTION_KINDS.includes(event.exception))
      ) {
        await this.options.refund(envelope);
      }
    }
  }
}

/** Amazon Connect tasks, offline: one JSON line per task, the same token opened once. */
export class LocalTasks implements TaskOpener {
  constructor(readonly file: string) {}

  async open(task: BackOfficeTask): Promise<void> {
    if (this.list().some((t) => t.token === task.token)) return;
    appendJsonLine(this.file, { ...task, openedAt: new Date().toISOString() });
  }

  /** The tasks opened so far. */
  list(): (BackOfficeTask & { readonly openedAt: string })[] {
    return readJsonLines(this.file);
  }
}

/** Back-office tasks kept in memory, for a simulator without a data folder. */
export class MemoryTasks implements TaskOpener {
  private readonly opened: (BackOfficeTask & { readonly openedAt: string })[] = [];

  async open(task: BackOfficeTask): Promise<void> {
    if (this.opened.some((t) => t.token === task.token)) return;
    this.opened.push({ ...task, openedAt: new Date().toISOString() });
  }

  /** The tasks opened so far. */
  list(): (BackOfficeTask & { readonly openedAt: string })[] {
    return [...this.opened];
  }
}

/** Reads the JSON lines of a local queue or outbox file. */
export function readJsonLines<T = unknown>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Appends one JSON line to a local queue or outbox file. */
export function appendJsonLine(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(value)}\n`, 'utf8');
}
