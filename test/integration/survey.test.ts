import { readFileSync } from 'node:fs';
import { ConnectClient } from '@aws-sdk/client-connect';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // This file reads what the handler logs (vitest.config.ts silences logs elsewhere).
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

import { boundedClientConfig } from '../../lambdas/aws/clients';
import { ConnectTasks } from '../../lambdas/aws/connect-tasks';
import { IO_BUDGETS } from '../../lambdas/contracts/io-budgets';
import { createHandler } from '../../lambdas/survey/handler';
import { captureOutput } from '../support/capture-output';
import { type FakeConnect, startFakeConnect } from '../support/fake-connect';

/**
 * The survey function over the real Connect tasks adapter, against a local server that speaks
 * Connect's StartTaskContact (`PUT /contact/task`): a low score opens exactly one case that
 * carries the call's context and nothing the caller said; every other answer, a refusal or a
 * malformed event answers `caseOpened: "false"`, so the caller is never promised a case that
 * does not exist.
 */

const TASK_PATH = '/contact/task';
const CONTEXT = { functionName: 'survey', awsRequestId: 'test' } as Context;
const fixture = readFileSync(new URL('../fixtures/payment/payment-event.json', import.meta.url), 'utf8');
const CONTACT_ID = '5ca1ab1e-0000-4000-8000-0000000c0001';
const INSTANCE_ID = '0e3f6a1c-0000-4000-8000-00000000c0de';
const FLOW_ID = '0e3f6a1c-0000-4000-8000-0000000f1009';

/** A Connect event from the survey block, with the score the caller keyed. */
function event(score: string | undefined, attributes: Record<string, string> = {}) {
  const e = JSON.parse(fixture);
  e.Details.ContactData.ContactId = CONTACT_ID;
  e.Details.ContactData.Attributes = {
    ...e.Details.ContactData.Attributes,
    locale: 'en-US',
    intents: 'ProductInfo,PlaceOrder,Goodbye',
    ...attributes,
  };
  e.Details.Parameters = score === undefined ? {} : { surveyScore: score };
  return e;
}

/** Runs the handler with its log output captured. */
async function withLogs<T>(run: () => Promise<T>): Promise<{ result: T; logs: string }> {
  const into: string[] = [];
  const restore = captureOutput(into, { console: false });
  try {
    return { result: await run(), logs: into.join('') };
  } finally {
    restore();
  }
}

let fake: FakeConnect;
let handler: ReturnType<typeof createHandler>;

beforeAll(async () => {
  fake = await startFakeConnect();
  const client = new ConnectClient({
    ...boundedClientConfig(IO_BUDGETS.survey),
    endpoint: fake.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
  });
  handler = createHandler({ tasks: new ConnectTasks(client, INSTANCE_ID, FLOW_ID) });
});
afterEach(() => fake.reset());
afterAll(async () => fake.close());

describe('survey function', () => {
  it.each(['1', '2'])(
    'opens one case for a score of %s, with the call context and no caller data',
    async (score) => {
      // Act
      const out = await withLogs(() => handler(event(score), CONTEXT));
      // Assess
      expect(out.result).toEqual({ caseOpened: 'true' });
      const [task, ...more] = fake.calls(TASK_PATH);
      expect(more).toEqual([]);
      expect(task).toMatchObject({
        InstanceId: INSTANCE_ID,
        ContactFlowId: FLOW_ID,
        Name: `Low call rating ${score}/5`,
        ClientToken: `survey-${CONTACT_ID}`,
        Attributes: {
          caseKind: 'low-survey-score',
          contactId: CONTACT_ID,
          surveyScore: score,
          locale: 'en-US',
          consent: 'GRANTED',
          intents: 'ProductInfo,PlaceOrder,Goodbye',
        },
      });
      expect(String(task?.Description)).toContain('ProductInfo, PlaceOrder, Goodbye');
      // The caller's number (in the fixture's CustomerEndpoint) reaches neither the task nor the logs.
      const caller = JSON.parse(fixture).Details.ContactData.CustomerEndpoint.Address as string;
      expect(JSON.stringify(task)).not.toContain(caller.slice(-4));
      expect(out.logs).not.toContain(caller.slice(-4));
    },
  );

  it('copies only the context attributes it knows, dropping one that holds something else', async () => {
    const out = await withLogs(() =>
      handler(event('1', { intents: 'PlaceOrder, call me on 555 0100', callback: '+15550100' }), CONTEXT),
    );
    expect(out.result).toEqual({ caseOpened: 'true' });
    const [task] = fake.calls(TASK_PATH);
    expect(task?.Attributes).not.toHaveProperty('intents');
    expect(task?.Attributes).not.toHaveProperty('callback');
    expect(JSON.stringify(task)).not.toContain('0100');
  });

  it.each(['3', '4', '5'])('opens no case for a score of %s', async (score) => {
    expect(await handler(event(score), CONTEXT)).toEqual({ caseOpened: 'false' });
    expect(fake.requests).toEqual([]);
  });

  it.each([
    ['no score', undefined],
    ['an empty score', ''],
    ['a key that is no score', '9'],
    ['a star', '*'],
    ['two digits', '12'],
  ])('answers caseOpened false for %s, calling nothing', async (_, score) => {
    expect(await handler(event(score), CONTEXT)).toEqual({ caseOpened: 'false' });
    expect(fake.requests).toEqual([]);
  });

  it('answers caseOpened false for an event that is not from Connect', async () => {
    expect(await handler({ hello: 'world' }, CONTEXT)).toEqual({ caseOpened: 'false' });
    expect(await handler(null, CONTEXT)).toEqual({ caseOpened: 'false' });
    expect(fake.requests).toEqual([]);
  });

  it('answers caseOpened false when Connect refuses the task, logging the error class only', async () => {
    // Prepare
    fake.answer(TASK_PATH, { status: 400, errorType: 'InvalidParameterException' });
    // Act
    const out = await withLogs(() => handler(event('1'), CONTEXT));
    // Assess
    expect(out.result).toEqual({ caseOpened: 'false' });
    expect(fake.calls(TASK_PATH)).toHaveLength(1);
    expect(out.logs).toContain('InvalidParameterException');
    expect(out.logs).not.toContain('ProductInfo,PlaceOrder');
  });

  it('answers caseOpened false when the connection drops, after the budgeted retry', async () => {
    fake.answer(TASK_PATH, { reset: true });
    const out = await withLogs(() => handler(event('2'), CONTEXT));
    expect(out.result).toEqual({ caseOpened: 'false' });
    expect(fake.calls(TASK_PATH)).toHaveLength(IO_BUDGETS.survey.maxAttempts);
    expect(out.logs).toContain('could not open the case');
  });
});
