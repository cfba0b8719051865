/**
 * ### Stripe payment gateway
 *
 * A real {@link PaymentGateway} (and {@link Refunds}) over Stripe's PaymentIntents and Refunds APIs,
 * with the official `stripe` SDK and an explicitly pinned API version.
 *
 * | port call | Stripe request                                                               |
 * |-----------|------------------------------------------------------------------------------|
 * | `charge`  | `POST /v1/payment_intents` (create + confirm), `Idempotency-Key` = the port's key |
 * |           | `POST /v1/payment_intents/{id}/cancel` when an intent is left in `requires_action` |
 * | `lookup`  | `GET /v1/payment_intents?created[gte]=...` (recent window, strongly consistent), |
 * |           | then `GET /v1/payment_intents/search` on `metadata['idempotency_key']`      |
 * | `refund`  | `POST /v1/refunds` (`payment_intent`, `amount`), `Idempotency-Key` = the port's key |
 *
 * **Raw card data.** The card number and expiry go to Stripe as `payment_method_data[card]`: the
 * caller keyed them on the phone and no Stripe.js can tokenise them first. Stripe accepts raw card
 * numbers only on accounts it has granted raw card data API access, which requires the merchant to
 * show PCI DSS compliance for systems that handle card numbers (SAQ D, not the SAQ A of hosted
 * fields). Without that access Stripe refuses the request (an ERROR answer, nothing charged). The SDK's types omit `payment_method_data[card]` for
 * that reason; {@link RawCardParams} adds it. Phone payments are card-not-present MOTO transactions:
 * `moto: true` flags them so (`payment_method_options[card][moto]`, out of scope of SCA), which
 * Stripe enables per account after verifying PCI compliance.
 *
 * **No redirects, no 3-D Secure.** `allowed_payment_method_types: ['card']` (the API version pinned
 * here no longer accepts a writable `payment_method_types`, and the allowed list is exclusive with
 * `automatic_payment_methods`), and `error_on_requires_action: true`: a card that asks for
 * authentication is declined by Stripe with `authentication_required` instead of waiting for a
 * challenge nobody on a phone line can complete. Should an intent still end in `requires_action`,
 * it is cancelled (best effort) and answered DECLINED `authentication_required`.
 *
 * **Answers.** `succeeded` is APPROVED (reference = PaymentIntent id). A card error (HTTP 402) is
 * DECLINED with the decline code (or the error code), except `processing_error`, which is ERROR. A
 * 400/404 invalid request, 401, 403 or 429 is ERROR with a code: Stripe answered and nothing was
 * charged. A timeout, a connection error, a 5xx, a 409 (another request under the key is still
 * executing), `processing` or `requires_capture` leave the outcome unknown: the call rejects with
 * {@link StripeOutcomeUnknownError}, as the port prescribes. A 400 `idempotency_error` (the key was
 * used with other parameters, e.g. a second card after an unconfirmed first attempt) is resolved by
 * a lookup: the first charge's answer is returned, as the port's idempotency contract requires, or
 * the call rejects when the first charge cannot be found yet. Never ERROR there: that would tell the
 * payment Lambda nothing was charged and let it charge again under a new key.
 *
 * **Lookup and Search's consistency.** The PaymentIntent has an id Stripe chooses, so the only handle
 * the port has is the idempotency key, stored in the intent's metadata. Stripe's Search API finds it
 * (`metadata['idempotency_key']:'<key>'`) but is eventually consistent: Stripe says not to use it
 * for read-after-write, data is normally searchable within a minute and can lag longer during an
 * outage. The payment Lambda calls `lookup` right after a charge times out, which is exactly a
 * read-after-write, so `lookup` first pages through the intents created in the last
 * `recentWindowSeconds` with the list API (strongly consistent) and only then searches. It answers
 * "no charge" only when the recent list was read to its end and Search found nothing either; a
 * truncated list and an empty search reject (outcome unknown). For the caller this means: a charge
 * made in the recent window is always found; an older one is found once Search has indexed it
 * (normally well inside the window); and a miss during a Search outage is still caught by the
 * idempotency key, because a takeover charges under the same order-scoped key (a repeat of the same
 * request is replayed by Stripe, a different card is an `idempotency_error`, resolved as above), as
 * long as Stripe keeps the key (at least 24 hours). Search is not available to accounts in India.
 *
 * **Budget.** Each port call has one deadline (the key fetch included); every SDK request gets the
 * time left as its timeout and is also raced against the deadline (the SDK's socket timeout is an
 * idle timeout, and it retries a reset connection once even with retries off). SDK retries are off
 * by default (`maxNetworkRetries: 0`): a failed charge becomes a lookup, which is the retry.
 *
 * Never logged or put in an error: the card number, the expiry, the secret key. This module does not
 * log at all; errors carry fixed text and Stripe's machine codes only.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import Stripe from 'stripe';
import type { StripeMode } from '../contracts/env/payment';
import { IO_BUDGETS } from '../contracts/io-budgets';
import type {
  ChargeRequest,
  ChargeResult,
  PaymentGateway,
  RefundRequest,
  RefundResult,
  Refunds,
} from '../core/payment/gateway';
import { boundedClientConfig } from './clients';

/** The Stripe API version this adapter is written and tested against (the SDK's pinned version). */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const satisfies Stripe.LatestApiVersion;

