import { GRANT_KEY, WITHDRAW_ACTION } from '../../lambdas/contracts/consent';
import { disablesRecording, enablesRecording } from './actions';
import { offeredKeys } from './consent-prompt';
import { type FlowAction, type FlowEdge, paramAt } from './model';
import type { FlowFacts } from './roles';

/**
 * What the checker knows about the whole flow before it walks the paths: the role of each Lambda
 * (by ARN, see {@link FlowFacts}), the card inputs found by data flow, and the notice plays it
 * accepted by content.
 */
export interface FlowContext extends FlowFacts {
  /** MessageParticipant actions accepted as the notice because their text has all required content. */
  readonly noticeIds: ReadonlySet<string>;
}

/**
 * A safety property checked on every path from StartAction, written as a small state machine:
 * the checker carries one state per property along each path, calls `check` on arriving at an
 * action and `step` after taking one of its edges. Because the checker memoises on
 * (action, state key), a property must put everything that matters into `key`.
 *
 * The payment property ({@link recordingSuspendedForCardInput}) is another instance: `check`
 * rejects card input while the recording is not confirmed suspended, and `atEnd` rejects a path
 * that ends still suspended.
 */
export interface PathProperty<S> {
  /** Short id printed with each violation, e.g. `consent-before-recording`. */
  readonly id: string;
  /** One sentence for reports. */
  readonly description: string;
  /** State at StartAction. */
  readonly initial: S;
  /** Canonical string of a state (equal states, equal keys). */
  key(state: S): string;
  /** Violation (a sentence) when the path arrives at `action` in `state`, else undefined. */
  check(state: S, action: FlowAction, context: FlowContext): string | undefined;
  /** State after `action` ran and the path left it through `edge`. */
  step(state: S, action: FlowAction, edge: FlowEdge, context: FlowContext): S;
  /** Violation when a path ends at terminal `action` in `state`, else undefined. */
  atEnd?(state: S, action: FlowAction, context: FlowContext): string | undefined;
}

/** A property with its state type erased, as the checker holds it. */
export type AnyPathProperty = PathProperty<unknown>;

/** Erases the state type so properties with different states can share one list. */
export function pathProperty<S>(property: PathProperty<S>): AnyPathProperty {
  return property as unknown as AnyPathProperty;
}

/** How the consent property recognises the notice play. */
export interface ConsentPropertyOptions {
  /**
   * Exact notice texts (rendered). When given, a notice play is a MessageParticipant whose Text
   * is one of them, whatever its identifier. When absent, it is a MessageParticipant with a
   * non-empty prompt whose Identifier starts with `notice` (the convention of our templates).
   * Either way, a play the checker accepted by content ({@link FlowContext.noticeIds}) counts.
   */
  readonly noticeTexts?: readonly string[];
}

/** Where a path stands on the way to consent. */
interface ConsentState {
  /** The notice was played (message succeeded). */
  readonly notice: boolean;
  /** The key the caller last pressed at a 1/2 consent input after the notice ('' before any). */
  readonly pressed: string;
  /** What `$.Attributes.consentDigit` holds since that press ('' unknown or unset). */
  readonly digit: string;
  /** The action that set {@link digit}. */
  readonly digitFrom: string;
  /**
   * Why the answer now in `$.External` does not prove a GRANTED for the key pressed; '' when it
   * does (the consent Lambda was sent `$.Attributes.consentDigit` = the pressed key = "1").
   */
  readonly why: string;
  /** After a proving answer, the path took the branch $.External.consent = GRANTED. */
  readonly granted: boolean;
  /**
   * The path took the GRANTED branch after the consent Lambda faithfully received a key other
   * than 1: the Lambda answers GRANTED only for "1" (its strict mapping), so no call can take
   * this path and nothing after it is judged.
   */
  readonly infeasible: boolean;
  /** The withdrawal (consent Lambda, action withdraw) this path ran; '' before any. */
  readonly withdrawnBy: string;
}

const hasPrompt = (a: FlowAction): boolean =>
  ['Text', 'SSML', 'PromptId'].some((p) => {
    const v = paramAt(a, p);
    return typeof v === 'string' && v.trim().length > 0;
  });

/** JSONPath that holds the consent Lambda's decision. */
const CONSENT_VALUE = '$.External.consent';
/** The contact attribute the flow must send the consent Lambda: the key the caller pressed. */
const CONSENT_DIGIT_ATTRIBUTE = '$.Attributes.consentDigit';
const NO_ANSWER = 'the consent Lambda recorded the decision';

