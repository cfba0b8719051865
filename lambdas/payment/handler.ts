import { parseOrderNumber } from '../contracts/order-number';
import type { CardDecryptor } from '../core/payment/decryptor';
import type { PaymentGateway } from '../core/payment/gateway';
import { type DuplicateWait, type PaymentOutcome, type PaymentResult, payOrder } from '../core/payment/pay';
import type { PaymentStore } from '../core/payment/store';
import { parseConnectEvent } from '../edge/connect-event';
import { callerFacing } from '../edge/middleware';
import { countMetric, logger } from '../edge/powertools';

/**
 * The payment Lambda, invoked by the flow after it collected the card number and the expiry with
 * encrypted customer input (recording suspended around the collection).
 *
 * Contract with the flow (flat strings, as Connect requires):
 * - parameters `orderId`, `encryptedCard`, `encryptedExpiry` (the `$.StoredCustomerInput` values);
 *   contact attribute `callerHmac`. Any `amount` parameter is ignored: the amount is the order's.
 * - returns `{ result, orderId, brand?, last4?, unconfirmed? }` with `result` one of APPROVED,
 *   DECLINED, ERROR, INVALID_CARD, EXPIRED, NOT_PAYABLE. It never throws: every failure is an
 *   answer the flow can speak, and a retried invocation is safe (idempotent).
 * - ERROR covers two situations the flow speaks with one neutral sentence: nothing was charged
 *   (decryption, a gateway error answer, the store), or the outcome is not confirmed yet (no
 *   gateway answer, an unsettled earlier attempt). The second adds `unconfirmed: "true"` so that a
 *   flow may branch on it; either way the caller can never be charged twice, because every later
 *   attempt reconciles with the gateway before it charges.
 */

/** Dependencies of the payment handler (ports; the entry point builds the AWS adapters). */
export interface PaymentDeps {
  /** Payment persistence (orders and attempts). */
  readonly store: PaymentStore;
  readonly decryptor: CardDecryptor;
  readonly gateway: PaymentGateway;
  readonly clock?: () => Date;
  /** How a concurrent duplicate waits for the first answer. @default 25 x 120 ms */
  readonly duplicateWait?: DuplicateWait;
}

/** What the flow receives. */
export type PaymentFlowResult = {
  readonly result: PaymentResult;
  readonly orderId: string;
  readonly brand?: string;
  readonly last4?: string;
  /** "true" when result is ERROR but a charge may have happened (answer not confirmed yet). */
  readonly unconfirmed?: 'true';
};

/** Flow input parameter names. */
export const PAYMENT_PARAMETERS = {
  orderId: 'orderId',
  encryptedCard: 'encryptedCard',
  encryptedExpiry: 'encryptedExpiry',
} as const;

/** Contact attribute carrying the caller HMAC (set by the flow from the consent Lambda's answer). */
export const CALLER_HMAC_ATTRIBUTE = 'callerHmac';

/** Metric names the payment handler emits. */
export const PAYMENT_METRICS = {
  /** One per answer, dimension `result`. */
  result: 'PaymentResult',
  /** One per gateway call (should equal the number of distinct attempts). */
  charge: 'PaymentCharge',
  /** An identical request was answered from the stored attempt. */
  replay: 'PaymentReplay',
  /** A charge whose effect the order does not show (or whose outcome is unknown): alarm on it. */
  reconcile: 'PaymentReconcile',
  /** The caller heard ERROR although money may have moved (outcome not confirmed yet). */
  unconfirmed: 'PaymentUnconfirmed',
  /** An earlier, unsettled attempt was settled from the gateway's record before any new charge. */
  reconciled: 'PaymentReconciled',
  /** Encrypted input could not be decrypted (wrong key, tampered, key secret unavailable). */
  decryptFailure: 'PaymentDecryptFailure',
  /** The order total is inconsistent with price x quantity (tampered or corrupt item). */
  amountMismatch: 'PaymentAmountMismatch',
  /** The event failed validation. */
  malformedEvent: 'PaymentMalformedEvent',
} as const;

