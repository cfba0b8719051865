import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectInputDecryptor, StaticPrivateKeys } from '../../lambdas/aws/connect-input-decryptor';
import { DynamoOrderStore } from '../../lambdas/aws/dynamo-order-store';
import { DynamoPaymentStore } from '../../lambdas/aws/dynamo-payment-store';
import {
  parseStripeSecret,
  STRIPE_API_VERSION,
  STRIPE_BUDGET,
  StaticStripeKey,
  StripeGateway,
  type StripeGatewayOptions,
  StripeOutcomeUnknownError,
  stripeGatewayFromSecret,
  stripeWorstPaymentMs,
} from '../../lambdas/aws/stripe-gateway';
import type { Currency } from '../../lambdas/contracts/catalog';
import { ORDER_EVENT_SOURCE, ORDER_EVENT_TYPE } from '../../lambdas/contracts/order-events';
import { callerHmac } from '../../lambdas/core/caller-id';
import type { BackOfficeTask } from '../../lambdas/core/cases/task';
import type { Order } from '../../lambdas/core/orders/store';
import { CardExpiry, CardNumber } from '../../lambdas/core/payment/card';
import { type ChargeRequest, canRefund } from '../../lambdas/core/payment/gateway';
import { createHandler } from '../../lambdas/payment/handler';
import { createHandler as createRefundHandler } from '../../lambdas/refund/handler';
import { freshTables } from '../support/dynamo';
import { type StripeServer, startStripeServer } from '../support/stripe-server';
import { connectEncrypt, generateTestKeyPair } from '../unit/payment/support';

/** Stripe's documented test cards (docs.stripe.com/testing). */
const CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  genericDecline: '4000000000000002',
  insufficientFunds: '4000000000009995',
  lostCard: '4000000000009987',
  expiredCard: '4000000000000069',
  processingError: '4000000000000119',
  authenticationRequired: '4000002500003155',
  /** Luhn-valid but not a Stripe test card (the sandbox's approve card). */
  notATestCard: '4111111111111111',
} as const;
/** Every digit run a leak of these cards could show (full number, and all but the last four). */
const CARD_TRACES = Object.values(CARDS).flatMap((n) => [n, n.slice(0, -4)]);
const leaks = (text: string) => CARD_TRACES.filter((trace) => text.includes(trace));

let seq = 0;
const nextKey = () => `order-${700_000 + ++seq}-payment-0`;

function request(
  number: string,
  idempotencyKey = nextKey(),
  amountMinor = 4999,
  currency: Currency = 'USD',
): ChargeRequest {
  const card = CardNumber.parse(number);
  const expiry = CardExpiry.parse('1230');
  if (!card || !expiry) throw new Error('test card must parse');
  const orderId = /order-(\d+)-/.exec(idempotencyKey)?.[1] ?? '123456';
  return { idempotencyKey, orderId, amountMinor, currency, card, expiry };
}

/** The adapter's rejection, or a failure when it resolved. */
async function rejection(work: Promise<unknown>): Promise<StripeOutcomeUnknownError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StripeOutcomeUnknownError);
  return error as StripeOutcomeUnknownError;
}

