import { randomUUID } from 'node:crypto';
import type { SendResult, TextMessage, TextSender } from '../../lambdas/core/texts/product-link';
import { appendJsonLine, readJsonLines } from './order-bus';

/** A text as the local outbox keeps it: what End User Messaging would have been asked to send. */
export interface OutboxText extends TextMessage {
  readonly messageId: string;
  readonly sentAt: string;
}

/**
 * AWS End User Messaging SMS, offline: each accepted text is one JSON line (number, body, message
 * id, time) in the outbox file, `.local-data/sms-outbox.jsonl` for `npm start`, so a developer can
 * read what a caller would have received. Numbers on the opt-out list are refused as the service
 * refuses them (a caller who replied STOP).
 */
export class LocalTextOutbox implements TextSender {
  private readonly optedOut = new Set<string>();

  constructor(
    /** The JSON-lines file; undefined keeps the texts in memory (a simulator without a data folder). */
    readonly file?: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private readonly memory: OutboxText[] = [];

  async send(message: TextMessage): Promise<SendResult> {
    if (this.optedOut.has(message.to)) return { status: 'OPTED_OUT' };
    const text: OutboxText = { ...message, messageId: randomUUID(), sentAt: this.clock().toISOString() };
    if (this.file) appendJsonLine(this.file, text);
    else this.memory.push(text);
    return { status: 'SENT', messageId: text.messageId };
  }

  /** Puts a number on the opt-out list, as a STOP reply to one of our texts would. */
  optOut(number: string): void {
    this.optedOut.add(number);
  }

  /** The texts accepted so far, oldest first. */
  list(): OutboxText[] {
    return this.file ? readJsonLines<OutboxText>(this.file) : [...this.memory];
  }
}
