/**
 * A local Stripe API (node:http, no framework) for the Stripe gateway adapter's tests. It
 * implements, as Stripe documents them, exactly the endpoints the adapter calls:
 *
 * | endpoint                                   | what the adapter uses it for                  |
 * |--------------------------------------------|-----------------------------------------------|
 * | `POST /v1/payment_intents`                 | create and confirm a card payment             |
 * | `POST /v1/payment_intents/{id}/cancel`     | cancel one left in `requires_action`          |
 * | `GET /v1/payment_intents`                  | lookup: recent intents (strongly consistent)  |
 * | `GET /v1/payment_intents/search`           | lookup: older intents by metadata (lagging)   |
 * | `POST /v1/refunds`                         | refund part or all of a payment intent        |
 * | `GET /v1/refunds`                          | a payment intent's refunds (settling pending) |
 *
 * What it honours, after Stripe's documentation:
 * - Auth: `Authorization: Bearer <secret key>` (or HTTP Basic with the key as user); anything else
 *   is 401.
 * - Form-encoded bodies with bracket notation (`metadata[order_id]=...`, `a[0]=...`), query strings
 *   likewise on GET.
 * - Idempotency (API v1): the status and body of the first request under a key are saved once the
 *   endpoint starts executing and replayed for the same key and parameters (with
 *   `Idempotent-Replayed: true`); the same key with other parameters or on another endpoint is a
 *   400 `idempotency_error`; a request while the first one is still executing is a 409
 *   (`idempotency_key_in_use`); parameter validation errors are not saved.
 * - API version 2026-09-30.endive and later: `payment_method_types` is no longer writable (400
 *   `payment_method_types_no_longer_supported`); `allowed_payment_method_types` is exclusive with
 *   `automatic_payment_methods`; confirming without a `return_url` while redirect-based methods
 *   are allowed is refused.
 * - Errors as `{ error: { type, code, decline_code, message, param, ... } }`: 402 `card_error` for
 *   declines (with the failed `payment_intent`), 400/404 `invalid_request_error`, 401 for keys.
 * - Test cards from Stripe's testing page (see {@link STRIPE_TEST_CARDS}); any other Luhn-valid
 *   number is declined `test_mode_live_card`, a Luhn-invalid one `incorrect_number`.
 * - Search is eventually consistent: an intent becomes searchable `searchLagMs` after it is written;
 *   the list endpoint is not.
 *
 * Knobs for tests: `responseDelayMs` (the server does the work, then answers late: a client timeout
 * leaves a charge behind, as with the real API), `processingDelayMs` (holds the idempotency key
 * while "executing"), `searchLagMs`, `refundStatus`, and a request log for counting calls. Card
 * numbers are never stored: intents keep brand and last four, the idempotency store a digest.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A card's scripted answer. */
type CardBehaviour =
  | { readonly kind: 'succeed'; readonly brand: string }
  | {
      readonly kind: 'decline';
      readonly code: string;
      readonly declineCode?: string;
      readonly message: string;
    }
  | { readonly kind: 'authenticate' };

const DECLINED = 'Your card was declined.';

