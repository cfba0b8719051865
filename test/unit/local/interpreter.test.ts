import { describe, expect, it } from 'vitest';
import type { FlowAction, FlowDocument } from '../../../lib/flows/model';
import {
  type CallerInput,
  type CallerPort,
  FlowRuntimeError,
  runFlow,
  UnsupportedActionError,
} from '../../../local/flow/interpreter';
import { resolveReference, UnknownReferenceError } from '../../../local/flow/jsonpath';
import type { LexRuntime } from '../../../local/lex/types';

const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:test';
const BOT_ARN = 'arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID00000/ALIASID000';

const action = (a: Partial<FlowAction> & Pick<FlowAction, 'Identifier' | 'Type'>): FlowAction => ({
  Parameters: {},
  Transitions: {},
  ...a,
});
const flow = (...actions: FlowAction[]): FlowDocument => ({
  Version: '2019-10-30',
  StartAction: actions[0]?.Identifier ?? '',
  Actions: actions,
});

class Caller implements CallerPort {
  readonly heard: string[] = [];
  constructor(private readonly inputs: CallerInput[] = []) {}
  hear(text: string): void {
    this.heard.push(text);
  }
  async input(): Promise<CallerInput> {
    return this.inputs.shift() ?? { kind: 'hangup' };
  }
}

const contact = {
  contactId: 'c-1',
  customerNumber: '+15550123',
  systemNumber: '+15550100',
  instanceArn: 'arn:i',
};
const end = action({ Identifier: 'end', Type: 'DisconnectParticipant' });

