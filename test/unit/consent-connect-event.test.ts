import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConnectEvent } from '../../lambdas/edge/connect-event';

const fixture = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../fixtures/connect/consent-granted.json', import.meta.url), 'utf8'));

/** The fixture as a mutable JSON object, for breaking it on purpose. */
type LooseEvent = { Details: { ContactData: Record<string, unknown>; Parameters?: unknown } };

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

  it.each([
    'withheld-endpoint-null.json',
    'withheld-address-null.json',
    'withheld-address-anonymous.json',
    'withheld-keypad-placeholder.json',
    'full-real-shape.json',
  ])('accepts the real-shaped event %s', (file) => {
    // Prepare
    const event = JSON.parse(readFileSync(new URL(`../fixtures/connect/${file}`, import.meta.url), 'utf8'));
    // Act
    const parsed = parseConnectEvent(event);
    // Assess
    expect(parsed.success, JSON.stringify(parsed.success ? '' : parsed.issues)).toBe(true);
  });

  it('reads every nullable field Connect may send as null as undefined, and null maps as empty', () => {
    // Prepare
    const event = fixture() as { Details: { ContactData: Record<string, unknown>; Parameters?: unknown } };
    const data = event.Details.ContactData;
    for (const key of [
      'InitialContactId',
      'PreviousContactId',
      'InstanceARN',
      'LanguageCode',
      'InitiationMethod',
    ]) {
      data[key] = null;
    }
    data.CustomerEndpoint = { Address: null, Type: null };
    data.SystemEndpoint = { Address: null, Type: 'TELEPHONE_NUMBER' };
    data.Attributes = null;
    event.Details.Parameters = null;
    // Act
    const parsed = parseConnectEvent(event);
    // Assess
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    const contact = parsed.event.Details.ContactData;
    expect(contact.PreviousContactId).toBeUndefined();
    expect(contact.InitialContactId).toBeUndefined();
    expect(contact.InstanceARN).toBeUndefined();
    expect(contact.LanguageCode).toBeUndefined();
    expect(contact.CustomerEndpoint?.Address).toBeUndefined();
    expect(contact.SystemEndpoint?.Address).toBeUndefined();
    expect(contact.Attributes).toEqual({});
    expect(parsed.event.Details.Parameters).toEqual({});
  });

  it('reads numbers and booleans in Parameters and Attributes as strings and drops null or nested values', () => {
    // Prepare
    const event = fixture() as {
      Details: { ContactData: Record<string, unknown>; Parameters: Record<string, unknown> };
    };
    event.Details.Parameters = {
      consentDigit: 1,
      attempt: 2.5,
      retried: false,
      note: null,
      nested: { a: '1' },
    };
    event.Details.ContactData.Attributes = { locale: 'en-US', count: 3, gone: null };
    // Act
    const parsed = parseConnectEvent(event);
    // Assess
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.event.Details.Parameters).toEqual({ consentDigit: '1', attempt: '2.5', retried: 'false' });
    expect(parsed.event.Details.ContactData.Attributes).toEqual({ locale: 'en-US', count: '3' });
  });

  it.each([
    [
      'Parameters',
      (e: LooseEvent) => {
        e.Details.Parameters = 'consentDigit=1';
      },
    ],
    [
      'Attributes',
      (e: LooseEvent) => {
        e.Details.ContactData.Attributes = ['locale'];
      },
    ],
    [
      'Address',
      (e: LooseEvent) => {
        e.Details.ContactData.CustomerEndpoint = { Address: 12025550142 };
      },
    ],
  ])('rejects %s of the wrong kind (not a map, not a string)', (_name, mutate) => {
    // Prepare
    const event = fixture() as LooseEvent;
    mutate(event);
    // Act
    const parsed = parseConnectEvent(event);
    // Assess
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(JSON.stringify(parsed.issues)).not.toContain('2025550142');
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
