import enUS from '../../contact-flows/prompts/en-US.json';
import zhCN from '../../contact-flows/prompts/zh-CN.json';
import { type Locale, timeZoneName } from '../../lambdas/contracts/locales';
import { STAGED_RECORDING_DAYS } from '../../lambdas/contracts/transcription';
import type { AppConfig } from '../config';
import { renderNotices } from './notices';

/**
 * ARNs a flow refers to. In the CDK these are CloudFormation token strings
 * (`${Token[...]}`); the renderer inserts them as opaque strings.
 */
export interface FlowArns {
  /** The consent Lambda (invoked with consentDigit and locale). */
  readonly consentFunctionArn: string;
  /** The Lex V2 bot alias the caller talks to. */
  readonly lexBotAliasArn: string;
  /** The queue for TalkToAgent. */
  readonly queueArn: string;
  /**
   * The queue out-of-hours callbacks wait in (CreateCallbackContact): apart from the agent queue,
   * so callbacks booked over a weekend never fill the queue live transfers need.
   */
  readonly callbackQueueArn: string;
  /** The hours of operation checked before queueing. */
  readonly hoursOfOperationArn: string;
  /**
   * The payment Lambda (orderId, encryptedCard, encryptedExpiry → result). Given, the payment
   * segment is rendered; without it, PayOrder only tells the caller that paying by phone comes
   * later. @default no payment segment
   */
  readonly paymentFunctionArn?: string;
  /**
   * The recording-control Lambda (action = suspend | resume | stop → ok): the payment segment
   * suspends and resumes with it, a withdrawal stops the recording with it.
   */
  readonly recordingControlFunctionArn: string;
  /** The survey Lambda (surveyScore → caseOpened): a low post-call score opens a back-office case. */
  readonly surveyFunctionArn: string;
}

/** Syntactically valid, obviously fake ARNs for offline checking, diagrams and the simulator. */
export const PLACEHOLDER_ARNS: FlowArns = Object.freeze({
  consentFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:phone-robot-consent',
  lexBotAliasArn: 'arn:aws:lex:us-east-1:111122223333:bot-alias/BOTID00000/ALIASID000',
  queueArn:
    'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000/queue/00000000-0000-4000-8000-000000000001',
  hoursOfOperationArn:
    'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000/operating-hours/00000000-0000-4000-8000-000000000002',
  callbackQueueArn:
    'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000/queue/00000000-0000-4000-8000-000000000003',
  paymentFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:phone-robot-payment',
  recordingControlFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:phone-robot-recording-control',
  surveyFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:phone-robot-survey',
});

/**
 * How often the flow takes a caller back into the bot after the bot block ended without a
 * branch of its own (an unexpected intent, silence) before it says goodbye.
 * The bot keeps a normal conversation inside one block (ElicitIntent), so these returns are rare;
 * the bound makes the loop provably finite (a Loop action, see the checker's cycle rule).
 */
export const BOT_REENTRY_LIMIT = 2;

/**
 * How often a caller comes back to the bot from the payment segment (after an approved, declined
 * or failed payment) on a counter of its own, so that retrying a card never uses up the re-asks
 * meant for silence. After that, returns count against {@link BOT_REENTRY_LIMIT}.
 */
export const PAYMENT_RETURN_LIMIT = 4;

/**
 * What the flow sends the consent Lambda as `consentDigit` when the caller's last answer was a
 * key other than 1 or 2. GetParticipantInput without StoreInput does not expose which key was
 * pressed (only the NoMatchingCondition branch), and the ledger stores the decision, not the key;
 * the Lambda's strict mapping turns anything but "", "1" and "2" into INVALID.
 */
export const CONSENT_WRONG_KEY = 'wrong-key';

/**
 * The out-of-hours callback's CreateCallbackContact settings. The confirmation the caller hears
 * names the retry delay in minutes ({callbackRetryMinutes}) and promises another try, so the
 * delay is whole minutes and there are at least two attempts (test/unit/flows/callback.test.ts).
 */
export const CALLBACK_SETTINGS = Object.freeze({
  /**
   * Seconds before Connect may route the callback. The flow ends the call right after booking
   * (the offer says so), so the line is free by then.
   */
  initialDelaySeconds: 300,
  /** Most attempts to reach the caller; Connect tries again only when a call rings unanswered. */
  maximumAttempts: 3,
  /** Seconds between an unanswered attempt and the next. */
  retryDelaySeconds: 600,
});

