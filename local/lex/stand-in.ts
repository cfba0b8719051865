import type { Context } from 'aws-lambda';
import { type LexLocaleId, LOCALE_BY_LEX_LOCALE_ID } from '../../lambdas/contracts/locales';
import { CODE_HOOK_LABELS } from '../../lambdas/contracts/session';
import type { LexSession } from '../../lambdas/core/after-call/ports';
import { isValidLexResponse, type LexResponse, scalarSlot } from '../../lambdas/edge/lex';
import type { BotLocaleModel, BotModel, IntentModel, SlotModel } from '../../lib/bot/types';
import { standInClassifier } from './blended-classifier';
import { parseConfirmation } from './builtins';
import type { Classification, IntentClassifier, SlotFill } from './classifier';
import type { LexRuntime, LexTurnRequest, LexTurnResult } from './types';

/**
 * A local Lex V2 runtime built from the bot model: classification (see classifier.ts), built-in
 * slot types, dialog management and the code hook, called in-process with the real Lex V2 event.
 *
 * Dialog management follows Lex V2 for the features the bot uses:
 * - a new utterance is classified; slots found in it are filled;
 * - the dialog code hook (when the intent enables it) runs on every turn and decides with its
 *   response (ElicitSlot, ConfirmIntent, Delegate, Close, ElicitIntent);
 * - on Delegate, or for intents without a dialog hook, the stand-in itself elicits missing
 *   required slots with the model's prompts, asks the model's confirmation prompt, and finally
 *   runs the fulfillment code hook;
 * - an answer to an elicited AMAZON.FreeFormInput slot is that slot's value, whole (no other
 *   slot is taken from it, no intent switch, no fallback);
 * - an answer to ElicitSlot fills that slot; one that gives no value goes, within the slot's
 *   maxRetries, to the dialog code hook with the SlotAnswer label (the slot's elicitation code
 *   hook, as the deployed bot configures it; Lex re-prompts itself for an intent without a dialog
 *   hook), and past them is FallbackIntent; an answer to ConfirmIntent sets Confirmed/Denied (AMAZON.Confirmation); one
 *   that is neither goes to the dialog code hook with confirmation None (the confirmation's
 *   elicitation code hook, as the deployed bot configures it), a second one is taken as Denied;
 * - an answer to ElicitSlot that fills nothing but clearly asks for another intent switches to it
 *   (see CHANGED_SUBJECT), unless it is as close to the active intent;
 * - session attributes persist per session id; Close ends the intent.
 * Every code hook response is validated against the Lex V2 response contract; an invalid one
 * fails the turn loudly, as Lex would reject it.
 */

/**
 * An answer to a slot prompt that fills no slot switches intent when another intent scores at
 * least this and the active intent does not (the stand-in's scale; Lex does not document its rule).
 */
const CHANGED_SUBJECT = 0.6;

/**
 * A score as Lex's `nluConfidence` (0 to 1): the blend of two scores of at most 1 can land a float
 * rounding above it (1.0000000000000002), which the code hook rightly refuses as no confidence.
 */
const asConfidence = (score: number): number => Math.min(1, Math.max(0, score));

/** A Lex V2 code hook handler (the fulfillment Lambda). */
export type CodeHook = (event: unknown, context: Context) => Promise<unknown>;

/** Options of {@link LocalLex}. */
export interface LocalLexOptions {
  readonly model: BotModel;
  /** The code hook Lambda (dialog and fulfillment). */
  readonly codeHook: CodeHook;
  /** Bot id/alias reported in events. */
  readonly botId?: string;
  readonly botAliasId?: string;
  /** Time of stored utterances. @default the system clock */
  readonly clock?: () => Date;
}

/**
 * What Lex V2 keeps of one caller utterance. Lex documents two copies: one for utterance
 * statistics (ListAggregatedUtterances), kept 15 days, and one for improving the bot, kept until
 * DeleteUtterances deletes the session's utterances (the statistics copy then still ages out).
 */
export interface StoredUtterance {
  readonly localeId: LexLocaleId;
  readonly sessionId: string;
  readonly text: string;
  readonly at: string;
}

/** Days Lex keeps the statistics copy of an utterance, whatever DeleteUtterances does. */
export const LEX_STATISTICS_DAYS = 15;

