import { beforeAll, describe, expect, it } from 'vitest';
import { ORDER_EVENT_SOURCE, ORDER_EVENT_TYPE } from '../../lambdas/contracts/order-events';
import { taskFlow } from '../../lib/constructs/order-fulfilment/task-flow';
import { checkFlow } from '../../lib/flows/check';
import { type Synthesized, synth } from '../support/synth';

/**
 * The order bus, the fulfilment queue with its DLQ, the refund function, the back-office task flow
 * and the alarms, on the synthesized templates.
 */

type Json = any;

const resourcesOf = (s: Synthesized, stack: 'contactCenter' | 'observability'): [string, Json][] =>
  Object.entries(s.template(stack).toJSON().Resources as Record<string, Json>);
const ofType = (s: Synthesized, type: string, stack: 'contactCenter' | 'observability' = 'contactCenter') =>
  resourcesOf(s, stack).filter(([, r]) => r.Type === type);
const idOf = (s: Synthesized, construct: { node: { defaultChild?: unknown } }) =>
  s.stacks.contactCenter.getLogicalId(construct.node.defaultChild as never);

describe('order fulfilment (prod, no card payments)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ stage: 'prod' });
  });
  const rule = (name: string) => {
    const found = ofType(s, 'AWS::Events::Rule').find(([id]) => id.includes(name));
    if (!found) throw new Error(`no rule ${name}`);
    return found[1].Properties;
  };

  it('has an order bus that only the order-events function puts events on', () => {
    const [[busId, bus] = ['', {}]] = ofType(s, 'AWS::Events::EventBus');
    expect(bus.Properties.Name).toBe('phone-robot-prod-orders');
    const putters = ofType(s, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('events:PutEvents'),
    );
    expect(putters).toHaveLength(1);
    const [, policy] = putters[0] ?? [];
    expect(JSON.stringify(policy.Properties.Roles)).toMatch(/EventsFunction/);
    const statement = policy.Properties.PolicyDocument.Statement.find(
      (st: Json) => st.Action === 'events:PutEvents',
    );
    expect(statement.Resource).toEqual({ 'Fn::GetAtt': [busId, 'Arn'] });
  });

  it('feeds the order-events function from the orders stream, failures to a DLQ', () => {
    const [[, mapping] = ['', {}]] = ofType(s, 'AWS::Lambda::EventSourceMapping').filter(([id]) =>
      id.includes('EventsFunction'),
    );
    expect(JSON.stringify(mapping.Properties.EventSourceArn)).toMatch(/OrdersTable.*StreamArn/);
    expect(mapping.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
    });
    expect(JSON.stringify(mapping.Properties.DestinationConfig.OnFailure)).toMatch(/DeadLetters/);
  });

  it('routes paid orders, and only those, to the fulfilment queue', () => {
    const props = rule('ReadyToShip');
    expect(props.EventPattern).toEqual({
      source: [ORDER_EVENT_SOURCE],
      'detail-type': [ORDER_EVENT_TYPE],
      detail: { to: ['PAID'] },
    });
    const [target] = props.Targets;
    expect(JSON.stringify(target.Arn)).toMatch(/FulfilmentQueue/);
    expect(JSON.stringify(target.DeadLetterConfig)).toMatch(/DeadLetters/);
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 8 });
    const [[, queue] = ['', {}]] = ofType(s, 'AWS::SQS::Queue').filter(([id]) => /FulfilmentQueue/.test(id));
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(JSON.stringify(queue.Properties.RedrivePolicy.deadLetterTargetArn)).toMatch(
      /FulfilmentDeadLetters/,
    );
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('routes REFUND_DUE to the refund function, and runs its overdue count hourly', () => {
    const due = rule('RefundDue');
    expect(due.EventPattern.detail).toEqual({ to: ['REFUND_DUE'] });
    expect(JSON.stringify(due.Targets[0].Arn)).toMatch(/RefundFunction/);
    expect(JSON.stringify(due.Targets[0].DeadLetterConfig)).toMatch(/DeadLetters/);
    expect(rule('OverdueRefundSweep').ScheduleExpression).toBe('rate(1 hour)');
    // A payment the gateway did not answer: a back-office task through the same function.
    const unconfirmed = rule('PaymentUnconfirmed');
    expect(unconfirmed.EventPattern.detail).toEqual({ exception: ['PAYMENT_UNCONFIRMED'] });
    expect(JSON.stringify(unconfirmed.Targets[0].Arn)).toMatch(/RefundFunction/);
    expect(JSON.stringify(unconfirmed.Targets[0].DeadLetterConfig)).toMatch(/DeadLetters/);
  });

  it('lets the refund function start tasks in the task flow only, and touch the orders table only', () => {
    const role = s.stacks.contactCenter.fulfilment.refundFunction.fn.role;
    const policy = role?.node.tryFindChild('DefaultPolicy') as { document: unknown } | undefined;
    const statements = s.stacks.contactCenter.resolve(policy?.document).Statement as Json[];
    const task = statements.find((st) => st.Action === 'connect:StartTaskContact');
    const flowId = idOf(s, { node: { defaultChild: s.stacks.contactCenter.fulfilment.taskFlow } });
    expect(task.Resource).toHaveLength(2);
    expect(task.Resource[0]).toEqual({ 'Fn::GetAtt': [flowId, 'ContactFlowArn'] });
    // The task contact it creates, in this instance only.
    expect(JSON.stringify(task.Resource[1])).toMatch(/ContactCenterInstance.*\/contact\/\*/);
    const dynamo = statements.filter((st) => JSON.stringify(st.Action).includes('dynamodb:'));
    expect(dynamo.map((st) => st.Action)).toEqual([
      ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      'dynamodb:Query',
    ]);
    expect(JSON.stringify(dynamo[1].Resource)).toMatch(/\/index\/byStatus/);
  });

  it('lets the survey function start tasks in the task flow only, with nothing else in Connect or DynamoDB', () => {
    // Prepare
    const fn = s.stacks.contactCenter.surveyFunction.fn;
    const policy = fn.role?.node.tryFindChild('DefaultPolicy') as { document: unknown } | undefined;
    const statements = s.stacks.contactCenter.resolve(policy?.document).Statement as Json[];
    const flowId = idOf(s, { node: { defaultChild: s.stacks.contactCenter.fulfilment.taskFlow } });
    // Assess
    const connect = statements.filter((st) => JSON.stringify(st.Action).includes('connect:'));
    expect(connect.map((st) => st.Action)).toEqual(['connect:StartTaskContact']);
    expect(connect[0].Resource).toHaveLength(2);
    expect(connect[0].Resource[0]).toEqual({ 'Fn::GetAtt': [flowId, 'ContactFlowArn'] });
    expect(JSON.stringify(connect[0].Resource[1])).toMatch(/ContactCenterInstance.*\/contact\/\*/);
    expect(JSON.stringify(statements)).not.toContain('dynamodb:');
    const [, lambda] =
      ofType(s, 'AWS::Lambda::Function').find(([id]) => id.startsWith('SurveyFunction')) ?? [];
    expect(lambda.Properties.Environment.Variables).toMatchObject({
      CONNECT_INSTANCE_ID: { 'Fn::GetAtt': [expect.stringMatching(/^ContactCenterInstance/), 'Id'] },
      TASK_FLOW_ID: {
        'Fn::Select': [3, { 'Fn::Split': ['/', { 'Fn::GetAtt': [flowId, 'ContactFlowArn'] }] }],
      },
    });
    expect(lambda.Properties.Timeout).toBe(3);
  });

  it("lets the bot's code hook read contacts of this instance (the calling number) and open after-sales tasks, nothing else in Connect", () => {
    const fn = s.stacks.contactCenter.fulfillmentFunction.fn;
    const policy = fn.role?.node.tryFindChild('DefaultPolicy') as { document: unknown } | undefined;
    const statements = s.stacks.contactCenter.resolve(policy?.document).Statement as Json[];
    const connect = statements.filter((st) => JSON.stringify(st.Action).includes('connect:'));
    expect(connect.map((st) => st.Action).sort()).toEqual([
      'connect:DescribeContact',
      'connect:StartTaskContact',
    ]);
    const describe = connect.find((st) => st.Action === 'connect:DescribeContact');
    expect(JSON.stringify(describe.Resource)).toMatch(/ContactCenterInstance[^"]*".*\/contact\/\*"\]/);
    const task = connect.find((st) => st.Action === 'connect:StartTaskContact');
    const flowId = idOf(s, { node: { defaultChild: s.stacks.contactCenter.fulfilment.taskFlow } });
    expect(task.Resource[0]).toEqual({ 'Fn::GetAtt': [flowId, 'ContactFlowArn'] });
    expect(task.Resource).toHaveLength(2);
    const [, lambda] =
      ofType(s, 'AWS::Lambda::Function').find(([id]) => id.startsWith('FulfillmentFunction')) ?? [];
    expect(lambda.Properties.Environment.Variables.CONNECT_INSTANCE_ID).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^ContactCenterInstance/), 'Id'],
    });
  });

  it('sends a refund that still fails after Lambda retries to the dead-letter queue', () => {
    const [, config] =
      ofType(s, 'AWS::Lambda::EventInvokeConfig').find(([id]) => id.includes('RefundFunction')) ?? [];
    expect(config.Properties.MaximumRetryAttempts).toBe(2);
    expect(JSON.stringify(config.Properties.DestinationConfig.OnFailure.Destination)).toMatch(/DeadLetters/);
  });

  it('refunds through the gateway the payment function charges through', () => {
    const [, fn] = ofType(s, 'AWS::Lambda::Function').find(([id]) => id.includes('RefundFunction')) ?? [];
    const variables = fn.Properties.Environment.Variables;
    expect(variables.PAYMENT_GATEWAY).toBe('disabled');
    expect(variables.REFUND_OVERDUE_HOURS).toBe('24');
    expect(JSON.stringify(variables.TASK_FLOW_ID)).toMatch(/Fn::Select/);
  });

  it('routes tasks to a back-office queue in the agents’ hours, through a flow the checker accepts', () => {
    const result = checkFlow(taskFlow('arn:aws:connect:us-east-1:111122223333:instance/x/queue/y'), {
      properties: [],
    });
    expect(result.violations).toEqual([]);
    const [[, queue] = ['', {}]] = ofType(s, 'AWS::Connect::Queue').filter(([id]) => /BackOffice/.test(id));
    expect(JSON.stringify(queue.Properties.HoursOfOperationArn)).toMatch(/AgentHours/);
  });

  it('alarms on overdue refunds and on both dead-letter queues', () => {
    const alarms = ofType(s, 'AWS::CloudWatch::Alarm', 'observability').map(([, a]) => a.Properties);
    const overdue = alarms.find((a) => a.MetricName === 'OverdueRefunds');
    expect(overdue).toMatchObject({
      Namespace: 'PhoneRobot',
      Threshold: 1,
      Dimensions: [{ Name: 'service', Value: 'refund' }],
    });
    const text = JSON.stringify(alarms);
    expect(text).toMatch(/OrderEventDeadLetters/);
    expect(text).toMatch(/FulfilmentDeadLetters/);
  });
});
