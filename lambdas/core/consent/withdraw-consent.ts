import type { ConsentDecision } from './decision';
import type { ConsentLedger, WithdrawalChannel, WithdrawalRecord } from './ledger';

/**
 * Withdrawing consent (PIPL art. 15, COMPLIANCE C14): only a GRANTED decision can be withdrawn.
 * The withdrawal is appended to the contact's ledger next to the decision, never instead of it,
 * so the evidence shows both the consent and its end.
 */

/** A request to withdraw one contact's consent. */
export interface WithdrawRequest {
  readonly contactId: string;
  readonly via: WithdrawalChannel;
  /** The staff request (audit record id) behind an after-call withdrawal. */
  readonly requestId?: string;
}

/** What a withdrawal request came to. */
export type WithdrawOutcome =
  /** The contact's GRANTED decision is withdrawn; `written` is false when it already was. */
  | { readonly kind: 'WITHDRAWN'; readonly written: boolean; readonly withdrawal: WithdrawalRecord }
  /** Nothing to withdraw: the caller did not grant (or never reached the notice). */
  | { readonly kind: 'NOT_GRANTED'; readonly decision: ConsentDecision | undefined };

/** Ports of {@link withdrawConsent}. */
export interface WithdrawDeps {
  readonly ledger: ConsentLedger;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

/**
 * Appends a withdrawal when the contact's decision is GRANTED; a repeated request keeps the first
 * withdrawal and answers WITHDRAWN again.
 *
 * @throws ConsentLedgerError when the ledger fails (nothing is written)
 */
export async function withdrawConsent(
  request: WithdrawRequest,
  deps: WithdrawDeps,
): Promise<WithdrawOutcome> {
  const history = await deps.ledger.history(request.contactId);
  const decision = history.decision;
  if (decision === undefined || decision.decision !== 'GRANTED') {
    return { kind: 'NOT_GRANTED', decision: decision?.decision };
  }
  if (history.withdrawal !== undefined) {
    return { kind: 'WITHDRAWN', written: false, withdrawal: history.withdrawal };
  }
  const outcome = await deps.ledger.appendWithdrawal({
    contactId: request.contactId,
    withdrawnAt: (deps.clock ?? (() => new Date()))().toISOString(),
    via: request.via,
    locale: decision.locale,
    noticeVersion: decision.noticeVersion,
    ...(decision.callerHmac !== undefined ? { callerHmac: decision.callerHmac } : {}),
    ...(request.requestId !== undefined ? { requestId: request.requestId } : {}),
  });
  return { kind: 'WITHDRAWN', written: outcome.written, withdrawal: outcome.withdrawal };
}
