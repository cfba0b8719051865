import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { MAX_MESSAGE_BYTES, type ReportPublisher } from '../core/audit/ports';

/** SNS e-mail subjects: printable ASCII, at most 100 characters, one line. */
export function snsSubject(subject: string): string {
  return subject.replace(/[^\x20-\x7e]/g, ' ').slice(0, 100);
}

/** Publishes reports to one SNS topic (the alert topic; its e-mail subscribers read them). */
export class SnsReportPublisher implements ReportPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(subject: string, message: string): Promise<void> {
    const size = new TextEncoder().encode(message).length;
    if (size > MAX_MESSAGE_BYTES) {
      throw new Error(
        `report of ${size} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit; the report builder caps it`,
      );
    }
    await this.client.send(
      new PublishCommand({ TopicArn: this.topicArn, Subject: snsSubject(subject), Message: message }),
    );
  }
}
