import type { Context } from 'aws-lambda';
import { LEX_LOCALE_ID_BY_LOCALE, type LexLocaleId, toLocale } from '../../lambdas/contracts/locales';
import { isKnownAction } from '../../lib/flows/actions';
import { type FlowAction, type FlowDocument, paramAt } from '../../lib/flows/model';
import { localContext } from '../lambda-context';
import type { LexRuntime } from '../lex/types';
import { type FlowContext, resolveValue } from './jsonpath';

/**
 * An interpreter for Amazon Connect flow-language JSON: it runs the same rendered document that is
 * deployed, action by action, against in-process Lambda handlers, a bot runtime and a caller.
 *
 * Fidelity rules: parameters are read exactly as Connect reads them (JSONPath references resolved
 * at run time), transitions follow Connect's order (conditions, then errors, then NextAction), a
 * Lambda result replaces `$.External`, and an action type the interpreter does not implement stops
 * the call with an error naming it, never a silent skip.
 */

/** What the caller does when the robot waits for input. */
export type CallerInput =
  | { readonly kind: 'dtmf'; readonly digits: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'silence' }
  | { readonly kind: 'hangup' };

/** What the robot waits for. */
export interface InputRequest {
  /** `dtmf`: a keypad prompt; `speech`: a bot turn (typed text, or digits as DTMF). */
  readonly mode: 'dtmf' | 'speech';
  /** Identifier of the flow action asking. */
  readonly actionId: string;
  /** Keys that lead somewhere (DTMF prompts only). */
  readonly expectedKeys: readonly string[];
  /** Seconds Connect would wait before timing out. */
  readonly timeoutSeconds: number | undefined;
}

/** The caller side of a call: hears the robot, answers prompts. */
export interface CallerPort {
  /** The robot said something (a flow prompt or a bot message). */
  hear(text: string, source: 'flow' | 'bot'): void;
  /** The robot waits for input. */
  input(request: InputRequest): Promise<CallerInput>;
}

/** A Lambda handler as the Lambda runtime calls it. */
export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** The phone call being simulated. */
export interface ContactInfo {
  readonly contactId: string;
  /** Caller number (E.164); it goes only into the Connect event, as in Connect. */
  readonly customerNumber: string | undefined;
  /** The number dialled. */
  readonly systemNumber: string;
  readonly instanceArn: string;
}

/** Options of {@link runFlow}. */
export interface InterpreterOptions {
  readonly flow: FlowDocument;
  readonly contact: ContactInfo;
  readonly caller: CallerPort;
  /** In-process handlers by function ARN (the ARN the flow names). */
  readonly lambdas: Readonly<Record<string, LambdaHandler>>;
  /** The bot runtime by bot alias ARN. */
  readonly bots: Readonly<Record<string, LexRuntime>>;
  /** Whether CheckHoursOfOperation finds the queue open. @default true */
  readonly hoursOpen?: boolean;
  /**
   * Whether the queue is full: TransferContactToQueue then takes QueueAtCapacity, and
   * CreateCallbackContact its error branch. The admin guide says a callback for a queue at its size
   * limit takes the error branch; whether Connect can also accept one and drop it later is not
   * documented, so the simulator models only the error branch. @default false
   */
  readonly queueAtCapacity?: boolean;
  /**
   * Whether the instance can dial the callback number (its country is allowed for outbound
   * calls); when false, UpdateContactCallbackNumber takes CallbackNumberNotDialable. @default true
   */
  readonly callbackDialable?: boolean;
  /** Longest run, in actions, before the call is stopped as a loop. @default 500 */
  readonly maxActions?: number;
  /** Most bot turns in one bot block. @default 60 */
  readonly maxBotTurns?: number;
  /** Time source. @default the system clock */
  readonly clock?: () => Date;
  /**
   * Encrypts what the caller keyed into an encrypted input (Connect's InputEncryption), as
   * Connect would with the uploaded key. @default none: encrypted input then stops the call
   */
  readonly encryptInput?: (plaintext: string, encryption: InputEncryptionSettings) => Promise<string>;
}

/** The InputEncryption parameters of an encrypted GetParticipantInput. */
export interface InputEncryptionSettings {
  /** Connect key id of the uploaded public key. */
  readonly keyId: string;
  /** Certificate (PEM) signed by that key. */
  readonly certificate: string;
}

