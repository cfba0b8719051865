import { randomUUID } from 'node:crypto';
import type { Locale } from '../../contracts/locales';

/**
 * Product links by text message (SMS), sent only to a caller who asked for one and said yes to
 * one message on the number they are calling from. The agreement is recorded before anything is
 * sent, with the exact sentence the caller agreed to, and then settled with what the sending
 * service answered; the number itself is never stored here (only its HMAC, like every caller
 * record), it is read from the contact when the message goes out.
 */

/** What became of an agreed text. */
export const TEXT_OUTCOMES = [
  /** Recorded, not yet settled (the send is under way, or the function stopped before it settled). */
  'AGREED',
  /** The sending service accepted the message (it holds the message id). */
  'SENT',
  /** The number replied STOP to our texts earlier: the service refused to send. */
  'OPTED_OUT',
  /** The contact's number could not be read: nothing was sent. */
  'NO_NUMBER',
  /** The number is in a country the origination identity cannot text: nothing was sent. */
  'UNREACHABLE',
  /** The service refused the message: nothing was sent. */
  'FAILED',
  /** The service did not answer in time or failed in a way that leaves open whether it sent. */
  'UNCONFIRMED',
] as const;

/** One outcome of {@link TEXT_OUTCOMES}. */
export type TextOutcome = (typeof TEXT_OUTCOMES)[number];

/** A caller's agreement to one text with one product's link, as the store keeps it. */
export interface TextAgreement {
  readonly contactId: string;
  readonly sku: string;
  /** HMAC of the caller number (the agreement is only ever taken from an identified line). */
  readonly callerHmac: string;
  readonly locale: Locale;
  /** The question the caller said yes to, word for word. */
  readonly offer: string;
  /** When the caller agreed (ISO 8601, UTC). */
  readonly agreedAt: string;
  readonly outcome: TextOutcome;
  /**
   * Which attempt wrote the record (random per attempt): a write retried by the SDK after it had
   * in fact succeeded is recognised as the same attempt, not taken for an earlier agreement.
   */
  readonly attempt: string;
  /** The sending service's id of the message, once it was accepted. */
  readonly messageId?: string;
  /** When the outcome was settled (ISO 8601, UTC). */
  readonly settledAt?: string;
  /** Epoch seconds after which the store drops the record (config `retentionDays`). */
  readonly expiresAt: number;
}

/** Where agreements are kept (a DynamoDB table in AWS and offline). */
export interface TextAgreements {
  /**
   * Records the agreement unless the contact already agreed to a text for this product; then the
   * earlier record is returned and nothing is written (a retried turn sends nothing twice). An
   * earlier agreement that sent nothing for certain (FAILED, NO_NUMBER) is taken over by this one.
   */
  record(
    agreement: TextAgreement,
  ): Promise<{ readonly written: true } | { readonly written: false; readonly existing: TextAgreement }>;
  /** Settles this attempt's AGREED record with the outcome (and the message id when it was sent). */
  settle(
    contactId: string,
    sku: string,
    attempt: string,
    outcome: Exclude<TextOutcome, 'AGREED'>,
    at: string,
    messageId?: string,
  ): Promise<void>;
}

/** One text message for one number. */
export interface TextMessage {
  /** The destination in E.164. */
  readonly to: string;
  readonly body: string;
  /**
   * Passed to the service with the message (its delivery events carry it): the contact id and SKU,
   * which join the text to its agreement record; no number, name or words.
   */
  readonly context: { readonly contactId: string; readonly sku: string };
}

/** What the sending service answered. */
export type SendResult =
  | { readonly status: 'SENT'; readonly messageId: string }
  | { readonly status: 'OPTED_OUT' };

/**
 * The service refused or failed. `sent: 'NO'` when it refused the request (nothing went out);
 * `'UNKNOWN'` when it timed out or failed on its side (the message may have gone out).
 */