/** Time limits of the Stripe adapter. */
export interface StripeBudget {
  /** Whole `charge` call: key fetch, create and confirm, a cancel when one is needed. */
  readonly chargeDeadlineMs: number;
  /** Whole `lookup` call: key fetch, list pages, search. */
  readonly lookupDeadlineMs: number;
  /** Whole `refund` call. */
  readonly refundDeadlineMs: number;
  /** SDK retries per request (0-2; the SDK backs off at least 0.5 s between attempts). */
  readonly maxNetworkRetries: number;
}

/**
 * Defaults. In one invocation the payment Lambda may `lookup` an earlier unsettled attempt, then
 * `charge`, then `lookup` a charge that got no answer, so the gateway's share of Connect's 8 s is
 * {@link stripeWorstPaymentMs} = 4 s: the payment function's `gatewayMs` in
 * lambdas/contracts/io-budgets.ts, which test/infra/io-budgets.test.ts adds to its AWS calls'
 * worst case. The charge keeps 2.5 s because card authorisation goes to the issuer; a lookup is a
 * list page and a search, and a lookup that runs out of time only leaves the outcome unknown (the
 * next attempt reconciles before it charges), never a second charge.
 */
export const STRIPE_BUDGET: StripeBudget = {
  chargeDeadlineMs: 2_500,
  lookupDeadlineMs: 750,
  refundDeadlineMs: 5_000,
  maxNetworkRetries: 0,
};

/**
 * The longest the payment Lambda can wait on this gateway in one invocation: a lookup of an
 * earlier attempt, the charge, and a lookup after a charge without answer.
 */
export function stripeWorstPaymentMs(budget: StripeBudget = STRIPE_BUDGET): number {
  return budget.lookupDeadlineMs + budget.chargeDeadlineMs + budget.lookupDeadlineMs;
}

/** Stripe's two environments: a key is for one of them. */
export type { StripeMode };

/** Where the secret key comes from. */
export interface StripeKeySource {
  key(): Promise<string>;
  /** Forgets a cached key (after Stripe rejected it: it may have been rotated). */
  invalidate?(): void;
}

/** A key given in code (tests, local runs). */
export class StaticStripeKey implements StripeKeySource {
  constructor(private readonly secretKey: string) {}

  async key(): Promise<string> {
    return this.secretKey;
  }
}

/**
 * The secret key from a Secrets Manager secret: the bare key (`sk_live_...`, or a restricted
 * `rk_live_...`), or JSON `{"secretKey": "..."}`. Fetched on first use and kept for the life of the
 * container; a failed fetch is not cached, and {@link invalidate} (called when Stripe answers 401)
 * makes the next call fetch again, so a rotated key reaches warm containers.
 */
