/**
 * ### Payment sandbox (default gateway of `dev`)
 *
 * In `dev` and the local runtime the payment Lambda charges through a **sandbox gateway** that
 * moves no money (`PAYMENT_GATEWAY=sandbox`; `prod` refuses it at synth and uses Stripe or the
 * disabled gateway). An unknown gateway name fails the cold start, so a typo can never silently
 * fall back to it. It answers by card number:
 *
 * | card number (synthetic, Luhn-valid) | brand      | sandbox answer                       |
 * |-------------------------------------|------------|--------------------------------------|
 * | 4111 1111 1111 1111                 | Visa       | APPROVED                             |
 * | 5555 5555 5555 4444                 | Mastercard | APPROVED                             |
 * | 3782 822463 10005                   | Amex       | APPROVED                             |
 * | 4000 0000 0000 0002                 | Visa       | DECLINED (`card_declined`)           |
 * | 4000 0000 0000 0119                 | Visa       | ERROR (`processing_error`)           |
 * | any other Luhn-valid number         | any        | DECLINED (`unknown_test_card`)       |
 *
 * Any expiry in the future works (`MMYY`, e.g. `1230`); a past expiry is rejected by the Lambda as
 * EXPIRED before the gateway is called. Unknown cards are declined rather than approved so that a
 * production stack accidentally left on the sandbox never marks an order PAID for a real card.
 * The sandbox honours idempotency keys like a real gateway: a repeated key returns the first
 * answer and does not count as a new charge, and `lookup(key)` returns that first answer (or
 * nothing when no charge was made under the key).
 *
 * It refunds too (`refund`), idempotently by key: an APPROVED charge can be refunded in one or
 * more parts up to the charged amount. A refund of an unknown reference (`unknown_reference`), of
 * a charge that was not approved (`charge_not_approved`), of a non-positive amount
 * (`invalid_amount`) or of more than is left to refund (`amount_too_large`) is FAILED.
 */
import { randomUUID } from 'node:crypto';
import type { CardBrand } from './card';
import type {
  ChargeRequest,
  ChargeResult,
  GatewayOutcome,
  PaymentGateway,
  RefundRequest,
  RefundResult,
  Refunds,
} from './gateway';

/** The sandbox test cards and their answers (see the table above). */
export const SANDBOX_TEST_CARDS: Readonly<Record<string, { outcome: GatewayOutcome; code?: string }>> = {
  '4111111111111111': { outcome: 'APPROVED' },
  '5555555555554444': { outcome: 'APPROVED' },
  '378282246310005': { outcome: 'APPROVED' },
  '4000000000000002': { outcome: 'DECLINED', code: 'card_declined' },
  '4000000000000119': { outcome: 'ERROR', code: 'processing_error' },
};

/** What the sandbox remembers of one charge: no card number, no expiry. */
export interface SandboxCharge {
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly brand: CardBrand;
  readonly last4: string;
  readonly result: ChargeResult;
}

/** What the sandbox remembers of one refund it made. */
export interface SandboxRefund {
  readonly idempotencyKey: string;
  /** The refunded charge's reference. */
  readonly chargeReference: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly result: RefundResult;
}

/**
 * The sandbox gateway: deterministic answers by test card, idempotent by key, and an audit of
 * every charge it processed (`charges`) and every call it received (`calls`) for tests.
 */
export class SandboxGateway implements PaymentGateway, Refunds {
  readonly name = 'sandbox';
  /** Distinct charges processed (one per idempotency key). */
  readonly charges: SandboxCharge[] = [];
  /** Every call received, including idempotent repeats. */
  calls = 0;
  /** Refunds made (one per idempotency key that was REFUNDED). */
  readonly refunds: SandboxRefund[] = [];
  /** Every refund call received, including idempotent repeats and refused refunds. */
  refundCalls = 0;
  private readonly byKey = new Map<string, ChargeResult>();
  private readonly refundsByKey = new Map<string, RefundResult>();

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    this.calls++;
    const seen = this.byKey.get(request.idempotencyKey);
    if (seen) return seen;
    const result = this.decide(request);
    this.byKey.set(request.idempotencyKey, result);
    this.charges.push({
      idempotencyKey: request.idempotencyKey,
      orderId: request.orderId,
      amountMinor: request.amountMinor,
      currency: request.currency,
      brand: request.card.brand,
      last4: request.card.last4,
      result,
    });
    return result;
  }

  /** The first answer given under `idempotencyKey`, as a real gateway's "retrieve by key" would. */
  async lookup(idempotencyKey: string): Promise<ChargeResult | undefined> {
    return this.byKey.get(idempotencyKey);
  }

  /**
   * Refunds part or all of an APPROVED charge. A repeated key returns its first answer (whatever
   * the request says the second time) and refunds nothing more.
   */
  async refund(request: RefundRequest): Promise<RefundResult> {
    this.refundCalls++;
    const seen = this.refundsByKey.get(request.idempotencyKey);
    if (seen) return seen;
    const result = this.decideRefund(request);
    this.refundsByKey.set(request.idempotencyKey, result);
    return result;
  }

  /** The sandbox settles every refund at once: its first answer is where it stands. */
  async refundStatus(
    request: Pick<RefundRequest, 'idempotencyKey' | 'reference'>,
  ): Promise<RefundResult | undefined> {
    return this.refundsByKey.get(request.idempotencyKey);
  }

  /** Minor units refunded so far on the charge with this reference. */
  refundedMinor(chargeReference: string): number {
    return this.refunds
      .filter((r) => r.chargeReference === chargeReference)
      .reduce((sum, r) => sum + r.amountMinor, 0);
  }

  private decideRefund(request: RefundRequest): RefundResult {
    const charge = this.charges.find((c) => c.result.reference === request.reference);
    if (!charge) return { outcome: 'FAILED', code: 'unknown_reference' };
    if (charge.result.outcome !== 'APPROVED') return { outcome: 'FAILED', code: 'charge_not_approved' };
    if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) {
      return { outcome: 'FAILED', code: 'invalid_amount' };
    }
    if (request.amountMinor > charge.amountMinor - this.refundedMinor(request.reference)) {
      return { outcome: 'FAILED', code: 'amount_too_large' };
    }
    const result: RefundResult = { outcome: 'REFUNDED', reference: `sbx_re_${randomUUID()}` };
    this.refunds.push({
      idempotencyKey: request.idempotencyKey,
      chargeReference: request.reference,
      amountMinor: request.amountMinor,
      currency: charge.currency,
      result,
    });
    return result;
  }

  private decide(request: ChargeRequest): ChargeResult {
    if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) {
      return { outcome: 'DECLINED', code: 'invalid_amount' };
    }
    const known = SANDBOX_TEST_CARDS[request.card.reveal()];
    const answer = known ?? { outcome: 'DECLINED', code: 'unknown_test_card' };
    // Only answered charges get a reference, as with a real gateway.
    const reference = answer.outcome === 'ERROR' ? undefined : `sbx_${randomUUID()}`;
    return {
      outcome: answer.outcome,
      ...(answer.code ? { code: answer.code } : {}),
      ...(reference ? { reference } : {}),
    };
  }
}
