import { type FlowAction, paramAt } from './model';

/**
 * Known flow-language actions: required parameters, allowed and required errors, whether they
 * branch on conditions and whether they end the flow. The checker validates against this table
 * and the offline interpreter reuses it.
 *
 * Sources (checked with the documentation search, 2026):
 * - Action reference pages under https://docs.aws.amazon.com/connect/latest/APIReference/ :
 *   flow-language-actions.html (Identifier: unique, up to 50 characters, forbidden characters and
 *   reserved names), contact-actions-*.html, participant-actions-*.html,
 *   flow-control-actions-*.html, interactions-invokelambdafunction.html.
 * - The older copies in github.com/awsdocs/amazon-connect-admin-guide (doc_source/*-actions-*.md).
 * - Where the current reference and the console's own exports disagree, the export wins because
 *   that is what Connect accepts on publish:
 *   * GetParticipantInput: the older page says `InputTimeoutSeconds`, the current reference and
 *     console exports say `InputTimeLimitSeconds`; console exports carry the timeout error as
 *     `InputTimeLimitExceeded` (the older page lists only NoMatchingCondition/NoMatchingError).
 *   * ConnectParticipantWithLexBot: the current reference lists InputTimeLimitExceeded,
 *     NoMatchingError and NoMatchingCondition.
 *   * UpdateContactTextToSpeechVoice: the current reference requires NoMatchingError ("must
 *     always be defined"); the older page listed no errors.
 *   * TransferContactToQueue: success ends the flow (the contact waits in the queue); console
 *     exports still carry a NextAction, which Connect only takes on errors.
 *   * Loop: results ContinueLooping / DoneLooping, both conditions required, no errors
 *     (flow-control-actions-loop.html).
 * - House rules stricter than Connect are marked `house rule` below: every participant-facing
 *   action must handle every error it can raise, so a caller never hears silence.
 */
export interface ActionSpec {
  /** Flow-language action type. */
  readonly type: string;
  /** Documentation category (contact, participant, flow control, interaction). */
  readonly category: 'contact' | 'participant' | 'flow-control' | 'interaction';
  /** Reference page the entry was checked against. */
  readonly doc: string;
  /** Dotted parameter paths that must be present and non-empty. */
  readonly required: readonly string[];
  /** Groups of which exactly one parameter must be present (e.g. Text | SSML | PromptId). */
  readonly exactlyOneOf?: readonly (readonly string[])[];
  /** Error types the action may declare. */
  readonly errors: readonly string[];
  /** Error types the action must declare. */
  readonly requiredErrors: readonly string[];
  /** Whether `Conditions` are allowed (all use the Equals operator). */
  readonly conditions: boolean;
  /** How the action ends: `continues` needs a successor; `terminal` ends the flow. */
  readonly ends: 'continues' | 'terminal' | 'terminal-on-success';
  /** Extra, action-specific rules; returns problems as sentences. */
  readonly validate?: (action: FlowAction) => readonly string[];
}

const API = 'https://docs.aws.amazon.com/connect/latest/APIReference/';
const PROMPT_SOURCES = ['Text', 'SSML', 'PromptId', 'Media'] as const;

const conditionOperands = (action: FlowAction): string[] =>
  (action.Transitions.Conditions ?? []).flatMap((c) => c.Condition?.Operands ?? []);
const errorTypes = (action: FlowAction): string[] =>
  (action.Transitions.Errors ?? []).map((e) => e.ErrorType);
/**
 * Whether a parameter is one JSONPath reference and nothing else: `$` then dotted names or quoted
 * bracket keys, e.g. `$.CustomerEndpoint.Address` or `$.Attributes['my key']`.
 */
