import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_ENV } from '../../lambdas/contracts/env/consent';
import { PhoneRobotFunction } from '../../lib/constructs/function/phone-robot-function';
import { type Synthesized, synth } from '../support/synth';

/** What the function construct sets on every function, outside the contracts. */
const BASE = [
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_LOG_LEVEL',
  'NODE_OPTIONS',
];

/**
 * Stands in for a CloudFormation token (Ref, Fn::GetAtt, Fn::ImportValue) the way Lambda will see
 * it: a non-empty string such as a table name or an ARN.
 */
const deployed = (value: unknown): string => (typeof value === 'string' ? value : 'resolved-at-deploy');

describe('environment contracts', () => {
  let s: Synthesized;
  let functions: PhoneRobotFunction[];
  beforeAll(() => {
    s = synth({ stage: 'prod' }, { nag: false });
    functions = s.app.node.findAll().filter((c): c is PhoneRobotFunction => c instanceof PhoneRobotFunction);
  });

  const variablesOf = (fn: PhoneRobotFunction): Record<string, unknown> => {
    const stack = Stack.of(fn);
    const logicalId = stack.getLogicalId(fn.fn.node.defaultChild as never);
    const key = (Object.keys(s.stacks) as (keyof typeof s.stacks)[]).find((k) => s.stacks[k] === stack);
    if (!key) throw new Error(`no stack for ${fn.node.path}`);
    const resource = s.template(key).toJSON().Resources[logicalId];
    return resource.Properties.Environment.Variables as Record<string, unknown>;
  };

  it('covers every function of the app', () => {
    expect(functions.map((f) => f.env.functionName).sort()).toEqual([
      'access-review',
      'after-call',
      'consent',
      'ctr-transform',
      'deploy-hooks',
      'fulfillment',
      'lake-feed',
      'order-events',
      'payment',
      'recording-control',
      'refund',
      'survey',
      'transcript-redact',
      'transcription-start',
    ]);
  });

  it('sets exactly the variables of each contract, and their values parse', () => {
    for (const fn of functions) {
      const variables = variablesOf(fn);
      const names = Object.keys(variables);
      // Assess: every required variable is set, nothing outside the contract is.
      expect(names, fn.env.functionName).toEqual(expect.arrayContaining([...fn.env.required]));
      expect(
        names.filter((n) => !BASE.includes(n) && !Object.values(fn.env.variables).includes(n)),
        fn.env.functionName,
      ).toEqual([]);
      // The function would start: its own parser accepts what the stack sets.
      const env = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, deployed(v)]));
      expect(() => fn.env.parse(env), fn.env.functionName).not.toThrow();
    }
  });

  it('gives one table one variable name everywhere', () => {
    const ledgerNames = new Set<string>();
    for (const fn of functions) {
      for (const [setting, name] of Object.entries(fn.env.variables)) {
        if (setting === 'ledgerTable') ledgerNames.add(name);
      }
    }
    expect([...ledgerNames]).toEqual(['CONSENT_TABLE']);
  });

  it('rejects at synth a function whose contract variable nobody set', () => {
    // Prepare: a consent function nothing binds a table or secret to.
    const app = new App();
    const stack = new Stack(app, 'Unbound');
    new PhoneRobotFunction(stack, 'Consent', {
      env: CONSENT_ENV,
      description: 'unbound',
      serviceName: 'consent',
      encryptionKey: new kms.Key(stack, 'Key'),
      logRetention: logs.RetentionDays.ONE_YEAR,
      settings: { defaultLocale: 'en-US', notices: '{}' },
    });
    // Act / Assess
    expect(() => app.synth()).toThrow(/CONSENT_TABLE of the consent contract is not set/);
  });
});
