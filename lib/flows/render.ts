import languageChoice from '../../contact-flows/inbound/language-choice.json';
import languageMenu from '../../contact-flows/inbound/language-menu.json';
import languageOption from '../../contact-flows/inbound/language-option.json';
import localeSegment from '../../contact-flows/inbound/locale-segment.json';
import payLater from '../../contact-flows/inbound/pay-later.json';
import payment from '../../contact-flows/inbound/payment.json';
import skeleton from '../../contact-flows/inbound/skeleton.json';
import type { Locale } from '../../lambdas/contracts/locales';
import type { FlowAction, FlowCondition, FlowDocument } from './model';
import { assertNoPlaceholders, fillPlaceholders } from './placeholders';
import {
  BOT_REENTRY_LIMIT,
  CALLBACK_SETTINGS,
  CONSENT_WRONG_KEY,
  type FlowValues,
  type LocaleFlowValues,
  PAYMENT_RETURN_LIMIT,
} from './values';

/** Names of the flows this project deploys. */
export const FLOW_NAMES = ['inbound'] as const;
/** A flow this project deploys. */
export type FlowName = (typeof FLOW_NAMES)[number];

interface Fragment {
  readonly Actions: readonly FlowAction[];
}

const asFragment = (json: unknown): Fragment => json as Fragment;

/** A fragment's first action is its entry point. */
function entryOf(fragment: Fragment): string {
  const first = fragment.Actions[0];
  if (first === undefined) throw new Error('a flow fragment has no actions; fix: add its entry action first');
  return first.Identifier;
}

/** Whether the payment segment is rendered: only with the payment Lambda's ARN. */
export function rendersPayment(values: FlowValues): boolean {
  return values.arns.paymentFunctionArn !== undefined;
}

/** Placeholders every fragment may use. */
function globalTokens(values: FlowValues): Record<string, string> {
  return {
    ...(rendersPayment(values) ? { PAYMENT_FUNCTION_ARN: values.arns.paymentFunctionArn as string } : {}),
    RECORDING_CONTROL_FUNCTION_ARN: values.arns.recordingControlFunctionArn,
    SURVEY_FUNCTION_ARN: values.arns.surveyFunctionArn,
    PAYMENT_KEY_ID: values.cardInputEncryption.keyId,
    PAYMENT_CERTIFICATE: values.cardInputEncryption.certificate,
    CONSENT_FUNCTION_ARN: values.arns.consentFunctionArn,
    LEX_BOT_ALIAS_ARN: values.arns.lexBotAliasArn,
    QUEUE_ARN: values.arns.queueArn,
    CALLBACK_QUEUE_ARN: values.arns.callbackQueueArn,
    HOURS_OF_OPERATION_ARN: values.arns.hoursOfOperationArn,
    DEFAULT_LOCALE: values.defaultLocale,
    CONSENT_WRONG_KEY,
    BOT_REENTRY_LIMIT: String(BOT_REENTRY_LIMIT),
    PAYMENT_RETURN_LIMIT: String(PAYMENT_RETURN_LIMIT),
    CALLBACK_INITIAL_DELAY_SECONDS: String(CALLBACK_SETTINGS.initialDelaySeconds),
    CALLBACK_MAXIMUM_ATTEMPTS: String(CALLBACK_SETTINGS.maximumAttempts),
    CALLBACK_RETRY_DELAY_SECONDS: String(CALLBACK_SETTINGS.retryDelaySeconds),
  };
}