const CONSENT_INITIAL: ConsentState = {
  notice: false,
  pressed: '',
  digit: '',
  digitFrom: '',
  why: NO_ANSWER,
  granted: false,
  infeasible: false,
  withdrawnBy: '',
};
const consentKey = (s: ConsentState): string =>
  [+s.notice, s.pressed, s.digit, s.digitFrom, s.why, +s.granted, +s.infeasible, s.withdrawnBy].join(
    '\u0001',
  );

/** Whether an invocation asks the consent Lambda to withdraw consent (by its shape). */
export function asksWithdrawal(a: FlowAction): boolean {
  return (
    a.Type === 'InvokeLambdaFunction' && paramAt(a, 'LambdaInvocationAttributes.action') === WITHDRAW_ACTION
  );
}

/** Whether an invocation asks the consent Lambda for a decision (it sends the key pressed). */
function asksDecision(a: FlowAction): boolean {
  return (
    a.Type === 'InvokeLambdaFunction' && paramAt(a, 'LambdaInvocationAttributes.consentDigit') !== undefined
  );
}

/** Words a prompt about recording uses (a consent question, or one that sounds like it). */
const RECORDING_WORDS = /\brecord(?:s|ed|ing)?\b|\bconsent\b|录音|录制|錄音/i;

/**
 * Whether the action is a DTMF consent input: not stored, offering 1 and 2, and either speaking of
 * recording or consent, or playing no text the checker can read (an audio prompt could say
 * anything, so it counts). A keypad question that never mentions recording (the post-call
 * survey's rating and its yes/no follow-up) is not one; a question that does is one wherever it
 * stands, so a second "press 2 to stop recording" the ledger would not honour is still caught.
 */
function isConsentInput(a: FlowAction): boolean {
  if (a.Type !== 'GetParticipantInput' || String(paramAt(a, 'StoreInput') ?? 'False') === 'True')
    return false;
  const operands = new Set((a.Transitions.Conditions ?? []).flatMap((c) => c.Condition?.Operands ?? []));
  if (!(operands.has('1') && operands.has('2'))) return false;
  const text = paramAt(a, 'Text');
  return typeof text !== 'string' || text.trim() === '' || RECORDING_WORDS.test(text);
}

/**
 * Tracks the consent chain along a path: notice → key pressed (the condition operand taken) →
 * `consentDigit` contact attribute set to that key → consent Lambda (by ARN role) sent
 * `$.Attributes.consentDigit` → Compare `$.External.consent` = GRANTED. Only a chain in which the
 * pressed key is "1" and the same key reaches the Lambda proves consent.
 */
