import { enablesRecording } from './actions';
import { type FlowAction, type FlowEdge, paramAt } from './model';

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
  check(state: S, action: FlowAction): string | undefined;
  /** State after `action` ran and the path left it through `edge`. */
  step(state: S, action: FlowAction, edge: FlowEdge): S;
  /** Violation when a path ends at terminal `action` in `state`, else undefined. */
  atEnd?(state: S, action: FlowAction): string | undefined;
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
   */
  readonly noticeTexts?: readonly string[];
}

interface ConsentState {
  /** The notice was played (message succeeded). */
  readonly notice: boolean;
  /** After the notice, the caller pressed a key at a 1/2 consent input. */
  readonly asked: boolean;
  /** After that, the consent Lambda (consentDigit parameter) answered and nothing overwrote $.External. */
  readonly ledger: boolean;
  /** After that, the path took the branch $.External.consent = GRANTED. */
  readonly granted: boolean;
}

const hasPrompt = (a: FlowAction): boolean =>
  ['Text', 'SSML', 'PromptId'].some((p) => {
    const v = paramAt(a, p);
    return typeof v === 'string' && v.trim().length > 0;
  });

/** JSONPaths that hold the consent Lambda's decision. */
const CONSENT_VALUE = '$.External.consent';

/**
 * The consent property (COMPLIANCE C1, C2): on every path, any action that starts capturing
 * audio ({@link enablesRecording}) comes after, in this order,
 * 1. the notice play,
 * 2. a DTMF consent input offering 1 and 2 where the caller pressed a key,
 * 3. the consent Lambda (an InvokeLambdaFunction with a `consentDigit` parameter), with no other
 *    Lambda in between that would overwrite `$.External`,
 * 4. the branch `$.External.consent` = `GRANTED` of a Compare.
 */
export function consentBeforeRecording(options: ConsentPropertyOptions = {}): AnyPathProperty {
  const texts = options.noticeTexts === undefined ? undefined : new Set(options.noticeTexts);
  const isNotice = (a: FlowAction): boolean => {
    if (a.Type !== 'MessageParticipant' || !hasPrompt(a)) return false;
    return texts === undefined ? a.Identifier.startsWith('notice') : texts.has(String(paramAt(a, 'Text')));
  };
  const isConsentInput = (a: FlowAction): boolean => {
    if (a.Type !== 'GetParticipantInput' || String(paramAt(a, 'StoreInput') ?? 'False') === 'True')
      return false;
    const operands = new Set((a.Transitions.Conditions ?? []).flatMap((c) => c.Condition?.Operands ?? []));
    return operands.has('1') && operands.has('2');
  };
  const isConsentLambda = (a: FlowAction): boolean =>
    a.Type === 'InvokeLambdaFunction' && paramAt(a, 'LambdaInvocationAttributes.consentDigit') !== undefined;

  return pathProperty<ConsentState>({
    id: 'consent-before-recording',
    description:
      'recording is enabled only after the notice, a consent input, the consent Lambda and the branch consent = GRANTED',
    initial: { notice: false, asked: false, ledger: false, granted: false },
    key: (s) => `${+s.notice}${+s.asked}${+s.ledger}${+s.granted}`,
    check(s, action) {
      if (!enablesRecording(action) || s.granted) return undefined;
      const missing = !s.notice
        ? 'the recording notice was played'
        : !s.asked
          ? 'the caller answered a consent input (press 1 / press 2) after the notice'
          : !s.ledger
            ? 'the consent Lambda recorded the decision'
            : `the path took the branch ${CONSENT_VALUE} = GRANTED`;
      return `${action.Identifier} (${action.Type}) enables recording before ${missing}`;
    },
    step(s, action, edge) {
      if (isNotice(action) && edge.kind === 'next') return { ...s, notice: true };
      if (isConsentInput(action) && s.notice && edge.kind === 'condition') return { ...s, asked: true };
      if (action.Type === 'InvokeLambdaFunction') {
        // Any Lambda replaces $.External, so only the consent Lambda's own answer counts.
        return { ...s, ledger: isConsentLambda(action) && s.asked && edge.kind === 'next' };
      }
      if (
        action.Type === 'Compare' &&
        s.ledger &&
        paramAt(action, 'ComparisonValue') === CONSENT_VALUE &&
        edge.kind === 'condition' &&
        edge.value === 'GRANTED'
      ) {
        return { ...s, granted: true };
      }
      return s;
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

/** Whether an action collects card data: encrypted customer input (Connect's card input). */
export function collectsCardInput(action: FlowAction): boolean {
  return action.Type === 'GetParticipantInput' && paramAt(action, 'InputEncryption') !== undefined;
}

/** The recording action a recording-control Lambda invocation asks for, if it is one. */
export function recordingControlAction(action: FlowAction): 'suspend' | 'resume' | undefined {
  if (action.Type !== 'InvokeLambdaFunction') return undefined;
  const requested = paramAt(action, 'LambdaInvocationAttributes.action');
  return requested === 'suspend' || requested === 'resume' ? requested : undefined;
}

/** JSONPath of the recording-control Lambda's answer. */
const RECORDING_OK = '$.External.ok';

/**
 * The payment property (COMPLIANCE C11): on every path,
 * 1. card input ({@link collectsCardInput}) is only collected after a recording-control Lambda
 *    asked to suspend the recording AND the path took the branch `$.External.ok` = true of a
 *    Compare right after it (nothing else overwrote `$.External` in between);
 * 2. once a suspend was requested (whatever its answer or error), a resume runs before the path
 *    ends, on every branch: success, decline, error, timeout.
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
    check(s, action) {
      if (!collectsCardInput(action) || s.confirmed) return undefined;
      const missing = s.owed
        ? `the path took the branch ${RECORDING_OK} = true after the suspend`
        : 'the recording was suspended (recording-control Lambda, action suspend)';
      return `${action.Identifier} (${action.Type}) collects card input before ${missing}`;
    },
    step(s, action, edge) {
      const control = recordingControlAction(action);
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