/** Stripe's documented test cards (docs.stripe.com/testing) this server knows. */
export const STRIPE_TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
  '4242424242424242': { kind: 'succeed', brand: 'visa' },
  '4000056655665556': { kind: 'succeed', brand: 'visa' },
  '5555555555554444': { kind: 'succeed', brand: 'mastercard' },
  '378282246310005': { kind: 'succeed', brand: 'amex' },
  '6011111111111117': { kind: 'succeed', brand: 'discover' },
  '4000000000000002': {
    kind: 'decline',
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: DECLINED,
  },
  '4000000000009995': {
    kind: 'decline',
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  '4000000000009987': { kind: 'decline', code: 'card_declined', declineCode: 'lost_card', message: DECLINED },
  '4000000000009979': {
    kind: 'decline',
    code: 'card_declined',
    declineCode: 'stolen_card',
    message: DECLINED,
  },
  '4000000000000069': { kind: 'decline', code: 'expired_card', message: 'Your card has expired.' },
  '4000000000000127': {
    kind: 'decline',
    code: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
  '4000000000000119': {
    kind: 'decline',
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
  // Authentication required for one-time payments (3-D Secure): cannot be done over the phone.
  '4000002500003155': { kind: 'authenticate' },
  '4000002760003184': { kind: 'authenticate' },
  '4000000000003220': { kind: 'authenticate' },
};

/** Nested form parameters as Stripe reads them. */
type Params = { [key: string]: ParamValue };
type ParamValue = string | Params | ParamValue[];

/** One request as the server saw it (no card data). */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey?: string;
  readonly stripeVersion?: string;
  readonly status: number;
  /** True when the answer was the saved answer of an earlier request under the same key. */
  readonly replayed: boolean;
}

/** A payment intent as the server holds it: the JSON it serves and when search can see it. */
interface StoredIntent {
  readonly json: Record<string, unknown>;
  readonly searchableAt: number;
  amountRefunded: number;
}

interface SavedAnswer {
  readonly endpoint: string;
  readonly digest: string;
  inFlight: boolean;
  answer?: Answer;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** An API error answer. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: Record<string, unknown>,
  ) {
    super(String(error.message));
  }
}

const invalid = (message: string, extra: Record<string, unknown> = {}, status = 400) =>
  new ApiError(status, { type: 'invalid_request_error', message, ...extra });

/** Options of {@link startStripeServer}. */
export interface StripeServerOptions {
  /** The secret key requests must carry. @default a fresh `sk_test_...` */
  readonly secretKey?: string;
  /** Clock in epoch milliseconds (for `created` and search lag). @default Date.now */
  readonly now?: () => number;
}

/** Parses `a[b][0]=x` pairs into nested objects; objects keyed 0..n-1 become arrays. */
export function parseStripeForm(text: string): Params {
  const root: Params = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match) throw invalid(`Invalid parameter name: ${rawKey}`);
    const path = [match[1] ?? '', ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
    let node: Params = root;
    for (let i = 0; i < path.length - 1; i++) {
      const segment = path[i] ?? '';
      const next = node[segment];
      if (next === undefined || typeof next === 'string' || Array.isArray(next)) {
        const child: Params = {};
        node[segment] = child;
        node = child;
      } else {
        node = next;
      }
    }
    const last = path[path.length - 1] ?? '';
    // `a[]=x` appends, as Rack-style parsers do.
    node[last === '' ? String(Object.keys(node).length) : last] = value;
  }
  return arrayify(root) as Params;
}

function arrayify(value: ParamValue): ParamValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: Params = {};
  for (const k of keys) converted[k] = arrayify(value[k] as ParamValue);
  const indexed = keys.length > 0 && keys.every((k, i) => k === String(i));
  return indexed ? keys.map((k) => converted[k] as ParamValue) : converted;
}

/** The brand Stripe reports for a number (by its leading digits, as far as these tests need). */
function brandOf(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^6(011|5)/.test(digits)) return 'discover';
  return 'unknown';
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Canonical JSON (sorted keys), so that parameter order never makes two requests differ. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const str = (v: ParamValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: ParamValue | undefined): Params | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
const list = (v: ParamValue | undefined): ParamValue[] | undefined => (Array.isArray(v) ? v : undefined);

/** Whole, positive integer parameter (Stripe amounts), or an ApiError naming `param`. */
function positiveInteger(v: ParamValue | undefined, param: string): number {
  const text = str(v);
  if (text === undefined)
    throw invalid(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw invalid(`Invalid positive integer`, { code: 'parameter_invalid_integer', param });
  }
  return Number(text);
}

