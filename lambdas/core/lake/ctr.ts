import * as z from 'zod/mini';
import { CALLBACK_ATTRIBUTES, CALLBACK_STATES, CALLER_ID_STATES } from '../../contracts/callback';
import { type CtrRecord, ctrRecordSchema, partitionDate } from '../../contracts/lake';
import { SURVEY_ATTRIBUTES, SURVEY_RESOLVED_KEYS, SURVEY_SCORES } from '../../contracts/survey';
import { callerHmac, plausibleCallerNumber } from '../caller-id';
import { redact } from '../pii';

/**
 * Contact trace records from Connect's Kinesis stream, reduced to the lake's CTR row (COMPLIANCE
 * C10). The mapping is a whitelist: only the fields of lambdas/contracts/lake.ts survive, the customer's
 * number (`CustomerEndpoint.Address`) becomes `Attributes.callerHmac`, and a custom attribute
 * whose value holds anything our redactor recognises, or seven digits or more, (a number copied
 * into an attribute by a flow, say) is dropped rather than copied.
 */

const endpoint = z.nullish(z.looseObject({ Type: z.nullish(z.string()), Address: z.nullish(z.string()) }));

/** The parts of Connect's CTR the mapping reads (Connect sends many more; they are ignored). */
const rawCtrSchema = z.looseObject({
  AWSContactTraceRecordFormatVersion: z.optional(z.string()),
  ContactId: z.string(),
  InitialContactId: z.nullish(z.string()),
  PreviousContactId: z.nullish(z.string()),
  Channel: z.string(),
  InitiationMethod: z.string(),
  InitiationTimestamp: z.string(),
  ConnectedToSystemTimestamp: z.nullish(z.string()),
  DisconnectTimestamp: z.string(),
  LastUpdateTimestamp: z.optional(z.string()),
  DisconnectReason: z.nullish(z.string()),
  InstanceARN: z.string(),
  CustomerEndpoint: endpoint,
  SystemEndpoint: endpoint,
  Attributes: z.nullish(z.record(z.string(), z.unknown())),
  Queue: z.nullish(
    z.looseObject({
      ARN: z.string(),
      Name: z.nullish(z.string()),
      EnqueueTimestamp: z.string(),
      DequeueTimestamp: z.nullish(z.string()),
      Duration: z.nullish(z.number()),
    }),
  ),
  Agent: z.nullish(z.looseObject({ ARN: z.string(), ConnectedToAgentTimestamp: z.nullish(z.string()) })),
  Recording: z.nullish(
    z.looseObject({
      Location: z.string(),
      Status: z.nullish(z.string()),
      Type: z.nullish(z.string()),
      DeletionReason: z.nullish(z.string()),
    }),
  ),
});

/** A CTR that cannot become a lake row. */
export class CtrMappingError extends Error {
  override name = 'CtrMappingError';
}

/** Custom attributes copied as they are: set by our own flow and known to hold no personal data. */
const KNOWN_ATTRIBUTES = new Set([
  'consent',
  'locale',
  'noticeVersion',
  'intents',
  'callerHmac',
  'consentDigit',
  'handoverReason',
]);

/**
 * The post-call survey's and the callback's attributes, copied only with a value the flow can
 * set: anything else (a mutated flow, a hand-edited contact) is dropped, so the csat and callback
 * queries never count noise.
 */
const CLOSED_VALUES: Readonly<Record<string, readonly string[]>> = {
  [SURVEY_ATTRIBUTES.score]: SURVEY_SCORES,
  [SURVEY_ATTRIBUTES.resolved]: Object.values(SURVEY_RESOLVED_KEYS),
  [SURVEY_ATTRIBUTES.caseOpened]: ['true', 'false'],
  // The out-of-hours callback: the same rule, so the lake counts only states the flow can set.
  [CALLBACK_ATTRIBUTES.callerId]: CALLER_ID_STATES,
  [CALLBACK_ATTRIBUTES.callback]: CALLBACK_STATES,
};