export class SecretsManagerStripeKey implements StripeKeySource {
  private cached?: string;
  private pending?: Promise<string>;

  constructor(
    private readonly secretId: string,
    private readonly client: SecretsManagerClient,
  ) {}

  async key(): Promise<string> {
    if (this.cached) return this.cached;
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    if (!out.SecretString) throw new Error('Stripe key secret has no string value');
    const value = parseStripeSecret(out.SecretString);
    this.cached = value;
    return value;
  }
}

const KEY_PATTERN = /^(?:sk|rk)_(live|test)_[0-9A-Za-z]{8,}$/;

/**
 * The Stripe secret key in a secret's text: the bare key or JSON `{"secretKey": "..."}`.
 *
 * @throws when the text holds no well-formed secret or restricted key (the message never quotes it)
 */
export function parseStripeSecret(text: string): string {
  let candidate = text.trim();
  if (candidate.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate);
    } catch {
      throw new Error('Stripe key secret is not valid JSON');
    }
    const value = (parsed as { secretKey?: unknown }).secretKey;
    candidate = typeof value === 'string' ? value.trim() : '';
  }
  if (!KEY_PATTERN.test(candidate)) {
    throw new Error('Stripe key secret holds no secret (sk_) or restricted (rk_) key');
  }
  return candidate;
}

/** The mode of a well-formed key. */
function keyMode(key: string): StripeMode | undefined {
  return KEY_PATTERN.exec(key)?.[1] as StripeMode | undefined;
}

/**
 * The call rejected without an answer from Stripe: whether money moved (or a refund was made) is
 * unknown. `code` says why (`timeout`, `connection_error`, `api_error`, `idempotency_key_in_use`,
 * `payment_processing`, ...). Never carries card data, the key or Stripe's message.
 */
export class StripeOutcomeUnknownError extends Error {
  constructor(
    readonly operation: 'charge' | 'lookup' | 'refund' | 'refund status',
    readonly code: string,
  ) {
    super(`stripe ${operation}: no definite answer (${code}); the outcome is unknown`);
    this.name = 'StripeOutcomeUnknownError';
  }
}

/** Host, port and protocol of the API (a local server in tests). */
export interface StripeEndpoint {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
}

/** Settings of {@link StripeGateway}. */
export interface StripeGatewayOptions {
  readonly key: StripeKeySource;
  /** The environment the key must belong to: a test key in `live` mode answers ERROR, never charges. */
  readonly mode: StripeMode;
  /** @default STRIPE_BUDGET */
  readonly budget?: StripeBudget;
  /** @default api.stripe.com:443 over https */
  readonly endpoint?: StripeEndpoint;
  /** Flag charges as MOTO (needs Stripe to enable MOTO on the account). @default false */
  readonly moto?: boolean;
  /** Let Stripe decline cards that ask for authentication. @default true */
  readonly errorOnRequiresAction?: boolean;
  /** How far back `lookup` lists intents before it falls back to Search. @default 900 */
  readonly recentWindowSeconds?: number;
  /** List pages (of 100) `lookup` reads at most. @default 3 */
  readonly maxListPages?: number;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/**
 * `payment_method_data` with raw card details, which Stripe accepts on accounts with raw card data
 * access and the SDK's types leave out.
 */
export type RawCardParams = Stripe.PaymentIntentCreateParams & {
  payment_method_data: Stripe.PaymentIntentCreateParams.PaymentMethodData & {
    card: { number: string; exp_month: number; exp_year: number };
  };
};

/** The least time left on a charge's deadline for the create request to be sent at all. */
const MIN_REQUEST_MS = 250;
/** Idempotency keys this adapter sends: Stripe allows 255 characters; metadata values 500. */
const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,200}$/;
/** A machine code as Stripe writes them; anything else becomes `unknown`. */
const CODE_PATTERN = /^[a-z0-9_]{1,80}$/;
const AUTHENTICATION_CODES = new Set([
  'authentication_required',
  'requires_action_not_handled',
  'payment_intent_authentication_failure',
]);

