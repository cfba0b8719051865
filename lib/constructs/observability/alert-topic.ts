import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeRule, NagPack } from '../compliance/acknowledge';

/** Props of {@link AlertTopic}. */
export interface AlertTopicProps {
  /** Addresses that receive every alert; each must confirm its subscription once. @default none */
  readonly emails?: readonly string[];
  /** @default RemovalPolicy.DESTROY: the key protects only transient alert messages */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

/**
 * Services that must use the key: CloudWatch and EventBridge publish to the topic; EventBridge
 * and SNS move undeliverable alerts to the queue.
 */
const KEY_USERS = ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'sns.amazonaws.com'] as const;

/**
 * The SNS topic every alarm and security event goes to: encrypted with its own customer-managed
 * key, TLS-only, with the configured e-mail subscriptions.
 *
 * Why its own key: CloudWatch alarms and EventBridge cannot publish to a topic encrypted with the
 * AWS-managed `alias/aws/sns` key (its policy cannot be changed), and giving those services use
 * of the data key would widen who can decrypt tables and logs.
 */
export class AlertTopic extends Construct {
  /** The topic. */
  readonly topic: sns.Topic;
  /** Key that encrypts queued alert messages. */
  readonly key: kms.Key;
  /**
   * Alerts that could not be delivered (an EventBridge rule could not publish, or an e-mail
   * bounced). Watch its depth: an alert lost in silence is an incident of its own.
   */
  readonly undelivered: sqs.Queue;

  constructor(scope: Construct, id: string, props: AlertTopicProps = {}) {
    super(scope, id);
    for (const email of props.emails ?? []) {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        throw new Error(
          `alert e-mail "${email}" is not an address; fix: pass -c alertEmails=ops@example.com`,
        );
      }
    }
    this.key = new kms.Key(this, 'Key', {
      description: 'phone-robot alert topic messages',
      enableKeyRotation: true,
      pendingWindow: Duration.days(7),
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlertPublishersAndRedrive',
        principals: KEY_USERS.map((p) => new iam.ServicePrincipal(p)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.undelivered = new sqs.Queue(this, 'Undelivered', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const isDlq =
      'This queue is itself the dead-letter queue of the alert rules and subscriptions; its depth is alarmed.';
    const queue = this.undelivered.node.defaultChild as sqs.CfnQueue;
    acknowledgeRule(queue, 'SQS3', isDlq, [NagPack.AWS_SOLUTIONS]);
    acknowledgeRule(queue, 'SQSRedrivePolicy', isDlq, [NagPack.SERVERLESS]);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'phone-robot alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.emails ?? []) {
      this.topic.addSubscription(
        new subscriptions.EmailSubscription(email, { deadLetterQueue: this.undelivered }),
      );
    }
  }
}
