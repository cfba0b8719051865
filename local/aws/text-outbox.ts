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
 * read what a caller would have received. Offline nobody can reply STOP, so every text is accepted.
 */
export class LocalTextOutbox implements TextSender {
  constructor(
    /** The JSON-lines file; undefined keeps the texts in memory (a simulator without a data folder). */
    readonly file?: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private readonly memory: OutboxText[] = [];

  async send(message: TextMessage): Promise<SendResult> {
    const text: OutboxText = { ...message, messageId: randomUUID(), sentAt: this.clock().toISOString() };
    if (this.file) appendJsonLine(this.file, text);
    else this.memory.push(text);
    return { status: 'SENT', messageId: text.messageId };
  }

  /** The texts accepted so far, oldest first. */
  list(): OutboxText[] {
    return this.file ? readJsonLines<OutboxText>(this.file) : [...this.memory];
  }
}
