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
import {
  type AnyPathProperty,
  type ConsentPropertyOptions,
  consentBeforeRecording,
  recordingSuspendedForCardInput,
} from './properties';

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
  };
}

/** Options of {@link checkFlow}. */
export interface CheckFlowOptions extends ConsentPropertyOptions {
  /**
   * Path properties to prove; default: the consent property and the payment property
   * (`[consentBeforeRecording(options), recordingSuspendedForCardInput()]`).
   */
  readonly properties?: readonly AnyPathProperty[];
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
      const message = p.check(states[i], action);
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
        const message = p.atEnd?.(states[i], action);
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
        properties.map((p, i) => p.step(states[i], action, edge)),
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
 * Validates a flow-language document and proves path properties over every path.
 *
 * Structure: Version, StartAction, action count and content size limits; identifier length,
 * charset, reserved names and uniqueness; known action types, required parameters, allowed and
 * required error branches, conditions; every transition target exists; every action is reachable.
 * Paths: every cycle passes a Loop's ContinueLooping branch (so it is bounded); every path ends in
 * a terminal action; each property (default: the consent and the payment property) holds on
 * every path. Violations carry the breaking path.
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
  if (startOk) {
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
    const properties = options.properties ?? [
      consentBeforeRecording(options),
      recordingSuspendedForCardInput(),
    ];
    explorePaths(doc, byId, properties, out);
    paths = countPaths(doc.StartAction, byId);
  }
  const violations = startOk ? withShortestPaths(out, doc.StartAction, byId) : out;
  return {
    ok: violations.length === 0,
    violations,
    stats: { actions: actions.length, chars: JSON.stringify(flow ?? null).length, paths },
  };
}

/**
 * Gives each violation about a reachable action that has no path yet the shortest path from
 * StartAction to that action, so every report shows where a caller meets the problem.
 */
function withShortestPaths(
  violations: readonly FlowViolation[],
  start: string,
  byId: ReadonlyMap<string, FlowAction>,
): FlowViolation[] {
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
  const pathTo = (id: string): string[] => {
    const steps: string[] = [id];
    let step = via.get(id);
    while (step) {
      steps.unshift(`${step.from} -[${step.edge.label}]->`);
      step = via.get(step.from);
    }
    return steps;
  };
  return violations.map((v) =>
    v.path === undefined && v.action !== undefined && via.has(v.action)
      ? { ...v, path: pathTo(v.action) }
      : v,
  );
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
