import { beforeAll, describe, expect, it } from 'vitest';
import { type Synthesized, synth } from '../support/synth';

/**
 * "Declined means not kept" in the templates (COMPLIANCE C14, C15): Lex keeps no conversation
 * log, the ledger is an event log nobody may change, the turns table takes only new records from
 * the code hook, and the after-call work runs on every disconnect with exactly the permissions it
 * needs. Each assertion names the template fact behind a sentence the robot says.
 */

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

let s: Synthesized;
const resourcesOf = (stack: Parameters<Synthesized['template']>[0]) =>
  s.template(stack).toJSON().Resources as Record<string, Resource>;
const ofType = (stack: Parameters<Synthesized['template']>[0], type: string) =>
  Object.entries(resourcesOf(stack)).filter(([, r]) => r.Type === type);
const actions = (st: Statement) => (Array.isArray(st.Action) ? st.Action : [st.Action]);

/** Every statement of the inline policies attached to the role of a function whose id contains `fnId`. */
function statementsOfFunction(stack: Parameters<Synthesized['template']>[0], fnId: string): Statement[] {
  const resources = resourcesOf(stack);
  const [[, fn] = []] = Object.entries(resources).filter(
    ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.includes(fnId),
  );
  const role = (fn?.Properties.Role ?? {}) as { 'Fn::GetAtt'?: [string, string] };
  const roleId = role['Fn::GetAtt']?.[0];
  expect(roleId, `role of ${fnId}`).toBeDefined();
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        (r.Properties.Roles as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
}

beforeAll(() => {
  s = synth({ stage: 'prod' }, { nag: false });
});

describe('Lex keeps no conversation log', () => {
  it('configures no text or audio conversation logs on the bot alias', () => {
    const [[, alias] = []] = ofType('contactCenter', 'AWS::Lex::BotAlias');
    expect(alias?.Properties).not.toHaveProperty('ConversationLogSettings');
  });

  it('gives the bot role speech synthesis only (no log group, no bucket)', () => {
    const policies = ofType('contactCenter', 'AWS::IAM::Policy').filter(([id]) => id.includes('BotRole'));
    const all = policies.flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).flatMap(actions),
    );
    expect(all).toEqual(['polly:SynthesizeSpeech']);
    expect(ofType('contactCenter', 'AWS::Logs::LogGroup').filter(([id]) => /Conversation/i.test(id))).toEqual(
      [],
    );
  });
});

