import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../lambdas/contracts/locales';
import { SURVEY_ATTRIBUTES } from '../lambdas/contracts/survey';
import type { AppConfig } from '../lib/config';
import type { CallerInput, CallerPort, InputRequest } from './flow/interpreter';
import type { CallSummary, Simulator } from './simulator';

/**
 * Unattended calls: a scenario file scripts what the caller does and says and what must come out.
 *
 * Semantics:
 * - The caller first picks the scenario's `locale` on the language menu (its 1-based position in
 *   `config.locales`), so steps start at the recording notice.
 * - `press`, `say`, `silence` and `hangup` answer the robot's next input request, in order.
 *   `press` works at keypad prompts and bot turns (as DTMF); `say` only at bot turns.
 * - `expect` matches (case-insensitive regex) everything the robot said since the previous
 *   input step; expects after the last input step are checked against the end of the call.
 * - `expect` with `capture` also keeps the regex's first group under that name, e.g.
 *   `{"expect": "order number is (\\d[\\d ]+\\d)", "capture": "orderNumber"}`; a later `say` or
 *   `press` or `expect` uses it as `{{orderNumber}}` (in `press`, spaces of the value are dropped,
 *   so a spoken "4 8 2 9 1 3" is keyed as 482913; in `expect` it matches literally). Using a name
 *   that was never captured fails the scenario.
 * - When the steps run out while the robot still waits, the caller hangs up.
 * - Every `outcome` field is optional and compared with the call summary.
 * - `caller: null` or `"anonymous"` simulates a withheld caller ID (see `scenarioSchema`): the
 *   robot serves the call but stores no caller HMAC, so it cannot look up the caller's orders.
 */

/** A `{{name}}` reference to a captured value. */
const VARIABLE = /\{\{([A-Za-z][A-Za-z0-9_]*)\}\}/g;

/** One scripted step. */
export const scenarioStepSchema = z.union([
  z.strictObject({
    press: z
      .string()
      .regex(/^(?:[0-9*#]|\{\{[A-Za-z][A-Za-z0-9_]*\}\})+$/, 'keypad keys only: 0-9, * and #, or {{name}}'),
  }),
  z.strictObject({ say: z.string().min(1) }),
  z.strictObject({
    expect: z.string().min(1),
    /** Keeps the first regex group under this name for later `{{name}}` references. */
    capture: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a name of letters, digits and underscores')
      .optional(),
  }),
  z.strictObject({ silence: z.literal(true) }),
  z.strictObject({ hangup: z.literal(true) }),
]);
/** One scripted step. */
export type ScenarioStep = z.infer<typeof scenarioStepSchema>;

/** A scenario file. */
export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  locale: z.enum(SUPPORTED_LOCALES),
  /**
   * The caller ID: an E.164 number (synthetic numbers only), or a withheld one: `null` arrives as
   * `CustomerEndpoint: null`, `"anonymous"` as the endpoint address "anonymous". A keypad
   * placeholder such as `"+266696687"` is written as a number and is withheld too.
   */
  caller: z
    .string()
    .regex(
      /^(?:\+[1-9]\d{6,14}|anonymous)$/,
      'an E.164 number such as +15550123 (synthetic numbers only), or "anonymous" or null for a withheld caller ID',
    )
    .nullable(),
  /** Simulated environment. */
  environment: z
    .strictObject({
      hoursOpen: z.boolean().optional(),
      queueAtCapacity: z.boolean().optional(),
      /** Whether Connect may dial the caller back (false: CallbackNumberNotDialable). */
      callbackDialable: z.boolean().optional(),
    })
    .optional(),
  /**
   * The steps answer the language menu themselves (e.g. a wrong key, then the right one); by
   * default the runner presses the scenario locale's key first. @default false
   */
  scriptsLanguageMenu: z.boolean().optional(),
  steps: z.array(scenarioStepSchema),
  outcome: z
    .strictObject({
      consent: z.enum(['GRANTED', 'DECLINED', 'NO_INPUT', 'INVALID']).optional(),
      recording: z.boolean().optional(),
      ordersCreated: z.number().int().nonnegative().optional(),
      transferredToAgent: z.boolean().optional(),
      /** Callbacks the call created in the agent queue. */
      callbacksQueued: z.number().int().nonnegative().optional(),
      /** Results of the payment Lambda in this call, in order. */
      payments: z
        .array(z.enum(['APPROVED', 'DECLINED', 'ERROR', 'INVALID_CARD', 'EXPIRED', 'NOT_PAYABLE']))
        .optional(),
      /** Whether the recording was still suspended when the call ended. */
      recordingSuspendedAtEnd: z.boolean().optional(),
      /** Whether the ledger holds a withdrawal of the caller's consent after the call. */
      withdrawn: z.boolean().optional(),
      /** Whether the robot's recording still captured audio after the caller withdrew. */
      recordedAfterWithdrawal: z.boolean().optional(),
      /**
       * Contact attributes the call ended with: each listed one must hold exactly this value, or
       * be absent when the value is `null`.
       */
      attributes: z.record(z.string(), z.string().nullable()).optional(),
      /** Back-office cases the call opened (Connect tasks in AWS). */
      casesOpened: z.number().int().nonnegative().optional(),
      /** The texts the call sent, one pattern per text (regular expressions), in order. */
      texts: z.array(z.string()).optional(),
      /** The post-call survey's answers as the contact record holds them; an absent field must be absent. */
      survey: z
        .strictObject({ score: z.string().optional(), resolved: z.enum(['yes', 'no']).optional() })
        .optional(),
    })
    .default({}),
});
/** A scenario. */
export type Scenario = z.infer<typeof scenarioSchema>;

/** How a scenario went. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly passed: boolean;
  /** What differed, one sentence each. */
  readonly failures: readonly string[];
  readonly summary: CallSummary | undefined;
  /** Everything the robot said, in order. */
  readonly heard: readonly string[];
}