/** The flat answer for the flow. */
function toFlow(outcome: PaymentOutcome): PaymentFlowResult {
  return {
    result: outcome.result,
    orderId: outcome.orderId,
    ...(outcome.brand ? { brand: outcome.brand } : {}),
    ...(outcome.last4 ? { last4: outcome.last4 } : {}),
    ...(outcome.unconfirmed ? { unconfirmed: 'true' as const } : {}),
  };
}

/**
 * Builds the payment handler over its ports.
 *
 * @param deps payment store, decryptor, gateway, optional clock and duplicate wait
 */
export function createHandler(deps: PaymentDeps) {
  const { store } = deps;

  const handle = async (event: unknown): Promise<PaymentFlowResult> => {
    const parsed = parseConnectEvent(event);
    if (!parsed.success) {
      // Paths and codes only: the event carries ciphertexts and the caller's number.
      logger.warn('malformed Connect event; no payment attempted', { issues: parsed.issues });
      countMetric(PAYMENT_METRICS.malformedEvent);
      countMetric(PAYMENT_METRICS.result, { name: 'result', value: 'ERROR' });
      return { result: 'ERROR', orderId: '' };
    }
    const contact = parsed.event.Details.ContactData;
    const parameters = parsed.event.Details.Parameters;
    const contactId = contact.ContactId;
    const rawOrderId = parameters[PAYMENT_PARAMETERS.orderId];
    const orderId = parseOrderNumber(rawOrderId);
    const encryptedCard = parameters[PAYMENT_PARAMETERS.encryptedCard]?.trim() ?? '';
    const encryptedExpiry = parameters[PAYMENT_PARAMETERS.encryptedExpiry]?.trim() ?? '';
    const callerHmac = contact.Attributes[CALLER_HMAC_ATTRIBUTE] || undefined;

    let outcome: PaymentOutcome;
    if (!orderId) {
      outcome = { result: 'NOT_PAYABLE', orderId: '', replayed: false, charged: false, reason: 'NOT_FOUND' };
    } else if (!encryptedCard || !encryptedExpiry) {
      // The caller keyed nothing (timeout): Connect leaves the stored input empty.
      outcome = { result: 'INVALID_CARD', orderId, replayed: false, charged: false };
    } else {
      outcome = await payOrder(
        { orderId, contactId, encryptedCard, encryptedExpiry, ...(callerHmac ? { callerHmac } : {}) },
        {
          store,
          decryptor: deps.decryptor,
          gateway: deps.gateway,
          ...(deps.clock ? { clock: deps.clock } : {}),
          ...(deps.duplicateWait ? { duplicateWait: deps.duplicateWait } : {}),
        },
      );
    }

    countMetric(PAYMENT_METRICS.result, { name: 'result', value: outcome.result });
    if (outcome.charged) countMetric(PAYMENT_METRICS.charge, { name: 'gateway', value: deps.gateway.name });
    if (outcome.replayed) countMetric(PAYMENT_METRICS.replay);
    if (outcome.reason === 'DECRYPT') countMetric(PAYMENT_METRICS.decryptFailure);
    if (outcome.reason === 'AMOUNT_MISMATCH') countMetric(PAYMENT_METRICS.amountMismatch);
    if (outcome.reason === 'RECONCILED') countMetric(PAYMENT_METRICS.reconciled);
    if (outcome.unconfirmed) countMetric(PAYMENT_METRICS.unconfirmed);

    // Brand and last four at most: never the number, never the expiry, never the ciphertext.
    const details = {
      contactId,
      orderId: outcome.orderId,
      result: outcome.result,
      reason: outcome.reason,
      brand: outcome.brand,
      last4: outcome.last4,
      replayed: outcome.replayed,
      charged: outcome.charged,
      unconfirmed: outcome.unconfirmed,
      gateway: deps.gateway.name,
    };
    if (outcome.reconcile) {
      countMetric(PAYMENT_METRICS.reconcile);
      logger.error('payment needs reconciliation: the charge and the order may disagree', details);
    } else if (outcome.result === 'ERROR') {
      logger.error('payment failed', details);
    } else {
      logger.info('payment answered', details);
    }
    return toFlow(outcome);
  };

  return callerFacing(handle);
}
