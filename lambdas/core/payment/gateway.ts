import type { Currency } from '../../contracts/catalog';
import type { CardExpiry, CardNumber } from './card';

/** What a gateway can answer to a charge. */
export const GATEWAY_OUTCOMES = ['APPROVED', 'DECLINED', 'ERROR'] as const;
/** A gateway outcome: approved, declined by the issuer, or failed (processor or network error). */
export type GatewayOutcome = (typeof GATEWAY_OUTCOMES)[number];

/** One charge request. The amount always comes from the order item, never from the caller. */
export interface ChargeRequest {
  /**
   * Idempotency key: the gateway must treat a repeated key as the same charge and return its first
   * result without charging again (as Stripe, Adyen, Braintree and most acquirers do). The payment
   * Lambda scopes it to the order and its payment sequence (see `gatewayIdempotencyKey`), not to
   * one card entry, so two entries racing for the same unsettled attempt share one key.
   */
  readonly idempotencyKey: string;
  /** The order being paid (merchant reference). */
  readonly orderId: string;
  /** Amount in minor units of `currency`. */
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly card: CardNumber;
  readonly expiry: CardExpiry;
}

/** The gateway's answer. */
export interface ChargeResult {
  readonly outcome: GatewayOutcome;
  /** The gateway's reference for the transaction (stored on the order; not card data). */
  readonly reference?: string;
  /** Machine-readable decline or error code, for logs and metrics. */
  readonly code?: string;
}

/**
 * The payment gateway port. `charge` resolves with DECLINED or ERROR for answers the gateway gave;
 * it rejects only when no answer came (timeout, network), in which case the outcome is unknown.
 * `lookup` is how an unknown outcome becomes known again: before the payment Lambda takes over an
 * order whose earlier attempt never recorded an answer, it asks the gateway what happened under
 * that attempt's idempotency key (Stripe, Adyen and Braintree all expose such a read by key or by
 * merchant reference).
 */
export interface PaymentGateway {
  /** Short name for logs and metrics (e.g. `sandbox`). */
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * The answer the gateway gave to the charge with this idempotency key.
   *
   * @returns the recorded answer, or undefined when the gateway holds no charge under the key
   * @throws when the gateway cannot be asked (timeout, network): the outcome stays unknown
   */
  lookup(idempotencyKey: string): Promise<ChargeResult | undefined>;
}

/** What a gateway can answer to a refund. */
export const REFUND_OUTCOMES = ['REFUNDED', 'PENDING', 'FAILED'] as const;
/**
 * A refund outcome: REFUNDED (the money is on its way back), PENDING (the gateway accepted the
 * refund but has not settled it yet: do not refund again under another key, wait for the gateway's
 * final word), or FAILED (the gateway answered that this refund is not made: unknown charge,
 * amount above what is left to refund, refused by the network). Only FAILED may be handed to staff.
 */
export type RefundOutcome = (typeof REFUND_OUTCOMES)[number];

/** One refund request. The amount comes from the order (what was paid), never from a caller. */
export interface RefundRequest {
  /**
   * Idempotency key: the gateway must treat a repeated key as the same refund and return its first
   * result without refunding again. Scope it to the refund (e.g. order and refund sequence), never
   * to one attempt, so that a retry after a timeout can never refund twice.
   */
  readonly idempotencyKey: string;
  /** The gateway's reference of the charge to refund (the `reference` of its APPROVED result). */
  readonly reference: string;
  /** Amount in minor units of the charge's currency: at most what was charged less earlier refunds. */
  readonly amountMinor: number;
}

/** The gateway's answer to a refund. */
export interface RefundResult {
  readonly outcome: RefundOutcome;
  /** The gateway's reference for the refund (when it created one). */
  readonly reference?: string;
  /** Machine-readable failure or pending reason, for logs, metrics and the staff task. */
  readonly code?: string;
}

/**
 * The refund port. `refund` resolves with an answer the gateway gave; it rejects only when no
 * answer came (timeout, network, a gateway fault), in which case it is unknown whether the refund
 * was made and the caller retries later with the same idempotency key (never a new one).
 */
export interface Refunds {
  refund(request: RefundRequest): Promise<RefundResult>;
  /**
   * Where the refund made under `idempotencyKey` of the charge `reference` stands now (a PENDING one
   * settles later): its current result, or undefined when the gateway holds no refund under that
   * key. Reads only; never refunds. Rejects when no answer came.
   */
  refundStatus(
    request: Pick<RefundRequest, 'idempotencyKey' | 'reference'>,
  ): Promise<RefundResult | undefined>;
}

/** A payment gateway that can also refund. */
export type RefundingGateway = PaymentGateway & Refunds;

/** True when `gateway` can refund; otherwise a refund is handed to staff. */
export function canRefund(gateway: PaymentGateway): gateway is RefundingGateway {
  return typeof (gateway as Partial<Refunds>).refund === 'function';
}
