/**
 * ### Disabled gateway
 *
 * The gateway of a stage that takes no card payments (`PAYMENT_GATEWAY=disabled`; in `prod`
 * whenever no Connect encryption key is configured). The flow then never collects card digits, so
 * the payment function should never be asked; if it is, every charge is refused with an answer
 * (ERROR `payments_disabled`: nothing was charged) and no money moves, unlike the sandbox, whose
 * test cards are APPROVED. It cannot refund: a refund is handed to staff (`canRefund` is false).
 */
import type { ChargeRequest, ChargeResult, PaymentGateway } from './gateway';

/** The machine code of every refused charge. */
export const PAYMENTS_DISABLED = 'payments_disabled';

/** `lookup` on the disabled gateway: it cannot know what another gateway charged earlier. */
export class PaymentsDisabledError extends Error {
  constructor() {
    super('card payments are disabled: no gateway can be asked about earlier charges');
    this.name = 'PaymentsDisabledError';
  }
}

/** A gateway that refuses every charge (see the module comment). */
export class DisabledGateway implements PaymentGateway {
  readonly name = 'disabled';

  async charge(_request: ChargeRequest): Promise<ChargeResult> {
    return { outcome: 'ERROR', code: PAYMENTS_DISABLED };
  }

  /**
   * Rejects: this gateway never charged, but an unsettled attempt may have charged through the
   * gateway configured before it. "No charge" would let the payment Lambda take that attempt over
   * and mark the order failed, so the outcome stays unknown (the order is flagged for staff).
   */
  async lookup(_idempotencyKey: string): Promise<ChargeResult | undefined> {
    throw new PaymentsDisabledError();
  }
}
