import { enablesRecording } from './actions';
import { type FlowAction, type FlowEdge, paramAt } from './model';

/**
 * A safety property checked on every path from StartAction, written as a small state machine:
 * the checker carries one state per property along each path, calls `check` on arriving at an
 * action and `step` after taking one of its edges. Because the checker memoises on
 * (action, state key), a property must put everything that matters into `key`.
 *
 * A later property (recording suspended before card input and resumed after on every branch) is
 * another instance: its state is `suspended`, `check` rejects card input while not suspended,
 * and `atEnd` rejects a path that ends still suspended.
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
