import { readFileSync } from 'node:fs';
import type { CallerFacingFunction } from '../../lambdas/contracts/io-budgets';

/**
 * What the black-hole test and the bench's import and I/O measurements hand the caller-facing
 * functions: an environment every function contract accepts (placeholder values, no real
 * resource) and one event per function that makes it reach AWS.
 */

/** Placeholder values for every variable of every function contract, plus the SDK's own. */
export const PLACEHOLDER_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDPLACEHOLDER',
  AWS_SECRET_ACCESS_KEY: 'placeholder-secret',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  CONSENT_TABLE: 'ledger',
  CATALOG_TABLE: 'catalog',
  ORDERS_TABLE: 'orders',
  IDEMPOTENCY_TABLE: 'idempotency',
  TURNS_TABLE: 'turns',
  TEXT_MESSAGES_TABLE: 'text-messages',
  TEXT_ORIGINATION_ARN: 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef',
  TEXT_COUNTRY_CODES: '1',
  TEXT_SENDER_NAME: 'Example Shop',
  TURN_RETENTION_DAYS: '365',
  CALLER_HMAC_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:hmac',
  PAYMENT_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:payment',
  PAYMENT_GATEWAY: 'sandbox',
  NOTICES: JSON.stringify({ 'en-US': { version: '2026-11-01', sha256: 'a'.repeat(64) } }),
  DEFAULT_LOCALE: 'en-US',
  MAX_ORDER_QUANTITY: '20',
  CARD_PAYMENTS: 'off',
  BUSINESS_TIME_ZONE: 'Asia/Shanghai',
  CONNECT_INSTANCE_ID: '00000000-0000-4000-8000-000000000000',
  TASK_FLOW_ID: '00000000-0000-4000-8000-000000000009',
  TRANSCRIPT_WORK_BUCKET: 'work',
  TRANSCRIPT_WORK_KEY_ARN: 'arn:aws:kms:us-east-1:111122223333:key/placeholder',
  TRANSCRIBE_DATA_ACCESS_ROLE_ARN: 'arn:aws:iam::111122223333:role/placeholder',
  LAKE_BUCKET: 'lake',
};

/** A fixture event under test/fixtures. */
export function fixtureEvent(path: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));
}

/** The survey function's event for a caller who keyed 1 (a low score, so it opens a case). */
export function lowSurveyScore(): Record<string, any> {
  const event = fixtureEvent('payment/payment-event.json');
  event.Details.Parameters = { surveyScore: '1' };
  return event;
}

/** One event per caller-facing function that makes it call AWS before it can answer. */
export function eventsReachingAws(): Record<CallerFacingFunction, unknown> {
  const payment = fixtureEvent('payment/payment-event.json');
  payment.Details.Parameters = {
    orderId: '482913',
    encryptedCard: Buffer.from('not decryptable without the key').toString('base64'),
    encryptedExpiry: Buffer.from('not decryptable either').toString('base64'),
  };
  payment.Details.ContactData.Attributes.callerHmac = 'c'.repeat(64);
  const recording = fixtureEvent('payment/payment-event.json');
  recording.Details.Parameters = { action: 'suspend' };
  return {
    consent: fixtureEvent('connect/consent-granted.json'),
    fulfillment: fixtureEvent('lex/ProductPrice.en-US.json'),
    payment,
    'recording-control': recording,
    survey: lowSurveyScore(),
  };
}