function makeConsentTracker(options: ConsentPropertyOptions) {
  const texts = options.noticeTexts === undefined ? undefined : new Set(options.noticeTexts);
  const isNotice = (a: FlowAction, context: FlowContext): boolean => {
    if (a.Type !== 'MessageParticipant' || !hasPrompt(a)) return false;
    if (context.noticeIds.has(a.Identifier)) return true;
    return texts === undefined ? a.Identifier.startsWith('notice') : texts.has(String(paramAt(a, 'Text')));
  };
  const step = (s: ConsentState, a: FlowAction, edge: FlowEdge, context: FlowContext): ConsentState => {
    if (isNotice(a, context) && edge.kind === 'next') return { ...s, notice: true };
    if (isConsentInput(a) && s.notice && edge.kind === 'condition') {
      // A new answer: whatever was set or recorded before it no longer speaks for the caller.
      return { ...s, pressed: edge.value ?? '', digit: '', digitFrom: '', why: NO_ANSWER, granted: false };
    }
    if (a.Type === 'UpdateContactAttributes') {
      const set = paramAt(a, 'Attributes.consentDigit');
      if (set === undefined) return s;
      return edge.kind === 'next'
        ? { ...s, digit: String(set), digitFrom: a.Identifier }
        : { ...s, digit: '', digitFrom: '' };
    }
    const role = context.roleOf(a);
    if (role === 'consent' && asksWithdrawal(a)) {
      // Whatever the Lambda answered, the caller asked to stop: nothing may record after it.
      return {
        ...s,
        granted: false,
        why: `the caller withdrew consent (${a.Identifier})`,
        withdrawnBy: a.Identifier,
      };
    }
    if (role === 'consent') {
      // A new decision replaces any earlier one on this path.
      const base = { ...s, granted: false };
      if (edge.kind !== 'next') return { ...base, why: NO_ANSWER };
      const sent = paramAt(a, 'LambdaInvocationAttributes.consentDigit');
      const pressed = s.pressed === '' ? 'no key' : `key ${s.pressed}`;
      let why = '';
      if (s.pressed === '') {
        why = 'the caller answered a consent input (press 1 / press 2) after the notice';
      } else if (sent !== CONSENT_DIGIT_ATTRIBUTE) {
        why = `the consent Lambda recorded the key the caller pressed (${a.Identifier} sends consentDigit ${JSON.stringify(sent)} instead of ${CONSENT_DIGIT_ATTRIBUTE})`;
      } else if (s.digit === '') {
        why = `the consent Lambda recorded the key the caller pressed (no consentDigit was set after the caller pressed ${pressed})`;
      } else if (s.digit !== s.pressed) {
        why = `the consent Lambda recorded the key the caller pressed (the caller pressed ${pressed} but ${s.digitFrom} set consentDigit ${JSON.stringify(s.digit)})`;
      }
      return { ...base, why };
    }
    if (role !== undefined) {
      // Any other Lambda replaces $.External, so the consent answer is gone.
      return {
        ...s,
        why: `${NO_ANSWER} (${a.Identifier} replaced $.External with the answer of ${String(paramAt(a, 'LambdaFunctionARN'))}, which is not the consent Lambda)`,
      };
    }
    if (
      a.Type === 'Compare' &&
      s.why === '' &&
      paramAt(a, 'ComparisonValue') === CONSENT_VALUE &&
      edge.kind === 'condition' &&
      edge.value === 'GRANTED'
    ) {
      return s.pressed === GRANT_KEY ? { ...s, granted: true } : { ...s, infeasible: true };
    }
    return s;
  };
  /** What the path still lacks before it may record ('' when granted). */
  const missing = (s: ConsentState): string =>
    s.granted
      ? ''
      : !s.notice
        ? 'the recording notice was played'
        : s.pressed === ''
          ? 'the caller answered a consent input (press 1 / press 2) after the notice'
          : s.why !== ''
            ? s.why
            : `the path took the branch ${CONSENT_VALUE} = GRANTED`;
  return { step, missing };
}

/**
 * The consent property (COMPLIANCE C1, C2): on every path, any action that starts capturing
 * audio ({@link enablesRecording}) comes after, in this order,
 * 1. the notice play,
 * 2. a DTMF consent input offering 1 and 2 where the caller pressed a key (the operand taken),
 * 3. an UpdateContactAttributes that set `consentDigit` to exactly that key,
 * 4. the consent Lambda (its role comes from its ARN, see {@link FlowFacts}) sent
 *    `consentDigit` = `$.Attributes.consentDigit`, with no other Lambda after it that would
 *    overwrite `$.External`,
 * 5. the branch `$.External.consent` = `GRANTED` of a Compare.
 * A swapped branch, a wrong literal or a digit from elsewhere breaks the chain. With the chain
 * intact, GRANTED is taken only when the key was 1 (the Lambda's strict mapping): the branch after
 * any other key is a path no call can take, and is not judged.
 */
export function consentBeforeRecording(options: ConsentPropertyOptions = {}): AnyPathProperty {
  const tracker = makeConsentTracker(options);
  return pathProperty<ConsentState>({
    id: 'consent-before-recording',
    description:
      'recording is enabled only after the notice, a consent input where the caller pressed 1, that key sent to the consent Lambda, and the branch consent = GRANTED',
    initial: CONSENT_INITIAL,
    key: consentKey,
    check(s, action) {
      if (!enablesRecording(action) || s.infeasible) return undefined;
      if (s.withdrawnBy !== '') {
        return `${action.Identifier} (${action.Type}) enables recording after the caller withdrew consent at ${s.withdrawnBy}`;
      }
      if (s.granted) return undefined;
      return `${action.Identifier} (${action.Type}) enables recording before ${tracker.missing(s)}`;
    },
    step: tracker.step,
  });
}