/** The flow uses an action the interpreter does not implement. */
export class UnsupportedActionError extends Error {
  override name = 'UnsupportedActionError';
}

/** The flow is broken at run time (missing target, unhandled error, loop). */
export class FlowRuntimeError extends Error {
  override name = 'FlowRuntimeError';
}

/**
 * Recording state of a contact, explicit so that suspend/resume (payment) can be tracked:
 * `capturing` is true only while some recording is enabled and not suspended.
 */
export class RecordingState {
  /** IVR (bot and prompts) recording. */
  ivr = false;
  /** Participants recorded once an agent joins. */
  participants: readonly string[] = [];
  /** Suspended by SuspendContactRecording until resumed. */
  suspended = false;
  /**
   * Stopped by StopContactRecording: for good. The API reference calls it a one-time action (the
   * recording cannot be started again for the contact); what a later "Enabled" behaviour would do
   * is undocumented, and the flow checker proves our flow never asks, so here it stays stopped.
   */
  stopped = false;
  /** How many transcript lines had been said when the recording was stopped. */
  stoppedAtLine: number | undefined;
  /** Whether the call was ever recorded. */
  everEnabled = false;
  /** Every change, in order. */
  readonly history: { readonly at: string; readonly change: string }[] = [];

  /** Applies an UpdateContactRecordingBehavior. */
  setBehavior(ivr: boolean, participants: readonly string[], actionId: string): void {
    if (this.stopped && (ivr || participants.length > 0)) {
      this.history.push({ at: actionId, change: 'ignored: the recording was stopped' });
      return;
    }
    this.ivr = ivr;
    this.participants = [...participants];
    if (ivr || participants.length > 0) this.everEnabled = true;
    this.history.push({
      at: actionId,
      change: `ivr=${ivr ? 'on' : 'off'} participants=[${participants.join(',')}]`,
    });
  }

  /** SuspendContactRecording (e.g. before card digits). */
  suspend(by: string): void {
    this.suspended = true;
    this.history.push({ at: by, change: 'suspended' });
  }

  /** ResumeContactRecording. */
  resume(by: string): void {
    this.suspended = false;
    this.history.push({ at: by, change: 'resumed' });
  }

  /** @param lines how many transcript lines the call has so far (to place a stop in it) */
  constructor(private readonly lines: () => number = () => 0) {}

  /** StopContactRecording (the caller withdrew consent). */
  stop(by: string): void {
    this.stoppedAtLine ??= this.lines();
    this.stopped = true;
    this.ivr = false;
    this.participants = [];
    this.history.push({ at: by, change: 'stopped' });
  }

  /** Whether audio is being captured right now. */
  get capturing(): boolean {
    return this.ivr && !this.suspended && !this.stopped;
  }
}

/** One line of what was said during the call. */
export interface TranscriptLine {
  readonly participant: 'SYSTEM' | 'CUSTOMER';
  readonly text: string;
  readonly at: string;
  /** Whether the line was said while recording captured audio. */
  readonly recorded: boolean;
}

/** One Lambda invocation, as made. */
export interface LambdaCall {
  readonly actionId: string;
  readonly functionArn: string;
  readonly event: unknown;
  readonly result: Readonly<Record<string, string>> | undefined;
  readonly error: string | undefined;
}

/**
 * A callback Connect was asked to create (CreateCallbackContact). It holds what the flow set, not
 * the number: that stays with the contact, as in Connect.
 */
export interface CallbackRequest {
  readonly actionId: string;
  /** Queue the callback waits in: a queue ARN, or an agent's own queue when AgentId is set. */
  readonly queue: string;
  readonly initialDelaySeconds: number;
  readonly maximumAttempts: number;
  readonly retryDelaySeconds: number;
}

