import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ORDER_EVENTS_ENV } from '../../../lambdas/contracts/env/order-events';
import type { PaymentGatewayName, StripeMode } from '../../../lambdas/contracts/env/payment';
import { REFUND_ENV } from '../../../lambdas/contracts/env/refund';
import {
  EXCEPTION_KINDS,
  orderEventPattern,
  orderExceptionPattern,
  READY_TO_SHIP,
  REFUND_STATUSES,
} from '../../../lambdas/contracts/order-events';
import { acknowledgeWildcards } from '../compliance/acknowledge';
import type { ContactCenter } from '../contact-center/contact-center';
import type { DataTables } from '../data-tables/data-tables';
import { InvocationMode, PhoneRobotFunction } from '../function/phone-robot-function';
import { grantSecretValue } from '../secrets/external-secret';
import { DeadLetterQueue } from '../transcription/dead-letter';
import { taskFlowContent } from './task-flow';

/** Props of {@link OrderFulfilment}. */
export interface OrderFulfilmentProps {
  readonly stage: string;
  /** The orders table (with its NEW_IMAGE stream), the catalog and the idempotency table. */
  readonly orders: dynamodb.ITable;
  readonly catalog: dynamodb.ITable;
  readonly idempotency: dynamodb.ITable;
  /** The tables' grants (the refund function's least privilege). */
  readonly tables: DataTables;
  /** Key of the tables (stream records are encrypted with it) and of log groups. */
  readonly dataKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** The contact center: back-office tasks open in its instance, in its opening hours. */
  readonly contactCenter: ContactCenter;
  /** The refund function's gateway (the payment function's). */
  readonly gateway: {
    readonly name: PaymentGatewayName;
    readonly stripeSecretArn?: string;
    readonly stripeMode?: StripeMode;
  };
  /** Hours after which a refund still due alarms (config `refundAlarmHours`). */
  readonly refundAlarmHours: number;
  /** @default RemovalPolicy.RETAIN (log groups) */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * From order to staff (issue "order to doorstep"): the orders table's stream -> the order-events
 * function -> the order bus (EventBridge), the only publisher being the table itself; orders
 * ready to ship -> the fulfilment queue (SQS with a DLQ) for the warehouse; REFUND_DUE -> the
 * refund function, which refunds through the gateway once per order or opens an Amazon Connect
 * task for the back office (the task flow routes it to the back-office queue); hourly, the
 * refund function counts refunds overdue for the alarm. Events carry no caller data.
 */
export class OrderFulfilment extends Construct {
  readonly bus: events.EventBus;
  readonly fulfilmentQueue: sqs.Queue;
  /** Messages the fulfilment queue's consumer could not process. */
  readonly fulfilmentDeadLetters: DeadLetterQueue;
  /** Stream batches that could not be published, and bus deliveries that failed. */
  readonly deadLetters: DeadLetterQueue;
  readonly eventsFunction: PhoneRobotFunction;
  readonly refundFunction: PhoneRobotFunction;
  readonly taskFlow: connect.CfnContactFlow;
  readonly backOfficeQueue: connect.CfnQueue;
  /** The id of {@link taskFlow} (StartTaskContact's ContactFlowId). */
  readonly taskFlowId: string;
  private readonly instanceArn: string;
  private readonly instanceLogicalId: string;
  /** The rules, by purpose (for tests and reports). */
  readonly rules: {
    readonly readyToShip: events.Rule;
    readonly refundDue: events.Rule;
    readonly paymentUnconfirmed: events.Rule;
    readonly sweep: events.Rule;
  };

  constructor(scope: Construct, id: string, props: OrderFulfilmentProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `phone-robot-${props.stage}-orders` });
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', { purpose: 'order events and refunds' });
    this.fulfilmentDeadLetters = new DeadLetterQueue(this, 'FulfilmentDeadLetters', {
      purpose: 'orders the warehouse consumer could not take',
    });
    this.fulfilmentQueue = new sqs.Queue(this, 'FulfilmentQueue', {
      // SQS-managed keys: EventBridge sends without a key-policy grant; messages are order events
      // (order, product, quantity, amount), no caller data.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.minutes(5),
      deadLetterQueue: { queue: this.fulfilmentDeadLetters.queue, maxReceiveCount: 5 },
    });