describe('flow interpreter', () => {
  it('rejects an action type it does not implement, naming the action', async () => {
    // Prepare
    const doc = flow(
      action({ Identifier: 'odd', Type: 'StartOutboundChatContact', Transitions: { NextAction: 'end' } }),
      end,
    );
    // Act
    const run = runFlow({ flow: doc, contact, caller: new Caller(), lambdas: {}, bots: {} });
    // Assess
    await expect(run).rejects.toThrow(UnsupportedActionError);
    await expect(run).rejects.toThrow(/action odd: type StartOutboundChatContact/);
  });

  it('fails when an error is raised that the flow does not handle', async () => {
    // Prepare
    const doc = flow(
      action({
        Identifier: 'ask',
        Type: 'GetParticipantInput',
        Parameters: { Text: 'press 1', InputTimeLimitSeconds: '5' },
        Transitions: { NextAction: 'end' },
      }),
      end,
    );
    // Act
    const run = runFlow({
      flow: doc,
      contact,
      caller: new Caller([{ kind: 'silence' }]),
      lambdas: {},
      bots: {},
    });
    // Assess
    await expect(run).rejects.toThrow(FlowRuntimeError);
  });

  it('sends the real Connect event to a Lambda and exposes its result as $.External', async () => {
    // Prepare
    const events: unknown[] = [];
    const doc = flow(
      action({
        Identifier: 'attr',
        Type: 'UpdateContactAttributes',
        Parameters: { Attributes: { digit: '1' } },
        Transitions: { NextAction: 'call' },
      }),
      action({
        Identifier: 'call',
        Type: 'InvokeLambdaFunction',
        Parameters: {
          LambdaFunctionARN: LAMBDA_ARN,
          InvocationTimeLimitSeconds: '3',
          LambdaInvocationAttributes: { d: '$.Attributes.digit', fixed: 'x' },
        },
        Transitions: { NextAction: 'cmp', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      }),
      action({
        Identifier: 'cmp',
        Type: 'Compare',
        Parameters: { ComparisonValue: '$.External.answer' },
        Transitions: {
          NextAction: 'end',
          Conditions: [{ NextAction: 'yes', Condition: { Operator: 'Equals', Operands: ['42'] } }],
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'end' }],
        },
      }),
      action({
        Identifier: 'yes',
        Type: 'MessageParticipant',
        Parameters: { Text: 'matched' },
        Transitions: { NextAction: 'end' },
      }),
      end,
    );
    const lambda = async (event: unknown) => {
      events.push(event);
      return { answer: '42' };
    };
    // Act
    const result = await runFlow({
      flow: doc,
      contact,
      caller: new Caller(),
      lambdas: { [LAMBDA_ARN]: lambda },
      bots: {},
    });
    // Assess
    expect(result.path).toEqual(['attr', 'call', 'cmp', 'yes', 'end']);
    expect(events[0]).toMatchObject({
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          ContactId: 'c-1',
          Channel: 'VOICE',
          Attributes: { digit: '1' },
          CustomerEndpoint: { Address: '+15550123' },
        },
        Parameters: { d: '1', fixed: 'x' },
      },
    });
  });

  it('takes the error branch when a Lambda throws or answers a nested object', async () => {
    // Prepare
    const doc = flow(
      action({
        Identifier: 'call',
        Type: 'InvokeLambdaFunction',
        Parameters: { LambdaFunctionARN: LAMBDA_ARN, InvocationTimeLimitSeconds: '3' },
        Transitions: { NextAction: 'ok', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      }),
      action({
        Identifier: 'ok',
        Type: 'MessageParticipant',
        Parameters: { Text: 'ok' },
        Transitions: { NextAction: 'end' },
      }),
      end,
    );
    // Act
    const result = await runFlow({
      flow: doc,
      contact,
      caller: new Caller(),
      lambdas: { [LAMBDA_ARN]: async () => ({ a: { b: 1 } }) },
      bots: {},
    });
    // Assess
    expect(result.path).toEqual(['call', 'end']);
    expect(result.lambdaCalls[0]?.error).toMatch(/string map/);
  });

  it('tracks recording behaviour and leaves the bot block on the closed intent', async () => {
    // Prepare
    const bot: LexRuntime = {
      deleteSession: async () => undefined,
      recognizeText: async () => ({
        messages: ['connecting'],
        dialogActionType: 'Close',
        intentName: 'TalkToAgent',
        intentState: 'Fulfilled',
        slots: {},
        sessionAttributes: {},
        interpretations: [],
      }),
    };
    const doc = flow(
      action({
        Identifier: 'rec',
        Type: 'UpdateContactRecordingBehavior',
        Parameters: {
          RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'], IVRRecordingBehavior: 'Enabled' },
        },
        Transitions: { NextAction: 'bot' },
      }),
      action({
        Identifier: 'bot',
        Type: 'ConnectParticipantWithLexBot',
        Parameters: { Text: 'hi', LexV2Bot: { AliasArn: BOT_ARN } },
        Transitions: {
          NextAction: 'end',
          Conditions: [{ NextAction: 'agent', Condition: { Operator: 'Equals', Operands: ['TalkToAgent'] } }],
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'end' }],
        },
      }),
      action({
        Identifier: 'agent',
        Type: 'MessageParticipant',
        Parameters: { Text: 'agent' },
        Transitions: { NextAction: 'end' },
      }),
      end,
    );
    // Act
    const result = await runFlow({
      flow: doc,
      contact,
      caller: new Caller([{ kind: 'text', text: 'a human please' }]),
      lambdas: {},
      bots: { [BOT_ARN]: bot },
    });
    // Assess
    expect(result.path).toEqual(['rec', 'bot', 'agent', 'end']);
    expect(result.recording.everEnabled).toBe(true);
    expect(result.transcript.every((l) => l.recorded)).toBe(true);
    expect(result.intents).toEqual(['TalkToAgent']);
  });

  it('rejects a reference to a namespace the simulator does not model', () => {
    // Prepare
    const ctx = {
      contactId: 'c',
      initialContactId: 'c',
      channel: 'VOICE',
      instanceArn: 'i',
      languageCode: undefined,
      customerAddress: undefined,
      systemAddress: undefined,
      attributes: {},
      external: {},
      lex: { intentName: 'X', sessionAttributes: {}, slots: {} },
      storedCustomerInput: undefined,
      flowAttributes: { encryptedCard: 'b64' },
      queueArn: undefined,
    };
    // Act / Assess
    expect(resolveReference('$.Lex.IntentName', ctx)).toBe('X');
    expect(resolveReference('$.FlowAttributes.encryptedCard', ctx)).toBe('b64');
    expect(() => resolveReference('$.Customer.Name', ctx)).toThrow(UnknownReferenceError);
  });
});