/** Keys of the caller-facing sentences every locale's prompts file defines. */
export const PROMPT_KEYS = [
  'languageOption',
  'consentAsk',
  'consentRetry',
  'recordingOn',
  'recordingOff',
  'consentError',
  'botWelcome',
  'botAgain',
  'withdrawn',
  'withdrawNotRecorded',
  'withdrawFailed',
  'transfer',
  'closed',
  'closedCallback',
  'callbackQueued',
  'callbackDeclined',
  'callbackNoNumber',
  'callbackFailed',
  'queueFull',
  'payLater',
  'payCard',
  'payCardUnrecorded',
  'payExpiry',
  'payApproved',
  'payDeclined',
  'payInvalidCard',
  'payExpired',
  'payNotPayable',
  'payError',
  'payUnconfirmed',
  'payNoInput',
  'payUnavailable',
  'goodbye',
  'surveyOffer',
  'surveyResolved',
  'surveyThanks',
  'surveyThanksCase',
  'apology',
] as const;
/** A caller-facing sentence key. */
export type PromptKey = (typeof PROMPT_KEYS)[number];

/** A prompts file: `contact-flows/prompts/<locale>.json`. */
export interface PromptsFile {
  /** Locale of the sentences. */
  readonly locale: string;
  /** Amazon Polly voice and engine for the locale (UpdateContactTextToSpeechVoice). */
  readonly voice: { readonly name: string; readonly engine: string };
  /**
   * Sentences; `languageOption` contains `{digit}`, the key to press for the locale, and
   * `withdrawn` contains `{stagedDays}`, the days by which a withdrawn call's recording is deleted.
   */
  readonly prompts: Readonly<Record<PromptKey, string>>;
}

/** Prompts per locale, as stored. */
export const PROMPTS: Readonly<Record<Locale, PromptsFile>> = Object.freeze({ 'en-US': enUS, 'zh-CN': zhCN });

/** Everything one locale segment of a flow needs. */
export interface LocaleFlowValues {
  /** Amazon Polly voice name, e.g. Joanna. */
  readonly voice: string;
  /** Amazon Polly engine, e.g. Neural. */
  readonly voiceEngine: string;
  /** The rendered recording notice. */
  readonly noticeText: string;
  /** Sentences with `{digit}` already filled in from the menu order. */
  readonly prompts: Readonly<Record<PromptKey, string>>;
}

/** Typed input of {@link renderFlow}: built by {@link flowValues}. */
export interface FlowValues {
  /** Locales in menu order; more than one adds a DTMF language menu. */
  readonly locales: readonly Locale[];
  /** Locale used before and when the caller does not choose. */
  readonly defaultLocale: Locale;
  /** ARNs (or token strings) referenced by the flow. */
  readonly arns: FlowArns;
  /** Per configured locale. */
  readonly perLocale: Readonly<Partial<Record<Locale, LocaleFlowValues>>>;
  /** Encrypted card input: the Connect key id and the certificate signed by that key (config). */
  readonly cardInputEncryption: { readonly keyId: string; readonly certificate: string };
}

/**
 * Builds the values every flow template needs from config and ARNs: voices, prompts and the
 * rendered notice per configured locale, and the menu digits (1-based position in
 * `config.locales`).
 */
export function flowValues(config: AppConfig, arns: FlowArns): FlowValues {
  const notices = renderNotices(config);
  const perLocale: Partial<Record<Locale, LocaleFlowValues>> = {};
  config.locales.forEach((locale, index) => {
    const file = PROMPTS[locale];
    const prompts = Object.fromEntries(
      PROMPT_KEYS.map((key) => [
        key,
        file.prompts[key]
          .replaceAll('{digit}', String(index + 1))
          .replaceAll('{retentionDays}', String(config.retentionDays))
          .replaceAll('{stagedDays}', String(STAGED_RECORDING_DAYS))
          .replaceAll('{agentTimeZone}', timeZoneName(config.agentTimeZone, locale))
          .replaceAll('{callbackRetryMinutes}', String(CALLBACK_SETTINGS.retryDelaySeconds / 60)),
      ]),
    ) as Record<PromptKey, string>;
    perLocale[locale] = Object.freeze({
      voice: file.voice.name,
      voiceEngine: file.voice.engine,
      noticeText: notices[locale].text,
      prompts: Object.freeze(prompts),
    });
  });
  return Object.freeze({
    locales: Object.freeze([...config.locales]),
    defaultLocale: config.defaultLocale,
    arns: Object.freeze({ ...arns }),
    perLocale: Object.freeze(perLocale),
    cardInputEncryption: Object.freeze({
      keyId: config.paymentKeyId,
      certificate: config.paymentCertificate,
    }),
  });
}