const SUPPORTED_CURRENCIES = new Set(['usd', 'cny', 'eur', 'gbp', 'jpy', 'cad', 'aud', 'hkd', 'sgd']);
/** Stripe's minimum charge amounts for the currencies these tests use (docs.stripe.com/currencies). */
const MINIMUM_MINOR: Readonly<Record<string, number>> = { usd: 50, eur: 50, gbp: 30 };

const CREATE_PARAMS = new Set([
  'amount',
  'currency',
  'confirm',
  'allowed_payment_method_types',
  'automatic_payment_methods',
  'capture_method',
  'description',
  'error_on_requires_action',
  'excluded_payment_method_types',
  'expand',
  'metadata',
  'payment_method_data',
  'payment_method_options',
  'payment_method_types',
  'return_url',
]);

const CANCELABLE = new Set([
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
]);

/** The running server. */
export class StripeServer {
  /**
   * Milliseconds the server waits, after doing the work, before it answers: a number for every
   * request, or per request by method and path.
   */
  responseDelayMs: number | ((method: string, path: string) => number) = 0;
  /** Milliseconds the server "executes" before doing the work (the idempotency key is held). */
  processingDelayMs = 0;
  /** Milliseconds before a written payment intent shows in search results. */
  searchLagMs = 0;
  /** Status of the next refunds created (`succeeded` as test mode answers for cards). */
  refundStatus: 'succeeded' | 'pending' | 'failed' = 'succeeded';
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];

  private readonly intents: StoredIntent[] = [];
  private readonly refunds: Record<string, unknown>[] = [];
  private readonly saved = new Map<string, SavedAnswer>();
  private readonly now: () => number;

  constructor(
    private readonly server: Server,
    readonly secretKey: string,
    options: StripeServerOptions,
  ) {
    this.now = options.now ?? Date.now;
    server.on('request', (req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  }

  /** Where the SDK should send requests (`host`, `port`, `protocol` of its config). */
  get endpoint(): { host: string; port: number; protocol: 'http' } {
    const address = this.server.address() as AddressInfo;
    return { host: '127.0.0.1', port: address.port, protocol: 'http' };
  }

  /** Requests received with this method whose path matches. */
  count(method: string, path: string | RegExp): number {
    return this.requests.filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    ).length;
  }

  /** The payment intents created (server-side "charges"), oldest first. */
  paymentIntents(): readonly Record<string, unknown>[] {
    return this.intents.map((i) => i.json);
  }

  /** The refunds created, oldest first. */
  createdRefunds(): readonly Record<string, unknown>[] {
    return [...this.refunds];
  }

  /**
   * Settles a pending refund as Stripe later does (`succeeded`, or `failed` with a failure reason;
   * a failed refund gives the amount back to what is left to refund).
   */
  settleRefund(id: string, status: 'succeeded' | 'failed'): void {
    const refund = this.refunds.find((r) => r.id === id);
    if (refund?.status !== 'pending') throw new Error(`no pending refund ${id}`);
    refund.status = status;
    delete refund.pending_reason;
    if (status === 'failed') {
      refund.failure_reason = 'declined';
      const stored = this.intents.find((i) => i.json.id === refund.payment_intent);
      if (stored) stored.amountRefunded -= Number(refund.amount);
    }
  }

  /** Stops the server and drops kept-alive connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const idempotencyKey = header(req, 'idempotency-key');
    const stripeVersion = header(req, 'stripe-version');
    const record = (status: number, replayed: boolean) =>
      this.requests.push({
        method,
        path: url.pathname,
        status,
        replayed,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        ...(stripeVersion ? { stripeVersion } : {}),
      });

    let answer: Answer;
    let replayed = false;
    try {
      this.authenticate(req);
      const params = parseStripeForm(method === 'GET' ? url.search.slice(1) : body);
      const route = this.route(method, url.pathname);
      if (method === 'POST' && idempotencyKey) {
        const outcome = await this.idempotent(idempotencyKey, `${method} ${url.pathname}`, params, route);
        answer = outcome.answer;
        replayed = outcome.replayed;
      } else {
        answer = await this.execute(route, params);
      }
    } catch (error) {
      answer = errorAnswer(error);
    }

    record(answer.status, replayed);
    // A client that gave up (timeout) closes the socket; the work above is done all the same.
    res.on('error', () => undefined);
    const delay =
      typeof this.responseDelayMs === 'number'
        ? this.responseDelayMs
        : this.responseDelayMs(method, url.pathname);
    if (delay > 0) await sleep(delay);
    if (res.destroyed || req.socket.destroyed) return;
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'request-id': `req_${randomBytes(7).toString('hex')}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
    res.end(JSON.stringify(answer.body));
  }

  private authenticate(req: IncomingMessage): void {
    const auth = header(req, 'authorization') ?? '';
    let key: string | undefined;
    if (auth.startsWith('Bearer ')) key = auth.slice('Bearer '.length);
    else if (auth.startsWith('Basic '))
      key = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0];
    if (!key) {
      throw invalid(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        {},
        401,
      );
    }
    if (key !== this.secretKey) {
      throw invalid(`Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(4)}${key.slice(-4)}`, {}, 401);
    }
  }

  /** The handler of a route, or a 404 as Stripe answers an unknown URL. */
  private route(method: string, path: string): (params: Params) => Answer {
    if (method === 'POST' && path === '/v1/payment_intents') return (p) => this.createIntent(p);
    const cancel = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(path);
    if (method === 'POST' && cancel) return (p) => this.cancelIntent(cancel[1] ?? '', p);
    if (method === 'GET' && path === '/v1/payment_intents') return (p) => this.listIntents(p);
    if (method === 'GET' && path === '/v1/payment_intents/search') return (p) => this.searchIntents(p);
    if (method === 'POST' && path === '/v1/refunds') return (p) => this.createRefund(p);
    if (method === 'GET' && path === '/v1/refunds') return (p) => this.listRefunds(p);
    throw invalid(`Unrecognized request URL (${method}: ${path}).`, {}, 404);
  }

  private async execute(route: (params: Params) => Answer, params: Params): Promise<Answer> {
    if (this.processingDelayMs > 0) await sleep(this.processingDelayMs);
    return route(params);
  }

  /**
   * Stripe's v1 idempotency: the first answer under a key is saved once execution begins and
   * replayed for identical requests; a different endpoint or different parameters is an
   * idempotency error; a concurrent request while the first executes is a 409. Validation errors
   * (answers before execution) are not saved.
   */
  private async idempotent(
    key: string,
    endpoint: string,
    params: Params,
    route: (params: Params) => Answer,
  ): Promise<{ answer: Answer; replayed: boolean }> {
    const digest = createHash('sha256').update(canonical(params)).digest('hex');
    const seen = this.saved.get(key);
    if (seen) {
      if (seen.endpoint !== endpoint || seen.digest !== digest) {
        throw new ApiError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      if (seen.inFlight || !seen.answer) {
        throw new ApiError(409, {
          type: 'idempotency_error',
          code: 'idempotency_key_in_use',
          message:
            'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through). Please try again later.',
        });
      }
      return { answer: seen.answer, replayed: true };
    }
    const entry: SavedAnswer = { endpoint, digest, inFlight: true };
    this.saved.set(key, entry);
    try {
      const answer = await this.execute(route, params);
      entry.answer = answer;
      return { answer, replayed: false };
    } catch (error) {
      const answer = errorAnswer(error);
      // Card errors come from execution and are saved; validation errors are not.
      if (answer.status === 402) {
        entry.answer = answer;
        return { answer, replayed: false };
      }
      this.saved.delete(key);
      throw error;
    } finally {
      entry.inFlight = false;
    }
  }

  private createIntent(p: Params): Answer {
    for (const name of Object.keys(p)) {
      if (!CREATE_PARAMS.has(name)) {
        throw invalid(`Received unknown parameter: ${name}`, { code: 'parameter_unknown', param: name });
      }
    }
    if (p.payment_method_types !== undefined) {
      throw invalid(
        'payment_method_types is no longer supported on this API version: use allowed_payment_method_types, excluded_payment_method_types or dynamic payment methods.',
        { code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' },
      );
    }
    const amount = positiveInteger(p.amount, 'amount');
    const currency = str(p.currency);
    if (!currency)
      throw invalid('Missing required param: currency.', { code: 'parameter_missing', param: 'currency' });
    if (!/^[a-z]{3}$/.test(currency) || !SUPPORTED_CURRENCIES.has(currency)) {
      throw invalid(`Invalid currency: ${currency}.`, { param: 'currency' });
    }
    const minimum = MINIMUM_MINOR[currency];
    if (minimum && amount < minimum) {
      throw invalid(`Amount must be at least ${minimum} ${currency}`, {
        code: 'amount_too_small',
        param: 'amount',
      });
    }
    const allowed = list(p.allowed_payment_method_types);
    const automatic = obj(p.automatic_payment_methods);
    if (allowed && (automatic || p.excluded_payment_method_types !== undefined)) {
      throw invalid(
        'allowed_payment_method_types cannot be combined with automatic_payment_methods or excluded_payment_method_types.',
        { code: 'parameters_exclusive', param: 'allowed_payment_method_types' },
      );
    }
    const confirm = str(p.confirm) === 'true';
    const errorOnRequiresAction = str(p.error_on_requires_action) === 'true';
    if (errorOnRequiresAction && !confirm) {
      throw invalid('error_on_requires_action can only be used with confirm=true.', {
        param: 'error_on_requires_action',
      });
    }
    const cardOnly = allowed !== undefined && allowed.length > 0 && allowed.every((t) => t === 'card');
    const noRedirects = cardOnly || str(automatic?.allow_redirects) === 'never';
    if (confirm && !noRedirects && !str(p.return_url)) {
      throw invalid(
        "This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.",
      );
    }
    const metadata = validMetadata(p.metadata);
    const data = obj(p.payment_method_data);
    if (confirm && !data) {
      throw invalid('You must provide a payment method to confirm this PaymentIntent.', {
        code: 'parameter_missing',
        param: 'payment_method_data',
      });
    }
    if (data && str(data.type) !== 'card') {
      throw invalid('Only card payment methods are supported here.', { param: 'payment_method_data[type]' });
    }
    const card = obj(data?.card);
    const number = str(card?.number) ?? '';
    const expMonth = Number(str(card?.exp_month));
    const expYear = Number(str(card?.exp_year));
    const moto = str(obj(obj(p.payment_method_options)?.card)?.moto) === 'true';

    const created = Math.floor(this.now() / 1000);
    const id = `pi_${randomBytes(12).toString('hex')}`;
    const json: Record<string, unknown> = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      allowed_payment_method_types: allowed ?? null,
      cancellation_reason: null,
      canceled_at: null,
      capture_method: str(p.capture_method) ?? 'automatic_async',
      client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
      confirmation_method: 'automatic',
      created,
      currency,
      description: str(p.description) ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata,
      next_action: null,
      payment_method: null,
      payment_method_options: {
        card: { request_three_d_secure: 'automatic', ...(moto ? { moto: true } : {}) },
      },
      payment_method_types: ['card'],
      status: 'requires_payment_method',
    };
    const stored: StoredIntent = { json, searchableAt: this.now() + this.searchLagMs, amountRefunded: 0 };
    if (!confirm) {
      this.intents.push(stored);
      return { status: 200, body: json };
    }

    // Confirmation: the card is validated and "authorised" by its test behaviour.
    const paymentMethod = {
      id: `pm_${randomBytes(12).toString('hex')}`,
      object: 'payment_method',
      type: 'card',
      card: {
        brand: brandOf(number),
        last4: number.slice(-4),
        exp_month: expMonth,
        exp_year: expYear,
      },
    };
    json.payment_method = paymentMethod.id;
    const decline = (code: string, message: string, declineCode?: string, param?: string): never => {
      const chargeId = `ch_${randomBytes(12).toString('hex')}`;
      const error = {
        type: 'card_error',
        code,
        ...(declineCode ? { decline_code: declineCode } : {}),
        message,
        ...(param ? { param } : {}),
        charge: chargeId,
        doc_url: `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}`,
      };
      json.latest_charge = chargeId;
      json.last_payment_error = { ...error, payment_method: paymentMethod };
      json.payment_method = null;
      this.intents.push(stored);
      throw new ApiError(402, { ...error, payment_intent: json, payment_method: paymentMethod });
    };

    if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
      return decline('incorrect_number', 'Your card number is incorrect.', undefined, 'number');
    }
    if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) {
      return decline(
        'invalid_expiry_month',
        "Your card's expiration month is invalid.",
        undefined,
        'exp_month',
      );
    }
    const nowDate = new Date(this.now());
    const expired =
      expYear < nowDate.getUTCFullYear() ||
      (expYear === nowDate.getUTCFullYear() && expMonth < nowDate.getUTCMonth() + 1);
    if (!Number.isInteger(expYear) || expired) {
      return decline(
        'invalid_expiry_year',
        "Your card's expiration year is in the past.",
        undefined,
        'exp_year',
      );
    }
    const behaviour: CardBehaviour = STRIPE_TEST_CARDS[number] ?? {
      kind: 'decline',
      code: 'card_declined',
      declineCode: 'test_mode_live_card',
      message:
        'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
    };
    if (behaviour.kind === 'decline') {
      return decline(behaviour.code, behaviour.message, behaviour.declineCode);
    }
    if (behaviour.kind === 'authenticate') {
      if (errorOnRequiresAction) {
        return decline(
          'authentication_required',
          'Your card was declined. This transaction requires authentication.',
          'authentication_required',
        );
      }
      json.status = 'requires_action';
      json.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect' } };
      this.intents.push(stored);
      return { status: 200, body: json };
    }
    json.status = 'succeeded';
    json.amount_received = amount;
    json.latest_charge = `ch_${randomBytes(12).toString('hex')}`;
    this.intents.push(stored);
    return { status: 200, body: json };
  }

  private cancelIntent(id: string, p: Params): Answer {
    const stored = this.intents.find((i) => i.json.id === id);
    if (!stored) throw noSuchIntent(id, 'intent');
    const reason = str(p.cancellation_reason);
    if (reason && !['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'].includes(reason)) {
      throw invalid(`Invalid cancellation_reason: ${reason}`, { param: 'cancellation_reason' });
    }
    const status = String(stored.json.status);
    if (!CANCELABLE.has(status)) {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be canceled: ${[...CANCELABLE].join(', ')}.`,
        { code: 'payment_intent_unexpected_state', payment_intent: stored.json },
      );
    }
    stored.json.status = 'canceled';
    stored.json.cancellation_reason = reason ?? null;
    stored.json.canceled_at = Math.floor(this.now() / 1000);
    stored.json.next_action = null;
    return { status: 200, body: stored.json };
  }

  private listIntents(p: Params): Answer {
    const limit = listLimit(p.limit);
    const created = p.created;
    let matches = [...this.intents].reverse().map((i) => i.json);
    const range = obj(created);
    if (typeof created === 'string') matches = matches.filter((pi) => pi.created === Number(created));
    if (range) {
      const bound = (name: string) => (str(range[name]) === undefined ? undefined : Number(str(range[name])));
      const gt = bound('gt');
      const gte = bound('gte');
      const lt = bound('lt');
      const lte = bound('lte');
      matches = matches.filter((pi) => {
        const c = Number(pi.created);
        return (
          (gt === undefined || c > gt) &&
          (gte === undefined || c >= gte) &&
          (lt === undefined || c < lt) &&
          (lte === undefined || c <= lte)
        );
      });
    }
    const after = str(p.starting_after);
    if (after) {
      const at = matches.findIndex((pi) => pi.id === after);
      if (at < 0) throw noSuchIntent(after, 'intent');
      matches = matches.slice(at + 1);
    }
    return listPage('/v1/payment_intents', matches, limit);
  }

  /**
   * Search with the clauses the adapter needs: `metadata['key']:'value'`, `status:'...'` and
   * `currency:'...'`, joined by AND; single or double quotes, `\` escaping a quote.
   */
  private searchIntents(p: Params): Answer {
    const query = str(p.query);
    if (!query)
      throw invalid('Missing required param: query.', { code: 'parameter_missing', param: 'query' });
    const clauses = parseSearchQuery(query);
    const limit = listLimit(p.limit);
    const offset = str(p.page) ? Number(Buffer.from(str(p.page) ?? '', 'base64url').toString('utf8')) : 0;
    const now = this.now();
    const matches = [...this.intents]
      .reverse()
      .filter((i) => i.searchableAt <= now)
      .map((i) => i.json)
      .filter((pi) =>
        clauses.every((c) => {
          if (c.field === 'metadata') return (pi.metadata as Record<string, string>)[c.key ?? ''] === c.value;
          return String(pi[c.field]) === c.value;
        }),
      );
    const page = matches.slice(offset, offset + limit);
    const hasMore = matches.length > offset + limit;
    return {
      status: 200,
      body: {
        object: 'search_result',
        url: '/v1/payment_intents/search',
        has_more: hasMore,
        next_page: hasMore ? Buffer.from(String(offset + limit)).toString('base64url') : null,
        data: page,
      },
    };
  }

  /** `GET /v1/refunds`: newest first, optionally of one payment intent, `limit` 1-100 (default 10). */
  private listRefunds(p: Params): Answer {
    const limit = listLimit(p.limit);
    const intent = str(p.payment_intent);
    let matches = [...this.refunds].reverse();
    if (intent) {
      if (!this.intents.some((i) => i.json.id === intent)) throw noSuchIntent(intent, 'payment_intent');
      matches = matches.filter((r) => r.payment_intent === intent);
    }
    const after = str(p.starting_after);
    if (after) {
      const at = matches.findIndex((r) => r.id === after);
      if (at < 0)
        throw invalid(
          `No such refund: '${after}'`,
          { code: 'resource_missing', param: 'starting_after' },
          404,
        );
      matches = matches.slice(at + 1);
    }
    return listPage('/v1/refunds', matches, limit);
  }

  private createRefund(p: Params): Answer {
    const intentId = str(p.payment_intent);
    if (!intentId) {
      throw invalid(
        'One of the following params should be provided for this request: payment_intent or charge.',
        {
          code: 'parameter_missing',
        },
      );
    }
    const stored = this.intents.find((i) => i.json.id === intentId);
    if (!stored) throw noSuchIntent(intentId, 'payment_intent');
    if (stored.json.status !== 'succeeded') {
      throw invalid(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`, {
        param: 'payment_intent',
      });
    }
    const charged = Number(stored.json.amount_received);
    const left = charged - stored.amountRefunded;
    const amount = p.amount === undefined ? left : positiveInteger(p.amount, 'amount');
    const reason = str(p.reason);
    if (reason && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) {
      throw invalid(`Invalid reason: ${reason}`, { param: 'reason' });
    }
    if (left <= 0) {
      throw invalid(`Charge ${String(stored.json.latest_charge)} has already been refunded.`, {
        code: 'charge_already_refunded',
      });
    }
    if (amount > left) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, {
        code: 'amount_too_large',
        param: 'amount',
      });
    }
    const metadata = validMetadata(p.metadata);
    const status = this.refundStatus;
    if (status !== 'failed') stored.amountRefunded += amount;
    const refund = {
      id: `re_${randomBytes(12).toString('hex')}`,
      object: 'refund',
      amount,
      charge: stored.json.latest_charge,
      created: Math.floor(this.now() / 1000),
      currency: stored.json.currency,
      metadata,
      payment_intent: intentId,
      reason: reason ?? null,
      status,
      ...(status === 'failed' ? { failure_reason: 'expired_or_canceled_card' } : {}),
      ...(status === 'pending' ? { pending_reason: 'processing' } : {}),
    };
    this.refunds.push(refund);
    return { status: 200, body: refund };
  }
}