describe('Stripe gateway against a local Stripe API', () => {
  let server: StripeServer;

  beforeAll(async () => {
    server = await startStripeServer();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.responseDelayMs = 0;
    server.processingDelayMs = 0;
    server.searchLagMs = 0;
    server.refundStatus = 'succeeded';
  });

  /** The adapter with the real SDK pointed at the local server. */
  const gateway = (extra: Partial<StripeGatewayOptions> = {}) =>
    new StripeGateway({
      key: new StaticStripeKey(server.secretKey),
      mode: 'test',
      endpoint: server.endpoint,
      ...extra,
    });

  /** The raw SDK on the local server, to check the server against Stripe's documented behaviour. */
  const sdk = () =>
    new Stripe(server.secretKey, {
      ...server.endpoint,
      apiVersion: STRIPE_API_VERSION,
      maxNetworkRetries: 0,
      telemetry: false,
    });

  const intentFor = (key: string) =>
    server.paymentIntents().filter((pi) => (pi.metadata as Record<string, string>).idempotency_key === key);

  describe('charge', () => {
    it('approves a test card with a confirmed, card-only PaymentIntent under the idempotency key', async () => {
      // Prepare
      const key = nextKey();
      const before = server.requests.length;
      // Act
      const result = await gateway().charge(request(CARDS.visa, key));
      // Assess
      expect(result.outcome).toBe('APPROVED');
      expect(result.reference).toMatch(/^pi_/);
      const sent = server.requests.slice(before);
      expect(sent).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/v1/payment_intents',
          idempotencyKey: key,
          stripeVersion: STRIPE_API_VERSION,
          status: 200,
        }),
      ]);
      const [intent] = intentFor(key);
      expect(intent).toMatchObject({
        id: result.reference,
        status: 'succeeded',
        amount: 4999,
        amount_received: 4999,
        currency: 'usd',
        allowed_payment_method_types: ['card'],
        metadata: { order_id: request(CARDS.visa, key).orderId, idempotency_key: key },
      });
    });

    it('sends the currency as a lower-case ISO code (CNY in fen)', async () => {
      // Act
      const result = await gateway().charge(request(CARDS.mastercard, nextKey(), 12_800, 'CNY'));
      // Assess
      expect(result.outcome).toBe('APPROVED');
      expect(server.paymentIntents().find((pi) => pi.id === result.reference)).toMatchObject({
        currency: 'cny',
        amount: 12_800,
      });
    });

    it.each([
      [CARDS.genericDecline, 'generic_decline'],
      [CARDS.insufficientFunds, 'insufficient_funds'],
      [CARDS.lostCard, 'lost_card'],
      [CARDS.expiredCard, 'expired_card'],
      [CARDS.notATestCard, 'test_mode_live_card'],
    ])('declines card %s with code %s (HTTP 402 card_error)', async (number, code) => {
      // Prepare
      const key = nextKey();
      // Act
      const result = await gateway().charge(request(number, key));
      // Assess
      expect(result).toEqual({ outcome: 'DECLINED', code, reference: expect.stringMatching(/^pi_/) });
      expect(server.requests.at(-1)).toMatchObject({ status: 402, idempotencyKey: key });
      expect(intentFor(key)[0]).toMatchObject({ status: 'requires_payment_method' });
    });

    it('answers a processing error as ERROR, not as a decline', async () => {
      // Act
      const result = await gateway().charge(request(CARDS.processingError));
      // Assess
      expect(result).toMatchObject({ outcome: 'ERROR', code: 'processing_error' });
    });

    it('declines a card that asks for 3-D Secure (authentication_required): Stripe errors instead of waiting', async () => {
      // Prepare
      const key = nextKey();
      // Act
      const result = await gateway().charge(request(CARDS.authenticationRequired, key));
      // Assess
      expect(result).toMatchObject({ outcome: 'DECLINED', code: 'authentication_required' });
      expect(intentFor(key)[0]).toMatchObject({ status: 'requires_payment_method' });
      expect(server.count('POST', /\/cancel$/)).toBe(0);
    });

    it('cancels an intent left in requires_action and declines it', async () => {
      // Prepare: without error_on_requires_action Stripe leaves the intent waiting for a challenge.
      const key = nextKey();
      // Act
      const result = await gateway({ errorOnRequiresAction: false }).charge(
        request(CARDS.authenticationRequired, key),
      );
      // Assess
      expect(result).toMatchObject({ outcome: 'DECLINED', code: 'authentication_required' });
      const [intent] = intentFor(key);
      expect(intent).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
      expect(server.requests.at(-1)).toMatchObject({
        method: 'POST',
        path: `/v1/payment_intents/${String(intent?.id)}/cancel`,
        idempotencyKey: `${key}:cancel`,
        status: 200,
      });
    });

    it('flags a MOTO charge when configured', async () => {
      // Prepare
      const key = nextKey();
      // Act
      await gateway({ moto: true }).charge(request(CARDS.visa, key));
      // Assess
      expect(intentFor(key)[0]).toMatchObject({ payment_method_options: { card: { moto: true } } });
    });
  });

  describe('idempotency', () => {
    it('replays the first answer for the same key: two calls, one charge', async () => {
      // Prepare
      const key = nextKey();
      const adapter = gateway();
      // Act
      const first = await adapter.charge(request(CARDS.visa, key));
      const again = await adapter.charge(request(CARDS.visa, key));
      // Assess
      expect(again).toEqual(first);
      expect(intentFor(key)).toHaveLength(1);
      const calls = server.requests.filter((r) => r.idempotencyKey === key);
      expect(calls.map((r) => r.replayed)).toEqual([false, true]);
    });

    it('replays a decline too, without a second attempt', async () => {
      // Prepare
      const key = nextKey();
      // Act
      const first = await gateway().charge(request(CARDS.insufficientFunds, key));
      const again = await gateway().charge(request(CARDS.insufficientFunds, key));
      // Assess
      expect(again).toEqual(first);
      expect(intentFor(key)).toHaveLength(1);
    });

    it('answers a second card under the same key with the first charge, never a second charge', async () => {
      // Prepare: an approved charge whose answer never reached the caller, then a second card entry.
      const key = nextKey();
      const first = await gateway().charge(request(CARDS.visa, key));
      // Act
      const second = await gateway().charge(request(CARDS.mastercard, key));
      // Assess: Stripe answered 400 idempotency_error; the adapter returned the first charge's answer.
      expect(second).toEqual({ outcome: 'APPROVED', reference: first.reference });
      expect(intentFor(key)).toHaveLength(1);
      expect(server.requests.filter((r) => r.idempotencyKey === key).map((r) => r.status)).toEqual([
        200, 400,
      ]);
    });

    it('rejects (outcome unknown) when the conflicting first charge cannot be found yet', async () => {
      // Prepare: the first charge is older than the recent window and Search has not indexed it.
      server.searchLagMs = 60_000;
      const key = nextKey();
      await gateway().charge(request(CARDS.visa, key));
      const later = gateway({ now: () => Date.now() + 3_600_000 });
      // Act
      const error = await rejection(later.charge(request(CARDS.mastercard, key)));
      // Assess
      expect(error.code).toBe('idempotency_error');
      expect(intentFor(key)).toHaveLength(1);
    });

    it('rejects a concurrent duplicate (409 while the first executes) and lookup then finds the one charge', async () => {
      // Prepare
      const key = nextKey();
      server.processingDelayMs = 800;
      const adapter = gateway();
      // Act
      const [a, b] = await Promise.allSettled([
        adapter.charge(request(CARDS.visa, key)),
        new Promise((r) => setTimeout(r, 50)).then(() => adapter.charge(request(CARDS.visa, key))),
      ]);
      server.processingDelayMs = 0;
      const found = await adapter.lookup(key);
      // Assess
      expect(a).toMatchObject({ status: 'fulfilled', value: { outcome: 'APPROVED' } });
      expect(b.status).toBe('rejected');
      expect((b as PromiseRejectedResult).reason).toMatchObject({ code: 'idempotency_key_in_use' });
      expect(found).toEqual((a as PromiseFulfilledResult<unknown>).value);
      expect(intentFor(key)).toHaveLength(1);
    });
  });

  describe('lookup', () => {
    it('finds the answer given under a key, and nothing under a key never charged', async () => {
      // Prepare
      const key = nextKey();
      const adapter = gateway();
      const approved = await adapter.charge(request(CARDS.visa, key));
      // Act
      const found = await adapter.lookup(key);
      const missing = await adapter.lookup(nextKey());
      // Assess
      expect(found).toEqual(approved);
      expect(missing).toBeUndefined();
    });

    it('finds a decline with its code', async () => {
      // Prepare
      const key = nextKey();
      const declined = await gateway().charge(request(CARDS.genericDecline, key));
      // Act
      const found = await gateway().lookup(key);
      // Assess
      expect(found).toEqual(declined);
    });

    it('finds a charge made seconds ago although Search has not indexed it (list, not search)', async () => {
      // Prepare
      server.searchLagMs = 60_000;
      const key = nextKey();
      const approved = await gateway().charge(request(CARDS.visa, key));
      // Act
      const found = await gateway().lookup(key);
      // Assess
      expect(found).toEqual(approved);
    });

    it('finds an older charge through Search once indexed', async () => {
      // Prepare
      const key = nextKey();
      const approved = await gateway().charge(request(CARDS.visa, key));
      const searches = server.count('GET', '/v1/payment_intents/search');
      // Act: an hour later the charge is outside the recent window.
      const found = await gateway({ now: () => Date.now() + 3_600_000 }).lookup(key);
      // Assess
      expect(found).toEqual(approved);
      expect(server.count('GET', '/v1/payment_intents/search')).toBe(searches + 1);
    });

    it('documents the limit: an older charge Search has not indexed yet is not found', async () => {
      // Prepare
      server.searchLagMs = 60_000;
      const key = nextKey();
      await gateway().charge(request(CARDS.visa, key));
      // Act
      const found = await gateway({ now: () => Date.now() + 3_600_000 }).lookup(key);
      // Assess: the caller's takeover then charges under the same key, which Stripe replays.
      expect(found).toBeUndefined();
    });

    it('rejects instead of answering "no charge" when the recent list was cut short', async () => {
      // Prepare: more intents in the window than one list page, none under the key.
      const adapter = gateway();
      for (let i = 0; i < 101; i++) await adapter.charge(request(CARDS.visa));
      server.searchLagMs = 60_000;
      // Act
      const error = await rejection(gateway({ maxListPages: 1 }).lookup(nextKey()));
      const paged = await gateway({ maxListPages: 5 }).lookup(nextKey());
      // Assess
      expect(error.code).toBe('lookup_incomplete');
      expect(paged).toBeUndefined();
    });
  });

  describe('timeouts and unreachable API', () => {
    it('rejects when Stripe answers too late, and a later lookup finds the charge it made', async () => {
      // Prepare
      const key = nextKey();
      const adapter = gateway({ budget: { ...STRIPE_BUDGET, chargeDeadlineMs: 400 } });
      server.responseDelayMs = 1_500;
      const started = Date.now();
      // Act
      const error = await rejection(adapter.charge(request(CARDS.visa, key)));
      const waited = Date.now() - started;
      server.responseDelayMs = 0;
      const found = await adapter.lookup(key);
      // Assess
      expect(error.code).toBe('timeout');
      expect(waited).toBeLessThan(1_000);
      const [intent] = intentFor(key);
      expect(found).toEqual({ outcome: 'APPROVED', reference: intent?.id });
    });

    it('answers ERROR without sending when too little of the deadline is left for a request', async () => {
      // Prepare
      const adapter = gateway({ budget: { ...STRIPE_BUDGET, chargeDeadlineMs: 100 } });
      const before = server.requests.length;
      // Act
      const result = await adapter.charge(request(CARDS.visa));
      // Assess
      expect(result).toEqual({ outcome: 'ERROR', code: 'gateway_deadline_exceeded' });
      expect(server.requests.length).toBe(before);
    });

    it('rejects a lookup that times out (the outcome stays unknown)', async () => {
      // Prepare
      server.responseDelayMs = 1_000;
      const adapter = gateway({ budget: { ...STRIPE_BUDGET, lookupDeadlineMs: 200 } });
      // Act
      const error = await rejection(adapter.lookup(nextKey()));
      // Assess
      expect(error.code).toBe('timeout');
    });

    it('rejects when the API cannot be reached at all', async () => {
      // Prepare: a port nothing listens on.
      const closed = await startStripeServer();
      const endpoint = closed.endpoint;
      await closed.close();
      const adapter = gateway({ endpoint });
      // Act
      const charge = await rejection(adapter.charge(request(CARDS.visa)));
      const lookup = await rejection(adapter.lookup(nextKey()));
      // Assess
      expect(charge.code).toBe('connection_error');
      expect(lookup.code).toBe('connection_error');
    });
  });

  describe('credentials', () => {
    it('answers ERROR for a key Stripe rejects (401), without crashing or charging', async () => {
      // Prepare
      const adapter = gateway({ key: new StaticStripeKey('sk_test_notTheRightKey0000') });
      const intents = server.paymentIntents().length;
      // Act
      const result = await adapter.charge(request(CARDS.visa));
      const refund = await adapter.refund({
        idempotencyKey: nextKey(),
        reference: 'pi_123',
        amountMinor: 100,
      });
      const lookup = await rejection(adapter.lookup(nextKey()));
      // Assess
      expect(result).toEqual({ outcome: 'ERROR', code: 'authentication_error' });
      expect(refund).toEqual({ outcome: 'FAILED', code: 'authentication_error' });
      expect(lookup.code).toBe('authentication_error');
      expect(server.requests.at(-1)?.status).toBe(401);
      expect(server.paymentIntents()).toHaveLength(intents);
    });

    it('refuses a test key in live mode before any request', async () => {
      // Prepare
      const adapter = gateway({ mode: 'live' });
      const before = server.requests.length;
      // Act
      const result = await adapter.charge(request(CARDS.visa));
      // Assess
      expect(result).toEqual({ outcome: 'ERROR', code: 'credentials_unavailable' });
      expect(server.requests.length).toBe(before);
    });

    it('fetches the key from Secrets Manager once per container, and again after Stripe rejects it', async () => {
      // Prepare
      const secrets = mockClient(SecretsManagerClient);
      secrets
        .on(GetSecretValueCommand, {
          SecretId: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:stripe',
        })
        .resolvesOnce({ SecretString: 'sk_test_rotatedAwayKey0000' })
        .resolves({ SecretString: JSON.stringify({ secretKey: server.secretKey }) });
      const adapter = stripeGatewayFromSecret({
        secretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:stripe',
        mode: 'test',
        endpoint: server.endpoint,
        client: new SecretsManagerClient({ region: 'us-east-1' }),
      });
      try {
        // Act
        const rejected = await adapter.charge(request(CARDS.visa));
        const first = await adapter.charge(request(CARDS.visa));
        const second = await adapter.charge(request(CARDS.visa));
        // Assess
        expect(rejected).toMatchObject({ outcome: 'ERROR', code: 'authentication_error' });
        expect(first.outcome).toBe('APPROVED');
        expect(second.outcome).toBe('APPROVED');
        expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
      } finally {
        secrets.restore();
      }
    });

    it('answers ERROR when the key secret cannot be read, and sends nothing to Stripe', async () => {
      // Prepare
      const secrets = mockClient(SecretsManagerClient);
      secrets.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
      const adapter = stripeGatewayFromSecret({
        secretArn: 'stripe',
        mode: 'test',
        endpoint: server.endpoint,
        client: new SecretsManagerClient({ region: 'us-east-1' }),
      });
      const before = server.requests.length;
      try {
        // Act
        const result = await adapter.charge(request(CARDS.visa));
        const lookup = await rejection(adapter.lookup(nextKey()));
        // Assess
        expect(result).toEqual({ outcome: 'ERROR', code: 'credentials_unavailable' });
        expect(lookup.code).toBe('credentials_unavailable');
        expect(server.requests.length).toBe(before);
      } finally {
        secrets.restore();
      }
    });

    it('is built from the secret ARN and mode of the payment contract, with no I/O', () => {
      // Act / Assess (the contract's STRIPE_* variables: test/unit/payment/gateway-settings.test.ts)
      expect(stripeGatewayFromSecret({ secretArn: 'arn:x', mode: 'live' })).toBeInstanceOf(StripeGateway);
    });

    it('parses the secret as a bare key or JSON, and never quotes a malformed one', () => {
      // Act / Assess
      expect(parseStripeSecret(' rk_live_abcdefgh1234 \n')).toBe('rk_live_abcdefgh1234');
      expect(parseStripeSecret('{"secretKey":"sk_test_abcdefgh1234"}')).toBe('sk_test_abcdefgh1234');
      expect(() => parseStripeSecret('pk_live_publishable123')).toThrow(/no secret/);
      expect(() => parseStripeSecret('pk_live_publishable123')).not.toThrow(/publishable/);
      expect(() => parseStripeSecret('{not json')).toThrow(/not valid JSON/);
    });
  });

  describe('refund', () => {
    const approvedCharge = async () => {
      const result = await gateway().charge(request(CARDS.visa, nextKey(), 5_000));
      if (!result.reference) throw new Error('charge must be approved');
      return result.reference;
    };
    const refundKey = () => `refund-${++seq}`;

    it('refunds a charge in full', async () => {
      // Prepare
      const reference = await approvedCharge();
      // Act
      const result = await gateway().refund({ idempotencyKey: refundKey(), reference, amountMinor: 5_000 });
      // Assess
      expect(result).toEqual({ outcome: 'REFUNDED', reference: expect.stringMatching(/^re_/) });
      expect(server.createdRefunds().at(-1)).toMatchObject({
        id: result.reference,
        payment_intent: reference,
        amount: 5_000,
        status: 'succeeded',
        reason: 'requested_by_customer',
      });
    });

    it('refunds in parts and refuses a part above what is left', async () => {
      // Prepare
      const reference = await approvedCharge();
      const adapter = gateway();
      // Act
      const first = await adapter.refund({ idempotencyKey: refundKey(), reference, amountMinor: 2_000 });
      const second = await adapter.refund({ idempotencyKey: refundKey(), reference, amountMinor: 2_500 });
      const above = await adapter.refund({ idempotencyKey: refundKey(), reference, amountMinor: 1_000 });
      const rest = await adapter.refund({ idempotencyKey: refundKey(), reference, amountMinor: 500 });
      const more = await adapter.refund({ idempotencyKey: refundKey(), reference, amountMinor: 1 });
      // Assess
      expect([first, second, rest].map((r) => r.outcome)).toEqual(['REFUNDED', 'REFUNDED', 'REFUNDED']);
      expect(above).toEqual({ outcome: 'FAILED', code: 'amount_too_large' });
      expect(more).toEqual({ outcome: 'FAILED', code: 'charge_already_refunded' });
    });

    it('refunds once per key: a repeat returns the same refund', async () => {
      // Prepare
      const reference = await approvedCharge();
      const key = refundKey();
      const refunds = server.createdRefunds().length;
      // Act
      const first = await gateway().refund({ idempotencyKey: key, reference, amountMinor: 1_000 });
      const again = await gateway().refund({ idempotencyKey: key, reference, amountMinor: 1_000 });
      // Assess
      expect(again).toEqual(first);
      expect(server.createdRefunds()).toHaveLength(refunds + 1);
    });

    it('rejects (outcome unknown) a repeat key with another amount, and refunds nothing more', async () => {
      // Prepare
      const reference = await approvedCharge();
      const key = refundKey();
      await gateway().refund({ idempotencyKey: key, reference, amountMinor: 1_000 });
      const refunds = server.createdRefunds().length;
      // Act
      const error = await rejection(gateway().refund({ idempotencyKey: key, reference, amountMinor: 2_000 }));
      // Assess
      expect(error.code).toBe('idempotency_error');
      expect(server.createdRefunds()).toHaveLength(refunds);
    });

    it('fails a refund of an unknown or unpaid intent with Stripe’s code', async () => {
      // Prepare
      const declined = await gateway().charge(request(CARDS.genericDecline));
      // Act
      const unknown = await gateway().refund({
        idempotencyKey: refundKey(),
        reference: 'pi_doesNotExist',
        amountMinor: 100,
      });
      const unpaid = await gateway().refund({
        idempotencyKey: refundKey(),
        reference: declined.reference ?? '',
        amountMinor: 100,
      });
      const notStripe = await gateway().refund({
        idempotencyKey: refundKey(),
        reference: 'sbx_1',
        amountMinor: 100,
      });
      // Assess
      expect(unknown).toEqual({ outcome: 'FAILED', code: 'resource_missing' });
      expect(unpaid).toEqual({ outcome: 'FAILED', code: 'invalid_request_error' });
      expect(notStripe).toEqual({ outcome: 'FAILED', code: 'unknown_reference' });
    });

    it('maps pending and failed refunds', async () => {
      // Prepare
      const reference = await approvedCharge();
      // Act
      server.refundStatus = 'pending';
      const pending = await gateway().refund({ idempotencyKey: refundKey(), reference, amountMinor: 100 });
      server.refundStatus = 'failed';
      const failed = await gateway().refund({ idempotencyKey: refundKey(), reference, amountMinor: 100 });
      // Assess
      expect(pending).toEqual({
        outcome: 'PENDING',
        reference: expect.stringMatching(/^re_/),
        code: 'processing',
      });
      expect(failed).toEqual({
        outcome: 'FAILED',
        reference: expect.stringMatching(/^re_/),
        code: 'expired_or_canceled_card',
      });
    });

    it('rejects a refund that times out; the retry under the same key returns the refund made', async () => {
      // Prepare
      const reference = await approvedCharge();
      const key = refundKey();
      const refunds = server.createdRefunds().length;
      server.responseDelayMs = 1_000;
      // Act
      const error = await rejection(
        gateway({ budget: { ...STRIPE_BUDGET, refundDeadlineMs: 200 } }).refund({
          idempotencyKey: key,
          reference,
          amountMinor: 1_500,
        }),
      );
      server.responseDelayMs = 0;
      const retry = await gateway().refund({ idempotencyKey: key, reference, amountMinor: 1_500 });
      // Assess
      expect(error.code).toBe('timeout');
      expect(retry.outcome).toBe('REFUNDED');
      expect(server.createdRefunds()).toHaveLength(refunds + 1);
      expect(server.createdRefunds().at(-1)?.id).toBe(retry.reference);
    });

    it('is a refunding gateway', () => {
      expect(canRefund(gateway())).toBe(true);
    });

    it('reads where the refund made under a key stands, and never takes another refund for it', async () => {
      // Prepare: a pending refund under our key, and one made without it (as in the dashboard).
      const reference = await approvedCharge();
      const key = refundKey();
      server.refundStatus = 'pending';
      const made = await gateway().refund({ idempotencyKey: key, reference, amountMinor: 1_000 });
      server.refundStatus = 'succeeded';
      const dashboard = new Stripe(server.secretKey, {
        host: server.endpoint.host,
        port: server.endpoint.port,
        protocol: 'http',
      });
      await dashboard.refunds.create({ payment_intent: reference, amount: 500 });
      // Act
      const pending = await gateway().refundStatus({ idempotencyKey: key, reference });
      server.settleRefund(made.reference ?? '', 'succeeded');
      const settled = await gateway().refundStatus({ idempotencyKey: key, reference });
      const other = await gateway().refundStatus({ idempotencyKey: refundKey(), reference });
      const notStripe = await gateway().refundStatus({ idempotencyKey: key, reference: 'sbx_1' });
      // Assess
      expect(pending).toEqual({ outcome: 'PENDING', reference: made.reference, code: 'processing' });
      expect(settled).toEqual({ outcome: 'REFUNDED', reference: made.reference });
      expect(other).toBeUndefined();
      expect(notStripe).toBeUndefined();
    });

    it('rejects (no answer) a refund status that times out', async () => {
      // Prepare
      const reference = await approvedCharge();
      server.responseDelayMs = 1_000;
      // Act
      const error = await rejection(
        gateway({ budget: { ...STRIPE_BUDGET, refundDeadlineMs: 200 } }).refundStatus({
          idempotencyKey: refundKey(),
          reference,
        }),
      );
      // Assess
      expect(error.code).toBe('timeout');
    });
  });

  describe('the hourly refund sweep', () => {
    const CONTEXT = { functionName: 'refund', awsRequestId: 'test' } as Context;
    let orders: DynamoOrderStore;
    let doc: DynamoDBDocumentClient;
    let ordersTable: string;
    let orderSeq = 830_000;
    const tasks: BackOfficeTask[] = [];

    beforeAll(async () => {
      const tables = await freshTables();
      doc = DynamoDBDocumentClient.from(tables.client, { marshallOptions: { removeUndefinedValues: true } });
      orders = new DynamoOrderStore(doc, tables.names);
      ordersTable = tables.names.orders;
    });

    /** A cancelled paid order Stripe really charged, refunded by the refund function at `status`. */
    const refundedOrder = async (status: 'pending' | 'failed' | 'succeeded') => {
      const orderId = String(++orderSeq);
      const charge = await gateway().charge(request(CARDS.visa, `order-${orderId}-payment-0`, 4_999));
      const order: Order = {
        orderId,
        callerHmac: 'b'.repeat(64),
        sku: 'HS-100',
        quantity: 1,
        currency: 'USD',
        unitPriceMinor: 4_999,
        totalMinor: 4_999,
        status: 'REFUND_DUE',
        locale: 'en-US',
        paymentReference: charge.reference ?? '',
        createdAt: '2026-12-01T08:00:00.000Z',
        updatedAt: '2026-12-01T08:00:00.000Z',
      };
      await doc.send(new PutCommand({ TableName: ordersTable, Item: order }));
      server.refundStatus = status;
      const handler = createRefundHandler({
        orders,
        gateway: gateway(),
        tasks: { open: async (t) => void tasks.push(t) },
        overdueAfterHours: 24,
      });
      const outcome = await handler(
        {
          source: ORDER_EVENT_SOURCE,
          'detail-type': ORDER_EVENT_TYPE,
          detail: { orderId, to: 'REFUND_DUE' },
        },
        CONTEXT,
      );
      server.refundStatus = 'succeeded';
      return { order, outcome, refund: server.createdRefunds().at(-1) };
    };

    it('records a refund Stripe left pending once Stripe settles it; a failed or still pending one stays for staff', async () => {
      // Prepare
      const settles = await refundedOrder('pending');
      const stays = await refundedOrder('pending');
      const fails = await refundedOrder('pending');
      server.settleRefund(String(settles.refund?.id), 'succeeded');
      server.settleRefund(String(fails.refund?.id), 'failed');
      const refunds = server.createdRefunds().length;
      const sweep = createRefundHandler({
        orders,
        gateway: gateway(),
        tasks: { open: async (t) => void tasks.push(t) },
        overdueAfterHours: 24,
        clock: () => new Date('2026-12-05T12:00:00.000Z'),
      });
      // Act
      const swept = await sweep(
        { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
        CONTEXT,
      );
      const again = await sweep(
        { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
        CONTEXT,
      );
      // Assess
      expect(settles.outcome).toMatchObject({ kind: 'PENDING' });
      expect(await orders.getOrder(settles.order.orderId)).toMatchObject({ status: 'REFUNDED' });
      expect(await orders.getOrder(stays.order.orderId)).toMatchObject({ status: 'REFUND_DUE' });
      expect(await orders.getOrder(fails.order.orderId)).toMatchObject({ status: 'REFUND_DUE' });
      expect(swept).toEqual({
        kind: 'SWEPT',
        overdue: 2,
        settled: { refunded: 1, pending: 1, notMade: 1, unanswered: 0, deferred: 0 },
      });
      expect(again).toMatchObject({ settled: { refunded: 0, pending: 1, notMade: 1 } });
      // It only reads: no refund was made again.
      expect(server.createdRefunds()).toHaveLength(refunds);
    });
  });

  it('never puts a card number in an answer, an error or the server’s records', async () => {
    // Prepare
    const adapter = gateway({ budget: { ...STRIPE_BUDGET, chargeDeadlineMs: 400 } });
    const seen: string[] = [];
    // Act
    for (const number of Object.values(CARDS)) {
      seen.push(JSON.stringify(await adapter.charge(request(number)).catch((e: Error) => e.message)));
    }
    server.responseDelayMs = 1_000;
    seen.push(
      JSON.stringify(
        await adapter.charge(request(CARDS.visa)).catch((e: Error) => `${e.name}: ${e.message}`),
      ),
    );
    server.responseDelayMs = 0;
    // Assess
    expect(seen.at(-1)).toMatch(/StripeOutcomeUnknownError: .*timeout/);
    expect(leaks(seen.join('\n'))).toEqual([]);
    expect(leaks(JSON.stringify(server.paymentIntents()))).toEqual([]);
    expect(leaks(JSON.stringify(server.requests))).toEqual([]);
  });

  it('fits its worst case in the time the payment flow gives the gateway', () => {
    // A lookup of an earlier attempt, the charge, a lookup after a charge without answer.
    expect(stripeWorstPaymentMs()).toBe(2 * STRIPE_BUDGET.lookupDeadlineMs + STRIPE_BUDGET.chargeDeadlineMs);
    expect(STRIPE_BUDGET.chargeDeadlineMs).toBeGreaterThanOrEqual(2_000);
    expect(stripeWorstPaymentMs()).toBeLessThan(8_000);
  });

  describe('behind the payment Lambda (DynamoDB Local)', () => {
    const KEY = Buffer.from('stripe-test-hmac-key');
    const CALLER = callerHmac('+1 555 0199', KEY);
    const CONTEXT = { functionName: 'payment', awsRequestId: 'test' } as Context;
    const fixture = readFileSync(new URL('../fixtures/payment/payment-event.json', import.meta.url), 'utf8');
    const connectKey = generateTestKeyPair('6f1c0d1e-0000-4000-8000-0000000c0de9');
    let doc: DynamoDBDocumentClient;
    let store: DynamoPaymentStore;
    let ordersTable: string;
    let orderSeq = 810_000;

    beforeAll(async () => {
      const tables = await freshTables();
      doc = DynamoDBDocumentClient.from(tables.client, { marshallOptions: { removeUndefinedValues: true } });
      store = new DynamoPaymentStore(doc, tables.names);
      ordersTable = tables.names.orders;
    });

    const handlerWith = (adapter: StripeGateway) =>
      createHandler({
        store,
        decryptor: new ConnectInputDecryptor(new StaticPrivateKeys([connectKey])),
        gateway: adapter,
        duplicateWait: { attempts: 2, sleep: () => new Promise<void>((r) => setTimeout(r, 10)) },
      });

    const seedOrder = async (): Promise<Order> => {
      const now = new Date().toISOString();
      const order: Order = {
        orderId: String(++orderSeq),
        callerHmac: CALLER,
        contactId: 'placed-in-an-earlier-call',
        sku: 'TEA-001',
        quantity: 2,
        currency: 'USD',
        unitPriceMinor: 1250,
        totalMinor: 2500,
        status: 'PENDING_PAYMENT',
        locale: 'en-US',
        createdAt: now,
        updatedAt: now,
      };
      await doc.send(new PutCommand({ TableName: ordersTable, Item: order }));
      return order;
    };

    const orderItem = async (orderId: string) =>
      (await doc.send(new GetCommand({ TableName: ordersTable, Key: { orderId }, ConsistentRead: true })))
        .Item;

    const event = async (orderId: string, card: string) => {
      const e = JSON.parse(fixture);
      e.Details.ContactData.Attributes.callerHmac = CALLER;
      e.Details.Parameters = {
        orderId,
        encryptedCard: await connectEncrypt(card, connectKey),
        encryptedExpiry: await connectEncrypt('1230', connectKey),
      };
      return e;
    };

    const intentsOf = (orderId: string) =>
      server.paymentIntents().filter((pi) => (pi.metadata as Record<string, string>).order_id === orderId);

    it('pays an order: PAID with the PaymentIntent id as reference', async () => {
      // Prepare
      const order = await seedOrder();
      // Act
      const result = await handlerWith(gateway())(await event(order.orderId, CARDS.visa), CONTEXT);
      // Assess
      expect(result).toEqual({ result: 'APPROVED', orderId: order.orderId, brand: 'VISA', last4: '4242' });
      const [intent] = intentsOf(order.orderId);
      expect(intent).toMatchObject({ amount: 2500, currency: 'usd', status: 'succeeded' });
      expect(await orderItem(order.orderId)).toMatchObject({ status: 'PAID', paymentReference: intent?.id });
    });

    it('turns a charge that timed out into PAID through the immediate lookup (list, not search)', async () => {
      // Prepare: the create answers too late; the list answers at once; search has not indexed yet.
      const order = await seedOrder();
      server.searchLagMs = 60_000;
      server.responseDelayMs = (method, path) =>
        method === 'POST' && path === '/v1/payment_intents' ? 1_500 : 0;
      const adapter = gateway({ budget: { ...STRIPE_BUDGET, chargeDeadlineMs: 400 } });
      // Act
      const result = await handlerWith(adapter)(await event(order.orderId, CARDS.visa), CONTEXT);
      // Assess
      expect(result).toMatchObject({ result: 'APPROVED', orderId: order.orderId });
      const intents = intentsOf(order.orderId);
      expect(intents).toHaveLength(1);
      expect(await orderItem(order.orderId)).toMatchObject({
        status: 'PAID',
        paymentReference: intents[0]?.id,
      });
    });

    it('never charges twice: a second card after an unconfirmed charge settles on the first charge', async () => {
      // Prepare: the charge and the lookup both time out; the caller hears "not confirmed".
      const order = await seedOrder();
      server.responseDelayMs = 1_000;
      const slow = gateway({ budget: { ...STRIPE_BUDGET, chargeDeadlineMs: 400, lookupDeadlineMs: 200 } });
      const first = await handlerWith(slow)(await event(order.orderId, CARDS.visa), CONTEXT);
      server.responseDelayMs = 0;
      // Act: the caller tries again with another card.
      const second = await handlerWith(gateway())(await event(order.orderId, CARDS.mastercard), CONTEXT);
      // Assess
      expect(first).toMatchObject({ result: 'ERROR', unconfirmed: 'true' });
      expect(second).toMatchObject({ result: 'APPROVED', orderId: order.orderId });
      const intents = intentsOf(order.orderId);
      expect(intents).toHaveLength(1);
      expect(await orderItem(order.orderId)).toMatchObject({
        status: 'PAID',
        paymentReference: intents[0]?.id,
      });
    });
  });

  describe('the local Stripe API itself (as Stripe documents it)', () => {
    it('requires a Bearer key', async () => {
      // Act
      const response = await fetch(`http://127.0.0.1:${server.endpoint.port}/v1/payment_intents`, {
        method: 'POST',
        body: 'amount=100&currency=usd',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const body = (await response.json()) as { error: { type: string; message: string } };
      // Assess
      expect(response.status).toBe(401);
      expect(body.error).toMatchObject({
        type: 'invalid_request_error',
        message: expect.stringMatching(/API key/),
      });
    });

    it('refuses the payment_method_types parameter on this API version', async () => {
      // Act
      const error = await sdk()
        .paymentIntents.create({ amount: 100, currency: 'usd', payment_method_types: ['card'] } as never)
        .catch((e: unknown) => e);
      // Assess
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error).toMatchObject({ statusCode: 400, code: 'payment_method_types_no_longer_supported' });
    });

    it('refuses to confirm without a return_url while redirect-based methods are allowed', async () => {
      // Act
      const error = await sdk()
        .paymentIntents.create({
          amount: 100,
          currency: 'usd',
          confirm: true,
          payment_method_data: { type: 'card', card: { number: CARDS.visa, exp_month: 12, exp_year: 2030 } },
        } as Stripe.PaymentIntentCreateParams)
        .catch((e: unknown) => e);
      // Assess
      expect(error).toMatchObject({
        statusCode: 400,
        rawType: 'invalid_request_error',
        message: expect.stringMatching(/return_url/),
      });
    });

    it('replays with Idempotent-Replayed and answers other parameters with a 400 idempotency_error', async () => {
      // Prepare
      const stripe = sdk();
      const key = nextKey();
      const params = {
        amount: 100,
        currency: 'usd',
        confirm: true,
        allowed_payment_method_types: ['card'],
        payment_method_data: { type: 'card', card: { number: CARDS.visa, exp_month: 12, exp_year: 2030 } },
      } as Stripe.PaymentIntentCreateParams;
      // Act
      const first = await stripe.paymentIntents.create(params, { idempotencyKey: key });
      const replay = await stripe.paymentIntents.create(params, { idempotencyKey: key });
      const conflict = await stripe.paymentIntents
        .create({ ...params, amount: 200 }, { idempotencyKey: key })
        .catch((e: unknown) => e);
      // Assess
      expect(replay.id).toBe(first.id);
      expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect(conflict).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    });

    it('answers a decline with HTTP 402, a card_error and the failed PaymentIntent', async () => {
      // Act
      const error = await sdk()
        .paymentIntents.create(
          {
            amount: 100,
            currency: 'usd',
            confirm: true,
            allowed_payment_method_types: ['card'],
            payment_method_data: {
              type: 'card',
              card: { number: CARDS.insufficientFunds, exp_month: 12, exp_year: 2030 },
            },
          } as Stripe.PaymentIntentCreateParams,
          { idempotencyKey: nextKey() },
        )
        .catch((e: unknown) => e);
      // Assess
      expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(error).toMatchObject({
        statusCode: 402,
        rawType: 'card_error',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        payment_intent: { status: 'requires_payment_method' },
      });
    });
  });
});
