import type { CallerIdState } from '../contracts/callback';
import { CONSENT_ACTION_PARAMETER, DECIDE_ACTION, WITHDRAW_ACTION } from '../contracts/consent';
import type { Locale } from '../contracts/locales';
import type { ConsentDecision } from '../core/consent/decision';
import {
  assertNoticeForDefault,
  type RecordConsentDeps,
  recordConsent,
} from '../core/consent/record-consent';
import { type WithdrawOutcome, withdrawConsent } from '../core/consent/withdraw-consent';
import { parseConnectEvent } from '../edge/connect-event';
import { callerFacing } from '../edge/middleware';
import { countMetric, logger } from '../edge/powertools';

/**
 * The consent Lambda: invoked by the inbound flow right after the recording notice, it records the
 * caller's decision in the append-only consent ledger and tells the flow whether it may record.
 * Invoked again with `action` = "withdraw" when the caller asks the bot to stop recording, it
 * appends a WITHDRAWN event next to a GRANTED decision.
 *
 * Contract with the flow (all values are flat strings, as Connect requires):
 * - success: `{ consent, noticeVersion, callerHmac, locale, callerId }` describing the
 *   decision ON RECORD; on a conflicting retry that is the first decision, never the new one.
 *   `callerId` is KNOWN when the caller ID is a plausible number (one a colleague could call
 *   back), else WITHHELD; the flow offers an out-of-hours callback only to KNOWN.
 * - malformed event: `{ error: "MALFORMED_EVENT" }`, nothing written (no `consent`, so the flow's
 *   check for GRANTED fails);
 *   the flow takes its "recording disabled" branch and the caller keeps full service.
 * - ledger or key store failure: the function throws. Connect retries a failed invocation a few
 *   times (safe: the write is a single conditional put, and a same-decision retry succeeds), then
 *   takes the block's Error branch, where recording stays disabled. Throwing rather than answering
 *   "recording not allowed" keeps a missing ledger item visible as an error and an alarm
 *   (`ConsentLedgerFailure`) instead of a silent gap in the evidence.
 * - withdraw: `{ consent, withdrawal }`: `consent` is the state now (WITHDRAWN, or the decision
 *   that was not a grant), `withdrawal` says what this request did: RECORDED (appended now),
 *   ALREADY (withdrawn before) or NOT_GRANTED (nothing to withdraw). A ledger failure throws, and
 *   the flow stops the recording anyway and tells the caller the withdrawal was not registered.
 */

/** Dependencies of the consent handler: the domain ports plus configuration. */
export type ConsentDeps = RecordConsentDeps;

/** What the flow receives after a decision was recorded (or found on record). */
export type ConsentFlowResult = {
  /** The decision on record. */
  readonly consent: ConsentDecision;
  /** Version of the notice the decision refers to. */
  readonly noticeVersion: string;
  /** HMAC (hex) of the caller number, for contact attributes and Lex; "" when withheld or not a plausible number. */
  readonly callerHmac: string;
  /** Locale the notice was played in. */
  readonly locale: Locale;
  /** Whether the caller ID is one plausible number (see plausibleCallerNumber). */
  readonly callerId: CallerIdState;
};

/** What the flow receives when the event could not be understood; nothing was recorded. */
export type ConsentErrorResult = {
  readonly error: 'MALFORMED_EVENT';
};

/** What the flow receives after a withdrawal request. */
export type WithdrawalFlowResult = {
  /** The contact's consent state now. */
  readonly consent: ConsentDecision | 'WITHDRAWN' | 'NONE';
  /** What this request did. */
  readonly withdrawal: 'RECORDED' | 'ALREADY' | 'NOT_GRANTED';
};

/** Any answer of the consent handler. */
export type ConsentHandlerResult = ConsentFlowResult | WithdrawalFlowResult | ConsentErrorResult;

/** The answer to a malformed event. */
export const MALFORMED_EVENT_RESULT: ConsentErrorResult = Object.freeze({
  error: 'MALFORMED_EVENT',
});

/** Flow input parameter carrying the stored DTMF digit. */
export const CONSENT_DIGIT_PARAMETER = 'consentDigit';
/** Flow input parameter carrying the locale the notice was played in. */
export const LOCALE_PARAMETER = 'locale';
/** Flow input parameter naming the request: absent (or "decide") records a decision, "withdraw" withdraws. */
export const ACTION_PARAMETER = CONSENT_ACTION_PARAMETER;