const safeCode = (code: unknown, fallback: string): string =>
  typeof code === 'string' && CODE_PATTERN.test(code) ? code : fallback;

/** Pages of a payment intent's refunds read before giving up (100 each; one is the usual). */
const MAX_REFUND_PAGES = 5;

/** A Stripe refund as the port's result. */
function refundResultOf(refund: Stripe.Refund): RefundResult {
  const reference = refund.id;
  switch (refund.status) {
    case 'succeeded':
      return { outcome: 'REFUNDED', reference };
    case 'failed':
    case 'canceled':
      return { outcome: 'FAILED', reference, code: safeCode(refund.failure_reason, refund.status) };
    case 'pending':
    case 'requires_action':
      return { outcome: 'PENDING', reference, code: safeCode(refund.pending_reason, refund.status) };
    default:
      return { outcome: 'PENDING', reference, code: 'unknown_status' };
  }
}

/** One port call's deadline. */
class Deadline {
  private readonly at: number;

  constructor(
    ms: number,
    private readonly operation: StripeOutcomeUnknownError['operation'],
  ) {
    this.at = Date.now() + ms;
  }

  remaining(): number {
    return this.at - Date.now();
  }

  /** Request options: the time left as the SDK timeout, and the idempotency key if any. */
  options(maxNetworkRetries: number, idempotencyKey?: string): Stripe.RequestOptions {
    return {
      timeout: Math.max(1, Math.floor(this.remaining())),
      maxNetworkRetries,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
  }

  /** `work`, or a rejection with code `timeout` once the deadline passes. */
  async race<T>(work: Promise<T>): Promise<T> {
    // A late settlement of `work` after the deadline must not surface as an unhandled rejection.
    work.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StripeOutcomeUnknownError(this.operation, 'timeout')),
        Math.max(0, this.remaining()),
      );
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** What a PaymentIntent says about its charge. */
type IntentAnswer =
  | { readonly kind: 'answer'; readonly result: ChargeResult; readonly cancel?: boolean }
  | { readonly kind: 'unknown'; readonly code: string };

/** The answer a PaymentIntent's state gives (see the module comment). */
function answerOf(intent: Stripe.PaymentIntent): IntentAnswer {
  const reference = intent.id;
  switch (intent.status) {
    case 'succeeded':
      return { kind: 'answer', result: { outcome: 'APPROVED', reference } };
    case 'requires_action':
      return {
        kind: 'answer',
        result: { outcome: 'DECLINED', code: 'authentication_required', reference },
        cancel: true,
      };
    case 'processing':
      return { kind: 'unknown', code: 'payment_processing' };
    case 'requires_capture':
      return { kind: 'unknown', code: 'requires_capture' };
    case 'requires_payment_method':
    case 'canceled': {
      const last = intent.last_payment_error;
      if (last) return { kind: 'answer', result: cardAnswer(last.decline_code, last.code, reference) };
      if (intent.status === 'canceled') {
        return { kind: 'answer', result: { outcome: 'DECLINED', code: 'canceled', reference } };
      }
      return {
        kind: 'answer',
        result: { outcome: 'ERROR', code: 'payment_intent_not_confirmed', reference },
      };
    }
    default:
      // requires_confirmation: never confirmed, nothing charged.
      return {
        kind: 'answer',
        result: { outcome: 'ERROR', code: 'payment_intent_not_confirmed', reference },
      };
  }
}

/** A card error's answer: DECLINED with the decline code, or ERROR for a processing error. */
function cardAnswer(declineCode: unknown, code: unknown, reference?: string): ChargeResult {
  const raw = safeCode(declineCode, '') || safeCode(code, 'card_declined');
  const normalised = AUTHENTICATION_CODES.has(raw) ? 'authentication_required' : raw;
  return {
    outcome: normalised === 'processing_error' ? 'ERROR' : 'DECLINED',
    code: normalised,
    ...(reference ? { reference } : {}),
  };
}

/** Among intents created under one key (normally one), the approved one, else the newest. */
function pick(intents: readonly Stripe.PaymentIntent[]): Stripe.PaymentIntent | undefined {
  const succeeded = intents.find((i) => i.status === 'succeeded');
  if (succeeded) return succeeded;
  return [...intents].sort((a, b) => b.created - a.created)[0];
}

/** A StripeError's fields this adapter reads (set by the SDK from Stripe's error JSON). */
interface StripeErrorLike {
  readonly type: string;
  readonly rawType?: string;
  readonly statusCode?: number;
  readonly code?: string;
  readonly decline_code?: string;
  readonly payment_intent?: { readonly id?: string };
  /** The underlying network error of a StripeConnectionError. */
  readonly detail?: { readonly code?: string };
}

function asStripeError(error: unknown): StripeErrorLike | undefined {
  return error instanceof Stripe.errors.StripeError ? (error as unknown as StripeErrorLike) : undefined;
}

/** The Stripe gateway (see the module comment). */
export class StripeGateway implements PaymentGateway, Refunds {
  readonly name = 'stripe';
  private client?: { readonly key: string; readonly stripe: Stripe };
  private readonly budget: StripeBudget;
  private readonly now: () => number;

