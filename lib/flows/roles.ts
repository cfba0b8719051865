import { WITHDRAW_ACTION } from '../../lambdas/contracts/consent';
import { edgesOf, type FlowAction, type FlowDocument, paramAt } from './model';

/**
 * ARNs of the Lambdas whose answers the path properties trust. In the CDK they are CloudFormation
 * token strings, offline they are {@link PLACEHOLDER_ARNS}; either way the renderer inserts them
 * verbatim, so a given ARN is matched exactly. An ARN left out is inferred from the flow (see
 * {@link analyseLambdas}).
 */
export interface FlowLambdaArns {
  /** The consent Lambda (consentDigit, locale → consent; action withdraw → consent, withdrawal). @default inferred */
  readonly consentFunctionArn?: string;
  /** The recording-control Lambda (action = suspend | resume → ok). @default inferred */
  readonly recordingControlFunctionArn?: string;
  /** The payment Lambda (receives the encrypted card input). @default inferred */
  readonly paymentFunctionArn?: string;
}

/** What a Lambda invocation is to the checker. */
export type LambdaRole = 'consent' | 'recording-control' | 'payment' | 'other';

/** Where a stored customer input ends up in a Lambda: the evidence that it is card input. */
export interface CardInputSink {
  /** The InvokeLambdaFunction that receives the input. */
  readonly lambda: string;
  /** The invocation parameter that carries it, e.g. `LambdaInvocationAttributes.encryptedCard`. */
  readonly parameter: string;
  /** Steps from the input to the Lambda, as `id -[edge]->` labels. */
  readonly path: readonly string[];
}

/** Facts about one flow that the path properties need: Lambda roles and card inputs. */
export interface FlowFacts {
  /** The ARN of each role, given or inferred (undefined: none, or inference found a conflict). */
  readonly arns: FlowLambdaArns;
  /** Whether each ARN was given by the caller or inferred from the flow. */
  readonly arnSource: { readonly [K in keyof FlowLambdaArns]-?: 'given' | 'inferred' };
  /** Role of an InvokeLambdaFunction action; undefined for any other action. */
  roleOf(action: FlowAction): LambdaRole | undefined;
  /**
   * Card inputs by identifier: GetParticipantInput with InputEncryption (Connect's card input), and
   * any stored input whose value reaches the payment Lambda (with the sink as evidence).
   */
  readonly cardInputs: ReadonlyMap<string, CardInputSink | undefined>;
  /** Stored inputs (StoreInput True) whose value no action ever reads, with no card evidence. */
  readonly unusedStoredInputs: readonly string[];
  /** Problems found while assigning roles: each a sentence naming the actions concerned. */
  readonly problems: readonly { readonly message: string; readonly action?: string }[];
}

const lambdaArn = (a: FlowAction): string => String(paramAt(a, 'LambdaFunctionARN') ?? '');
const isLambda = (a: FlowAction): boolean => a.Type === 'InvokeLambdaFunction';
/** A consent invocation by its shape: it sends a `consentDigit`, or asks to withdraw. */
const sendsConsentDigit = (a: FlowAction): boolean =>
  isLambda(a) &&
  (paramAt(a, 'LambdaInvocationAttributes.consentDigit') !== undefined ||
    paramAt(a, 'LambdaInvocationAttributes.action') === WITHDRAW_ACTION);
/** The requests the recording-control Lambda serves. */
const RECORDING_CONTROL_ACTIONS: ReadonlySet<unknown> = new Set(['suspend', 'resume', 'stop']);
/** A recording-control invocation by its shape: it asks to suspend, resume or stop. */
const asksRecordingControl = (a: FlowAction): boolean =>
  isLambda(a) && RECORDING_CONTROL_ACTIONS.has(paramAt(a, 'LambdaInvocationAttributes.action'));
const isStoredInput = (a: FlowAction): boolean =>
  a.Type === 'GetParticipantInput' && String(paramAt(a, 'StoreInput') ?? 'False') === 'True';

/**
 * One ARN for a role: the given one, or the single ARN every invocation of that shape uses.
 * Several ARNs for one role is a problem (a mutation that points one consent invocation at an
 * "always granted" Lambda), and then no ARN is trusted for the role.
 */
