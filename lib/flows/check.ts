import { DECLINE_KEY, GRANT_KEY } from '../../lambdas/contracts/consent';
import {
  ACTION_SPECS,
  type ActionSpec,
  IDENTIFIER_FORBIDDEN,
  IDENTIFIER_MAX_LENGTH,
  IDENTIFIER_RESERVED,
} from './actions';
import {
  edgesOf,
  FLOW_LANGUAGE_VERSION,
  type FlowAction,
  type FlowDocument,
  type FlowEdge,
  MAX_FLOW_ACTIONS,
  MAX_FLOW_CONTENT_CHARS,
  paramAt,
} from './model';
import { noticeContentGaps } from './notices';
import {
  type AnyPathProperty,
  type ConsentPropertyOptions,
  consentAskedOnce,
  consentBeforeRecording,
  consentPromptOffersKeys,
  type FlowContext,
  recordingDisabledUnlessGranted,
  recordingSuspendedForCardInput,
  surveyLeavesRecording,
  withdrawalHonoured,
} from './properties';
import { analyseLambdas, type FlowLambdaArns, type LambdaRole } from './roles';

/** One problem found in a flow. */
export interface FlowViolation {
  /** Rule id, e.g. `dangling-transition`, `consent-before-recording`. */
  readonly rule: string;
  /** What is wrong, naming the action. */
  readonly message: string;
  /** The action concerned, when there is one. */
  readonly action?: string;
  /** The path from StartAction that breaks the rule, as `id` and `-[edge]->` steps. */
  readonly path?: readonly string[];
}

/** Outcome of {@link checkFlow}. */
export interface FlowCheckResult {
  /** True when there are no violations. */
  readonly ok: boolean;
  /** Every violation found. */
  readonly violations: readonly FlowViolation[];
  /** Sizes, for reports. */
  readonly stats: {
    /** Number of actions. */
    readonly actions: number;
    /** Characters of `JSON.stringify(flow)`. */
    readonly chars: number;
    /**
     * Distinct paths from StartAction to an end, each Loop body run at most once (Infinity if the
     * flow has a cycle no Loop bounds).
     */
    readonly paths: number;
    /** Card inputs found (encrypted input, or stored input that reaches the payment Lambda). */
    readonly cardInputs: number;
  };
  /** The Lambda ARNs the properties trusted, given or inferred (absent: none or conflicting). */
  readonly arns: FlowLambdaArns;
}

/**
 * Options of {@link checkFlow}. Give the Lambda ARNs whenever they are known (the CDK's token
 * strings, or {@link PLACEHOLDER_ARNS} offline): each is then matched exactly. Without them the
 * checker infers each role's single ARN from the flow and reports any conflict.
 */