  constructor(private readonly options: StripeGatewayOptions) {
    this.budget = options.budget ?? STRIPE_BUDGET;
    this.now = options.now ?? Date.now;
    const retries = this.budget.maxNetworkRetries;
    if (!Number.isInteger(retries) || retries < 0 || retries > 2) {
      throw new Error('maxNetworkRetries must be 0, 1 or 2');
    }
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const deadline = new Deadline(this.budget.chargeDeadlineMs, 'charge');
    if (!IDEMPOTENCY_KEY_PATTERN.test(request.idempotencyKey)) {
      return { outcome: 'ERROR', code: 'invalid_idempotency_key' };
    }
    if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) {
      return { outcome: 'ERROR', code: 'invalid_amount' };
    }
    let stripe: Stripe;
    try {
      stripe = await deadline.race(this.stripe());
    } catch {
      // Nothing was sent to Stripe: an answer, not an unknown outcome.
      return { outcome: 'ERROR', code: 'credentials_unavailable' };
    }
    // Too little time left to expect an answer: better not to send than to leave an unknown outcome.
    if (deadline.remaining() < MIN_REQUEST_MS) return { outcome: 'ERROR', code: 'gateway_deadline_exceeded' };
    const expiry = request.expiry.reveal();
    const params: RawCardParams = {
      amount: request.amountMinor,
      currency: request.currency.toLowerCase(),
      confirm: true,
      allowed_payment_method_types: ['card'],
      payment_method_data: {
        type: 'card',
        card: { number: request.card.reveal(), exp_month: expiry.month, exp_year: expiry.year },
      },
      ...(this.options.errorOnRequiresAction === false ? {} : { error_on_requires_action: true }),
      ...(this.options.moto ? { payment_method_options: { card: { moto: true } } } : {}),
      metadata: { order_id: request.orderId, idempotency_key: request.idempotencyKey },
    };
    let intent: Stripe.PaymentIntent;
    try {
      intent = await deadline.race(
        stripe.paymentIntents.create(
          params,
          deadline.options(this.budget.maxNetworkRetries, request.idempotencyKey),
        ),
      );
    } catch (error) {
      return this.chargeFailure(error, request.idempotencyKey, stripe, deadline);
    }
    const answer = answerOf(intent);
    if (answer.kind === 'unknown') throw new StripeOutcomeUnknownError('charge', answer.code);
    if (answer.cancel) await this.cancelQuietly(stripe, intent.id, request.idempotencyKey, deadline);
    return answer.result;
  }