describe('flow interpreter: Loop', () => {
  it('continues LoopCount times, then is done once, then starts again', async () => {
    // Prepare: a bot stand-in that always ends on an unexpected intent
    const turns: string[] = [];
    const bot: LexRuntime = {
      deleteSession: async () => undefined,
      recognizeText: async (r) => {
        turns.push(r.text);
        return {
          messages: ['noted'],
          dialogActionType: 'Close',
          intentName: 'Odd',
          intentState: 'Fulfilled',
          slots: {},
          sessionAttributes: {},
          interpretations: [],
        };
      },
    };
    const doc = flow(
      action({
        Identifier: 'bot',
        Type: 'ConnectParticipantWithLexBot',
        Parameters: { Text: 'hello', LexV2Bot: { AliasArn: BOT_ARN } },
        Transitions: {
          NextAction: 'loop',
          Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'loop' }],
        },
      }),
      action({
        Identifier: 'loop',
        Type: 'Loop',
        Parameters: { LoopCount: '2' },
        Transitions: {
          Conditions: [
            { NextAction: 'bot', Condition: { Operator: 'Equals', Operands: ['ContinueLooping'] } },
            { NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['DoneLooping'] } },
          ],
        },
      }),
      action({
        Identifier: 'bye',
        Type: 'MessageParticipant',
        Parameters: { Text: 'bye' },
        Transitions: { NextAction: 'end' },
      }),
      end,
    );
    const caller = new Caller([1, 2, 3, 4].map((i) => ({ kind: 'text', text: `turn ${i}` })));
    // Act
    const result = await runFlow({ flow: doc, contact, caller, lambdas: {}, bots: { [BOT_ARN]: bot } });
    // Assess
    expect(turns).toEqual(['turn 1', 'turn 2', 'turn 3']);
    expect(result.path).toEqual(['bot', 'loop', 'bot', 'loop', 'bot', 'loop', 'bye', 'end']);
    expect(caller.heard.at(-1)).toBe('bye');
  });
});

describe('flow interpreter: callbacks', () => {
  const QUEUE = 'arn:aws:connect:us-east-1:111122223333:instance/i/queue/q';
  const say = (id: string, text: string) =>
    action({
      Identifier: id,
      Type: 'MessageParticipant',
      Parameters: { Text: text },
      Transitions: { NextAction: 'end' },
    });
  const callbackFlow = () =>
    flow(
      action({
        Identifier: 'number',
        Type: 'UpdateContactCallbackNumber',
        Parameters: { CallbackNumber: '$.CustomerEndpoint.Address' },
        Transitions: {
          NextAction: 'create',
          Errors: [
            { NextAction: 'invalid', ErrorType: 'InvalidCallbackNumber' },
            { NextAction: 'undialable', ErrorType: 'CallbackNumberNotDialable' },
          ],
        },
      }),
      action({
        Identifier: 'create',
        Type: 'CreateCallbackContact',
        Parameters: {
          QueueId: QUEUE,
          InitialCallDelaySeconds: '300',
          MaximumConnectionAttempts: '3',
          RetryDelaySeconds: '600',
        },
        Transitions: {
          NextAction: 'queued',
          Errors: [{ NextAction: 'failed', ErrorType: 'NoMatchingError' }],
        },
      }),
      say('queued', 'queued'),
      say('invalid', 'invalid'),
      say('undialable', 'undialable'),
      say('failed', 'failed'),
      end,
    );
  const call = async (
    number: string | undefined,
    extra: { callbackDialable?: boolean; queueAtCapacity?: boolean } = {},
  ) => {
    const caller = new Caller();
    const result = await runFlow({
      flow: callbackFlow(),
      contact: { ...contact, customerNumber: number },
      caller,
      lambdas: {},
      bots: {},
      ...extra,
    });
    return { heard: caller.heard, callbacks: result.callbacks };
  };

  it('queues a callback to the caller ID with the settings the flow gave', async () => {
    const { heard, callbacks } = await call('+15550123');
    expect(heard).toEqual(['queued']);
    expect(callbacks).toEqual([
      {
        actionId: 'create',
        queue: QUEUE,
        initialDelaySeconds: 300,
        maximumAttempts: 3,
        retryDelaySeconds: 600,
      },
    ]);
  });

  it.each([
    ['a withheld ID', undefined],
    ['the word anonymous', 'anonymous'],
    ['a national number without +', '5550123'],
    ['a number starting with +0', '+05550123'],
    ['more than 15 digits', '+1234567890123456'],
  ])('refuses %s as InvalidCallbackNumber, as Connect checks E.164', async (_, number) => {
    expect(await call(number)).toEqual({ heard: ['invalid'], callbacks: [] });
  });

  it('takes CallbackNumberNotDialable when the instance cannot dial the number', async () => {
    expect(await call('+15550123', { callbackDialable: false })).toEqual({
      heard: ['undialable'],
      callbacks: [],
    });
  });

  it('takes the error branch of CreateCallbackContact when the queue is full', async () => {
    expect(await call('+15550123', { queueAtCapacity: true })).toEqual({ heard: ['failed'], callbacks: [] });
  });
});
