/**
 * Types of the Amazon Connect flow language (Version 2019-10-30) as far as this project uses it.
 * https://docs.aws.amazon.com/connect/latest/APIReference/flow-language.html
 *
 * The types are deliberately loose (`Parameters` is an open record): the checker validates
 * untrusted JSON, so it must be able to hold and report on malformed content.
 */

/** The only flow-language version Amazon Connect accepts. */
export const FLOW_LANGUAGE_VERSION = '2019-10-30';
/** Most actions one flow may define. */
export const MAX_FLOW_ACTIONS = 250;
/** Most characters the `Content` of a flow may have (CreateContactFlow). */
export const MAX_FLOW_CONTENT_CHARS = 256_000;

/** A branch taken when the action's result equals one of the operands. */
export interface FlowCondition {
  /** Identifier of the action run when the condition holds. */
  readonly NextAction: string;
  /** The comparison; Connect supports `Equals` for every action this project uses. */
  readonly Condition: { readonly Operator: string; readonly Operands: readonly string[] };
}

/** A branch taken when the action fails with the named error. */
export interface FlowError {
  /** Identifier of the action run on this error. */
  readonly NextAction: string;
  /** Error name, e.g. NoMatchingError, NoMatchingCondition, InputTimeLimitExceeded. */
  readonly ErrorType: string;
}

/** Where the flow goes after an action. */
export interface FlowTransitions {
  /** Default next action (success). */
  readonly NextAction?: string;
  /** Conditional branches on the action's result. */
  readonly Conditions?: readonly FlowCondition[];
  /** Error branches. */
  readonly Errors?: readonly FlowError[];
}

/** One step of a flow. */
export interface FlowAction {
  /** Unique identifier (1-50 characters, see {@link checkFlow}). */
  readonly Identifier: string;
  /** Action type, e.g. MessageParticipant. */
  readonly Type: string;
  /** Type-specific parameters. */
  readonly Parameters: Readonly<Record<string, unknown>>;
  /** Outgoing transitions. */
  readonly Transitions: FlowTransitions;
}

/** A whole flow document, as given to CreateContactFlow `Content`. */
export interface FlowDocument {
  /** Always {@link FLOW_LANGUAGE_VERSION}. */
  readonly Version: string;
  /** Identifier of the first action. */
  readonly StartAction: string;
  /** Free-form metadata (layout positions in the console). */
  readonly Metadata?: Readonly<Record<string, unknown>>;
  /** The actions. */
  readonly Actions: readonly FlowAction[];
}

/** One outgoing edge of an action, as the checker, interpreter and diagram see it. */
export interface FlowEdge {
  /** Which part of `Transitions` the edge comes from. */
  readonly kind: 'next' | 'condition' | 'error';
  /** `next`, the condition operands (e.g. `= GRANTED`) or the error name. */
  readonly label: string;
  /** Condition operand or error type, without decoration (undefined for `next`). */
  readonly value?: string;
  /** Identifier of the target action. */
  readonly target: string;
}

/**
 * Lists the outgoing edges of an action: conditions first, then errors, then NextAction,
 * which is the order Connect evaluates them in.
 */
export function edgesOf(action: FlowAction): FlowEdge[] {
  const t = action.Transitions ?? {};
  const edges: FlowEdge[] = [];
  for (const c of t.Conditions ?? []) {
    const operands = c.Condition?.Operands ?? [];
    edges.push({
      kind: 'condition',
      label: `= ${operands.join('|')}`,
      value: operands.join('|'),
      target: c.NextAction,
    });
  }
  for (const e of t.Errors ?? []) {
    edges.push({ kind: 'error', label: `! ${e.ErrorType}`, value: e.ErrorType, target: e.NextAction });
  }
  if (typeof t.NextAction === 'string') edges.push({ kind: 'next', label: 'next', target: t.NextAction });
  return edges;
}

/** Reads a dotted parameter path such as `RecordingBehavior.IVRRecordingBehavior`. */
export function paramAt(action: FlowAction, path: string): unknown {
  let value: unknown = action.Parameters;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
