import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoConsentLedger } from '../../lambdas/aws/dynamo-consent-ledger';
import { createHandler } from '../../lambdas/consent/handler';
import { noticeRef } from '../../lambdas/contracts/notices';
import { StaticHmacKey } from '../../lambdas/core/caller-id';
import { logger } from '../../lambdas/edge/powertools';
import { captureOutput } from '../support/capture-output';
import { freshTables, type LocalTables } from '../support/dynamo';

// These tests read what the handlers log: keep logging on (vitest.config.ts silences it elsewhere).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

/** Every way the fixture's synthetic number could show up in text. */
const NUMBER_TRACES = ['2025550142', '202-555-0142', '202 555 0142', '(202) 555-0142', '5550142'];
const CONTEXT = { functionName: 'consent', awsRequestId: 'log-scan' } as Context;
const NOTICES = { 'en-US': noticeRef('2026-11-01', 'notice'), 'zh-CN': noticeRef('2026-11-01', '通知') };
const fixtureText = readFileSync(
  new URL('../fixtures/connect/consent-granted.json', import.meta.url),
  'utf8',
);

function event(contactId: string, consentDigit: string) {
  const e = JSON.parse(fixtureText);
  e.Details.ContactData.ContactId = contactId;
  e.Details.Parameters = { consentDigit, locale: 'en-US' };
  return e;
}

describe('consent Lambda logs', () => {
  let tables: LocalTables;
  const captured: string[] = [];

  beforeAll(async () => {
    tables = await freshTables();
    // Capture every channel a log line can take: Powertools writes to process.stdout/stderr
    // (or the global console under POWERTOOLS_DEV), the SDK and Node may use console.
    captureOutput(captured);
    // The most verbose level, so that no debug line escapes the scan.
    logger.setLogLevel('DEBUG');
  });

  afterAll(() => {
    logger.setLogLevel('INFO');
    vi.restoreAllMocks();
  });

  it('never writes the caller number to any log line, on any path', async () => {
    // Prepare
    const handler = createHandler({
      ledger: new DynamoConsentLedger(tables.client, tables.names.consentLedger),
      hmacKey: new StaticHmacKey(Buffer.from('log-scan-key')),
      notices: NOTICES,
      defaultLocale: 'en-US',
    });
    const failing = createHandler({
      ledger: new DynamoConsentLedger(tables.client, 'no-such-table'),
      hmacKey: new StaticHmacKey(Buffer.from('log-scan-key')),
      notices: NOTICES,
      defaultLocale: 'en-US',
    });
    const malformed = event('', '1');
    const contactId = '5ca1ab1e-0000-4000-8000-0000000010c5';
    // Act: first write, same-decision retry, conflicting retry, a race, malformed event, ledger failure
    await handler(event(contactId, '1'), CONTEXT);
    await handler(event(contactId, '1'), CONTEXT);
    await handler(event(contactId, '2'), CONTEXT);
    await Promise.all(
      ['1', '2', '1', '2'].map((d) => handler(event('5ca1ab1e-0000-4000-8000-0000000010c6', d), CONTEXT)),
    );
    await handler(malformed, CONTEXT);
    await expect(failing(event('5ca1ab1e-0000-4000-8000-0000000010c7', '1'), CONTEXT)).rejects.toThrow();
    // Assess: the capture worked (it saw our lines) and none of it carries the number
    const text = captured.join('\n');
    expect(text).toContain(contactId);
    expect(text).toContain('conflicting consent retry');
    expect(text).toContain('malformed Connect event');
    expect(text).toContain('consent not recorded');
    for (const trace of NUMBER_TRACES) expect(text).not.toContain(trace);
  });
});