/** What happened in a call. */
export interface CallResult {
  /** Identifiers of the actions run, in order. */
  readonly path: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly recording: RecordingState;
  readonly transcript: readonly TranscriptLine[];
  readonly lambdaCalls: readonly LambdaCall[];
  /**
   * Intents the bot finished, in order: closed (the block ended) or answered with ElicitIntent
   * (the conversation went on in the same block).
   */
  readonly intents: readonly string[];
  readonly languageCode: string | undefined;
  /** Queue the contact was transferred to, if it was. */
  readonly transferredToQueue: string | undefined;
  /** Callbacks the flow created, in order. */
  readonly callbacks: readonly CallbackRequest[];
  /** Why the call ended (Connect DisconnectReason values). */
  readonly disconnectReason: 'CUSTOMER_DISCONNECT' | 'CONTACT_FLOW_DISCONNECT' | 'TRANSFERRED_TO_QUEUE';
  readonly startedAt: string;
  readonly endedAt: string;
  /** Last Lex session attributes (lastOrderId, orderSeq, ...). */
  readonly lexSessionAttributes: Readonly<Record<string, string>>;
}

type Outcome =
  | { readonly kind: 'next' }
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'error'; readonly errorType: string }
  | { readonly kind: 'end'; readonly reason: CallResult['disconnectReason'] };

const NEXT: Outcome = { kind: 'next' };
/** A phone number in E.164 form: +, a country code not starting with 0, at most 15 digits. */
const E164 = /^\+[1-9]\d{1,14}$/;

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

/** Text of a prompt parameter set (Text, SSML without tags, or a prompt reference). */
function promptText(action: FlowAction, ctx: FlowContext): string | undefined {
  const text = paramAt(action, 'Text');
  if (typeof text === 'string') return resolveValue(text, ctx);
  const ssml = paramAt(action, 'SSML');
  if (typeof ssml === 'string') return resolveValue(ssml, ctx).replace(/<[^>]+>/g, '');
  const prompt = paramAt(action, 'PromptId');
  if (typeof prompt === 'string') return `[audio prompt ${prompt}]`;
  return undefined;
}

/** Runs a flow for one contact until it disconnects, transfers, or the caller hangs up. */
export class FlowInterpreter {
  private readonly actions: ReadonlyMap<string, FlowAction>;
  private readonly clock: () => Date;
  private attributes: Record<string, string> = {};
  private external: Record<string, string> = {};
  private lexState: {
    intentName: string | undefined;
    sessionAttributes: Record<string, string>;
    slots: Record<string, string | undefined>;
  } = { intentName: undefined, sessionAttributes: {}, slots: {} };
  private languageCode: string | undefined;
  private storedInput: string | undefined;
  /** Flow attributes (`$.FlowAttributes`): live only while the flow runs, never in the contact record. */
  private flowAttributes: Record<string, string> = {};
  private targetQueue: string | undefined;
  private transferredToQueue: string | undefined;
  /** The number CreateCallbackContact dials: the caller ID until UpdateContactCallbackNumber. */
  private callbackNumber: string | undefined;
  private readonly callbacks: CallbackRequest[] = [];
  private readonly path: string[] = [];
  private readonly transcript: TranscriptLine[] = [];
  private readonly lambdaCalls: LambdaCall[] = [];
  private readonly intents: string[] = [];
  private invocations = 0;
  /** Rounds taken per Loop action. */
  private readonly loops = new Map<string, number>();
  /** Recording state; exposed so ports such as a payment RecordingControl can suspend/resume it. */
  readonly recording = new RecordingState(() => this.transcript.length);

  constructor(private readonly options: InterpreterOptions) {
    this.actions = new Map(options.flow.Actions.map((a) => [a.Identifier, a]));
    this.clock = options.clock ?? (() => new Date());
    this.callbackNumber = options.contact.customerNumber;
  }

  private get ctx(): FlowContext {
    const c = this.options.contact;
    return {
      contactId: c.contactId,
      initialContactId: c.contactId,
      channel: 'VOICE',
      instanceArn: c.instanceArn,
      languageCode: this.languageCode,
      customerAddress: c.customerNumber,
      systemAddress: c.systemNumber,
      attributes: this.attributes,
      external: this.external,
      lex: this.lexState,
      storedCustomerInput: this.storedInput,
      flowAttributes: this.flowAttributes,
      queueArn: this.targetQueue,
    };
  }

  private say(text: string, source: 'flow' | 'bot'): void {
    this.transcript.push({
      participant: 'SYSTEM',
      text,
      at: this.clock().toISOString(),
      recorded: this.recording.capturing,
    });
    this.options.caller.hear(text, source);
  }