const isSingleJsonPath = (value: unknown): boolean =>
  typeof value === 'string' && /^\$(?:\.[A-Za-z0-9_-]+|\['[^']+'\]|\["[^"]+"\])+$/.test(value);
/** CreateCallbackContact's longest delay: 259,200 seconds (three days). */
const CALLBACK_MAX_DELAY_SECONDS = 259_200;

/** Actions this project uses, keyed by type. */
export const ACTION_SPECS: Readonly<Record<string, ActionSpec>> = Object.freeze(
  Object.fromEntries(
    (
      [
        {
          type: 'UpdateFlowLoggingBehavior',
          category: 'flow-control',
          doc: `${API}flow-control-actions-updateflowloggingbehavior.html`,
          required: ['FlowLoggingBehavior'],
          errors: [],
          requiredErrors: [],
          conditions: false,
          ends: 'continues',
          validate: (a) =>
            ['Enabled', 'Disabled'].includes(String(paramAt(a, 'FlowLoggingBehavior')))
              ? []
              : ['FlowLoggingBehavior must be Enabled or Disabled (static)'],
        },
        {
          type: 'UpdateContactTextToSpeechVoice',
          category: 'contact',
          doc: `${API}contact-actions-updatecontacttexttospeechvoice.html`,
          required: ['TextToSpeechVoice'],
          errors: ['NoMatchingError'],
          requiredErrors: ['NoMatchingError'],
          conditions: false,
          ends: 'continues',
        },
        {
          type: 'UpdateContactData',
          category: 'contact',
          doc: `${API}contact-actions-updatecontactdata.html`,
          required: [],
          errors: ['NoMatchingError'],
          requiredErrors: ['NoMatchingError'],
          conditions: false,
          ends: 'continues',
          validate: (a) =>
            Object.keys(a.Parameters).length > 0 ? [] : ['needs at least one contact field to set'],
        },
        {
          type: 'UpdateContactAttributes',
          category: 'contact',
          doc: `${API}contact-actions-updatecontactattributes.html`,
          required: ['Attributes'],
          errors: ['NoMatchingError'],
          requiredErrors: ['NoMatchingError'],
          conditions: false,
          ends: 'continues',
          validate: (a) => {
            const attrs = paramAt(a, 'Attributes');
            if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) {
              return ['Attributes must be an object of key/value strings'];
            }
            return Object.entries(attrs)
              .filter(([, v]) => typeof v !== 'string')
              .map(([k]) => `attribute ${k} must be a string`);
          },
        },
        {
          type: 'MessageParticipant',
          category: 'participant',
          doc: `${API}participant-actions-messageparticipant.html`,
          required: [],
          exactlyOneOf: [PROMPT_SOURCES],
          errors: ['NoMatchingError'],
          requiredErrors: ['NoMatchingError'],
          conditions: false,
          ends: 'continues',
        },
        {
          type: 'GetParticipantInput',
          category: 'participant',
          doc: `${API}participant-actions-getparticipantinput.html`,
          required: ['InputTimeLimitSeconds'],
          errors: ['NoMatchingError', 'NoMatchingCondition', 'InputTimeLimitExceeded', 'InvalidPhoneNumber'],
          // NoMatchingError: documented "must always be defined"; timeout: house rule.
          requiredErrors: ['NoMatchingError', 'InputTimeLimitExceeded'],
          conditions: true,
          ends: 'continues',
          validate: (a) => {
            const problems: string[] = [];
            const stored = String(paramAt(a, 'StoreInput') ?? 'False') === 'True';
            const seconds = Number(paramAt(a, 'InputTimeLimitSeconds'));
            if (!Number.isInteger(seconds) || seconds <= 0) {
              problems.push('InputTimeLimitSeconds must be a whole number of seconds above 0');
            }
            const promptCount = PROMPT_SOURCES.filter((p) => paramAt(a, p) !== undefined).length;
            if (promptCount > 1) problems.push('at most one of Text, SSML, PromptId, Media may be set');
            const encryption = paramAt(a, 'InputEncryption');
            if (encryption !== undefined) {
              if (!stored) problems.push('InputEncryption requires StoreInput True');
              for (const key of ['EncryptionKeyId', 'Key']) {
                const v = paramAt(a, `InputEncryption.${key}`);
                if (typeof v !== 'string' || v.trim() === '')
                  problems.push(`InputEncryption.${key} must be set`);
              }
            }
            if (stored) {
              if ((a.Transitions.Conditions ?? []).length > 0) {
                problems.push('StoreInput True does not support Conditions');
              }
              if (paramAt(a, 'InputValidation') === undefined) {
                problems.push('StoreInput True requires InputValidation');
              }
              if (errorTypes(a).includes('NoMatchingCondition')) {
                problems.push('NoMatchingCondition may only be defined when StoreInput is False');
              }
            } else {
              if (!errorTypes(a).includes('NoMatchingCondition')) {
                problems.push('missing error branch NoMatchingCondition (required when StoreInput is False)');
              }
              for (const operand of conditionOperands(a)) {
                if (!/^[0-9*#]$/.test(operand)) {
                  problems.push(`condition operand "${operand}" must be one DTMF character (0-9, *, #)`);
                }
              }
            }
            return problems;
          },
        },
        {
          // Flow attributes live only in the running flow: unlike contact attributes they are not
          // written to the contact record, so the encrypted card number is kept in one.
          type: 'UpdateFlowAttributes',
          category: 'flow-control',
          doc: `${API}flow-control-actions-updateflowattributes.html`,
          required: ['FlowAttributes'],
          errors: [],
          requiredErrors: [],
          conditions: false,
          ends: 'continues',
          validate: (a) => {
            const attrs = paramAt(a, 'FlowAttributes');
            if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) {
              return ['FlowAttributes must be an object of { Value } entries'];
            }
            return Object.entries(attrs)
              .filter(([, v]) => typeof (v as { Value?: unknown } | null)?.Value !== 'string')
              .map(([k]) => `flow attribute ${k} needs a string Value`);
          },
        },
        {
          type: 'InvokeLambdaFunction',
          category: 'interaction',
          doc: `${API}interactions-invokelambdafunction.html`,
          required: ['LambdaFunctionARN', 'InvocationTimeLimitSeconds'],
          errors: ['NoMatchingError'],
          requiredErrors: ['NoMatchingError'],
          conditions: false,
          ends: 'continues',
          validate: (a) => {
            const seconds = Number(paramAt(a, 'InvocationTimeLimitSeconds'));
            return Number.isInteger(seconds) && seconds >= 1 && seconds <= 8
              ? []
              : ['InvocationTimeLimitSeconds must be a whole number from 1 to 8'];
          },
        },
        {
          type: 'Compare',
          category: 'flow-control',
          doc: `${API}flow-control-actions-compare.html`,
          required: ['ComparisonValue'],
          errors: ['NoMatchingCondition'],
          requiredErrors: ['NoMatchingCondition'],
          conditions: true,
          ends: 'continues',
          validate: (a) =>
            /^\$\.[A-Za-z0-9_.[\]]+$/.test(String(paramAt(a, 'ComparisonValue')))
              ? []
              : ['ComparisonValue must be a single JSONPath such as $.External.consent'],
        },
        {
          type: 'UpdateContactRecordingBehavior',
          category: 'contact',
          doc: `${API}contact-actions-updatecontactrecordingbehavior.html`,
          required: ['RecordingBehavior'],
          errors: ['NoMatchingError'],
          requiredErrors: [],
          conditions: false,
          ends: 'continues',
          validate: (a) => {
            const problems: string[] = [];
            const participants = paramAt(a, 'RecordingBehavior.RecordedParticipants');
            if (!Array.isArray(participants) || participants.some((p) => p !== 'Agent' && p !== 'Customer')) {
              problems.push('RecordingBehavior.RecordedParticipants must be a list of Agent and/or Customer');
            }
            const ivr = paramAt(a, 'RecordingBehavior.IVRRecordingBehavior');
            if (ivr !== undefined && ivr !== 'Enabled' && ivr !== 'Disabled') {
              problems.push('RecordingBehavior.IVRRecordingBehavior must be Enabled or Disabled');
            }
            const analytics = paramAt(a, 'AnalyticsBehavior');
            if (analytics !== undefined) {
              const enabled = paramAt(a, 'AnalyticsBehavior.Enabled');
              if (enabled !== 'True' && enabled !== 'False') {
                problems.push('AnalyticsBehavior.Enabled must be "True" or "False" (static)');
              }
            }
            return problems;
          },
        },
        {
          type: 'UpdateContactMediaStreamingBehavior',
          category: 'contact',
          doc: `${API}contact-actions-updatecontactmediastreamingbehavior.html`,
          required: ['MediaStreamingState', 'Participants', 'MediaStreamType'],
          errors: ['NoMatchingError'],
          requiredErrors: ['NoMatchingError'],
          conditions: false,
          ends: 'continues',
        },
        {
          type: 'ConnectParticipantWithLexBot',
          category: 'participant',
          doc: `${API}participant-actions-connectparticipantwithlexbot.html`,
          required: [],
          exactlyOneOf: [['LexV2Bot.AliasArn', 'LexBot.Name']],
          errors: ['NoMatchingError', 'NoMatchingCondition', 'InputTimeLimitExceeded'],
          // house rule: a bot that ends unexpectedly, times out or fails still gets an apology.
          requiredErrors: ['NoMatchingError', 'NoMatchingCondition', 'InputTimeLimitExceeded'],
          conditions: true,
          ends: 'continues',
        },
        {
          // Loop counts arrivals per Identifier: ContinueLooping LoopCount times, then DoneLooping
          // once (and the counter resets). The checker requires every cycle of a flow to pass
          // through a ContinueLooping branch, which is what bounds it.
          type: 'Loop',
          category: 'flow-control',
          doc: `${API}flow-control-actions-loop.html`,
          required: ['LoopCount'],
          errors: [],
          requiredErrors: [],
          conditions: true,
          ends: 'continues',
          validate: (a) => {
            const problems: string[] = [];
            const count = String(paramAt(a, 'LoopCount'));
            const n = Number(count);
            if (!/^\$\./.test(count) && !(/^\d+$/.test(count) && n >= 0 && n <= 100)) {
              problems.push('LoopCount must be a whole number from 0 to 100 or one JSONPath');
            }
            const operands = conditionOperands(a).sort();
            if (operands.length !== 2 || operands[0] !== 'ContinueLooping' || operands[1] !== 'DoneLooping') {
              problems.push('needs exactly one condition Equals ContinueLooping and one Equals DoneLooping');
            }
            if (a.Transitions.NextAction !== undefined || (a.Transitions.Errors ?? []).length > 0) {
              problems.push(
                'takes no NextAction and no error branches: it always matches one of its conditions',
              );
            }
            return problems;
          },
        },
        {
          type: 'CheckHoursOfOperation',
          category: 'flow-control',
          doc: `${API}flow-control-actions-checkhoursofoperation.html`,
          required: [],
          errors: ['NoMatchingError'],
          requiredErrors: ['NoMatchingError'],
          conditions: true,
          ends: 'continues',
          validate: (a) => {
            const operands = conditionOperands(a).sort();
            return operands.length === 2 && operands[0] === 'False' && operands[1] === 'True'
              ? []
              : ['needs exactly one condition Equals True and one Equals False'];
          },
        },
        {
          type: 'UpdateContactTargetQueue',
          category: 'contact',
          doc: `${API}contact-actions-updatecontacttargetqueue.html`,
          required: [],
          exactlyOneOf: [['QueueId', 'AgentId']],
          errors: ['NoMatchingError'],
          requiredErrors: ['NoMatchingError'],
          conditions: false,
          ends: 'continues',
        },
        {
          type: 'TransferContactToQueue',
          category: 'contact',
          doc: `${API}contact-actions-transfercontacttoqueue.html`,
          required: [],
          errors: ['QueueAtCapacity', 'NoMatchingError'],
          requiredErrors: ['QueueAtCapacity', 'NoMatchingError'],
          conditions: false,
          ends: 'terminal-on-success',
        },
        {
          // Sets the number CreateCallbackContact dials; it defaults to the caller ID.
          type: 'UpdateContactCallbackNumber',
          category: 'contact',
          doc: `${API}contact-actions-updatecontactcallbacknumber.html`,
          required: ['CallbackNumber'],
          errors: ['InvalidCallbackNumber', 'CallbackNumberNotDialable'],
          // house rule: both documented errors lead somewhere the caller hears why.
          requiredErrors: ['InvalidCallbackNumber', 'CallbackNumberNotDialable'],
          conditions: false,
          ends: 'continues',
          validate: (a) =>
            isSingleJsonPath(paramAt(a, 'CallbackNumber'))
              ? []
              : [
                  'CallbackNumber must be one JSONPath such as $.CustomerEndpoint.Address (it cannot be static)',
                ],
        },
        {
          // A new contact that waits in a queue; when an agent takes it, Connect dials the
          // contact's callback number. The running contact goes on (no results, no conditions).
          type: 'CreateCallbackContact',
          category: 'interaction',
          doc: `${API}interactions-createcallbackcontact.html`,
          required: ['InitialCallDelaySeconds', 'MaximumConnectionAttempts', 'RetryDelaySeconds'],
          errors: ['NoMatchingError'],
          requiredErrors: ['NoMatchingError'],
          conditions: false,
          ends: 'continues',
          validate: (a) => {
            const problems: string[] = [];
            const queue = paramAt(a, 'QueueId');
            const agent = paramAt(a, 'AgentId');
            if (queue !== undefined && agent !== undefined)
              problems.push('QueueId and AgentId exclude each other');
            for (const [name, value] of [
              ['QueueId', queue],
              ['AgentId', agent],
            ] as const) {
              if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
                problems.push(`${name} must be a queue or agent id or ARN, or one JSONPath`);
              } else if (typeof value === 'string' && /\$[.[]/.test(value) && !isSingleJsonPath(value)) {
                problems.push(`${name} must be fully static or one JSONPath`);
              }
            }
            const whole = (name: string, max?: number) => {
              const raw = String(paramAt(a, name));
              const n = Number(raw);
              if (!/^\d+$/.test(raw) || n < 1 || (max !== undefined && n > max)) {
                const range = max === undefined ? 'above 0' : `from 1 to ${max.toLocaleString('en-US')}`;
                problems.push(`${name} must be a static whole number ${range}`);
              }
            };
            whole('InitialCallDelaySeconds', CALLBACK_MAX_DELAY_SECONDS);
            whole('MaximumConnectionAttempts');
            whole('RetryDelaySeconds', CALLBACK_MAX_DELAY_SECONDS);
            return problems;
          },
        },
        {
          type: 'DisconnectParticipant',
          category: 'participant',
          doc: `${API}participant-actions-disconnectparticipant.html`,
          required: [],
          errors: [],
          requiredErrors: [],
          conditions: false,
          ends: 'terminal',
        },
      ] satisfies ActionSpec[]
    ).map((spec) => [spec.type, Object.freeze(spec)]),
  ),
);

