import { type Locale, SUPPORTED_LOCALES } from '../../contracts/locales';
import type { NoticeCatalog } from '../../contracts/notices';
import { callerHmac, type HmacKeySource, plausibleCallerNumber } from '../caller-id';
import { type ConsentDecision, decisionFromDigit } from './decision';
import type { ConsentLedger, ConsentRecord } from './ledger';

/** The ports and settings {@link recordConsent} works with. */
export interface RecordConsentDeps {
  /** Where decisions are kept. */
  readonly ledger: ConsentLedger;
  /** Key for the caller-number HMAC. */
  readonly hmacKey: HmacKeySource;
  /** The notice played in each locale. */
  readonly notices: NoticeCatalog;
  /** Locale used when neither the flow nor the contact names a supported one; must have a notice. */
  readonly defaultLocale: Locale;
  /** Time source; `() => new Date()` by default. */
  readonly clock?: () => Date;
}

/** What the flow tells us about one consent prompt. */
export interface ConsentRequest {
  /** The Connect contact the decision belongs to. */
  readonly contactId: string;
  /** The stored DTMF input; undefined or "" when the caller pressed nothing. */
  readonly digit: string | undefined;
  /** Locale the flow played the notice in (`locale` parameter), if given. */
  readonly requestedLocale?: string;
  /** The contact's `LanguageCode`, the fallback when the flow gives no usable locale. */
  readonly contactLanguage?: string;
  /** The caller's number as Connect gives it. Only its HMAC leaves this function. */
  readonly callerNumber?: string | undefined;
  /** The customer endpoint's `Type` as Connect gives it; anything but `TELEPHONE_NUMBER` gets no HMAC. */
  readonly callerNumberType?: string | undefined;
  /** Contact channel, stored as context. */
  readonly channel?: string;
  /** Connect instance ARN, stored as context. */
  readonly instanceArn?: string;
}

/** What happened to a consent request. */
export interface ConsentOutcome {
  /** The record on file for the contact; on a conflicting retry, the first decision. */
  readonly record: ConsentRecord;
  /** True when this request wrote the record. */
  readonly written: boolean;
  /** The decision this request asked for (differs from `record.decision` on a conflict). */
  readonly requested: ConsentDecision;
}

/** A locale has no notice configured; a deployment error, raised when the handler is built. */
export class NoticeMissingError extends Error {
  override name = 'NoticeMissingError';
}

const isLocale = (value: string | undefined): value is Locale =>
  value !== undefined && (SUPPORTED_LOCALES as readonly string[]).includes(value);

/**
 * Picks the locale the notice was played in: the flow's `locale` parameter, else the contact's
 * language, else the default; a candidate counts only if it is supported and has a notice.
 *
 * @param candidates locales in order of preference (unsupported or missing ones are skipped)
 * @param notices the notices by locale
 * @param defaultLocale the last resort
 */
export function resolveLocale(
  candidates: readonly (string | undefined)[],
  notices: NoticeCatalog,
  defaultLocale: Locale,
): Locale {
  for (const candidate of candidates) {
    if (isLocale(candidate) && notices[candidate] !== undefined) return candidate;
  }
  return defaultLocale;
}

/**
 * Checks once, when a handler is built, that the default locale has a notice, so that
 * {@link recordConsent} can always name the notice the caller heard.
 *
 * @throws NoticeMissingError naming the locale and the fix
 */
export function assertNoticeForDefault(notices: NoticeCatalog, defaultLocale: Locale): void {
  if (notices[defaultLocale] === undefined) {
    throw new NoticeMissingError(
      `no recording notice is configured for the default locale ${defaultLocale}; ` +
        `fix: add "${defaultLocale}" to the notices map (NOTICES) or change the default locale`,
    );
  }
}

/**
 * HMAC of the caller's number, or undefined when there is no number that identifies one caller
 * (withheld caller ID, a keypad placeholder such as +266696687 "ANONYMOUS", chat): an HMAC of a
 * value every anonymous caller shares would make them all look like one person, who could then
 * read each other's orders. See {@link plausibleCallerNumber} for the rules.
 */
async function hmacOf(
  number: string | undefined,
  type: string | undefined,
  key: HmacKeySource,
): Promise<string | undefined> {
  const plausible = plausibleCallerNumber(number, type);
  if (plausible === undefined) return undefined;
  return callerHmac(plausible, await key.key());
}

/**
 * Records a consent decision in the ledger, once per contact. A retry with the same decision
 * succeeds; a conflicting later decision is not stored and the first one is returned, because that
 * is what is on record and what the recording behaviour must follow.
 *
 * @throws ConsentLedgerError when the ledger fails (nothing is written)
 * @throws Error when the HMAC key cannot be loaded (nothing is written)
 */
export async function recordConsent(
  request: ConsentRequest,
  deps: RecordConsentDeps,
): Promise<ConsentOutcome> {
  const requested = decisionFromDigit(request.digit);
  const locale = resolveLocale(
    [request.requestedLocale, request.contactLanguage],
    deps.notices,
    deps.defaultLocale,
  );
  const notice = deps.notices[locale];
  if (notice === undefined) {
    // Only reachable when the deps skipped assertNoticeForDefault.
    throw new NoticeMissingError(`no recording notice is configured for locale ${locale}`);
  }
  const hmac = await hmacOf(request.callerNumber, request.callerNumberType, deps.hmacKey);
  const record: ConsentRecord = {
    contactId: request.contactId,
    decision: requested,
    noticeVersion: notice.version,
    noticeSha256: notice.sha256,
    locale,
    ...(hmac !== undefined ? { callerHmac: hmac } : {}),
    decidedAt: (deps.clock ?? (() => new Date()))().toISOString(),
    ...(request.channel ? { channel: request.channel } : {}),
    ...(request.instanceArn ? { instanceArn: request.instanceArn } : {}),
  };
  const outcome = await deps.ledger.appendOnce(record);
  return { record: outcome.record, written: outcome.written, requested };
}