  private heard(text: string): void {
    this.transcript.push({
      participant: 'CUSTOMER',
      text,
      at: this.clock().toISOString(),
      recorded: this.recording.capturing,
    });
  }

  /** Runs the call to its end. */
  async run(): Promise<CallResult> {
    const startedAt = this.clock().toISOString();
    const max = this.options.maxActions ?? 500;
    let id: string | undefined = this.options.flow.StartAction;
    let reason: CallResult['disconnectReason'] | undefined;
    while (reason === undefined) {
      if (this.path.length >= max) {
        throw new FlowRuntimeError(
          `the flow ran ${max} actions without ending; last: ${this.path.slice(-5).join(' → ')}`,
        );
      }
      const action = id === undefined ? undefined : this.actions.get(id);
      if (!action) throw new FlowRuntimeError(`the flow names action "${id}", which does not exist`);
      this.path.push(action.Identifier);
      const outcome = await this.execute(action);
      if (outcome.kind === 'end') reason = outcome.reason;
      else id = this.transition(action, outcome);
    }
    return {
      path: [...this.path],
      attributes: { ...this.attributes },
      recording: this.recording,
      transcript: [...this.transcript],
      lambdaCalls: [...this.lambdaCalls],
      intents: [...this.intents],
      languageCode: this.languageCode,
      transferredToQueue: this.transferredToQueue,
      callbacks: [...this.callbacks],
      disconnectReason: reason,
      startedAt,
      endedAt: this.clock().toISOString(),
      lexSessionAttributes: { ...this.lexState.sessionAttributes },
    };
  }

  /** Picks the next action as Connect does: matching condition, else error branch, else NextAction. */
  private transition(action: FlowAction, outcome: Exclude<Outcome, { kind: 'end' }>): string {
    const t = action.Transitions ?? {};
    const where = `action ${action.Identifier} (${action.Type})`;
    if (outcome.kind === 'value') {
      const match = (t.Conditions ?? []).find(
        (c) => c.Condition?.Operator === 'Equals' && (c.Condition.Operands ?? []).includes(outcome.value),
      );
      if (match) return match.NextAction;
      return this.transition(action, { kind: 'error', errorType: 'NoMatchingCondition' });
    }
    if (outcome.kind === 'error') {
      const branch = (t.Errors ?? []).find((e) => e.ErrorType === outcome.errorType);
      if (branch) return branch.NextAction;
      throw new FlowRuntimeError(`${where} raised ${outcome.errorType} and has no branch for it`);
    }
    if (typeof t.NextAction === 'string') return t.NextAction;
    throw new FlowRuntimeError(`${where} succeeded but has no NextAction`);
  }