  /**
   * The answer to the charge made under `idempotencyKey` (see "Lookup" in the module comment).
   *
   * @returns the answer, or undefined when Stripe holds no PaymentIntent under the key
   * @throws StripeOutcomeUnknownError when Stripe cannot be asked or cannot say for sure
   */
  async lookup(idempotencyKey: string): Promise<ChargeResult | undefined> {
    const deadline = new Deadline(this.budget.lookupDeadlineMs, 'lookup');
    // A key this adapter would never have sent was never charged.
    if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) return undefined;
    let stripe: Stripe;
    try {
      stripe = await deadline.race(this.stripe());
    } catch {
      throw new StripeOutcomeUnknownError('lookup', 'credentials_unavailable');
    }
    let intent: Stripe.PaymentIntent | undefined;
    try {
      intent = await this.find(stripe, idempotencyKey, deadline);
    } catch (error) {
      throw this.unknown('lookup', error);
    }
    if (!intent) return undefined;
    const answer = answerOf(intent);
    if (answer.kind === 'unknown') throw new StripeOutcomeUnknownError('lookup', answer.code);
    if (answer.cancel) await this.cancelQuietly(stripe, intent.id, idempotencyKey, deadline);
    return answer.result;
  }

  /**
   * Refunds `amountMinor` of the PaymentIntent `reference`, once per idempotency key. REFUNDED when
   * Stripe's refund succeeded, PENDING while it is pending (or needs action), FAILED when Stripe
   * refused it (unknown intent, more than is left, already refunded) or the refund failed.
   *
   * @throws StripeOutcomeUnknownError when no answer came: retry later with the same key
   */
  async refund(request: RefundRequest): Promise<RefundResult> {
    const deadline = new Deadline(this.budget.refundDeadlineMs, 'refund');
    if (!IDEMPOTENCY_KEY_PATTERN.test(request.idempotencyKey)) {
      return { outcome: 'FAILED', code: 'invalid_idempotency_key' };
    }
    if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) {
      return { outcome: 'FAILED', code: 'invalid_amount' };
    }
    if (!/^pi_[A-Za-z0-9]+$/.test(request.reference)) return { outcome: 'FAILED', code: 'unknown_reference' };
    let stripe: Stripe;
    try {
      stripe = await deadline.race(this.stripe());
    } catch {
      throw new StripeOutcomeUnknownError('refund', 'credentials_unavailable');
    }
    let refund: Stripe.Refund;
    try {
      refund = await deadline.race(
        stripe.refunds.create(
          {
            payment_intent: request.reference,
            amount: request.amountMinor,
            reason: 'requested_by_customer',
            metadata: { idempotency_key: request.idempotencyKey },
          },
          deadline.options(this.budget.maxNetworkRetries, request.idempotencyKey),
        ),
      );
    } catch (error) {
      return this.refundFailure(error);
    }
    return refundResultOf(refund);
  }

  /**
   * Where the refund made under `idempotencyKey` stands now: the payment intent's refunds (newest
   * first, Stripe's list is strongly consistent), the one whose metadata carries the key. A refund
   * made in the dashboard carries no key and is never taken for ours.
   *
   * @throws StripeOutcomeUnknownError when no answer came
   */
  async refundStatus(
    request: Pick<RefundRequest, 'idempotencyKey' | 'reference'>,
  ): Promise<RefundResult | undefined> {
    if (!/^pi_[A-Za-z0-9]+$/.test(request.reference)) return undefined;
    const deadline = new Deadline(this.budget.refundDeadlineMs, 'refund status');
    try {
      const stripe = await deadline.race(this.stripe());
      let startingAfter: string | undefined;
      for (let page = 0; page < MAX_REFUND_PAGES; page++) {
        const list = await deadline.race(
          stripe.refunds.list(
            {
              payment_intent: request.reference,
              limit: 100,
              ...(startingAfter ? { starting_after: startingAfter } : {}),
            },
            deadline.options(this.budget.maxNetworkRetries),
          ),
        );
        const ours = list.data.find((r) => r.metadata?.idempotency_key === request.idempotencyKey);
        if (ours) return refundResultOf(ours);
        if (!list.has_more || list.data.length === 0) return undefined;
        startingAfter = list.data.at(-1)?.id;
      }
      return undefined;
    } catch (error) {
      throw this.unknown('refund status', error);
    }
  }

  /** The SDK client for the current key (rebuilt when the key changes). */
  private async stripe(): Promise<Stripe> {
    const key = await this.options.key.key();
    if (this.client?.key === key) return this.client.stripe;
    if (keyMode(key) !== this.options.mode) {
      throw new Error(`Stripe key is not a ${this.options.mode}-mode key`);
    }
    const endpoint = this.options.endpoint;
    const stripe = new Stripe(key, {
      apiVersion: STRIPE_API_VERSION,
      maxNetworkRetries: this.budget.maxNetworkRetries,
      timeout: Math.max(
        this.budget.chargeDeadlineMs,
        this.budget.lookupDeadlineMs,
        this.budget.refundDeadlineMs,
      ),
      telemetry: false,
      appInfo: { name: 'phone-robot' },
      ...(endpoint ? { host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol } : {}),
    });
    this.client = { key, stripe };
    return stripe;
  }

  /** Stripe rejected the key: forget it, so that a rotated key is fetched on the next call. */
  private forgetKey(): void {
    this.client = undefined;
    this.options.key.invalidate?.();
  }

  private async chargeFailure(
    error: unknown,
    idempotencyKey: string,
    stripe: Stripe,
    deadline: Deadline,
  ): Promise<ChargeResult> {
    const e = asStripeError(error);
    if (!e) throw this.unknown('charge', error);
    switch (e.type) {
      case 'StripeCardError':
        return cardAnswer(e.decline_code, e.code, e.payment_intent?.id);
      case 'StripeIdempotencyError': {
        // The key was used with other parameters: the first request's answer is the answer.
        let first: Stripe.PaymentIntent | undefined;
        try {
          first = await this.find(stripe, idempotencyKey, deadline);
        } catch {
          throw new StripeOutcomeUnknownError('charge', 'idempotency_error');
        }
        const answer = first ? answerOf(first) : undefined;
        if (answer?.kind !== 'answer') throw new StripeOutcomeUnknownError('charge', 'idempotency_error');
        return answer.result;
      }
      case 'StripeInvalidRequestError':
        return { outcome: 'ERROR', code: safeCode(e.code, 'invalid_request_error') };
      case 'StripeAuthenticationError':
        this.forgetKey();
        return { outcome: 'ERROR', code: 'authentication_error' };
      case 'StripePermissionError':
        return { outcome: 'ERROR', code: 'permission_error' };
      case 'StripeRateLimitError':
        return { outcome: 'ERROR', code: safeCode(e.code, 'rate_limit') };
      default:
        throw this.unknown('charge', error);
    }
  }

  private refundFailure(error: unknown): RefundResult {
    const e = asStripeError(error);
    if (!e) throw this.unknown('refund', error);
    switch (e.type) {
      case 'StripeInvalidRequestError':
      case 'StripeCardError':
        return { outcome: 'FAILED', code: safeCode(e.code, 'invalid_request_error') };
      case 'StripeAuthenticationError':
        this.forgetKey();
        return { outcome: 'FAILED', code: 'authentication_error' };
      case 'StripePermissionError':
        return { outcome: 'FAILED', code: 'permission_error' };
      default:
        // Idempotency conflicts, rate limits, 5xx, timeouts: it may or may not have been made.
        throw this.unknown('refund', error);
    }
  }

  /** A rejection without card data, key or Stripe's message. */
  private unknown(
    operation: StripeOutcomeUnknownError['operation'],
    error: unknown,
  ): StripeOutcomeUnknownError {
    if (error instanceof StripeOutcomeUnknownError) return error;
    const e = asStripeError(error);
    if (!e) return new StripeOutcomeUnknownError(operation, 'client_error');
    if (e.type === 'StripeAuthenticationError') this.forgetKey();
    if (e.type === 'StripeConnectionError' && e.detail?.code === 'ETIMEDOUT') {
      return new StripeOutcomeUnknownError(operation, 'timeout');
    }
    const byType: Record<string, string> = {
      StripeConnectionError: 'connection_error',
      StripeIdempotencyError: 'idempotency_error',
      StripeRateLimitError: 'rate_limit',
      StripeAuthenticationError: 'authentication_error',
      StripePermissionError: 'permission_error',
    };
    return new StripeOutcomeUnknownError(operation, safeCode(e.code, byType[e.type] ?? 'api_error'));
  }

  /**
   * The PaymentIntent created under `idempotencyKey`: the recent list first (strongly consistent),
   * then Search (eventually consistent).
   *
   * @throws when Stripe cannot be asked, or when the list was cut short and Search found nothing
   */
  private async find(
    stripe: Stripe,
    idempotencyKey: string,
    deadline: Deadline,
  ): Promise<Stripe.PaymentIntent | undefined> {
    const retries = this.budget.maxNetworkRetries;
    const mine = (intents: readonly Stripe.PaymentIntent[]) =>
      pick(intents.filter((i) => i.metadata?.idempotency_key === idempotencyKey));
    const since = Math.floor(this.now() / 1000) - (this.options.recentWindowSeconds ?? 900);
    let complete = false;
    let startingAfter: string | undefined;
    for (let page = 0; page < (this.options.maxListPages ?? 3); page++) {
      const listed = await deadline.race(
        stripe.paymentIntents.list(
          {
            created: { gte: since },
            limit: 100,
            ...(startingAfter ? { starting_after: startingAfter } : {}),
          },
          deadline.options(retries),
        ),
      );
      const hit = mine(listed.data);
      if (hit) return hit;
      startingAfter = listed.data.at(-1)?.id;
      if (!listed.has_more || !startingAfter) {
        complete = true;
        break;
      }
    }
    const found = await deadline.race(
      stripe.paymentIntents.search(
        { query: `metadata['idempotency_key']:'${idempotencyKey}'`, limit: 10 },
        deadline.options(retries),
      ),
    );
    const hit = mine(found.data);
    if (hit) return hit;
    if (!complete) throw new StripeOutcomeUnknownError('lookup', 'lookup_incomplete');
    return undefined;
  }

  /** Cancels an intent stuck in `requires_action`; the DECLINED answer stands whatever happens. */
  private async cancelQuietly(
    stripe: Stripe,
    intentId: string,
    idempotencyKey: string,
    deadline: Deadline,
  ): Promise<void> {
    if (deadline.remaining() <= 0) return;
    try {
      await deadline.race(
        stripe.paymentIntents.cancel(
          intentId,
          { cancellation_reason: 'abandoned' },
          deadline.options(this.budget.maxNetworkRetries, `${idempotencyKey}:cancel`),
        ),
      );
    } catch {
      // Without the customer's authentication the intent cannot move money; cancelling is hygiene.
    }
  }
}

/** Settings of {@link stripeGatewayFromSecret}. */
export interface StripeFromSecretOptions extends Omit<StripeGatewayOptions, 'key'> {
  /** ARN (or name) of the secret with the key. */
  readonly secretArn: string;
  /** @default a Secrets Manager client bounded by the payment function's I/O budget */
  readonly client?: SecretsManagerClient;
}

/**
 * The Stripe gateway with its key from Secrets Manager, fetched lazily on the first call and kept
 * for the container's life. No I/O happens here: safe at cold start.
 */
export function stripeGatewayFromSecret(options: StripeFromSecretOptions): StripeGateway {
  const { secretArn, client, ...settings } = options;
  const secrets = client ?? new SecretsManagerClient(boundedClientConfig(IO_BUDGETS.payment));
  return new StripeGateway({ ...settings, key: new SecretsManagerStripeKey(secretArn, secrets) });
}
