import { beforeAll, describe, expect, it } from 'vitest';
import {
  TEXT_COUNTRY_CODES_ENV,
  TEXT_ORIGINATION_ENV,
  TEXT_SENDER_ENV,
} from '../../lambdas/contracts/env/names';
import { TABLE_ENV } from '../../lambdas/contracts/tables';
import { dataInventory, inventoryGaps } from '../../tools/compliance/inventory';
import { type Synthesized, synth } from '../support/synth';

/**
 * Product-link texts on the templates: the code hook may send from the one configured End User
 * Messaging identity and nothing else, never without one; it records agreements in its own table
 * (put, get, update: never delete or scan); the inventory names the table and, once texts are on,
 * the service's own records.
 */

type Json = any;
const ORIGIN = 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef';

const fulfillmentStatements = (s: Synthesized): Json[] => {
  const fn = s.stacks.contactCenter.fulfillmentFunction.fn;
  const policy = fn.role?.node.tryFindChild('DefaultPolicy') as { document: unknown } | undefined;
  return s.stacks.contactCenter.resolve(policy?.document).Statement as Json[];
};
const fulfillmentEnv = (s: Synthesized): Record<string, unknown> => {
  const [, fn] =
    Object.entries(s.template('contactCenter').toJSON().Resources as Record<string, Json>).find(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('FulfillmentFunction'),
    ) ?? [];
  return fn.Properties.Environment.Variables;
};

describe('product-link texts', () => {
  let on: Synthesized;
  let off: Synthesized;
  beforeAll(() => {
    on = synth({ textOriginationArn: ORIGIN, textSenderName: 'Example Shop' }, { nag: false });
    off = synth({}, { nag: false });
  });

  it('grants SendTextMessage on the configured identity alone, and only when one is configured', () => {
    const sms = fulfillmentStatements(on).filter((st) => JSON.stringify(st.Action).includes('sms-voice:'));
    expect(sms).toEqual([{ Action: 'sms-voice:SendTextMessage', Effect: 'Allow', Resource: ORIGIN }]);
    expect(fulfillmentEnv(on)[TEXT_ORIGINATION_ENV]).toBe(ORIGIN);
    expect(JSON.stringify(fulfillmentStatements(off))).not.toContain('sms-voice:');
    expect(fulfillmentEnv(off)[TEXT_ORIGINATION_ENV]).toBeUndefined();
    // The countries texts reach: a US number's by default (US and Canada).
    expect(fulfillmentEnv(on)[TEXT_COUNTRY_CODES_ENV]).toBe('1');
    // The brand the texts name as their sender.
    expect(fulfillmentEnv(on)[TEXT_SENDER_ENV]).toBe('Example Shop');
    expect(fulfillmentEnv(off)[TEXT_SENDER_ENV]).toBeUndefined();
    // No other function of any stack may send texts.
    for (const stack of ['data', 'contactCenter', 'analytics', 'observability'] as const) {
      const policies = Object.values(on.template(stack).toJSON().Resources as Record<string, Json>).filter(
        (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties).includes('sms-voice:'),
      );
      expect(policies.length).toBe(stack === 'contactCenter' ? 1 : 0);
    }
  });

  it('records agreements with put, get and update on the text table alone', () => {
    const dataStack = on.stacks.data;
    const table = dataStack.tables.tables.textMessages;
    const arn = on.stacks.contactCenter.resolve(table.tableArn);
    const onTable = fulfillmentStatements(on).filter((st) =>
      JSON.stringify(st.Resource).includes(JSON.stringify(arn).slice(1, -1)),
    );
    expect(onTable).toHaveLength(1);
    expect([...onTable[0].Action].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(fulfillmentEnv(on)[TABLE_ENV.textMessages]).toBeDefined();
    on.template('data').hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'contactId', KeyType: 'HASH' },
        { AttributeName: 'sku', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('the inventory covers the table, and the service-side records once texts are on', () => {
    const stores = (s: Synthesized) => dataInventory(s.config).map((e) => e.store);
    expect(stores(on)).toContain('Product-link text agreements');
    expect(stores(on)).toContain('AWS End User Messaging SMS');
    expect(stores(off)).not.toContain('AWS End User Messaging SMS');
    const templates = (['data', 'contactCenter', 'analytics', 'observability'] as const).map((stack) => ({
      stack,
      resources: on.template(stack).toJSON().Resources as Record<string, Json>,
    }));
    expect(inventoryGaps(dataInventory(on.config), templates)).toEqual([]);
    const inventory = dataInventory(on.config);
    const entry = inventory.find((e) => e.store === 'Product-link text agreements');
    expect(entry?.holds).toMatch(/never the number/);
    // Without the agreements entry, the inventory misses the table.
    const without = inventory.filter((e) => e !== entry);
    expect(inventoryGaps(without, templates).join('\n')).toMatch(/TextMessagesTable/);
  });
});