export interface CheckFlowOptions extends ConsentPropertyOptions, FlowLambdaArns {
  /**
   * Path properties to prove; default: {@link defaultProperties} (consent, consent asked once,
   * prompt keys, decline, withdrawal and payment properties).
   */
  readonly properties?: readonly AnyPathProperty[];
  /**
   * Checks the content of every notice play (MessageParticipant whose Identifier starts with
   * `notice`) whose text is not one of `noticeTexts`: it must state the purpose, exactly
   * `retentionDays` days of retention and a rights channel, else a `notice-content` violation
   * names what is missing; a play with all of it is accepted as the notice.
   * @default no content check (notices recognised by `noticeTexts` or by identifier only)
   */
  readonly noticeContent?: { readonly retentionDays: number };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const isPresent = (v: unknown): boolean =>
  v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** Checks the document shape; returns the actions that are well-formed enough to analyse. */
function checkShape(flow: unknown, out: FlowViolation[]): FlowAction[] | undefined {
  if (!isObject(flow)) {
    out.push({ rule: 'structure', message: 'a flow must be a JSON object' });
    return undefined;
  }
  if (flow.Version !== FLOW_LANGUAGE_VERSION) {
    out.push({
      rule: 'structure',
      message: `Version must be "${FLOW_LANGUAGE_VERSION}", got ${JSON.stringify(flow.Version)}`,
    });
  }
  if (typeof flow.StartAction !== 'string')
    out.push({ rule: 'structure', message: 'StartAction must be a string' });
  if (!Array.isArray(flow.Actions)) {
    out.push({ rule: 'structure', message: 'Actions must be an array' });
    return undefined;
  }
  const chars = JSON.stringify(flow).length;
  if (chars > MAX_FLOW_CONTENT_CHARS) {
    out.push({
      rule: 'size',
      message: `flow content has ${chars} characters; Connect accepts at most ${MAX_FLOW_CONTENT_CHARS}`,
    });
  }
  if (flow.Actions.length > MAX_FLOW_ACTIONS) {
    out.push({
      rule: 'size',
      message: `flow has ${flow.Actions.length} actions; Connect accepts at most ${MAX_FLOW_ACTIONS}`,
    });
  }
  const actions: FlowAction[] = [];
  flow.Actions.forEach((raw: unknown, index: number) => {
    const where = isObject(raw) && typeof raw.Identifier === 'string' ? raw.Identifier : `Actions[${index}]`;
    if (!isObject(raw)) {
      out.push({ rule: 'structure', message: `${where} must be an object` });
      return;
    }
    const problems: string[] = [];
    if (typeof raw.Identifier !== 'string') problems.push('Identifier must be a string');
    if (typeof raw.Type !== 'string') problems.push('Type must be a string');
    if (!isObject(raw.Parameters)) problems.push('Parameters must be an object');
    if (!isObject(raw.Transitions)) problems.push('Transitions must be an object');
    for (const p of problems) out.push({ rule: 'structure', message: `${where}: ${p}`, action: where });
    if (problems.length === 0) actions.push(raw as unknown as FlowAction);
  });
  return actions;
}

function checkIdentifier(id: string, out: FlowViolation[]): void {
  const bad = (why: string) =>
    out.push({ rule: 'identifier', message: `identifier "${id}" ${why}`, action: id });
  if (id.length === 0 || id.length > IDENTIFIER_MAX_LENGTH) {
    bad(`must have 1 to ${IDENTIFIER_MAX_LENGTH} characters (has ${id.length})`);
  }
  const forbidden = id.match(IDENTIFIER_FORBIDDEN);
  if (forbidden) bad(`contains the forbidden character "${forbidden[0]}"`);
  if (IDENTIFIER_RESERVED.has(id)) bad('is a reserved name');
}

function checkAction(action: FlowAction, spec: ActionSpec, out: FlowViolation[]): void {
  const id = action.Identifier;
  const push = (rule: string, message: string) =>
    out.push({ rule, message: `${id} (${action.Type}): ${message}`, action: id });
  for (const path of spec.required) {
    if (!isPresent(paramAt(action, path))) push('missing-parameter', `missing required parameter ${path}`);
  }
  for (const group of spec.exactlyOneOf ?? []) {
    const present = group.filter((p) => isPresent(paramAt(action, p)));
    if (present.length !== 1) {
      push(
        'missing-parameter',
        `needs exactly one of ${group.join(', ')} (has ${present.length === 0 ? 'none' : present.join(', ')})`,
      );
    }
  }
  const errors = (action.Transitions.Errors ?? []).map((e) => e.ErrorType);
  for (const e of errors) {
    if (!spec.errors.includes(e)) push('unknown-error', `error type ${e} is not raised by this action`);
  }
  const duplicates = errors.filter((e, i) => errors.indexOf(e) !== i);
  for (const e of new Set(duplicates)) push('duplicate-error', `error type ${e} is handled twice`);
  for (const e of spec.requiredErrors) {
    if (!errors.includes(e)) push('missing-error', `missing error branch ${e}`);
  }
  const conditions = action.Transitions.Conditions ?? [];
  if (conditions.length > 0 && !spec.conditions) push('conditions', 'does not support Conditions');
  for (const c of conditions) {
    if (c.Condition?.Operator !== 'Equals')
      push('conditions', `condition operator must be Equals, got ${c.Condition?.Operator}`);
    if (!Array.isArray(c.Condition?.Operands) || c.Condition.Operands.length === 0)
      push('conditions', 'condition needs operands');
  }
  if (spec.ends === 'terminal' && edgesOf(action).length > 0)
    push('terminal', 'a terminal action must have no transitions');
  for (const problem of spec.validate?.(action) ?? []) push('parameter', problem);
}

/** Formats one step of a path: `id` then the edge taken. */
function stepLabel(action: FlowAction, edge?: FlowEdge): string {
  return edge === undefined ? action.Identifier : `${action.Identifier} -[${edge.label}]->`;
}

/**
 * Walks every path from StartAction carrying each property's state; memoises on
 * (action, states) so the walk is complete yet linear in actions × property states.
 */
function explorePaths(
  flow: FlowDocument,
  byId: ReadonlyMap<string, FlowAction>,
  properties: readonly AnyPathProperty[],
  context: FlowContext,
  out: FlowViolation[],
): void {
  const seen = new Set<string>();
  const path: string[] = [];
  const visit = (id: string, states: readonly unknown[]): void => {
    const action = byId.get(id);
    if (action === undefined) return; // reported as a dangling transition
    const key = `${id}\u0000${states.map((s, i) => properties[i]?.key(s)).join('\u0000')}`;
    if (seen.has(key)) return;
    seen.add(key);
    const here = [...path, stepLabel(action)];
    let violated = false;
    properties.forEach((p, i) => {
      const message = p.check(states[i], action, context);
      if (message !== undefined) {
        violated = true;
        out.push({ rule: p.id, message, action: id, path: here });
      }
    });
    if (violated) return; // one witness per violation; the rest of this path adds nothing
    const spec = ACTION_SPECS[action.Type];
    const edges = edgesOf(action);
    const ends = spec?.ends ?? 'continues';
    if (ends !== 'continues') {
      properties.forEach((p, i) => {
        const message = p.atEnd?.(states[i], action, context);
        if (message !== undefined) out.push({ rule: p.id, message, action: id, path: here });
      });
    } else {
      const t = action.Transitions;
      const hasSuccess = typeof t.NextAction === 'string' || (t.Conditions ?? []).length > 0;
      if (!hasSuccess) {
        out.push({
          rule: 'no-terminal',
          message: `path ends at ${id} (${action.Type}) without a terminal action: it has no NextAction`,
          action: id,
          path: here,
        });
      }
    }
    for (const edge of edges) {
      path.push(stepLabel(action, edge));
      visit(
        edge.target,
        properties.map((p, i) => p.step(states[i], action, edge, context)),
      );
      path.pop();
    }
  };
  visit(
    flow.StartAction,
    properties.map((p) => p.initial),
  );
}

/** Whether `edge` is a Loop's ContinueLooping branch: the only way a flow may go round. */
export function isLoopBack(action: FlowAction, edge: FlowEdge): boolean {
  return action.Type === 'Loop' && edge.kind === 'condition' && edge.value === 'ContinueLooping';
}

/**
 * Finds cycles that no Loop bounds: with every ContinueLooping branch removed the flow must be
 * acyclic, so every way round passes a Loop counter and ends after LoopCount rounds. Reports one
 * violation per back edge, with the cycle.
 */
function checkCycles(start: string, byId: ReadonlyMap<string, FlowAction>, out: FlowViolation[]): void {
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (id: string): void => {
    const action = byId.get(id);
    if (action === undefined || done.has(id)) return;
    stack.push(id);
    onStack.add(id);
    for (const edge of edgesOf(action)) {
      if (isLoopBack(action, edge)) continue;
      if (onStack.has(edge.target)) {
        const cycle = [...stack.slice(stack.indexOf(edge.target)), edge.target];
        out.push({
          rule: 'unbounded-cycle',
          message: `${id} -[${edge.label}]-> ${edge.target} closes a cycle that no Loop bounds: ${cycle.join(' → ')}`,
          action: id,
        });
        continue;
      }
      visit(edge.target);
    }
    stack.pop();
    onStack.delete(id);
    done.add(id);
  };
  // Every action reachable in the full flow, also those entered only through a ContinueLooping.
  const reachable = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    const id = todo.pop() as string;
    const action = byId.get(id);
    if (action === undefined || reachable.has(id)) continue;
    reachable.add(id);
    visit(id);
    for (const edge of edgesOf(action)) todo.push(edge.target);
  }
}