export class TextSendError extends Error {
  override name = 'TextSendError';
  constructor(
    readonly sent: 'NO' | 'UNKNOWN',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Sends text messages (AWS End User Messaging SMS in AWS; a JSON-lines outbox offline). */
export interface TextSender {
  /** @throws TextSendError */
  send(message: TextMessage): Promise<SendResult>;
}

/**
 * The body of a product-link text, in the caller's language: who sends it (US carriers require the
 * brand first; a Chinese text's signature goes in 【】), the link and the opt-out word only. STOP in
 * both languages: it is the one keyword every End User Messaging number honours (on a US toll-free
 * number it is the only one).
 */
export function productLinkBody(locale: Locale, sender: string, name: string, link: string): string {
  return locale === 'zh-CN'
    ? `【${sender}】您在来电中要的${name}链接：${link} 回复STOP退订`
    : `${sender}: the ${name} you asked about on your call: ${link} Reply STOP to opt out.`;
}

/** Outcomes after which nothing went out for certain: the caller may ask again in the same call. */
export const RETRYABLE_OUTCOMES: ReadonlySet<TextOutcome> = new Set<TextOutcome>(['FAILED', 'NO_NUMBER']);

/**
 * What the caller is told came of their request; `reason` (an error name, never data) says why a
 * text did not go out, for the log.
 */
export type LinkResult =
  | { readonly kind: 'SENT' }
  | { readonly kind: 'ALREADY'; readonly outcome: TextOutcome }
  | { readonly kind: 'OPTED_OUT' }
  | { readonly kind: 'NO_NUMBER' }
  | { readonly kind: 'UNREACHABLE' }
  | { readonly kind: 'FAILED'; readonly reason: string }
  | { readonly kind: 'UNCONFIRMED'; readonly reason: string };

/** Ports of {@link ProductLinks}. */
export interface ProductLinksDeps {
  readonly agreements: TextAgreements;
  readonly sender: TextSender;
  /** The number a contact called from (Connect DescribeContact), undefined when it cannot be read. */
  readonly callingNumber: (contactId: string) => Promise<string | undefined>;
  /**
   * E.164 country calling codes the origination identity can text (config `textCountryCodes`,
   * e.g. `['1']` for a US number: the US and Canada); a number elsewhere is neither offered a text
   * nor sent one.
   */
  readonly reach: readonly string[];
  /** The brand the text names as its sender (config `textSenderName`). */
  readonly senderName: string;
  /** Days an agreement record is kept (config `retentionDays`). */
  readonly retentionDays: number;
  /** @default the system clock */
  readonly clock?: () => Date;
  /** @default random UUIDs */
  readonly newAttempt?: () => string;
}

/** The request of a caller who said yes to the offer. */
export interface LinkRequest {
  readonly contactId: string;
  readonly callerHmac: string;
  readonly locale: Locale;
  readonly sku: string;
  readonly name: string;
  readonly link: string;
  /** The question they said yes to, word for word. */
  readonly offer: string;
}

/**
 * Sends a product's link to a caller who agreed: the agreement first (once per contact and
 * product), then the number from the contact, then the message, then the outcome on the record.
 * It never throws for the sending service: every failure is an outcome the caller is told.
 *
 * @throws whatever the agreement store throws (the edge says "try again later"; nothing was sent)
 */
export class ProductLinks {
  private readonly clock: () => Date;
  private readonly newAttempt: () => string;

  constructor(private readonly deps: ProductLinksDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.newAttempt = deps.newAttempt ?? randomUUID;
  }

  /**
   * Whether a text could reach the number the contact calls from: `YES` when its country calling
   * code is one the origination identity texts (calling codes are prefix-free), `NO` when it is
   * not, `UNKNOWN` when the number cannot be read (none behind the contact, or the lookup failed).
   */
  async reaches(contactId: string): Promise<'YES' | 'NO' | 'UNKNOWN'> {
    try {
      const number = await this.deps.callingNumber(contactId);
      if (number === undefined) return 'UNKNOWN';
      return inReach(number, this.deps.reach) ? 'YES' : 'NO';
    } catch {
      return 'UNKNOWN';
    }
  }

  async send(request: LinkRequest): Promise<LinkResult> {
    const now = this.clock();
    const attempt = this.newAttempt();
    const recorded = await this.deps.agreements.record({
      contactId: request.contactId,
      sku: request.sku,
      callerHmac: request.callerHmac,
      locale: request.locale,
      offer: request.offer,
      agreedAt: now.toISOString(),
      outcome: 'AGREED',
      attempt,
      expiresAt: Math.floor(now.getTime() / 1000) + this.deps.retentionDays * 86_400,
    });
    if (!recorded.written) return { kind: 'ALREADY', outcome: recorded.existing.outcome };
    const settle = async (outcome: Exclude<TextOutcome, 'AGREED'>, messageId?: string) => {
      // The caller hears the outcome even if the record cannot be settled: it stays AGREED.
      await this.deps.agreements
        .settle(request.contactId, request.sku, attempt, outcome, this.clock().toISOString(), messageId)
        .catch(() => undefined);
    };
    let number: string | undefined;
    try {
      number = await this.deps.callingNumber(request.contactId);
    } catch (error) {
      // The lookup failed (throttled, denied): the number may well exist, but nothing was sent.
      await settle('FAILED');
      return { kind: 'FAILED', reason: `DescribeContact: ${errorName(error)}` };
    }
    if (number === undefined) {
      await settle('NO_NUMBER');
      return { kind: 'NO_NUMBER' };
    }
    if (!inReach(number, this.deps.reach)) {
      await settle('UNREACHABLE');
      return { kind: 'UNREACHABLE' };
    }
    try {
      const result = await this.deps.sender.send({
        to: number,
        body: productLinkBody(request.locale, this.deps.senderName, request.name, request.link),
        context: { contactId: request.contactId, sku: request.sku },
      });
      if (result.status === 'OPTED_OUT') {
        await settle('OPTED_OUT');
        return { kind: 'OPTED_OUT' };
      }
      await settle('SENT', result.messageId);
      return { kind: 'SENT' };
    } catch (error) {
      const outcome = error instanceof TextSendError && error.sent === 'NO' ? 'FAILED' : 'UNCONFIRMED';
      await settle(outcome);
      const cause = error instanceof TextSendError ? error.cause : error;
      return { kind: outcome, reason: `SendTextMessage: ${errorName(cause)}` };
    }
  }
}

/** Whether an E.164 number (`+<calling code><number>`) has one of the calling codes. */
export function inReach(number: string, callingCodes: readonly string[]): boolean {
  return callingCodes.some((code) => number.startsWith(`+${code}`));
}

/** The name of an error (an SDK exception's name), never its message: messages can quote input. */
function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z0-9_.:-]{1,80}$/.test(name) ? name : 'Error';
}