function resolveRole(
  actions: readonly FlowAction[],
  given: string | undefined,
  shape: (a: FlowAction) => boolean,
  what: string,
  parameter: string,
  problems: { message: string; action?: string }[],
): string | undefined {
  const shaped = actions.filter(shape);
  if (given !== undefined) {
    for (const a of shaped) {
      if (lambdaArn(a) !== given) {
        problems.push({
          message: `${a.Identifier} (InvokeLambdaFunction) sends ${parameter} to ${lambdaArn(a)}, which is not the ${what} ${given}`,
          action: a.Identifier,
        });
      }
    }
    return given;
  }
  const byArn = new Map<string, string[]>();
  for (const a of shaped) byArn.set(lambdaArn(a), [...(byArn.get(lambdaArn(a)) ?? []), a.Identifier]);
  if (byArn.size <= 1) return [...byArn.keys()][0];
  const listed = [...byArn].map(([arn, ids]) => `${arn} (${ids.join(', ')})`).join('; ');
  problems.push({
    message: `invocations that send ${parameter} call ${byArn.size} different Lambdas: ${listed}; every one must call the single ${what}, so none of them is trusted`,
    action: shaped[0]?.Identifier,
  });
  return undefined;
}

/** Every string leaf of a parameter tree with its dotted path. */
function stringLeaves(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => stringLeaves(v, prefix === '' ? k : `${prefix}.${k}`));
}

/** Whether a flow-language value refers to a reference (`$.X` exactly, or a member of it). */
const refersTo = (value: string, ref: string): boolean =>
  value === ref || value.startsWith(`${ref}.`) || value.startsWith(`${ref}[`);

/** Where the value of one stored input is, along one path. */
interface Taint {
  /** `$.StoredCustomerInput` still holds the input's value. */
  readonly current: boolean;
  /** References (`$.FlowAttributes.x`, `$.Attributes.y`) copied from it. */
  readonly refs: readonly string[];
}

/**
 * Follows the value of one stored input along every path: which attributes copy it, which
 * actions read it, and whether it reaches a sink Lambda. Memoised on (action, taint), so the walk
 * is linear in actions × taints.
 */
function traceStoredInput(
  source: FlowAction,
  byId: ReadonlyMap<string, FlowAction>,
  isSink: (a: FlowAction) => boolean,
): { read: boolean; sink?: CardInputSink } {
  const seen = new Set<string>();
  const path: string[] = [];
  let read = false;
  let sink: CardInputSink | undefined;
  const tainted = (t: Taint, value: string): boolean =>
    (t.current && refersTo(value, '$.StoredCustomerInput')) || t.refs.some((r) => refersTo(value, r));
  const visit = (id: string, t: Taint): void => {
    const action = byId.get(id);
    if (action === undefined || sink !== undefined) return;
    if (!t.current && t.refs.length === 0) return;
    const key = `${id}\u0000${+t.current}\u0000${t.refs.join(',')}`;
    if (seen.has(key)) return;
    seen.add(key);
    let refs = [...t.refs];
    const copy = (prefix: string, entries: [string, string][]) => {
      for (const [name, value] of entries) {
        const ref = `${prefix}${name}`;
        refs = refs.filter((r) => r !== ref);
        if (tainted(t, value)) refs.push(ref);
      }
    };
    if (action.Type === 'UpdateFlowAttributes') {
      const attrs = (paramAt(action, 'FlowAttributes') ?? {}) as Record<string, { Value?: unknown }>;
      copy(
        '$.FlowAttributes.',
        Object.entries(attrs).map(([k, v]) => [k, String(v?.Value ?? '')]),
      );
    } else if (action.Type === 'UpdateContactAttributes') {
      const attrs = (paramAt(action, 'Attributes') ?? {}) as Record<string, unknown>;
      copy(
        '$.Attributes.',
        Object.entries(attrs).map(([k, v]) => [k, String(v)]),
      );
    } else {
      for (const [parameter, value] of stringLeaves(action.Parameters)) {
        if (!tainted(t, value)) continue;
        read = true;
        if (isSink(action)) {
          sink = { lambda: action.Identifier, parameter, path: [...path, action.Identifier] };
          return;
        }
      }
    }
    refs.sort();
    for (const edge of edgesOf(action)) {
      // A stored input that succeeds replaces $.StoredCustomerInput; on its errors it may not.
      const current = t.current && !(isStoredInput(action) && edge.kind === 'next');
      path.push(`${action.Identifier} -[${edge.label}]->`);
      visit(edge.target, { current, refs });
      path.pop();
    }
  };
  const start = edgesOf(source).find((e) => e.kind === 'next');
  if (start !== undefined) {
    path.push(`${source.Identifier} -[${start.label}]->`);
    visit(start.target, { current: true, refs: [] });
  }
  return { read, ...(sink === undefined ? {} : { sink }) };
}