/**
 * Counts distinct paths from StartAction to an end, running each Loop body at most once (a Loop's
 * ContinueLooping branch is taken at most once per path); Infinity when a cycle no Loop bounds is
 * reachable.
 */
function countPaths(start: string, byId: ReadonlyMap<string, FlowAction>): number {
  const memo = new Map<string, number>();
  const onStack = new Set<string>();
  const count = (id: string, looped: readonly string[]): number => {
    const key = `${id}\u0000${looped.join('\u0000')}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    const action = byId.get(id);
    if (action === undefined) return 1;
    if (onStack.has(key)) return Number.POSITIVE_INFINITY;
    onStack.add(key);
    const ends = ACTION_SPECS[action.Type]?.ends ?? 'continues';
    const edges = edgesOf(action);
    let n = ends === 'continues' && edges.length > 0 ? 0 : 1;
    for (const e of edges) {
      if (!isLoopBack(action, e)) n += count(e.target, looped);
      else if (!looped.includes(id)) n += count(e.target, [...looped, id].sort());
    }
    onStack.delete(key);
    memo.set(key, n);
    return n;
  };
  return count(start, []);
}

/**
 * The properties {@link checkFlow} proves unless told otherwise: consent before recording, consent
 * asked once, the prompt's keys, recording disabled and the caller told unless granted, a
 * withdrawal carried out, recording suspended around card input.
 */
export function defaultProperties(options: ConsentPropertyOptions = {}): AnyPathProperty[] {
  return [
    consentBeforeRecording(options),
    consentAskedOnce(options),
    consentPromptOffersKeys({ grant: GRANT_KEY, decline: DECLINE_KEY }, options),
    recordingDisabledUnlessGranted(options),
    withdrawalHonoured(),
    recordingSuspendedForCardInput(),
    surveyLeavesRecording(),
  ];
}

/**
 * Validates a flow-language document and proves path properties over every path.
 *
 * Structure: Version, StartAction, action count and content size limits; identifier length,
 * charset, reserved names and uniqueness; known action types, required parameters, allowed and
 * required error branches, conditions; every transition target exists; every action is reachable.
 * Lambda roles (`lambda-role`): each Lambda's role comes from its ARN, given in `options` (matched
 * exactly) or inferred (one ARN per role, no Lambda in two roles); a Compare on the consent or
 * recording-control answer must be fed by that Lambda. Card input (`card-input-encryption`,
 * `stored-input-unused`): stored input whose value reaches the payment Lambda is card input and
 * must be encrypted; stored input that nothing reads is rejected. Notices (`notice-content`, with
 * `options.noticeContent`): a notice text that is no rendered notice must state purpose,
 * retention days and a rights channel.
 * Paths: every cycle passes a Loop's ContinueLooping branch (so it is bounded); every path ends in
 * a terminal action; each property (default: consent before recording, recording disabled and
 * the caller told unless granted, recording suspended around card input) holds on every path.
 * Every violation about a reachable action carries the path that breaks the rule.
 *
 * @param flow parsed JSON of unknown shape
 */
export function checkFlow(flow: unknown, options: CheckFlowOptions = {}): FlowCheckResult {
  const out: FlowViolation[] = [];
  const actions = checkShape(flow, out) ?? [];
  const byId = new Map<string, FlowAction>();
  for (const action of actions) {
    checkIdentifier(action.Identifier, out);
    if (byId.has(action.Identifier)) {
      out.push({
        rule: 'identifier',
        message: `identifier "${action.Identifier}" is used twice`,
        action: action.Identifier,
      });
    }
    byId.set(action.Identifier, action);
    const spec = ACTION_SPECS[action.Type];
    if (spec === undefined) {
      out.push({
        rule: 'unknown-action',
        message: `${action.Identifier}: unknown action type ${action.Type}; known: ${Object.keys(ACTION_SPECS).join(', ')}`,
        action: action.Identifier,
      });
    } else {
      checkAction(action, spec, out);
    }
  }
  const doc = flow as FlowDocument;
  const startOk = typeof doc?.StartAction === 'string' && byId.has(doc.StartAction);
  if (typeof doc?.StartAction === 'string' && !startOk) {
    out.push({
      rule: 'dangling-transition',
      message: `StartAction ${doc.StartAction} is not an action of the flow`,
    });
  }
  for (const action of actions) {
    for (const edge of edgesOf(action)) {
      if (!byId.has(edge.target)) {
        out.push({
          rule: 'dangling-transition',
          message: `${action.Identifier} -[${edge.label}]-> ${edge.target}: no action has that identifier`,
          action: action.Identifier,
        });
      }
    }
  }
  let paths = 0;
  const facts = analyseLambdas({ ...doc, Actions: actions }, options);
  const noticeIds = new Set<string>();
  let shortest: ((id: string) => string[] | undefined) | undefined;
  if (startOk) {
    shortest = shortestPaths(doc.StartAction, byId);
    checkRoles(actions, byId, facts, shortest, out);
    if (options.noticeContent !== undefined) {
      checkNoticeContent(actions, options, options.noticeContent.retentionDays, noticeIds, out);
    }
    const reachable = new Set<string>();
    const stack = [doc.StartAction];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      const action = byId.get(id);
      if (reachable.has(id) || action === undefined) continue;
      reachable.add(id);
      for (const e of edgesOf(action)) stack.push(e.target);
    }
    for (const action of actions) {
      if (!reachable.has(action.Identifier)) {
        out.push({
          rule: 'unreachable',
          message: `${action.Identifier} (${action.Type}) cannot be reached from StartAction ${doc.StartAction}`,
          action: action.Identifier,
        });
      }
    }
    checkCycles(doc.StartAction, byId, out);
    const properties = options.properties ?? defaultProperties(options);
    explorePaths(doc, byId, properties, { ...facts, noticeIds }, out);
    paths = countPaths(doc.StartAction, byId);
  }
  const pathTo = shortest;
  const violations =
    pathTo === undefined
      ? out
      : out.map((v) => {
          if (v.path !== undefined || v.action === undefined) return v;
          const path = pathTo(v.action);
          return path === undefined ? v : { ...v, path };
        });
  return {
    ok: violations.length === 0,
    violations,
    stats: {
      actions: actions.length,
      chars: JSON.stringify(flow ?? null).length,
      paths,
      cardInputs: facts.cardInputs.size,
    },
    arns: facts.arns,
  };
}

/** ComparisonValues that decide on a Lambda's answer, and the role that must have given it. */
const DECISIONS: Readonly<Record<string, { role: LambdaRole; what: string }>> = {
  '$.External.consent': { role: 'consent', what: 'consent Lambda' },
  '$.External.ok': { role: 'recording-control', what: 'recording-control Lambda' },
};

/**
 * Reports what the Lambda roles reveal: conflicting ARNs, a decision (Compare on the consent or
 * the recording-control answer) fed by another Lambda, card input without encryption, and
 * stored input that nothing reads (a card prompt that only exposes digits to the recording).
 */
function checkRoles(
  actions: readonly FlowAction[],
  byId: ReadonlyMap<string, FlowAction>,
  facts: ReturnType<typeof analyseLambdas>,
  pathTo: (id: string) => string[] | undefined,
  out: FlowViolation[],
): void {
  for (const p of facts.problems) out.push({ rule: 'lambda-role', ...p });
  const incoming = new Map<string, { from: FlowAction; edge: FlowEdge }[]>();
  for (const a of actions) {
    for (const edge of edgesOf(a)) {
      incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), { from: a, edge }]);
    }
  }
  for (const compare of actions) {
    const decision = DECISIONS[String(paramAt(compare, 'ComparisonValue'))];
    if (compare.Type !== 'Compare' || decision === undefined) continue;
    // Walk back from the Compare to the nearest Lambda on every way in: its answer is compared.
    // `towards` keeps, for each action seen, the edge the walk came through (its way forward).
    const towards = new Map<string, { label: string; to: string }>();
    const todo = [compare.Identifier];
    const seen = new Set(todo);
    while (todo.length > 0) {
      const id = todo.shift() as string;
      for (const { from, edge } of incoming.get(id) ?? []) {
        if (seen.has(from.Identifier)) continue;
        seen.add(from.Identifier);
        towards.set(from.Identifier, { label: `${from.Identifier} -[${edge.label}]->`, to: id });
        const role = facts.roleOf(from);
        if (role === undefined) {
          todo.push(from.Identifier);
          continue;
        }
        if (role === decision.role) continue;
        const steps: string[] = [];
        for (let at = towards.get(from.Identifier); at !== undefined; at = towards.get(at.to)) {
          steps.push(at.label);
        }
        out.push({
          rule: 'lambda-role',
          message: `${compare.Identifier} (Compare) decides on ${String(paramAt(compare, 'ComparisonValue'))}, which on some path holds the answer of ${from.Identifier} (${String(paramAt(from, 'LambdaFunctionARN'))}), not of the ${decision.what}`,
          action: compare.Identifier,
          path: [
            ...(pathTo(from.Identifier) ?? [from.Identifier]).slice(0, -1),
            ...steps,
            compare.Identifier,
          ],
        });
      }
    }
  }
  for (const [id, sink] of facts.cardInputs) {
    const input = byId.get(id);
    if (sink === undefined || input === undefined || paramAt(input, 'InputEncryption') !== undefined)
      continue;
    out.push({
      rule: 'card-input-encryption',
      message: `${id} (GetParticipantInput) collects input that reaches the payment Lambda ${sink.lambda} (${sink.parameter}) without InputEncryption: card data must use encrypted DTMF input`,
      action: id,
      path: [...(pathTo(id) ?? [id]).slice(0, -1), ...sink.path],
    });
  }
  for (const id of facts.unusedStoredInputs) {
    out.push({
      rule: 'stored-input-unused',
      message: `${id} (GetParticipantInput) stores caller input (StoreInput True) that no action reads: remove it, or, if it collects card data, encrypt it and pass it to the payment Lambda while the recording is suspended`,
      action: id,
    });
  }
}

/** Validates the content of notice plays whose text is not an approved rendered notice. */
function checkNoticeContent(
  actions: readonly FlowAction[],
  options: ConsentPropertyOptions,
  retentionDays: number,
  accepted: Set<string>,
  out: FlowViolation[],
): void {
  const approved = new Set(options.noticeTexts ?? []);
  for (const a of actions) {
    if (a.Type !== 'MessageParticipant' || !a.Identifier.startsWith('notice')) continue;
    const text = String(paramAt(a, 'Text') ?? paramAt(a, 'SSML') ?? '');
    if (approved.has(text)) continue;
    const { locale, missing } = noticeContentGaps(text, retentionDays);
    if (missing.length === 0) {
      accepted.add(a.Identifier);
      continue;
    }
    out.push({
      rule: 'notice-content',
      message: `${a.Identifier} (MessageParticipant) plays a notice that matches no rendered notice of the config and lacks ${missing.join(', ')} (${locale} rules; retention must read ${retentionDays} days)`,
      action: a.Identifier,
    });
  }
}

/**
 * Shortest paths from StartAction (breadth first), so a violation about an action shows where a
 * caller meets the problem. Returns undefined for an action that cannot be reached.
 */
function shortestPaths(
  start: string,
  byId: ReadonlyMap<string, FlowAction>,
): (id: string) => string[] | undefined {
  const via = new Map<string, { from: string; edge: FlowEdge } | null>([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    const action = byId.get(id);
    if (action === undefined) continue;
    for (const edge of edgesOf(action)) {
      if (!via.has(edge.target) && byId.has(edge.target)) {
        via.set(edge.target, { from: id, edge });
        queue.push(edge.target);
      }
    }
  }
  return (id) => {
    if (!via.has(id)) return undefined;
    const steps: string[] = [id];
    let step = via.get(id);
    while (step) {
      steps.unshift(`${step.from} -[${step.edge.label}]->`);
      step = via.get(step.from);
    }
    return steps;
  };
}

/** Formats violations for a terminal: one block per violation, the path indented below it. */
export function formatViolations(violations: readonly FlowViolation[]): string {
  return violations
    .map((v) => {
      const head = `  ✗ [${v.rule}] ${v.message}`;
      return v.path === undefined ? head : `${head}\n      path: ${v.path.join(' ')}`;
    })
    .join('\n');
}