/** A code hook answered something Lex would reject. */
export class InvalidCodeHookResponseError extends Error {
  override name = 'InvalidCodeHookResponseError';
}

type SlotState = Record<
  string,
  {
    shape: 'Scalar';
    value: { originalValue: string; interpretedValue: string; resolvedValues: string[] };
  } | null
>;

interface ActiveIntent {
  name: string;
  slots: SlotState;
  state: string;
  confirmationState: 'Confirmed' | 'Denied' | 'None';
}

interface Session {
  attributes: Record<string, string>;
  intent: ActiveIntent | undefined;
  pending:
    | { type: 'ElicitSlot'; slot: string; retries: number }
    | { type: 'ConfirmIntent'; retries: number }
    | undefined;
}

const toSlot = (fill: SlotFill) => scalarSlot(fill.interpretedValue, fill.originalValue);

/** Fills `{Slot}` references of a model prompt from the intent's slots. */
function fillPrompt(prompt: string, slots: SlotState): string {
  return prompt.replace(
    /\{([A-Za-z]+)\}/g,
    (whole, name: string) => slots[name]?.value.interpretedValue ?? whole,
  );
}

function lambdaContext(requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'phone-robot-fulfillment',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:phone-robot-fulfillment',
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/phone-robot-fulfillment',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The local Lex V2 runtime. */
export class LocalLex implements LexRuntime {
  private readonly sessions = new Map<string, Session>();
  private requests = 0;
  /** Lex's improvement copy of every utterance, until DeleteUtterances. */
  private improvement: StoredUtterance[] = [];
  /** Lex's statistics copy, which only ages out (after {@link LEX_STATISTICS_DAYS} days). */
  private statistics: StoredUtterance[] = [];

  constructor(private readonly options: LocalLexOptions) {}

  /** The classifier of a bot locale (trained once per model, see standInClassifier). */
  classifier(localeId: LexLocaleId): IntentClassifier {
    return standInClassifier(this.localeModel(localeId));
  }

  private localeModel(localeId: LexLocaleId): BotLocaleModel {
    return this.options.model.locales[LOCALE_BY_LEX_LOCALE_ID[localeId]];
  }

  private intentModel(localeId: LexLocaleId, name: string): IntentModel | undefined {
    return this.localeModel(localeId).intents.find((i) => i.name === name);
  }

  /** Forgets a session (Connect ends the Lex session when the contact ends). */
  endSession(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /**
   * The utterances Lex holds: `improvement` (deleted by {@link deleteUtterances}) and
   * `statistics` (kept for {@link LEX_STATISTICS_DAYS} days from each utterance, as Lex does).
   */
  storedUtterances(now: Date = new Date()): {
    readonly improvement: readonly StoredUtterance[];
    readonly statistics: readonly StoredUtterance[];
  } {
    const horizon = now.getTime() - LEX_STATISTICS_DAYS * 86_400_000;
    this.statistics = this.statistics.filter((u) => Date.parse(u.at) > horizon);
    return { improvement: [...this.improvement], statistics: [...this.statistics] };
  }

  /** DeleteUtterances for one bot locale and session: the improvement copy goes at once. */
  async deleteSession(session: LexSession): Promise<void> {
    this.improvement = this.improvement.filter(
      (u) => !(u.localeId === session.localeId && u.sessionId === session.sessionId),
    );
  }

  /** {@inheritDoc LexRuntime.noInput} */
  async noInput(request: Omit<LexTurnRequest, 'text' | 'inputMode'>): Promise<LexTurnResult | undefined> {
    const session = this.sessions.get(request.sessionId);
    const active = session?.intent;
    const pending = session?.pending;
    if (!session || !active || !pending) return undefined;
    session.attributes = { ...session.attributes, ...request.sessionAttributes };
    const model = this.intentModel(request.localeId, active.name);
    if (pending.type === 'ElicitSlot') {
      const slot = model?.slots.find((s) => s.name === pending.slot);
      if (slot && pending.retries < slot.maxRetries) {
        session.pending = { ...pending, retries: pending.retries + 1 };
        return this.result(session, [slot.prompt], 'ElicitSlot', []);
      }
    } else if (pending.retries < 1 && model?.confirmation) {
      session.pending = { type: 'ConfirmIntent', retries: pending.retries + 1 };
      return this.result(session, [fillPrompt(model.confirmation.prompt, active.slots)], 'ConfirmIntent', []);
    }
    // Retries used up: the intent fails and the conversation with the bot ends.
    session.intent = undefined;
    session.pending = undefined;
    return undefined;
  }

  /** {@inheritDoc LexRuntime.recognizeText} */
  async recognizeText(request: LexTurnRequest): Promise<LexTurnResult> {
    const session = this.sessions.get(request.sessionId) ?? {
      attributes: {},
      intent: undefined,
      pending: undefined,
    };
    this.sessions.set(request.sessionId, session);
    session.attributes = { ...session.attributes, ...request.sessionAttributes };
    const stored: StoredUtterance = {
      localeId: request.localeId,
      sessionId: request.sessionId,
      text: request.text,
      at: (this.options.clock ?? (() => new Date()))().toISOString(),
    };
    this.improvement.push(stored);
    this.statistics.push(stored);
    const classifier = this.classifier(request.localeId);
    const locale = LOCALE_BY_LEX_LOCALE_ID[request.localeId];
    const messages: string[] = [];
    let classification: Classification | undefined;

    const pending = session.pending;
    const active = session.intent;
    session.pending = undefined;
    let next: LexResponse | 'delegate' | undefined;
    /** Answers to this confirmation so far that were neither yes nor no. */
    let confirmRetries = 0;
    /** Answers to the pending slot question so far that gave no value (when the hook hears them). */
    let slotRetries = 0;
    /** The invocation label of this turn's dialog code hook call, as the bot configures it. */
    let invocationLabel: string | undefined;

    if (pending?.type === 'ElicitSlot' && active) {
      const slotModel = this.intentModel(request.localeId, active.name)?.slots.find(
        (s) => s.name === pending.slot,
      );
      const fill = slotModel ? classifier.fillSlot(slotModel, request.text) : undefined;
      if (fill && slotModel?.slotTypeName === 'AMAZON.FreeFormInput') {
        // The whole answer is the value: no other slot, no intent switch, no fallback.
        active.slots[slotModel.name] = toSlot(fill);
      } else if (fill && slotModel) {
        active.slots[slotModel.name] = toSlot(fill);
        // Other slots of the intent said in the same answer are taken too, as Lex does.
        const others = classifier.slotsFor(
          active.name as IntentModel['name'],
          classifier.entities(request.text),
        );
        for (const [name, value] of Object.entries(others))
          if (!active.slots[name]) active.slots[name] = toSlot(value);
      } else {
        const other = classifier.classify(request.text);
        const activeScore = other.ranking.find((r) => r.intent === active.name)?.score ?? 0;
        if (
          other.intent !== 'FallbackIntent' &&
          other.intent !== active.name &&
          other.score >= CHANGED_SUBJECT &&
          activeScore < CHANGED_SUBJECT
        ) {
          // The caller changed the subject: Lex switches intent. An answer as close to the active
          // intent ("the second one" to "which product?") stays in it.
          classification = other;
        } else if (
          slotModel &&
          pending.retries < slotModel.maxRetries &&
          this.intentModel(request.localeId, active.name)?.dialogCodeHook
        ) {
          // The slot's elicitation code hook (as the deployed bot configures it): the hook hears
          // the answer that gave no value and decides what to ask next, within the slot's retries.
          slotRetries = pending.retries + 1;
          invocationLabel = CODE_HOOK_LABELS.slotAnswer;
        } else if (slotModel && pending.retries < slotModel.maxRetries) {
          session.pending = { ...pending, retries: pending.retries + 1 };
          return this.result(session, [slotModel.prompt], 'ElicitSlot', []);
        } else {
          classification = { ...other, intent: 'FallbackIntent', slots: {} };
        }
      }
    } else if (pending?.type === 'ConfirmIntent' && active) {
      const answer = parseConfirmation(request.text, locale, active.name);
      if (answer === undefined) {
        if (pending.retries < 1) {
          const model = this.intentModel(request.localeId, active.name);
          if (model?.dialogCodeHook) {
            // The confirmation's elicitation code hook: the hook hears the answer that is neither
            // yes nor no ("actually, make it three") and decides what to ask next.
            active.confirmationState = 'None';
            confirmRetries = pending.retries + 1;
            invocationLabel = CODE_HOOK_LABELS.confirmationAnswer;
          } else {
            session.pending = { type: 'ConfirmIntent', retries: pending.retries + 1 };
            const prompt = model?.confirmation ? fillPrompt(model.confirmation.prompt, active.slots) : '?';
            return this.result(session, [prompt], 'ConfirmIntent', []);
          }
        } else {
          active.confirmationState = 'Denied';
        }
      } else {
        active.confirmationState = answer;
      }
    } else {
      classification = classifier.classify(request.text);
    }

    if (classification) {
      const model = this.intentModel(request.localeId, classification.intent);
      const slots: SlotState = {};
      for (const s of model?.slots ?? []) {
        const fill = classification.slots[s.name];
        slots[s.name] = fill ? toSlot(fill) : null;
      }
      session.intent = { name: classification.intent, slots, state: 'InProgress', confirmationState: 'None' };
    }
    const intent = session.intent;
    if (!intent) throw new Error('no active intent after classification');
    const model = this.intentModel(request.localeId, intent.name);
    const interpretations = (classification?.ranking ?? [])
      .slice(0, 5)
      .map((r) => ({ intentName: r.intent, score: asConfidence(r.score) }));

    // Turn loop: at most a few hook calls per caller turn (dialog → delegate → fulfillment).
    for (let step = 0; step < 5; step++) {
      if (next === undefined) {
        next = model?.dialogCodeHook
          ? await this.callHook('DialogCodeHook', request, session, intent, interpretations, invocationLabel)
          : 'delegate';
      }
      if (next === 'delegate') {
        const decided = this.lexDecides(session, intent, model);
        if (decided === 'fulfill') {
          next = await this.callHook('FulfillmentCodeHook', request, session, intent, interpretations);
          continue;
        }
        messages.push(...decided.messages);
        return this.result(session, messages, decided.type, interpretations);
      }
      const response: LexResponse = next;
      session.attributes = { ...response.sessionState.sessionAttributes };
      const action = response.sessionState.dialogAction;
      if (response.sessionState.intent) {
        const r = response.sessionState.intent;
        intent.name = r.name;
        intent.state = r.state;
        intent.confirmationState = r.confirmationState;
        intent.slots = Object.fromEntries(
          Object.entries(r.slots).map(([k, v]) => [
            k,
            v?.value?.interpretedValue !== undefined
              ? toSlot({
                  originalValue: v.value.originalValue ?? v.value.interpretedValue,
                  interpretedValue: v.value.interpretedValue,
                })
              : null,
          ]),
        );
      }
      const said = (response.messages ?? []).map((m) => m.content);
      switch (action.type) {
        case 'Delegate':
          next = 'delegate';
          continue;
        case 'ElicitSlot': {
          const slotName = action.slotToElicit ?? '';
          const slotModel = model?.slots.find((s) => s.name === slotName);
          // Asked again after an answer that gave no value: the retries so far still count.
          const retries = pending?.type === 'ElicitSlot' && pending.slot === slotName ? slotRetries : 0;
          session.pending = { type: 'ElicitSlot', slot: slotName, retries };
          messages.push(...(said.length > 0 ? said : slotModel ? [slotModel.prompt] : []));
          return this.result(session, messages, 'ElicitSlot', interpretations);
        }
        case 'ConfirmIntent':
          session.pending = { type: 'ConfirmIntent', retries: confirmRetries };
          messages.push(
            ...(said.length > 0
              ? said
              : model?.confirmation
                ? [fillPrompt(model.confirmation.prompt, intent.slots)]
                : []),
          );
          return this.result(session, messages, 'ConfirmIntent', interpretations);
        case 'ElicitIntent':
          session.intent = undefined;
          messages.push(...said);
          return this.result(session, messages, 'ElicitIntent', interpretations, intent);
        case 'Close':
          session.intent = undefined;
          messages.push(...said);
          return this.result(session, messages, 'Close', interpretations, intent);
      }
    }
    throw new Error(`intent ${intent.name}: the code hook kept delegating without closing the intent`);
  }

  /** What Lex does itself after Delegate (or without a dialog hook). */
  private lexDecides(
    session: Session,
    intent: ActiveIntent,
    model: IntentModel | undefined,
  ): 'fulfill' | { type: 'ElicitSlot' | 'ConfirmIntent' | 'Close'; messages: string[] } {
    for (const name of model?.slotElicitationOrder ?? []) {
      const slot: SlotModel | undefined = model?.slots.find((s) => s.name === name);
      if (slot?.slotConstraint === 'Required' && !intent.slots[name]) {
        session.pending = { type: 'ElicitSlot', slot: name, retries: 0 };
        return { type: 'ElicitSlot', messages: [slot.prompt] };
      }
    }
    if (model?.confirmation && intent.confirmationState === 'None') {
      session.pending = { type: 'ConfirmIntent', retries: 0 };
      return { type: 'ConfirmIntent', messages: [fillPrompt(model.confirmation.prompt, intent.slots)] };
    }
    if (model?.confirmation && intent.confirmationState === 'Denied') {
      intent.state = 'Failed';
      session.intent = undefined;
      return { type: 'Close', messages: [model.confirmation.declination] };
    }
    return 'fulfill';
  }

  /** Calls the code hook with the real Lex V2 event and validates its answer. */
  private async callHook(
    source: 'DialogCodeHook' | 'FulfillmentCodeHook',
    request: LexTurnRequest,
    session: Session,
    intent: ActiveIntent,
    interpretations: readonly { intentName: string; score?: number }[],
    invocationLabel?: string,
  ): Promise<LexResponse> {
    this.requests += 1;
    const requestId = `local-lex-${this.requests}`;
    const intentState = source === 'FulfillmentCodeHook' ? 'FulfillmentInProgress' : 'InProgress';
    const event = {
      messageVersion: '1.0',
      invocationSource: source,
      inputMode: request.inputMode,
      responseContentType: 'text/plain; charset=utf-8',
      sessionId: request.sessionId,
      inputTranscript: request.text,
      invocationLabel,
      bot: {
        id: this.options.botId ?? 'BOTID00000',
        name: this.options.model.name,
        aliasId: this.options.botAliasId ?? 'ALIASID000',
        aliasName: 'live',
        localeId: request.localeId,
        version: 'DRAFT',
      },
      interpretations: [
        {
          intent: {
            name: intent.name,
            slots: intent.slots,
            state: intentState,
            confirmationState: intent.confirmationState,
          },
          interpretationSource: 'Lex',
          ...(intent.name === 'FallbackIntent'
            ? {}
            : { nluConfidence: { score: interpretations[0]?.score ?? 1 } }),
        },
        ...interpretations
          .filter((i) => i.intentName !== intent.name)
          .map((i) => ({
            intent: { name: i.intentName, slots: {}, state: 'InProgress', confirmationState: 'None' },
            nluConfidence: { score: i.score },
            interpretationSource: 'Lex',
          })),
      ],
      requestAttributes: {},
      sessionState: {
        activeContexts: [],
        sessionAttributes: { ...session.attributes },
        intent: {
          name: intent.name,
          slots: intent.slots,
          state: intentState,
          confirmationState: intent.confirmationState,
        },
        originatingRequestId: requestId,
      },
      transcriptions: [
        {
          transcription: request.text,
          transcriptionConfidence: 1,
          resolvedContext: { intent: intent.name },
          resolvedSlots: {},
        },
      ],
    };
    const response = await this.options.codeHook(JSON.parse(JSON.stringify(event)), lambdaContext(requestId));
    if (!isValidLexResponse(response)) {
      throw new InvalidCodeHookResponseError(
        `the code hook answered ${source} for ${intent.name} with a response Lex V2 would reject: ${JSON.stringify(response).slice(0, 300)}`,
      );
    }
    return response;
  }

  private result(
    session: Session,
    messages: readonly string[],
    type: LexTurnResult['dialogActionType'],
    interpretations: LexTurnResult['interpretations'],
    ended?: ActiveIntent,
  ): LexTurnResult {
    const intent = ended ?? session.intent;
    return {
      messages,
      dialogActionType: type,
      intentName: intent?.name,
      intentState: intent?.state,
      slots: Object.fromEntries(
        Object.entries(intent?.slots ?? {}).map(([k, v]) => [k, v?.value.interpretedValue]),
      ),
      sessionAttributes: { ...session.attributes },
      interpretations,
    };
  }
}