/**
 * Assigns each Lambda invocation its role and finds the card inputs.
 *
 * Roles: with an ARN given, an invocation has the role exactly when its LambdaFunctionARN equals
 * it, and an invocation shaped like the role (consentDigit / action suspend|resume) that calls
 * another ARN is a problem. Without one, the role's ARN is inferred: every invocation that sends
 * a consentDigit must call one and the same Lambda (likewise for suspend/resume), and one Lambda
 * cannot hold two roles; any conflict is a problem and leaves the role without a trusted ARN, so
 * the path properties then fail closed. The payment Lambda, when not given, is whatever Lambda
 * (other than consent and recording control) receives a stored customer input.
 *
 * Card inputs: every GetParticipantInput with InputEncryption, and every stored input whose value
 * reaches the payment Lambda ($.StoredCustomerInput, directly or through flow or contact
 * attributes) on some path, whatever its encryption.
 */
export function analyseLambdas(flow: FlowDocument, given: FlowLambdaArns = {}): FlowFacts {
  const actions = flow.Actions;
  const byId = new Map(actions.map((a) => [a.Identifier, a]));
  const problems: { message: string; action?: string }[] = [];
  let consent = resolveRole(
    actions,
    given.consentFunctionArn,
    sendsConsentDigit,
    'consent Lambda',
    'a consentDigit (or action withdraw)',
    problems,
  );
  let control = resolveRole(
    actions,
    given.recordingControlFunctionArn,
    asksRecordingControl,
    'recording-control Lambda',
    'action suspend/resume/stop',
    problems,
  );
  if (consent !== undefined && consent === control) {
    problems.push({
      message: `${consent} is used both as the consent Lambda and as the recording-control Lambda; they must be different functions, so neither is trusted`,
      action: actions.find((a) => isLambda(a) && lambdaArn(a) === consent)?.Identifier,
    });
    consent = undefined;
    control = undefined;
  }
  const known = new Set([consent, control].filter((a) => a !== undefined));
  const paymentGiven = given.paymentFunctionArn;
  const isSink = (a: FlowAction): boolean =>
    isLambda(a) && (paymentGiven !== undefined ? lambdaArn(a) === paymentGiven : !known.has(lambdaArn(a)));

  const cardInputs = new Map<string, CardInputSink | undefined>();
  const unusedStoredInputs: string[] = [];
  const paymentArns = new Map<string, string[]>();
  for (const a of actions) {
    const encrypted = a.Type === 'GetParticipantInput' && paramAt(a, 'InputEncryption') !== undefined;
    if (!isStoredInput(a)) {
      if (encrypted) cardInputs.set(a.Identifier, undefined);
      continue;
    }
    const { read, sink } = traceStoredInput(a, byId, isSink);
    if (sink !== undefined) {
      cardInputs.set(a.Identifier, sink);
      const arn = lambdaArn(byId.get(sink.lambda) as FlowAction);
      paymentArns.set(arn, [...(paymentArns.get(arn) ?? []), sink.lambda]);
    } else if (encrypted) {
      cardInputs.set(a.Identifier, undefined);
    } else if (!read) {
      unusedStoredInputs.push(a.Identifier);
    }
  }
  let payment = paymentGiven;
  if (payment === undefined) {
    if (paymentArns.size > 1) {
      const listed = [...paymentArns].map(([arn, ids]) => `${arn} (${[...new Set(ids)].join(', ')})`);
      problems.push({
        message: `stored customer input reaches ${paymentArns.size} different Lambdas: ${listed.join('; ')}; card data may go only to the single payment Lambda`,
        action: [...paymentArns.values()][0]?.[0],
      });
    } else {
      payment = [...paymentArns.keys()][0];
    }
  }
  const roles = new Map<string, LambdaRole>([
    ...(payment === undefined ? [] : [[payment, 'payment'] as const]),
    ...(control === undefined ? [] : [[control, 'recording-control'] as const]),
    ...(consent === undefined ? [] : [[consent, 'consent'] as const]),
  ]);
  const source = (k: keyof FlowLambdaArns): 'given' | 'inferred' =>
    given[k] === undefined ? 'inferred' : 'given';
  return {
    arns: {
      ...(consent === undefined ? {} : { consentFunctionArn: consent }),
      ...(control === undefined ? {} : { recordingControlFunctionArn: control }),
      ...(payment === undefined ? {} : { paymentFunctionArn: payment }),
    },
    arnSource: {
      consentFunctionArn: source('consentFunctionArn'),
      recordingControlFunctionArn: source('recordingControlFunctionArn'),
      paymentFunctionArn: source('paymentFunctionArn'),
    },
    roleOf: (a) => (isLambda(a) ? (roles.get(lambdaArn(a)) ?? 'other') : undefined),
    cardInputs,
    unusedStoredInputs,
    problems,
  };
}