/** Where a path stands with the obligations of a caller who did not grant consent. */
interface DisableState {
  /** The consent chain (shared logic with the consent property). */
  readonly consent: ConsentState;
  /** The consent Lambda was invoked on this path (whatever it answered). */
  readonly decided: boolean;
  /** What the path still owes a caller who did not grant: the explicit Disabled, then a message. */
  readonly owed: 'none' | 'disable' | 'message';
}

/**
 * The decline property (DESIGN step 4, COMPLIANCE C2): on every path, once the consent Lambda was
 * invoked and the path did not take a proven GRANTED branch (declined, no input, invalid key,
 * Lambda error), an UpdateContactRecordingBehavior that explicitly disables all capture
 * ({@link disablesRecording}), followed by a message to the caller, comes before the bot
 * (ConnectParticipantWithLexBot) and before the path ends. The bot is never reached before the
 * consent decision.
 */
export function recordingDisabledUnlessGranted(options: ConsentPropertyOptions = {}): AnyPathProperty {
  const tracker = makeConsentTracker(options);
  const owedText = (s: DisableState): string =>
    s.owed === 'disable'
      ? 'an UpdateContactRecordingBehavior that explicitly disables recording (IVRRecordingBehavior Disabled, no participants, no analytics)'
      : 'a message telling the caller the call is not recorded, after recording was disabled';
  return pathProperty<DisableState>({
    id: 'recording-disabled-unless-granted',
    description:
      'a caller who did not grant consent gets recording explicitly disabled and is told so before the bot or the end of the call',
    initial: { consent: CONSENT_INITIAL, decided: false, owed: 'none' },
    key: (s) => `${consentKey(s.consent)}\u0002${+s.decided}${s.owed}`,
    check(s, action) {
      if (action.Type !== 'ConnectParticipantWithLexBot' || s.consent.infeasible) return undefined;
      if (!s.decided) {
        return `${action.Identifier} (${action.Type}) connects the caller to the bot before the consent decision (no consent Lambda ran on this path)`;
      }
      return s.owed === 'none'
        ? undefined
        : `${action.Identifier} (${action.Type}) connects a caller who did not grant consent to the bot before ${owedText(s)}`;
    },
    step(s, action, edge, context) {
      const consent = tracker.step(s.consent, action, edge, context);
      if (context.roleOf(action) === 'consent') return { consent, decided: true, owed: 'disable' };
      if (consent.granted && !s.consent.granted) return { consent, decided: s.decided, owed: 'none' };
      let owed = s.owed;
      if (enablesRecording(action) && !consent.granted) owed = 'disable';
      else if (disablesRecording(action) && owed === 'disable') owed = 'message';
      // A message that fails to play still counts: the flow cannot tell the caller more.
      else if (action.Type === 'MessageParticipant' && hasPrompt(action) && owed === 'message') owed = 'none';
      return { consent, decided: s.decided, owed };
    },
    atEnd(s, action) {
      return s.decided && s.owed !== 'none' && !s.consent.infeasible
        ? `the path ends at ${action.Identifier} (${action.Type}) after a consent decision that was not GRANTED, without ${owedText(s)}`
        : undefined;
    },
  });
}

/** Where a path stands with the consent question. */
interface AskedState {
  /** The notice was played. */
  readonly notice: boolean;
  /** The consent input where the caller answered (took a key's branch); '' before. */
  readonly answeredAt: string;
  /** The consent Lambda invocation that recorded a decision; '' before. */
  readonly decidedAt: string;
}

/**
 * Consent is asked once (COMPLIANCE C2, C3): on every path, after the caller answered a consent
 * input no consent input follows, and the consent Lambda records a decision at most once. The
 * ledger keeps the first decision of a contact, so a flow that asked again could not honour a
 * second answer: a caller who pressed 1, then 2, would stay recorded. Re-asking after silence or a
 * wrong key (the error branches) is not a second answer and stays allowed.
 *
 * This is the stricter of two designs: instead of proving that a second answer can never
 * contradict the ledger, the checker rejects every flow that could produce one.
 */