/** Placeholders of one locale segment. */
function localeTokens(locale: Locale, v: LocaleFlowValues): Record<string, string> {
  return {
    LOCALE: locale,
    VOICE: v.voice,
    VOICE_ENGINE: v.voiceEngine,
    NOTICE_TEXT: v.noticeText,
    PROMPT_LANGUAGE_OPTION: v.prompts.languageOption,
    PROMPT_CONSENT_ASK: v.prompts.consentAsk,
    PROMPT_CONSENT_RETRY: v.prompts.consentRetry,
    PROMPT_RECORDING_ON: v.prompts.recordingOn,
    PROMPT_RECORDING_OFF: v.prompts.recordingOff,
    PROMPT_CONSENT_ERROR: v.prompts.consentError,
    PROMPT_BOT_WELCOME: v.prompts.botWelcome,
    PROMPT_BOT_AGAIN: v.prompts.botAgain,
    PROMPT_WITHDRAWN: v.prompts.withdrawn,
    PROMPT_WITHDRAW_NOT_RECORDED: v.prompts.withdrawNotRecorded,
    PROMPT_WITHDRAW_FAILED: v.prompts.withdrawFailed,
    PROMPT_TRANSFER: v.prompts.transfer,
    PROMPT_CLOSED: v.prompts.closed,
    PROMPT_CLOSED_CALLBACK: v.prompts.closedCallback,
    PROMPT_CALLBACK_QUEUED: v.prompts.callbackQueued,
    PROMPT_CALLBACK_DECLINED: v.prompts.callbackDeclined,
    PROMPT_CALLBACK_NO_NUMBER: v.prompts.callbackNoNumber,
    PROMPT_CALLBACK_FAILED: v.prompts.callbackFailed,
    PROMPT_QUEUE_FULL: v.prompts.queueFull,
    PROMPT_PAY_LATER: v.prompts.payLater,
    PROMPT_PAY_CARD: v.prompts.payCard,
    PROMPT_PAY_CARD_UNRECORDED: v.prompts.payCardUnrecorded,
    PROMPT_PAY_EXPIRY: v.prompts.payExpiry,
    PROMPT_PAY_APPROVED: v.prompts.payApproved,
    PROMPT_PAY_DECLINED: v.prompts.payDeclined,
    PROMPT_PAY_INVALID_CARD: v.prompts.payInvalidCard,
    PROMPT_PAY_EXPIRED: v.prompts.payExpired,
    PROMPT_PAY_NOT_PAYABLE: v.prompts.payNotPayable,
    PROMPT_PAY_ERROR: v.prompts.payError,
    PROMPT_PAY_UNCONFIRMED: v.prompts.payUnconfirmed,
    PROMPT_PAY_NO_INPUT: v.prompts.payNoInput,
    PROMPT_PAY_UNAVAILABLE: v.prompts.payUnavailable,
    PROMPT_GOODBYE: v.prompts.goodbye,
    PROMPT_SURVEY_OFFER: v.prompts.surveyOffer,
    PROMPT_SURVEY_RESOLVED: v.prompts.surveyResolved,
    PROMPT_SURVEY_THANKS: v.prompts.surveyThanks,
    PROMPT_SURVEY_THANKS_CASE: v.prompts.surveyThanksCase,
    PROMPT_APOLOGY: v.prompts.apology,
  };
}

function localeValues(values: FlowValues, locale: Locale): LocaleFlowValues {
  const v = values.perLocale[locale];
  if (v === undefined) {
    throw new Error(
      `flow values have no entry for locale ${locale}; fix: build them with flowValues(config, arns)`,
    );
  }
  return v;
}

/**
 * Composes the inbound flow from its JSON fragments in `contact-flows/inbound/`:
 * skeleton (logging on, recording off) → [language menu when more than one locale] → one
 * locale segment per configured locale (voice, notice, consent, recording, bot, endings) and its
 * PayOrder segment: `payment.json` (suspend recording, encrypted card input, payment Lambda,
 * resume on every outcome) when the payment ARNs are given, else `pay-later.json`.
 * The structure lives in the JSON; this function only picks fragments and fills placeholders.
 */
