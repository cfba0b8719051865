import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as connect from 'aws-cdk-lib/aws-connect';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as lex from 'aws-cdk-lib/aws-lex';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AFTER_CALL_ENV } from '../../../lambdas/contracts/env/after-call';
import { grantLakeWrite } from '../analytics-lake/lake-writer';
import { acknowledgeRule, NagPack } from '../compliance/acknowledge';
import { InvocationMode, PhoneRobotFunction } from '../function/phone-robot-function';
import { DeadLetterQueue } from '../transcription/dead-letter';

/** Receives of a message before the queue moves it to the dead-letter queue. */
export const MAX_RECEIVES = 5;

/** Props of {@link AfterCall}. */
export interface AfterCallProps {
  /** The Connect instance whose contacts are cleaned up. */
  readonly instance: connect.CfnInstance;
  /** The Lex bot whose stored utterances are deleted, and its locale ids. */
  readonly bot: lex.CfnBot;
  readonly botLocaleIds: readonly string[];
  readonly consentLedger: dynamodb.ITable;
  readonly turns: dynamodb.ITable;
  readonly lakeBucket: s3.IBucket;
  readonly lakeKey: kms.IKey;
  /** Key of the tables and of log groups. */
  readonly dataKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** How long a disconnect waits before the work starts. @default 2 minutes */
  readonly delay?: Duration;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The after-call work (COMPLIANCE C15, C14): Amazon Connect's contact events reach EventBridge;
 * the DISCONNECTED event of a contact of this instance goes to a queue that holds it for a short
 * delay (the contact's last bot turn is then stored), then to the after-call function, which reads
 * the consent ledger, deletes Lex's stored utterances of every caller who did not grant
 * (`lex:DeleteUtterances` on this bot only), strips words from their turn records, and writes the
 * contact's turns to the lake. Failed messages are retried by the queue, then kept in its
 * dead-letter queue, whose depth the ObservabilityStack alarms on.
 */
export class AfterCall extends Construct {
  readonly function: PhoneRobotFunction;
  readonly queue: sqs.Queue;
  readonly deadLetters: DeadLetterQueue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: AfterCallProps) {
    super(scope, id);
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', { purpose: 'after-call work' });
    const timeout = Duration.seconds(60);
    this.queue = new sqs.Queue(this, 'Queue', {
      // SQS-managed keys: EventBridge may send without a grant on the stateful stack's keys, and a
      // message holds a contact event (ids and timestamps), no call content.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deliveryDelay: props.delay ?? Duration.minutes(2),
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters.queue, maxReceiveCount: MAX_RECEIVES },
    });
    this.rule = new events.Rule(this, 'ContactDisconnected', {
      description: 'Contact of the phone-robot instance ended: delete what a caller who did not consent said',
      eventPattern: {
        source: ['aws.connect'],
        detailType: ['Amazon Connect Contact Event'],
        detail: { eventType: ['DISCONNECTED'], instanceArn: [props.instance.attrArn] },
      },
    });
    this.rule.addTarget(new targets.SqsQueue(this.queue, { deadLetterQueue: this.deadLetters.queue }));

    this.function = new PhoneRobotFunction(this, 'Function', {
      env: AFTER_CALL_ENV,
      description:
        'After a call: deletes Lex utterances and turn words of callers who did not consent, writes turns to the lake',
      serviceName: 'after-call',
      invocationMode: InvocationMode.QUEUE,
      encryptionKey: props.dataKey,
      logRetention: props.logRetention,
      logRemovalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      timeout,
      settings: {
        ledgerTable: props.consentLedger.tableName,
        turnsTable: props.turns.tableName,
        lakeBucket: props.lakeBucket.bucketName,
        botId: props.bot.attrId,
        localeIds: JSON.stringify(props.botLocaleIds),
      },
    });
    const fn = this.function.fn;
    fn.addEventSource(
      new sources.SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    const mapping = fn.node.findAll().find((c) => c instanceof lambda.CfnEventSourceMapping);
    if (mapping) {
      acknowledgeRule(
        mapping,
        'LambdaEventSourceMappingDestination',
        'An SQS source keeps a failed message on its queue; the queue redrives it to the dead-letter queue after ' +
          `${MAX_RECEIVES} receives, which is where an on-failure destination would put it.`,
        [NagPack.SERVERLESS],
      );
    }
    props.consentLedger.grant(fn, 'dynamodb:Query');
    // Reads a contact's turns and sets their words to null: no put, no delete.
    props.turns.grant(fn, 'dynamodb:Query', 'dynamodb:UpdateItem');
    // Table items are encrypted with the data key; the update writes one back.
    props.dataKey.grantEncryptDecrypt(fn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lex:DeleteUtterances'],
        resources: [
          Stack.of(this).formatArn({ service: 'lex', resource: 'bot', resourceName: props.bot.attrId }),
        ],
      }),
    );
    grantLakeWrite(
      fn,
      { bucket: props.lakeBucket, key: props.lakeKey },
      ['turns'],
      'Lake objects are named per partition and contact; the grant is PutObject under turns/ only.',
    );
  }
}
