import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeRule, NagPack } from '../compliance/acknowledge';

/** Props of {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  /** What fails into this queue, for the alarm description. */
  readonly purpose: string;
}

/**
 * Where a pipeline's failed events end after their retries. Messages hold event envelopes
 * (bucket keys, job names, stream positions), never call content. The alarm on its depth, with
 * the alert topic as action, comes from the ObservabilityStack (`alarmOnQueueDepth`), which owns
 * the topic; this stack would otherwise need the topic before it exists.
 */
export class DeadLetterQueue extends Construct {
  /** The queue. */
  readonly queue: sqs.Queue;
  /** What fails into the queue. */
  readonly purpose: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      // SQS-managed keys: EventBridge may send to the queue without a key-policy grant on the
      // stateful stack's keys, and the messages hold no personal data.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const resource = this.queue.node.defaultChild as sqs.CfnQueue;
    acknowledgeRule(
      resource,
      'SQS3',
      'This queue is itself the dead-letter queue of the pipeline; a DLQ of a DLQ would only move the problem.',
      [NagPack.AWS_SOLUTIONS],
    );
    acknowledgeRule(
      resource,
      'SQSRedrivePolicy',
      'This queue is itself the dead-letter queue of the pipeline; it has no further queue to redrive to.',
      [NagPack.SERVERLESS],
    );
    this.purpose = props.purpose;
  }
}