export function consentAskedOnce(options: ConsentPropertyOptions = {}): AnyPathProperty {
  const tracker = makeConsentTracker(options);
  return pathProperty<AskedState>({
    id: 'consent-asked-once',
    description:
      'the caller answers the consent question once and the consent Lambda records one decision per path',
    initial: { notice: false, answeredAt: '', decidedAt: '' },
    key: (s) => `${+s.notice}\u0001${s.answeredAt}\u0001${s.decidedAt}`,
    check(s, action, context) {
      if (s.notice && isConsentInput(action)) {
        if (s.decidedAt !== '') {
          return `${action.Identifier} (${action.Type}) asks for consent again after ${s.decidedAt} recorded the decision; the ledger keeps the first decision, so a second answer cannot be honoured`;
        }
        if (s.answeredAt !== '') {
          return `${action.Identifier} (${action.Type}) asks for consent again after the caller answered at ${s.answeredAt}`;
        }
      }
      if (context.roleOf(action) === 'consent' && asksDecision(action) && s.decidedAt !== '') {
        return `${action.Identifier} (InvokeLambdaFunction) asks the consent Lambda for a second decision after ${s.decidedAt}; the ledger keeps the first one`;
      }
      return undefined;
    },
    step(s, action, edge, context) {
      const consent = tracker.step({ ...CONSENT_INITIAL, notice: s.notice }, action, edge, context);
      const notice = s.notice || consent.notice;
      if (s.notice && isConsentInput(action) && edge.kind === 'condition') {
        return { ...s, notice, answeredAt: action.Identifier };
      }
      if (context.roleOf(action) === 'consent' && asksDecision(action)) {
        return { ...s, notice, decidedAt: action.Identifier };
      }
      return { ...s, notice };
    },
  });
}

/**
 * The consent prompt offers the keys the consent Lambda understands (COMPLIANCE C2): every consent
 * input after the notice says, in words the checker can read ({@link offeredKeys}), that the grant
 * key allows recording and the decline key declines. A prompt that swaps them, names one key for
 * both, or plays no readable text (an audio prompt) is rejected.
 *
 * @param keys the keys the consent Lambda maps to GRANTED and to DECLINED
 */
export function consentPromptOffersKeys(
  keys: { readonly grant: string; readonly decline: string },
  options: ConsentPropertyOptions = {},
): AnyPathProperty {
  const tracker = makeConsentTracker(options);
  return pathProperty<boolean>({
    id: 'consent-prompt-keys',
    description: `every consent prompt offers ${keys.grant} to allow recording and ${keys.decline} to decline`,
    initial: false,
    key: (notice) => String(+notice),
    check(notice, action) {
      if (!notice || !isConsentInput(action)) return undefined;
      const text = paramAt(action, 'Text');
      if (typeof text !== 'string' || text.trim() === '') {
        return `${action.Identifier} (${action.Type}) asks for consent without a text the checker can read; use Text so the keys it offers can be checked`;
      }
      const offered = offeredKeys(text);
      if (offered.ambiguous || offered.allow !== keys.grant || offered.decline !== keys.decline) {
        const said = `allow ${offered.allow ?? '(unclear)'}, decline ${offered.decline ?? '(unclear)'}`;
        return `${action.Identifier} (${action.Type}) prompt offers ${said}${offered.ambiguous ? ' (ambiguous)' : ''}, but the consent Lambda grants on ${keys.grant} and declines on ${keys.decline}: ${JSON.stringify(text)}`;
      }
      return undefined;
    },
    step(notice, action, edge, context) {
      return notice || tracker.step({ ...CONSENT_INITIAL }, action, edge, context).notice;
    },
  });
}

/** Where a path stands with a withdrawal the bot asked for. */
type WithdrawalOwed = 'none' | 'withdraw' | 'disable' | 'message';

/** JSONPath of the bot's request to the flow. */
const NEXT_STEP = '$.Lex.SessionAttributes.nextStep';

/**
 * A withdrawal the bot asks for is carried out (COMPLIANCE C14): on every path that takes the
 * branch `$.Lex.SessionAttributes.nextStep` = WITHDRAW of a Compare, the consent Lambda is asked
 * to withdraw, then an UpdateContactRecordingBehavior explicitly disables recording, then a
 * message tells the caller, all before the bot is reached again and before the path ends.
 * (After the withdrawal, the consent property forbids enabling recording again.)
 */