/** One page of a Stripe list endpoint: the first `limit` matches, newest first. */
function listPage(url: string, matches: readonly unknown[], limit: number): Answer {
  return {
    status: 200,
    body: { object: 'list', url, has_more: matches.length > limit, data: matches.slice(0, limit) },
  };
}

/** Starts a local Stripe API on a free loopback port. */
export async function startStripeServer(options: StripeServerOptions = {}): Promise<StripeServer> {
  const server = createServer();
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const stripe = new StripeServer(server, secretKey, options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return stripe;
}

interface SearchClause {
  readonly field: 'metadata' | 'status' | 'currency';
  readonly key?: string;
  readonly value: string;
}

function parseSearchQuery(query: string): SearchClause[] {
  const quoted = String.raw`(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")`;
  const clause = new RegExp(String.raw`^\s*(?:metadata\[${quoted}\]|(status|currency)):${quoted}\s*`);
  const unquote = (s: string) => s.replace(/\\(.)/g, '$1');
  const clauses: SearchClause[] = [];
  let rest = query;
  for (;;) {
    const m = clause.exec(rest);
    if (!m) throw invalid(`Search query is invalid or not supported here: ${query}`, { param: 'query' });
    const value = unquote(m[4] ?? m[5] ?? '');
    if (m[3]) clauses.push({ field: m[3] as 'status' | 'currency', value });
    else clauses.push({ field: 'metadata', key: unquote(m[1] ?? m[2] ?? ''), value });
    rest = rest.slice(m[0].length);
    if (rest.length === 0) return clauses;
    const and = /^AND\s+/.exec(rest);
    if (!and) throw invalid(`Search query is invalid or not supported here: ${query}`, { param: 'query' });
    rest = rest.slice(and[0].length);
  }
}

function listLimit(v: ParamValue | undefined): number {
  const text = str(v);
  if (text === undefined) return 10;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw invalid('This value must be between 1 and 100.', {
      code: 'parameter_invalid_integer',
      param: 'limit',
    });
  }
  return n;
}

/** Metadata as Stripe accepts it: at most 50 string values, keys up to 40 and values up to 500 chars. */
function validMetadata(v: ParamValue | undefined): Record<string, string> {
  if (v === undefined || v === '') return {};
  const m = obj(v);
  if (!m) throw invalid('Invalid hash', { param: 'metadata' });
  const entries = Object.entries(m);
  if (entries.length > 50) throw invalid('Metadata can have at most 50 keys.', { param: 'metadata' });
  const out: Record<string, string> = {};
  for (const [k, value] of entries) {
    if (typeof value !== 'string' || k.length > 40 || value.length > 500) {
      throw invalid(`Invalid metadata value for key ${k}`, { param: `metadata[${k}]` });
    }
    out[k] = value;
  }
  return out;
}

function noSuchIntent(id: string, param: string): ApiError {
  return invalid(`No such payment_intent: '${id}'`, { code: 'resource_missing', param }, 404);
}

function errorAnswer(error: unknown): Answer {
  if (error instanceof ApiError) return { status: error.status, body: { error: error.error } };
  return {
    status: 500,
    body: { error: { type: 'api_error', message: 'Unexpected error in the local Stripe server.' } },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