/** Seven or more digits, however separated: possibly a phone, card or ID number. */
function hasLongNumber(value: string): boolean {
  return (value.match(/\d/g)?.length ?? 0) >= 7 && /\d[\d\s().+-]{5,}\d/.test(value);
}

function safeAttributes(raw: Readonly<Record<string, unknown>> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (typeof value !== 'string') continue;
    const allowed = CLOSED_VALUES[key];
    if (allowed !== undefined) {
      if (allowed.includes(value)) out[key] = value;
      continue;
    }
    if (KNOWN_ATTRIBUTES.has(key) || (!hasLongNumber(value) && redact(value).findings.length === 0))
      out[key] = value;
  }
  return out;
}

/**
 * Maps one raw CTR to the lake row.
 *
 * @param hmacKey the caller-HMAC key (the same secret the consent Lambda uses)
 * @throws CtrMappingError naming the failing field paths (never their values)
 */
export function toLakeCtr(raw: unknown, hmacKey: Buffer): CtrRecord {
  const parsed = rawCtrSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CtrMappingError(
      `not a contact record: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  const c = parsed.data;
  const attributes = safeAttributes(c.Attributes);
  // Same rule as the consent Lambda: a withheld or placeholder number gets no HMAC, so anonymous
  // callers never share one identity in the lake.
  const number = plausibleCallerNumber(c.CustomerEndpoint?.Address, c.CustomerEndpoint?.Type);
  if (number) attributes.callerHmac = callerHmac(number, hmacKey);
  else delete attributes.callerHmac;
  const recording = c.Recording;
  const row = {
    AWSContactTraceRecordFormatVersion: c.AWSContactTraceRecordFormatVersion ?? '2017-03-10',
    ContactId: c.ContactId,
    InitialContactId: c.InitialContactId ?? null,
    PreviousContactId: c.PreviousContactId ?? null,
    Channel: c.Channel,
    InitiationMethod: c.InitiationMethod,
    InitiationTimestamp: c.InitiationTimestamp,
    ConnectedToSystemTimestamp: c.ConnectedToSystemTimestamp ?? null,
    DisconnectTimestamp: c.DisconnectTimestamp,
    LastUpdateTimestamp: c.LastUpdateTimestamp ?? c.DisconnectTimestamp,
    DisconnectReason: c.DisconnectReason ?? 'UNKNOWN',
    InstanceARN: c.InstanceARN,
    CustomerEndpoint: c.CustomerEndpoint ? { Type: 'TELEPHONE_NUMBER' } : null,
    SystemEndpoint: c.SystemEndpoint?.Address
      ? { Type: 'TELEPHONE_NUMBER', Address: c.SystemEndpoint.Address }
      : null,
    Attributes: attributes,
    Queue: c.Queue
      ? {
          ARN: c.Queue.ARN,
          Name: c.Queue.Name ?? null,
          EnqueueTimestamp: c.Queue.EnqueueTimestamp,
          DequeueTimestamp: c.Queue.DequeueTimestamp ?? null,
          Duration: c.Queue.Duration ?? null,
        }
      : null,
    Agent: c.Agent
      ? { ARN: c.Agent.ARN, ConnectedToAgentTimestamp: c.Agent.ConnectedToAgentTimestamp ?? null }
      : null,
    Recording:
      recording && recording.Type === 'AUDIO'
        ? {
            Location: recording.Location,
            Status: recording.Status === 'DELETED' ? 'DELETED' : 'AVAILABLE',
            Type: 'AUDIO',
            DeletionReason: recording.DeletionReason ?? null,
          }
        : null,
  };
  const checked = ctrRecordSchema.safeParse(row);
  if (!checked.success) {
    throw new CtrMappingError(
      `contact record does not fit the lake layout: ${checked.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  return checked.data;
}

/** The `dt` partition of a CTR row (UTC date of its initiation). */
export function ctrPartition(row: CtrRecord): string {
  return partitionDate(row.InitiationTimestamp);
}