/** Metric names the consent handler emits (namespace from the shared `metrics`). */
export const CONSENT_METRICS = {
  /** One per ledger item written, dimension `decision`: sums equal the ledger's item count. */
  decision: 'ConsentDecision',
  /** A retry asked for a different decision than the one on record (the first was kept). */
  conflict: 'ConsentConflict',
  /** The event failed validation; nothing was written. */
  malformedEvent: 'ConsentMalformedEvent',
  /** The ledger or the HMAC key could not be reached; the invocation failed. */
  ledgerFailure: 'ConsentLedgerFailure',
  /** One per withdrawal request, dimension `outcome` (RECORDED, ALREADY, NOT_GRANTED). */
  withdrawal: 'ConsentWithdrawal',
} as const;

/** The flow's view of a withdrawal outcome. */
function withdrawalResult(outcome: WithdrawOutcome): WithdrawalFlowResult {
  if (outcome.kind === 'NOT_GRANTED') {
    return { consent: outcome.decision ?? 'NONE', withdrawal: 'NOT_GRANTED' };
  }
  return { consent: 'WITHDRAWN', withdrawal: outcome.written ? 'RECORDED' : 'ALREADY' };
}

/**
 * Builds the consent handler over its ports.
 *
 * @param deps ledger, HMAC key, notices, default locale and optional clock
 * @throws NoticeMissingError when the default locale has no notice (a deployment error)
 */
export function createHandler(deps: ConsentDeps) {
  assertNoticeForDefault(deps.notices, deps.defaultLocale);

  const handle = async (event: unknown): Promise<ConsentHandlerResult> => {
    const parsed = parseConnectEvent(event);
    if (!parsed.success) {
      // Issue paths only: the event carries the caller's number and must never be logged.
      logger.warn('malformed Connect event; no consent recorded', { issues: parsed.issues });
      countMetric(CONSENT_METRICS.malformedEvent);
      return MALFORMED_EVENT_RESULT;
    }
    const contact = parsed.event.Details.ContactData;
    const parameters = parsed.event.Details.Parameters;
    const contactId = contact.ContactId;
    const action = parameters[ACTION_PARAMETER];
    if (action === WITHDRAW_ACTION) {
      let withdrawn: WithdrawOutcome;
      try {
        withdrawn = await withdrawConsent({ contactId, via: 'CALLER' }, deps);
      } catch (error) {
        logger.error('withdrawal not recorded', { contactId, error: error as Error });
        countMetric(CONSENT_METRICS.ledgerFailure);
        throw error;
      }
      const result = withdrawalResult(withdrawn);
      countMetric(CONSENT_METRICS.withdrawal, { name: 'outcome', value: result.withdrawal });
      logger.info('consent withdrawal', { contactId, ...result });
      return result;
    }
    if (action !== undefined && action !== DECIDE_ACTION) {
      logger.warn('unknown consent action; nothing recorded', { contactId, issues: [ACTION_PARAMETER] });
      countMetric(CONSENT_METRICS.malformedEvent);
      return MALFORMED_EVENT_RESULT;
    }

    let outcome: Awaited<ReturnType<typeof recordConsent>>;
    try {
      outcome = await recordConsent(
        {
          contactId,
          digit: parameters[CONSENT_DIGIT_PARAMETER],
          requestedLocale: parameters[LOCALE_PARAMETER],
          contactLanguage: contact.LanguageCode,
          callerNumber: contact.CustomerEndpoint?.Address,
          callerNumberType: contact.CustomerEndpoint?.Type,
          channel: contact.Channel,
          instanceArn: contact.InstanceARN,
        },
        deps,
      );
    } catch (error) {
      logger.error('consent not recorded', { contactId, error: error as Error });
      countMetric(CONSENT_METRICS.ledgerFailure);
      throw error;
    }

    const { record, written, requested } = outcome;
    if (written) {
      countMetric(CONSENT_METRICS.decision, { name: 'decision', value: record.decision });
      logger.info('consent recorded', {
        contactId,
        decision: record.decision,
        locale: record.locale,
        noticeVersion: record.noticeVersion,
      });
    } else if (requested !== record.decision) {
      countMetric(CONSENT_METRICS.conflict);
      logger.warn('conflicting consent retry; the first decision stays on record', {
        contactId,
        onRecord: record.decision,
        requested,
      });
    } else {
      logger.info('consent retry matches the decision on record', { contactId, decision: record.decision });
    }

    return {
      consent: record.decision,
      noticeVersion: record.noticeVersion,
      callerHmac: record.callerHmac ?? '',
      locale: record.locale,
      // The HMAC exists exactly when the number is plausible (recordConsent's rule): one source.
      callerId: record.callerHmac === undefined ? 'WITHHELD' : 'KNOWN',
    };
  };

  return callerFacing(handle);
}