function renderInbound(values: FlowValues): FlowDocument {
  const global = globalTokens(values);
  const { locales, defaultLocale } = values;
  if (locales.length === 0)
    throw new Error('flow values list no locales; fix: configure at least one locale');
  if (!locales.includes(defaultLocale)) {
    throw new Error(`default locale ${defaultLocale} is not one of the flow locales ${locales.join(', ')}`);
  }
  const multi = locales.length > 1;
  const actions: FlowAction[] = [];
  const head = fillPlaceholders(skeleton as unknown as FlowDocument, {
    ...global,
    ENTRY_ACTION: multi ? `lang-voice-${locales[0]}` : `voice-${defaultLocale}`,
  });
  actions.push(...head.Actions);

  if (multi) {
    // Each locale announces its own option in its own voice; the last announcement is the
    // input prompt itself so a key pressed while it plays is captured. A wrong key or silence
    // plays the menu once more (identifiers suffixed `-again`); after that the default locale.
    const announced = locales.slice(0, -1);
    const last = locales.at(-1) as Locale;
    const choices = locales.map((locale, i) =>
      fillPlaceholders(languageChoice as FlowCondition, { LOCALE: locale, DIGIT: String(i + 1) }),
    );
    for (const pass of ['', '-again'] as const) {
      // The first pass falls back to the second; the second to the default locale.
      const fallback = pass === '' ? `lang-voice-${announced[0]}-again` : `voice-${defaultLocale}`;
      announced.forEach((locale, i) => {
        const next = i + 1 < announced.length ? `lang-voice-${announced[i + 1]}` : 'lang-menu-voice';
        const part = fillPlaceholders(asFragment(languageOption), {
          ...global,
          ...localeTokens(locale, localeValues(values, locale)),
          NEXT_ACTION: next,
        });
        actions.push(...part.Actions.map((a) => withSuffix(a, pass, 'lang-')));
      });
      const menu = fillPlaceholders(asFragment(languageMenu), {
        ...global,
        ...localeTokens(last, localeValues(values, last)),
      });
      actions.push(
        ...menu.Actions.map((a) => withSuffix(a, pass, 'lang-')).map((a) =>
          a.Identifier === `lang-menu${pass}`
            ? {
                ...a,
                Transitions: {
                  ...a.Transitions,
                  NextAction: fallback,
                  Conditions: choices,
                  Errors: (a.Transitions.Errors ?? []).map((e) =>
                    e.ErrorType === 'NoMatchingError' ? e : { ...e, NextAction: fallback },
                  ),
                },
              }
            : a,
        ),
      );
    }
  }

  for (const locale of locales) {
    const tokens = { ...global, ...localeTokens(locale, localeValues(values, locale)) };
    const pay = fillPlaceholders(asFragment(rendersPayment(values) ? payment : payLater), tokens);
    const segment = fillPlaceholders(asFragment(localeSegment), {
      ...tokens,
      PAY_ENTRY: entryOf(pay),
    });
    actions.push(...segment.Actions, ...pay.Actions);
  }
  return { Version: head.Version, StartAction: head.StartAction, Actions: actions };
}

/**
 * Renders a deployable flow from the templates in `contact-flows/`.
 *
 * The result is the flow-language document; deploy `JSON.stringify(result)` as the flow
 * `Content`. ARN token strings from the CDK are kept verbatim.
 *
 * @throws LeftoverPlaceholderError naming every `<<TOKEN>>` left after filling
 */
/** The action with `suffix` on its identifier and on every transition to an action starting with `prefix`. */
function withSuffix(action: FlowAction, suffix: string, prefix: string): FlowAction {
  if (suffix === '') return action;
  const to = (id: string | undefined) => (id?.startsWith(prefix) ? `${id}${suffix}` : id);
  const t = action.Transitions;
  return {
    ...action,
    Identifier: `${action.Identifier}${suffix}`,
    Transitions: {
      ...t,
      ...(t.NextAction !== undefined ? { NextAction: to(t.NextAction) } : {}),
      ...(t.Errors
        ? { Errors: t.Errors.map((e) => ({ ...e, NextAction: to(e.NextAction) as string })) }
        : {}),
    },
  };
}

export function renderFlow(name: FlowName, values: FlowValues): FlowDocument {
  const flow = renderInbound(values);
  assertNoPlaceholders(flow, `flow ${name}`);
  return flow;
}

/** {@link renderFlow} serialised as the string CreateContactFlow expects. */
export function renderFlowContent(name: FlowName, values: FlowValues): string {
  return JSON.stringify(renderFlow(name, values));
}