/** Whether the type is in {@link ACTION_SPECS}. */
export function isKnownAction(type: string): boolean {
  return Object.hasOwn(ACTION_SPECS, type);
}

/**
 * Whether the action turns on Contact Lens analytics (`AnalyticsBehavior`): speech analytics
 * transcribes the caller, so it is capture even when no recording file is kept. Anything but an
 * explicit `Enabled: "False"` counts, so a typo can never pass as "off".
 */
export function enablesAnalytics(action: FlowAction): boolean {
  if (action.Type !== 'UpdateContactRecordingBehavior') return false;
  const analytics = paramAt(action, 'AnalyticsBehavior');
  if (analytics === undefined || analytics === null) return false;
  const enabled = paramAt(action, 'AnalyticsBehavior.Enabled');
  return !(enabled === 'False' || enabled === false);
}

/**
 * Whether running the action starts capturing the caller's audio: call recording of any
 * participant, IVR recording, Contact Lens analytics ({@link enablesAnalytics}), or live media
 * streaming (which is capture by another name).
 */
export function enablesRecording(action: FlowAction): boolean {
  if (action.Type === 'UpdateContactRecordingBehavior') {
    const participants = paramAt(action, 'RecordingBehavior.RecordedParticipants');
    const ivr = paramAt(action, 'RecordingBehavior.IVRRecordingBehavior');
    return (
      ivr === 'Enabled' ||
      (Array.isArray(participants) && participants.length > 0) ||
      enablesAnalytics(action)
    );
  }
  if (action.Type === 'UpdateContactMediaStreamingBehavior') {
    return paramAt(action, 'MediaStreamingState') === 'Enabled';
  }
  return false;
}

/**
 * Whether the action explicitly switches all capture off: `IVRRecordingBehavior: Disabled`, no
 * recorded participant and no analytics. This is what a caller who did not consent must get
 * (DESIGN step 4: "every other branch sets it Disabled explicitly").
 */
export function disablesRecording(action: FlowAction): boolean {
  if (action.Type !== 'UpdateContactRecordingBehavior' || enablesRecording(action)) return false;
  const participants = paramAt(action, 'RecordingBehavior.RecordedParticipants');
  return (
    paramAt(action, 'RecordingBehavior.IVRRecordingBehavior') === 'Disabled' &&
    Array.isArray(participants) &&
    participants.length === 0
  );
}

/** Characters Connect forbids in an action Identifier (flow-language-actions.html). */
export const IDENTIFIER_FORBIDDEN = /[%:()\\/=$,;[\]{}]/;
/** Strings Connect forbids as an action Identifier. */
export const IDENTIFIER_RESERVED: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  'toString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'valueOf',
]);
/** Longest Identifier Connect accepts. */
export const IDENTIFIER_MAX_LENGTH = 50;