    // Stream -> domain events.
    this.eventsFunction = new PhoneRobotFunction(this, 'EventsFunction', {
      env: ORDER_EVENTS_ENV,
      description: 'Publishes order status changes from the orders table stream to the order bus',
      serviceName: 'order-events',
      invocationMode: InvocationMode.STREAM,
      encryptionKey: props.dataKey,
      logRetention: props.logRetention,
      logRemovalPolicy: removalPolicy,
      timeout: Duration.seconds(30),
      settings: { busName: this.bus.eventBusName },
    });
    this.eventsFunction.fn.addEventSource(
      new sources.DynamoEventSource(props.orders, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        onFailure: new sources.SqsDlq(this.deadLetters.queue),
      }),
    );
    props.dataKey.grantDecrypt(this.eventsFunction.fn);
    this.bus.grantPutEventsTo(this.eventsFunction.fn);

    // The back office: a queue in the agents' opening hours, and the flow tasks start in.
    const instanceArn = props.contactCenter.instance.attrArn;
    this.backOfficeQueue = new connect.CfnQueue(this, 'BackOfficeQueue', {
      instanceArn,
      name: 'phone-robot back office',
      description: 'Refunds, order exceptions, after-sales requests and low call ratings, as tasks',
      hoursOfOperationArn: props.contactCenter.hours.attrHoursOfOperationArn,
    });
    this.taskFlow = props.contactCenter.addFlow('BackOfficeTaskFlow', {
      name: 'phone-robot back-office tasks',
      description:
        'Routes back-office tasks (refunds, order exceptions, after-sales, low ratings) to the back-office queue',
      content: taskFlowContent(this.backOfficeQueue.attrQueueArn),
    });
    // arn:aws:connect:<region>:<account>:instance/<instanceId>/contact-flow/<flowId>
    this.taskFlowId = Fn.select(3, Fn.split('/', this.taskFlow.attrContactFlowArn));
    this.instanceArn = instanceArn;
    this.instanceLogicalId = Stack.of(this).getLogicalId(props.contactCenter.instance);

    // REFUND_DUE -> refunds (and the hourly overdue count).
    this.refundFunction = new PhoneRobotFunction(this, 'RefundFunction', {
      env: REFUND_ENV,
      description: 'Refunds cancelled paid orders through the gateway, or hands them to staff as a task',
      serviceName: 'refund',
      invocationMode: InvocationMode.ASYNC_EVENT,
      encryptionKey: props.dataKey,
      logRetention: props.logRetention,
      logRemovalPolicy: removalPolicy,
      timeout: Duration.seconds(60),
      settings: {
        ordersTable: props.orders.tableName,
        catalogTable: props.catalog.tableName,
        idempotencyTable: props.idempotency.tableName,
        instanceId: props.contactCenter.instance.attrId,
        // arn:aws:connect:<region>:<account>:instance/<instanceId>/contact-flow/<flowId>
        taskFlowId: this.taskFlowId,
        overdueAfterHours: String(props.refundAlarmHours),
        gateway: props.gateway.name,
        stripeSecretArn: props.gateway.stripeSecretArn,
        stripeMode: props.gateway.stripeMode,
      },
    });
    const refund = this.refundFunction.fn;
    props.tables.bindRefund(refund);
    if (props.gateway.stripeSecretArn !== undefined) grantSecretValue(refund, props.gateway.stripeSecretArn);
    this.grantOpenTask(refund);
    // A refund that still fails after Lambda's own retries (the gateway did not answer, Connect
    // refused the task) goes to the dead-letter queue, which alarms; the event is not dropped.
    refund.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetters.queue),
    });
    const ready = new events.Rule(this, 'ReadyToShip', {
      eventBus: this.bus,
      description: 'Orders ready to ship, to the fulfilment queue',
      eventPattern: orderEventPattern(READY_TO_SHIP),
    });
    ready.addTarget(
      new targets.SqsQueue(this.fulfilmentQueue, {
        deadLetterQueue: this.deadLetters.queue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(24),
      }),
    );
    const due = new events.Rule(this, 'RefundDue', {
      eventBus: this.bus,
      description: 'Cancelled paid orders, to the refund function',
      eventPattern: orderEventPattern(REFUND_STATUSES),
    });
    due.addTarget(
      new targets.LambdaFunction(refund, {
        deadLetterQueue: this.deadLetters.queue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(24),
      }),
    );
    const unconfirmed = new events.Rule(this, 'PaymentUnconfirmed', {
      eventBus: this.bus,
      description: 'Payments the gateway did not answer, to the refund function, which opens a task',
      eventPattern: orderExceptionPattern(EXCEPTION_KINDS),
    });
    unconfirmed.addTarget(
      new targets.LambdaFunction(refund, {
        deadLetterQueue: this.deadLetters.queue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(24),
      }),
    );
    const sweep = new events.Rule(this, 'OverdueRefundSweep', {
      description: 'Hourly: counts refunds due longer than refundAlarmHours',
      schedule: events.Schedule.rate(Duration.hours(1)),
    });
    sweep.addTarget(new targets.LambdaFunction(refund, { deadLetterQueue: this.deadLetters.queue }));
    this.rules = { readyToShip: ready, refundDue: due, paymentUnconfirmed: unconfirmed, sweep };
  }

  /**
   * Lets a function open back-office cases: StartTaskContact on the task flow and on the task
   * contacts it creates in this instance, nothing else.
   */
  grantOpenTask(fn: lambda.IFunction): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:StartTaskContact'],
        // The flow the task starts in, and the task contact it creates in this instance.
        resources: [this.taskFlow.attrContactFlowArn, `${this.instanceArn}/contact/*`],
      }),
    );
    if (fn.role) {
      acknowledgeWildcards(
        fn.role,
        [`Resource::<${this.instanceLogicalId}.Arn>/contact/*`],
        'StartTaskContact creates a task contact whose id exists only once it is created; the grant is that one ' +
          'action on the contacts of this instance and on the task flow, nothing else.',
      );
    }
  }
}