/** Reads one scenario file, or every `*.json` in a folder (sorted by name). */
export function loadScenarios(path: string): { file: string; scenario: Scenario }[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  return files.map((file) => {
    const parsed = scenarioSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      throw new Error(
        `${file} is not a valid scenario: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    return { file, scenario: parsed.data };
  });
}

const describe = (step: ScenarioStep): string => JSON.stringify(step);

/** A caller that follows a script and records where reality differed. */
export class ScriptedCaller implements CallerPort {
  private index = 0;
  private buffer: string[] = [];
  readonly failures: string[] = [];
  readonly heard: string[] = [];
  /** Values kept by `capture`, by name. */
  readonly captured: Record<string, string> = {};

  constructor(
    private readonly steps: readonly ScenarioStep[],
    private readonly echo?: (line: string) => void,
  ) {}

  hear(text: string): void {
    this.buffer.push(text);
    this.heard.push(text);
    this.echo?.(`  robot: ${text}`);
  }

  /** Replaces `{{name}}` references with captured values; an unknown name is a failure. */
  private fill(text: string, n: number, as: 'text' | 'keys' | 'pattern'): string {
    return text.replace(VARIABLE, (whole, name: string) => {
      const value = this.captured[name];
      if (value === undefined) {
        this.failures.push(`step ${n}: {{${name}}} was never captured by an earlier expect`);
        return whole;
      }
      if (as === 'keys') return value.replace(/\s+/g, '');
      return as === 'pattern' ? value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : value;
    });
  }

  private checkExpect(step: { expect: string; capture?: string | undefined }, n: number): void {
    const said = this.buffer.join('\n');
    const source = this.fill(step.expect, n, 'pattern');
    let pattern: RegExp;
    try {
      pattern = new RegExp(source, 'i');
    } catch {
      this.failures.push(
        `step ${n}: expect ${JSON.stringify(step.expect)} is not a valid regular expression`,
      );
      return;
    }
    const match = pattern.exec(said);
    if (!match) {
      this.failures.push(
        `step ${n}: expected /${source}/i, but since the previous step the robot said: ${said ? JSON.stringify(said) : '(nothing)'}`,
      );
      return;
    }
    if (step.capture !== undefined) {
      const value = match[1];
      if (value === undefined) {
        this.failures.push(`step ${n}: capture ${step.capture} needs a group (...) in the expect pattern`);
      } else {
        this.captured[step.capture] = value.trim();
      }
    }
  }

  async input(request: InputRequest): Promise<CallerInput> {
    for (;;) {
      const step = this.steps[this.index];
      const n = this.index + 1;
      if (!step) return { kind: 'hangup' };
      this.index += 1;
      if ('expect' in step) {
        this.checkExpect(step, n);
        continue;
      }
      this.buffer = [];
      if ('press' in step) {
        const digits = this.fill(step.press, n, 'keys');
        this.echo?.(`  caller presses ${digits}`);
        return { kind: 'dtmf', digits };
      }
      if ('say' in step) {
        if (request.mode === 'dtmf') {
          this.failures.push(
            `step ${n}: the script says ${JSON.stringify(step.say)}, but the robot waits for keypad input at ${request.actionId} (keys ${request.expectedKeys.join(', ')})`,
          );
          return { kind: 'hangup' };
        }
        const text = this.fill(step.say, n, 'text');
        this.echo?.(`  caller: ${text}`);
        return { kind: 'text', text };
      }
      if ('silence' in step) {
        this.echo?.('  caller stays silent');
        return { kind: 'silence' };
      }
      this.echo?.('  caller hangs up');
      return { kind: 'hangup' };
    }
  }

  /** Checks the steps left when the call ended. */
  finish(disconnectReason: string): void {
    for (; this.index < this.steps.length; this.index++) {
      const step = this.steps[this.index] as ScenarioStep;
      if ('expect' in step) this.checkExpect(step, this.index + 1);
      else if (!('hangup' in step)) {
        this.failures.push(
          `step ${this.index + 1}: ${describe(step)} was never reached; the call ended (${disconnectReason})`,
        );
      }
    }
  }
}

/** The keys a caller presses to pick a locale on the language menu (none with one locale). */
export function languageKeys(config: AppConfig, locale: string): ScenarioStep[] {
  if (config.locales.length < 2) return [];
  const index = config.locales.indexOf(locale as AppConfig['locales'][number]);
  if (index < 0)
    throw new Error(`scenario locale ${locale} is not configured (${config.locales.join(', ')})`);
  return [{ press: String(index + 1) }];
}

/** Compares a call summary with a scenario's expected outcome. */
export function compareOutcome(outcome: Scenario['outcome'], summary: CallSummary): string[] {
  const failures: string[] = [];
  const check = (field: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && expected !== actual) {
      failures.push(
        `outcome.${field}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual ?? null)}`,
      );
    }
  };
  check('consent', outcome.consent, summary.consent);
  check('recording', outcome.recording, summary.recording);
  check('ordersCreated', outcome.ordersCreated, summary.ordersCreated.length);
  check('transferredToAgent', outcome.transferredToAgent, summary.transferredToAgent);
  check('callbacksQueued', outcome.callbacksQueued, summary.callbacksQueued);
  if (outcome.payments !== undefined) {
    check('payments', JSON.stringify(outcome.payments), JSON.stringify(summary.payments));
  }
  check('recordingSuspendedAtEnd', outcome.recordingSuspendedAtEnd, summary.recordingSuspendedAtEnd);
  check('casesOpened', outcome.casesOpened, summary.cases.length);
  if (outcome.texts !== undefined) {
    check('texts.length', outcome.texts.length, summary.texts.length);
    outcome.texts.forEach((pattern, i) => {
      const body = summary.texts[i];
      if (body !== undefined && !new RegExp(pattern).test(body)) {
        failures.push(`outcome.texts[${i}]: ${JSON.stringify(body)} does not match /${pattern}/`);
      }
    });
  }
  for (const [key, value] of Object.entries(outcome.attributes ?? {})) {
    check(`attributes.${key}`, value, summary.result.attributes[key] ?? null);
  }
  if (outcome.survey !== undefined) {
    // Both answers are compared, an absent one included: `{}` means the survey stored nothing.
    const attrs = summary.result.attributes;
    check('survey.score', outcome.survey.score ?? null, attrs[SURVEY_ATTRIBUTES.score] ?? null);
    check('survey.resolved', outcome.survey.resolved ?? null, attrs[SURVEY_ATTRIBUTES.resolved] ?? null);
  }
  check('withdrawn', outcome.withdrawn, summary.withdrawn);
  if (outcome.recordedAfterWithdrawal !== undefined) {
    const from = summary.result.recording.stoppedAtLine;
    const after = from === undefined ? [] : summary.result.transcript.slice(from).filter((l) => l.recorded);
    check('recordedAfterWithdrawal', outcome.recordedAfterWithdrawal, after.length > 0);
  }
  return failures;
}

/**
 * Runs a scenario as one call on a simulator.
 *
 * @param simulator a simulator whose environment (hours, queue) matches the scenario's
 * @param echo receives a readable trace of the call, when given
 */
export async function runScenario(
  simulator: Simulator,
  config: AppConfig,
  scenario: Scenario,
  echo?: (line: string) => void,
): Promise<ScenarioResult> {
  const menu = scenario.scriptsLanguageMenu ? [] : languageKeys(config, scenario.locale);
  const caller = new ScriptedCaller([...menu, ...scenario.steps], echo);
  let summary: CallSummary | undefined;
  try {
    summary = await simulator.call(caller, {
      callerNumber: scenario.caller,
      ...(scenario.environment?.hoursOpen !== undefined ? { hoursOpen: scenario.environment.hoursOpen } : {}),
      ...(scenario.environment?.queueAtCapacity !== undefined
        ? { queueAtCapacity: scenario.environment.queueAtCapacity }
        : {}),
      ...(scenario.environment?.callbackDialable !== undefined
        ? { callbackDialable: scenario.environment.callbackDialable }
        : {}),
    });
  } catch (error) {
    caller.failures.push(
      `the call failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
  }
  if (summary) {
    caller.finish(summary.disconnectReason);
    caller.failures.push(...compareOutcome(scenario.outcome, summary));
  }
  return {
    scenario,
    passed: caller.failures.length === 0,
    failures: caller.failures,
    summary,
    heard: caller.heard,
  };
}
