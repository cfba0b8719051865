import type { Currency } from '../orders/catalog';
import type { CardExpiry, CardNumber } from './card';

/** What a gateway can answer to a charge. */
export const GATEWAY_OUTCOMES = ['APPROVED', 'DECLINED', 'ERROR'] as const;
/** A gateway outcome: approved, declined by the issuer, or failed (processor or network error). */
export type GatewayOutcome = (typeof GATEWAY_OUTCOMES)[number];

/** One charge request. The amount always comes from the order item, never from the caller. */
export interface ChargeRequest {
  /**
   * Idempotency key: the gateway must treat a repeated key as the same charge and return its first
   * result without charging again (as Stripe, Adyen, Braintree and most acquirers do).
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
 */
export interface PaymentGateway {
  /** Short name for logs and metrics (e.g. `sandbox`). */
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
}