describe('the consent ledger is an append-only event log', () => {
  it('keys each event by contact and kind (DECISION, WITHDRAWN)', () => {
    const [[, table] = []] = ofType('data', 'AWS::DynamoDB::Table').filter(([id]) =>
      id.includes('ConsentLedger'),
    );
    expect(table?.Properties.KeySchema).toEqual([
      { AttributeName: 'contactId', KeyType: 'HASH' },
      { AttributeName: 'event', KeyType: 'RANGE' },
    ]);
    expect(table?.Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('lets no function update or delete a ledger item', () => {
    for (const stack of ['contactCenter', 'analytics', 'observability'] as const) {
      for (const [, p] of ofType(stack, 'AWS::IAM::Policy')) {
        for (const st of p.Properties.PolicyDocument.Statement as Statement[]) {
          if (!JSON.stringify(st.Resource).includes('ConsentLedger')) continue;
          expect(actions(st).filter((a) => /Update|Delete|BatchWrite|\*/.test(a))).toEqual([]);
        }
      }
    }
  });
});

describe('the turns table', () => {
  it('expires records by TTL and publishes no stream (the after-call work writes the lake)', () => {
    const [[, table] = []] = ofType('data', 'AWS::DynamoDB::Table').filter(([id]) => id.includes('Turns'));
    expect(table?.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'contactId', KeyType: 'HASH' },
        { AttributeName: 'turn', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(table?.Properties.StreamSpecification).toBeUndefined();
  });

  it('lets the code hook only add turn records', () => {
    const turns = statementsOfFunction('contactCenter', 'FulfillmentFunction').filter((st) =>
      JSON.stringify(st.Resource).includes('TurnsTable'),
    );
    expect(turns.flatMap(actions)).toEqual(['dynamodb:PutItem']);
  });
});

describe('the after-call work', () => {
  it('receives every DISCONNECTED contact event of the instance, through a delaying queue with a dead-letter queue', () => {
    const [[, rule] = []] = ofType('analytics', 'AWS::Events::Rule').filter(([id]) =>
      id.includes('ContactDisconnected'),
    );
    expect(rule?.Properties.EventPattern).toEqual({
      source: ['aws.connect'],
      'detail-type': ['Amazon Connect Contact Event'],
      detail: { eventType: ['DISCONNECTED'], instanceArn: [expect.anything()] },
    });
    const queues = ofType('analytics', 'AWS::SQS::Queue').filter(([id]) => id.startsWith('AfterCallQueue'));
    expect(queues).toHaveLength(1);
    const [[queueId, queue] = []] = queues;
    expect(queue?.Properties).toMatchObject({
      DelaySeconds: 120,
      RedrivePolicy: {
        maxReceiveCount: 5,
        deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^AfterCallDeadLetters/), 'Arn'] },
      },
    });
    expect(JSON.stringify(rule?.Properties.Targets)).toContain(queueId);
  });

  it('is invoked only by its queue, reporting failed messages one by one', () => {
    const mappings = ofType('analytics', 'AWS::Lambda::EventSourceMapping').filter(([id]) =>
      id.includes('AfterCall'),
    );
    expect(mappings.map(([, m]) => m.Properties)).toEqual([
      expect.objectContaining({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] }),
    ]);
    const permissions = ofType('analytics', 'AWS::Lambda::Permission').filter(([, p]) =>
      JSON.stringify(p.Properties.FunctionName).includes('AfterCall'),
    );
    expect(permissions).toEqual([]);
  });

  it('may delete Lex utterances of this bot only, write turns/ of the lake only, and strip words from turns', () => {
    const statements = statementsOfFunction('analytics', 'AfterCallFunction');
    const lex = statements.filter((st) => actions(st).some((a) => a.startsWith('lex:')));
    expect(lex.flatMap(actions)).toEqual(['lex:DeleteUtterances']);
    expect(JSON.stringify(lex[0]?.Resource)).toMatch(/:bot\//);
    expect(JSON.stringify(lex[0]?.Resource)).toMatch(
      /ContactCenter:ExportsOutputFnGetAttOrderBot[0-9A-F]+Id/,
    );
    const s3 = statements.filter((st) => actions(st).some((a) => a.startsWith('s3:')));
    expect(s3.flatMap(actions)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(s3[0]?.Resource)).toMatch(/\/turns\/\*"/);
    const turns = statements.filter((st) => JSON.stringify(st.Resource).includes('TurnsTable'));
    expect(turns.flatMap(actions).sort()).toEqual(['dynamodb:Query', 'dynamodb:UpdateItem']);
  });
});

describe('a withdrawal stops the recording for good', () => {
  it('lets the recording-control function call StopContactRecording on contacts of the instance only', () => {
    const statements = statementsOfFunction('contactCenter', 'RecordingControlFunction');
    const connect = statements.filter((st) => actions(st).some((a) => a.startsWith('connect:')));
    expect(connect.flatMap(actions).sort()).toEqual([
      'connect:ResumeContactRecording',
      'connect:StopContactRecording',
      'connect:SuspendContactRecording',
    ]);
    expect(JSON.stringify(connect[0]?.Resource)).toMatch(/\/contact\/\*/);
  });

  it('deploys a flow whose bot hands a withdrawal to the ledger, the stop and the disable', () => {
    const [[, flow] = []] = ofType('contactCenter', 'AWS::Connect::ContactFlow').filter(
      ([, r]) => r.Properties.Name === 'phone-robot inbound consent-first',
    );
    const content = JSON.stringify(flow?.Properties.Content);
    for (const id of [
      'bot-next-en-US',
      'withdraw-ledger-en-US',
      'withdraw-stop-en-US',
      'withdraw-off-en-US',
    ]) {
      expect(content).toContain(id);
    }
  });
});
