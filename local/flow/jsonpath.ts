/**
 * Resolution of the JSONPath references Amazon Connect allows in flow parameters
 * (`$.Attributes.x`, `$.External.x`, `$.Lex.IntentName`, `$.ContactId`, ...). A parameter value is
 * a reference only when the whole string is one path; anything else is a literal.
 */

/** What a flow can reference while it runs. */
export interface FlowContext {
  readonly contactId: string;
  readonly initialContactId: string;
  readonly channel: string;
  readonly instanceArn: string;
  readonly languageCode: string | undefined;
  readonly customerAddress: string | undefined;
  readonly systemAddress: string | undefined;
  /** User-defined contact attributes (`$.Attributes`). */
  readonly attributes: Readonly<Record<string, string>>;
  /** The last Lambda result (`$.External`). */
  readonly external: Readonly<Record<string, string>>;
  /** The last bot result (`$.Lex`). */
  readonly lex: {
    readonly intentName: string | undefined;
    readonly sessionAttributes: Readonly<Record<string, string>>;
    readonly slots: Readonly<Record<string, string | undefined>>;
  };
  /** Stored DTMF input (`$.StoredCustomerInput`): the ciphertext for encrypted input. */
  readonly storedCustomerInput: string | undefined;
  /** Flow attributes (`$.FlowAttributes`). */
  readonly flowAttributes: Readonly<Record<string, string>>;
  /** Target queue ARN (`$.Queue.ARN`). */
  readonly queueArn: string | undefined;
}

/** A reference the interpreter does not know: the flow would read nothing in Connect, so fail loudly. */
export class UnknownReferenceError extends Error {
  override name = 'UnknownReferenceError';
}

const REFERENCE = /^\$\.[A-Za-z0-9_.[\]-]+$/;

/** Whether a parameter value is a JSONPath reference rather than a literal. */
export function isReference(value: string): boolean {
  return REFERENCE.test(value);
}

/**
 * Resolves one reference against the call.
 *
 * @returns the value, or undefined when the key is not set (Connect then uses an empty value)
 * @throws UnknownReferenceError for a namespace the interpreter does not model (a typo in a flow)
 */
export function resolveReference(path: string, ctx: FlowContext): string | undefined {
  const parts = path.slice(2).split('.');
  const [root, ...rest] = parts;
  const key = rest.join('.');
  switch (root) {
    case 'ContactId':
      return ctx.contactId;
    case 'InitialContactId':
      return ctx.initialContactId;
    case 'Channel':
      return ctx.channel;
    case 'InstanceARN':
      return ctx.instanceArn;
    case 'LanguageCode':
      return ctx.languageCode;
    case 'StoredCustomerInput':
      return ctx.storedCustomerInput;
    case 'CustomerEndpoint':
      if (key === 'Address') return ctx.customerAddress;
      break;
    case 'SystemEndpoint':
      if (key === 'Address') return ctx.systemAddress;
      break;
    case 'Queue':
      if (key === 'ARN') return ctx.queueArn;
      break;
    case 'Attributes':
      if (rest.length === 1) return ctx.attributes[key];
      break;
    case 'External':
      if (rest.length === 1) return ctx.external[key];
      break;
    case 'FlowAttributes':
      if (rest.length === 1) return ctx.flowAttributes[key];
      break;
    case 'Lex': {
      const [field, name] = rest;
      if (field === 'IntentName' && rest.length === 1) return ctx.lex.intentName;
      if (field === 'SessionAttributes' && name !== undefined && rest.length === 2)
        return ctx.lex.sessionAttributes[name];
      if (field === 'Slots' && name !== undefined && rest.length === 2) return ctx.lex.slots[name];
      break;
    }
    default:
      break;
  }
  throw new UnknownReferenceError(
    `the simulator does not model the flow reference ${path}; fix the flow or teach local/flow/jsonpath.ts about it`,
  );
}

/** Resolves a parameter value: a reference becomes its value ("" when unset), a literal stays. */
export function resolveValue(value: string, ctx: FlowContext): string {
  return isReference(value) ? (resolveReference(value, ctx) ?? '') : value;
}