export function withdrawalHonoured(): AnyPathProperty {
  const owedText: Record<Exclude<WithdrawalOwed, 'none'>, string> = {
    withdraw: 'the consent Lambda was asked to withdraw (action withdraw)',
    disable: 'recording was explicitly disabled after the withdrawal',
    message: 'the caller was told what the withdrawal did',
  };
  return pathProperty<WithdrawalOwed>({
    id: 'withdrawal-honoured',
    description:
      'when the bot asks to withdraw consent, the flow withdraws, disables recording and tells the caller before the bot or the end',
    initial: 'none',
    key: (s) => s,
    check(owed, action) {
      if (action.Type !== 'ConnectParticipantWithLexBot' || owed === 'none') return undefined;
      return `${action.Identifier} (${action.Type}) returns to the bot after it asked to withdraw consent, before ${owedText[owed]}`;
    },
    step(owed, action, edge, context) {
      if (
        action.Type === 'Compare' &&
        paramAt(action, 'ComparisonValue') === NEXT_STEP &&
        edge.kind === 'condition' &&
        edge.value === 'WITHDRAW'
      ) {
        return 'withdraw';
      }
      if (owed === 'withdraw' && context.roleOf(action) === 'consent' && asksWithdrawal(action))
        return 'disable';
      if (owed === 'disable' && disablesRecording(action)) return 'message';
      if (owed === 'message' && action.Type === 'MessageParticipant' && hasPrompt(action)) return 'none';
      return owed;
    },
    atEnd(owed, action) {
      return owed === 'none'
        ? undefined
        : `the path ends at ${action.Identifier} (${action.Type}) after the bot asked to withdraw consent, before ${owedText[owed]}`;
    },
  });
}

/** Where a path stands with the recording around card input. */
interface PaymentState {
  /** The recording-control Lambda confirmed the suspension (`$.External.ok` = true). */
  readonly confirmed: boolean;
  /** A suspend was requested and no resume has run since: the path owes a resume. */
  readonly owed: boolean;
  /** The last Lambda was a suspend that answered, so `$.External.ok` is its answer. */
  readonly answered: boolean;
}

/**
 * Whether an action is Connect's card input (encrypted customer input), judged by the action
 * alone. The payment property uses {@link isCardInputIn}, which also finds plain stored input
 * whose value reaches the payment Lambda.
 */
export function collectsCardInput(action: FlowAction): boolean {
  return action.Type === 'GetParticipantInput' && paramAt(action, 'InputEncryption') !== undefined;
}

/**
 * Whether an action collects card data in its flow: encrypted input, or stored input whose value
 * reaches the payment Lambda ({@link FlowFacts.cardInputs}).
 */
export function isCardInputIn(action: FlowAction, context: Pick<FlowFacts, 'cardInputs'>): boolean {
  return context.cardInputs.has(action.Identifier);
}

/**
 * The recording action a recording-control Lambda invocation asks for, if it is one. With the
 * flow's context the invocation must also call the recording-control Lambda (by ARN).
 */
export function recordingControlAction(
  action: FlowAction,
  context?: Pick<FlowFacts, 'roleOf'>,
): 'suspend' | 'resume' | undefined {
  if (action.Type !== 'InvokeLambdaFunction') return undefined;
  if (context !== undefined && context.roleOf(action) !== 'recording-control') return undefined;
  const requested = paramAt(action, 'LambdaInvocationAttributes.action');
  return requested === 'suspend' || requested === 'resume' ? requested : undefined;
}

/** JSONPath of the recording-control Lambda's answer. */
const RECORDING_OK = '$.External.ok';

/**
 * The payment property (COMPLIANCE C11): on every path,
 * 1. card input ({@link isCardInputIn}: encrypted input, or any stored input whose value
 *    reaches the payment Lambda) is only collected after the recording-control Lambda (by ARN)
 *    asked to suspend the recording AND the path took the branch `$.External.ok` = true of a
 *    Compare right after it (nothing else overwrote `$.External` in between);
 * 2. once a suspend was requested (whatever its answer or error), a resume by the
 *    recording-control Lambda runs before the path ends, on every branch: success, decline,
 *    error, timeout.
 * A resume that fails still counts: the flow cannot do more, and a recording that stays
 * suspended loses audio but never captures card data (the Lambda alarms on it).
 */
