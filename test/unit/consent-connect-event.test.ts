import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConnectEvent } from '../../lambdas/shared/connect-event';

const fixture = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../fixtures/connect/consent-granted.json', import.meta.url), 'utf8'));

describe('parseConnectEvent', () => {
  it('accepts the recorded sample event and keeps the fields handlers read', () => {
    // Prepare
    const event = fixture();
    // Act
    const parsed = parseConnectEvent(event);
    // Assess
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.event.Details.ContactData.ContactId).toBe('5ca1ab1e-0000-4000-8000-000000000001');
    expect(parsed.event.Details.ContactData.LanguageCode).toBe('en-US');
    expect(parsed.event.Details.Parameters).toEqual({ consentDigit: '1', locale: 'en-US' });
  });

  it('accepts fields Connect may add later and defaults missing maps to empty', () => {
    // Prepare
    const event = fixture() as { Details: { ContactData: Record<string, unknown>; Parameters?: unknown } };
    event.Details.ContactData.SegmentAttributes = { 'connect:Subtype': { ValueString: 'connect:Telephony' } };
    delete event.Details.ContactData.Attributes;
    delete event.Details.Parameters;
    // Act
    const parsed = parseConnectEvent(event);
    // Assess
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.event.Details.Parameters).toEqual({});
    expect(parsed.event.Details.ContactData.Attributes).toEqual({});
  });

  it('rejects an event without ContactId, naming the path but no values', () => {
    // Prepare
    const event = fixture() as { Name: string; Details: { ContactData: Record<string, unknown> } };
    delete event.Details.ContactData.ContactId;
    event.Name = 'ContactFlowExecution';
    // Act
    const parsed = parseConnectEvent(event);
    // Assess
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.issues).toEqual(
      expect.arrayContaining(['Name: invalid_value', 'Details.ContactData.ContactId: invalid_type']),
    );
    expect(JSON.stringify(parsed.issues)).not.toContain('2025550142');
  });

  it.each([null, undefined, 'text', 42, [], {}])('rejects the non-event %j', (payload) => {
    // Prepare / Act
    const parsed = parseConnectEvent(payload);
    // Assess
    expect(parsed.success).toBe(false);
  });
});
