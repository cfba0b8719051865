import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { FUNCTIONS, invokeLocal } from '../../bin/invoke';
import { isValidLexResponse } from '../../lambdas/edge/lex';

const event = (name: string) => JSON.parse(readFileSync(`test/fixtures/lex/${name}.json`, 'utf8'));

describe('local invoke', () => {
  it('runs fixture events through the real fulfillment handler on seeded tables, in order', async () => {
    // Act
    const responses = await invokeLocal(
      'fulfillment',
      [event('PlaceOrder.zh-CN'), event('PlaceOrder.zh-CN'), event('ProductPrice.zh-CN')],
      { endpoint: inject('dynamoEndpoint') },
    );
    // Assess
    expect(responses.every(isValidLexResponse)).toBe(true);
    const [first, retry, price] = responses as {
      sessionState: { sessionAttributes: Record<string, string> };
      messages: { content: string }[];
    }[];
    expect(first?.sessionState.sessionAttributes.lastOrderId).toMatch(/^[1-9]\d{5}$/);
    expect(retry?.sessionState.sessionAttributes.lastOrderId).toBe(
      first?.sessionState.sessionAttributes.lastOrderId,
    );
    expect(price?.messages[0]?.content).toContain('99.00元');
  });

  it('registers the fulfillment and consent functions', () => {
    expect(Object.keys(FUNCTIONS)).toEqual(expect.arrayContaining(['fulfillment', 'consent']));
  });

  it('rejects an unknown function with the list of known ones', async () => {
    await expect(invokeLocal('nope', [], { endpoint: inject('dynamoEndpoint') })).rejects.toThrow(
      /use one of fulfillment/,
    );
  });
});