  private async execute(action: FlowAction): Promise<Outcome> {
    const p = (path: string) => paramAt(action, path);
    switch (action.Type) {
      case 'UpdateFlowLoggingBehavior':
      case 'UpdateContactTextToSpeechVoice':
        return NEXT;
      case 'UpdateContactData': {
        const code = p('LanguageCode');
        if (typeof code === 'string') this.languageCode = resolveValue(code, this.ctx);
        return NEXT;
      }
      case 'UpdateContactAttributes': {
        const attrs = (p('Attributes') ?? {}) as Record<string, string>;
        const ctx = this.ctx;
        const resolved = Object.fromEntries(
          Object.entries(attrs).map(([k, v]) => [k, resolveValue(String(v), ctx)]),
        );
        this.attributes = { ...this.attributes, ...resolved };
        return NEXT;
      }
      case 'UpdateFlowAttributes': {
        const attrs = (p('FlowAttributes') ?? {}) as Record<string, { Value?: string }>;
        const ctx = this.ctx;
        this.flowAttributes = {
          ...this.flowAttributes,
          ...Object.fromEntries(
            Object.entries(attrs).map(([k, v]) => [k, resolveValue(String(v?.Value ?? ''), ctx)]),
          ),
        };
        return NEXT;
      }
      case 'UpdateContactRecordingBehavior': {
        const participants = p('RecordingBehavior.RecordedParticipants');
        this.recording.setBehavior(
          p('RecordingBehavior.IVRRecordingBehavior') === 'Enabled',
          Array.isArray(participants) ? participants.map(String) : [],
          action.Identifier,
        );
        return NEXT;
      }
      case 'MessageParticipant': {
        const text = promptText(action, this.ctx);
        if (text === undefined) return { kind: 'error', errorType: 'NoMatchingError' };
        this.say(text, 'flow');
        return NEXT;
      }
      case 'GetParticipantInput':
        return this.getInput(action);
      case 'InvokeLambdaFunction':
        return this.invokeLambda(action);
      case 'Compare': {
        const value = resolveValue(String(p('ComparisonValue') ?? ''), this.ctx);
        return { kind: 'value', value };
      }
      case 'ConnectParticipantWithLexBot':
        return this.talkToBot(action);
      case 'Loop': {
        // Connect counts per Identifier: ContinueLooping LoopCount times, then DoneLooping once,
        // after which the counter starts again.
        const limit = Number(resolveValue(String(p('LoopCount') ?? '0'), this.ctx));
        const done = this.loops.get(action.Identifier) ?? 0;
        if (Number.isInteger(limit) && done < limit) {
          this.loops.set(action.Identifier, done + 1);
          return { kind: 'value', value: 'ContinueLooping' };
        }
        this.loops.delete(action.Identifier);
        return { kind: 'value', value: 'DoneLooping' };
      }
      case 'CheckHoursOfOperation':
        return { kind: 'value', value: (this.options.hoursOpen ?? true) ? 'True' : 'False' };
      case 'UpdateContactTargetQueue': {
        const queue = p('QueueId');
        if (typeof queue !== 'string') return { kind: 'error', errorType: 'NoMatchingError' };
        this.targetQueue = resolveValue(queue, this.ctx);
        return NEXT;
      }
      case 'TransferContactToQueue': {
        if (!this.targetQueue) return { kind: 'error', errorType: 'NoMatchingError' };
        if (this.options.queueAtCapacity) return { kind: 'error', errorType: 'QueueAtCapacity' };
        this.transferredToQueue = this.targetQueue;
        return { kind: 'end', reason: 'TRANSFERRED_TO_QUEUE' };
      }
      case 'UpdateContactCallbackNumber': {
        // Connect checks the number's form (E.164) and whether the instance may dial it.
        const number = resolveValue(String(p('CallbackNumber') ?? ''), this.ctx);
        if (!E164.test(number)) return { kind: 'error', errorType: 'InvalidCallbackNumber' };
        if (this.options.callbackDialable === false) {
          return { kind: 'error', errorType: 'CallbackNumberNotDialable' };
        }
        this.callbackNumber = number;
        return NEXT;
      }
      case 'CreateCallbackContact': {
        // QueueId, else the agent queue of AgentId, else the contact's current target queue.
        const named = p('QueueId') ?? p('AgentId');
        const queue = named === undefined ? this.targetQueue : resolveValue(String(named), this.ctx);
        const number = this.callbackNumber ?? '';
        if (!queue || !E164.test(number) || this.options.queueAtCapacity) {
          return { kind: 'error', errorType: 'NoMatchingError' };
        }
        this.callbacks.push({
          actionId: action.Identifier,
          queue,
          initialDelaySeconds: Number(p('InitialCallDelaySeconds')),
          maximumAttempts: Number(p('MaximumConnectionAttempts')),
          retryDelaySeconds: Number(p('RetryDelaySeconds')),
        });
        return NEXT;
      }
      case 'DisconnectParticipant':
        return { kind: 'end', reason: 'CONTACT_FLOW_DISCONNECT' };
      default:
        throw new UnsupportedActionError(
          `the simulator cannot run action ${action.Identifier}: type ${action.Type} is ${
            isKnownAction(action.Type)
              ? 'in ACTION_SPECS but not implemented by local/flow/interpreter.ts'
              : 'unknown'
          }`,
        );
    }
  }