export function recordingSuspendedForCardInput(): AnyPathProperty {
  return pathProperty<PaymentState>({
    id: 'recording-suspended-for-card-input',
    description:
      'card input is collected only while the recording is confirmed suspended, and every suspend is resumed on every branch',
    initial: { confirmed: false, owed: false, answered: false },
    key: (s) => `${+s.confirmed}${+s.owed}${+s.answered}`,
    check(s, action, context) {
      if (!isCardInputIn(action, context) || s.confirmed) return undefined;
      const missing = s.owed
        ? `the path took the branch ${RECORDING_OK} = true after the suspend`
        : 'the recording was suspended (recording-control Lambda, action suspend)';
      return `${action.Identifier} (${action.Type}) collects card input before ${missing}`;
    },
    step(s, action, edge, context) {
      const control = recordingControlAction(action, context);
      if (control === 'resume') return { confirmed: false, owed: false, answered: false };
      if (control === 'suspend') {
        // A failed invocation may still have suspended: the path owes a resume either way.
        return { confirmed: s.confirmed, owed: true, answered: edge.kind === 'next' };
      }
      if (action.Type === 'InvokeLambdaFunction') return { ...s, answered: false };
      if (action.Type === 'Compare' && s.answered && paramAt(action, 'ComparisonValue') === RECORDING_OK) {
        const ok = edge.kind === 'condition' && edge.value === 'true';
        // ok = false: Connect refused, nothing is suspended and nothing is owed.
        return ok
          ? { confirmed: true, owed: true, answered: false }
          : { confirmed: false, owed: false, answered: false };
      }
      return s;
    },
    atEnd(s, action) {
      return s.owed
        ? `the path ends at ${action.Identifier} (${action.Type}) with the recording still suspended: resume it on this branch`
        : undefined;
    },
  });
}

/**
 * Where a path stands with the post-call survey: before or after the bot, in the survey, or in a
 * survey that started before the bot (reported at the end of the path, so a worse violation on the
 * same path, such as recording left on, is reported too).
 */
type SurveyState = 'before-bot' | 'after-bot' | 'in-survey' | 'early-survey';

/** The survey's parameter to its Lambda: the keyed score. */
const SURVEY_SCORE_PARAMETER = 'LambdaInvocationAttributes.surveyScore';

/**
 * Whether an action belongs to the post-call survey: its Identifier starts with `survey-` (the
 * convention of our template), or it invokes a Lambda with the survey's `surveyScore` parameter.
 */
export function isSurveyAction(action: FlowAction): boolean {
  return (
    action.Identifier.startsWith('survey-') ||
    (action.Type === 'InvokeLambdaFunction' && paramAt(action, SURVEY_SCORE_PARAMETER) !== undefined)
  );
}

/** Whether an action changes what is recorded, or asks a Lambda to. */
function touchesRecording(action: FlowAction, context: FlowContext): boolean {
  // Any recording behaviour (enable, disable, analytics) or media-streaming change.
  if (
    action.Type === 'UpdateContactRecordingBehavior' ||
    action.Type === 'UpdateContactMediaStreamingBehavior'
  ) {
    return true;
  }
  const role = context.roleOf(action);
  return role === 'recording-control' || role === 'consent';
}

/**
 * The post-call survey leaves the recording as it was (issue 15: "proven not to change recording
 * state"): on every path, the survey ({@link isSurveyAction}) starts only after the caller has
 * been with the bot, and once it started nothing changes recording or media streaming (no
 * recording behaviour, no recording-control or consent Lambda) and the bot is not entered again,
 * up to the end of the path. The caller's keys are a score and a yes/no, never card or ID data.
 */
export function surveyLeavesRecording(): AnyPathProperty {
  return pathProperty<SurveyState>({
    id: 'survey-leaves-recording',
    description:
      'the post-call survey starts after the bot and changes no recording or streaming state up to the end',
    initial: 'before-bot',
    key: (s) => s,
    check(s, action, context) {
      if (s !== 'in-survey' && s !== 'early-survey') return undefined;
      if (touchesRecording(action, context)) {
        return `${action.Identifier} (${action.Type}) changes the recording after the post-call survey started`;
      }
      if (action.Type === 'ConnectParticipantWithLexBot') {
        return `${action.Identifier} (${action.Type}) returns to the bot after the post-call survey started`;
      }
      return undefined;
    },
    step(s, action) {
      if (s === 'in-survey' || s === 'early-survey') return s;
      if (isSurveyAction(action)) return s === 'before-bot' ? 'early-survey' : 'in-survey';
      return action.Type === 'ConnectParticipantWithLexBot' ? 'after-bot' : s;
    },
    atEnd(s, action) {
      return s === 'early-survey' || (s === 'before-bot' && isSurveyAction(action))
        ? `the path ends at ${action.Identifier} (${action.Type}) after a post-call survey that started before the caller was with the bot`
        : undefined;
    },
  });
}