  private async getInput(action: FlowAction): Promise<Outcome> {
    const text = promptText(action, this.ctx);
    if (text !== undefined) this.say(text, 'flow');
    const stored = String(paramAt(action, 'StoreInput') ?? 'False') === 'True';
    const expectedKeys = (action.Transitions.Conditions ?? []).flatMap((c) => c.Condition?.Operands ?? []);
    const timeout = Number(paramAt(action, 'InputTimeLimitSeconds'));
    const input = await this.options.caller.input({
      mode: 'dtmf',
      actionId: action.Identifier,
      expectedKeys,
      timeoutSeconds: Number.isFinite(timeout) ? timeout : undefined,
    });
    switch (input.kind) {
      case 'hangup':
        return { kind: 'end', reason: 'CUSTOMER_DISCONNECT' };
      case 'silence':
        this.heard('(silence)');
        return { kind: 'error', errorType: 'InputTimeLimitExceeded' };
      case 'text':
        // Speech at a keypad-only prompt: nothing Connect can match.
        this.heard(input.text);
        return { kind: 'error', errorType: 'NoMatchingCondition' };
      case 'dtmf': {
        const encryption = paramAt(action, 'InputEncryption') as Partial<{
          EncryptionKeyId: string;
          Key: string;
        }>;
        if (stored && encryption !== undefined) {
          // Card data: the transcript and the caller echo never see the digits, only that a
          // value was keyed; the flow only ever holds the ciphertext, as in Connect.
          this.heard('[keypad input, encrypted]');
          if (!this.options.encryptInput) {
            throw new FlowRuntimeError(
              `action ${action.Identifier} collects encrypted input, but the simulator has no encryptInput port`,
            );
          }
          const typed = input.digits.replace(/#$/, '');
          this.storedInput = await this.options.encryptInput(typed, {
            keyId: String(encryption.EncryptionKeyId ?? ''),
            certificate: String(encryption.Key ?? ''),
          });
          return NEXT;
        }
        this.heard(`[keypad ${input.digits}]`);
        if (stored) {
          this.storedInput = input.digits;
          return NEXT;
        }
        // A menu takes one key; what follows it is not part of the choice.
        return { kind: 'value', value: input.digits.slice(0, 1) };
      }
    }
  }

  /** The event Connect sends to a Lambda from an Invoke AWS Lambda function block. */
  private connectEvent(parameters: Record<string, string>): unknown {
    const c = this.options.contact;
    return {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Attributes: { ...this.attributes },
          Channel: 'VOICE',
          ContactId: c.contactId,
          CustomerEndpoint: c.customerNumber ? { Address: c.customerNumber, Type: 'TELEPHONE_NUMBER' } : null,
          CustomerId: null,
          Description: null,
          InitialContactId: c.contactId,
          InitiationMethod: 'INBOUND',
          InstanceARN: c.instanceArn,
          LanguageCode: this.languageCode ?? 'en-US',
          MediaStreams: { Customer: { Audio: null } },
          Name: null,
          PreviousContactId: c.contactId,
          Queue: this.targetQueue ? { ARN: this.targetQueue, Name: null } : null,
          References: {},
          RelatedContactId: null,
          SegmentAttributes: {},
          SystemEndpoint: { Address: c.systemNumber, Type: 'TELEPHONE_NUMBER' },
        },
        Parameters: parameters,
      },
    };
  }

  private async invokeLambda(action: FlowAction): Promise<Outcome> {
    const arn = String(paramAt(action, 'LambdaFunctionARN') ?? '');
    const handler = this.options.lambdas[arn];
    if (!handler) {
      throw new FlowRuntimeError(
        `action ${action.Identifier} invokes ${arn}, which has no in-process handler; register it in the simulator`,
      );
    }
    const ctx = this.ctx;
    const raw = (paramAt(action, 'LambdaInvocationAttributes') ?? {}) as Record<string, unknown>;
    const parameters = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, resolveValue(String(v), ctx)]),
    );
    const event = this.connectEvent(parameters);
    const seconds = Number(paramAt(action, 'InvocationTimeLimitSeconds') ?? 8);
    this.invocations += 1;
    const requestId = `${this.options.contact.contactId}-${this.invocations}`;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        handler(
          event,
          localContext(arn.split(':').at(-1) ?? 'local', {
            timeoutMs: seconds * 1000,
            requestId,
            functionArn: arn,
          }),
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${seconds} s`)), seconds * 1000);
        }),
      ]);
      if (!isStringMap(result)) {
        // ResponseValidation STRING_MAP: anything else is an error branch in Connect.
        this.lambdaCalls.push({
          actionId: action.Identifier,
          functionArn: arn,
          event,
          result: undefined,
          error: 'not a flat string map',
        });
        return { kind: 'error', errorType: 'NoMatchingError' };
      }
      this.external = { ...result };
      this.lambdaCalls.push({
        actionId: action.Identifier,
        functionArn: arn,
        event,
        result,
        error: undefined,
      });
      return NEXT;
    } catch (error) {
      this.lambdaCalls.push({
        actionId: action.Identifier,
        functionArn: arn,
        event,
        result: undefined,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return { kind: 'error', errorType: 'NoMatchingError' };
    } finally {
      clearTimeout(timer);
    }
  }

  private async talkToBot(action: FlowAction): Promise<Outcome> {
    const aliasArn = String(paramAt(action, 'LexV2Bot.AliasArn') ?? '');
    const bot = this.options.bots[aliasArn];
    if (!bot) {
      throw new FlowRuntimeError(
        `action ${action.Identifier} connects to bot ${aliasArn}, which the simulator does not know`,
      );
    }
    const ctx = this.ctx;
    const raw = (paramAt(action, 'LexSessionAttributes') ?? {}) as Record<string, unknown>;
    const given = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, resolveValue(String(v), ctx)]));
    let session: Record<string, string> = { ...this.lexState.sessionAttributes, ...given };
    const locale = toLocale(this.languageCode) ?? toLocale(given.locale) ?? 'en-US';
    const localeId: LexLocaleId = LEX_LOCALE_ID_BY_LOCALE[locale];
    const welcome = promptText(action, ctx);
    if (welcome !== undefined) this.say(welcome, 'flow');
    const maxTurns = this.options.maxBotTurns ?? 60;
    for (let turn = 0; turn < maxTurns; turn++) {
      const input = await this.options.caller.input({
        mode: 'speech',
        actionId: action.Identifier,
        expectedKeys: [],
        timeoutSeconds: undefined,
      });
      if (input.kind === 'hangup') return { kind: 'end', reason: 'CUSTOMER_DISCONNECT' };
      if (input.kind === 'silence') {
        this.heard('(silence)');
        // Lex asks an open question again (see LexRuntime.noInput); otherwise the block times out.
        const again = await bot.noInput?.({
          sessionId: this.options.contact.contactId,
          localeId,
          sessionAttributes: session,
        });
        if (!again) return { kind: 'error', errorType: 'InputTimeLimitExceeded' };
        session = { ...again.sessionAttributes };
        for (const m of again.messages) this.say(m, 'bot');
        continue;
      }
      const text = input.kind === 'dtmf' ? input.digits : input.text;
      this.heard(input.kind === 'dtmf' ? `[keypad ${text}]` : text);
      let result: Awaited<ReturnType<LexRuntime['recognizeText']>>;
      try {
        result = await bot.recognizeText({
          sessionId: this.options.contact.contactId,
          localeId,
          text,
          inputMode: input.kind === 'dtmf' ? 'DTMF' : 'Text',
          sessionAttributes: session,
        });
      } catch (error) {
        this.say(`[bot error: ${error instanceof Error ? error.message : String(error)}]`, 'bot');
        return { kind: 'error', errorType: 'NoMatchingError' };
      }
      session = { ...result.sessionAttributes };
      this.lexState = {
        intentName: result.intentName,
        sessionAttributes: session,
        slots: { ...result.slots },
      };
      for (const m of result.messages) this.say(m, 'bot');
      if (result.dialogActionType === 'ElicitIntent' && result.intentName) {
        // Answered and kept open: the caller stays in this block for the next question.
        this.intents.push(result.intentName);
      }
      if (result.dialogActionType === 'Close') {
        if (result.intentName) this.intents.push(result.intentName);
        // The block branches on the intent that ended the conversation.
        return { kind: 'value', value: result.intentName ?? '' };
      }
    }
    throw new FlowRuntimeError(`the bot block ${action.Identifier} ran ${maxTurns} turns without ending`);
  }
}

/** Runs a flow for one contact; see {@link FlowInterpreter}. */
export async function runFlow(options: InterpreterOptions): Promise<CallResult> {
  return new FlowInterpreter(options).run();
}
