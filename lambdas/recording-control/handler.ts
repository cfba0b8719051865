import * as z from 'zod/mini';
import { allowsRecording, CONSENT_DECISIONS, type ConsentDecision } from '../core/consent/decision';
import {
  type ContactRef,
  instanceIdFromArn,
  type RecordingControl,
  RecordingControlError,
} from '../core/recording/control';
import { parseConnectEvent } from '../edge/connect-event';
import { callerFacing } from '../edge/middleware';
import { countMetric, logger } from '../edge/powertools';

/**
 * The recording-control Lambda: the flow calls it with `action` = "suspend" before it collects
 * card digits (or an ID number) and "resume" afterwards, and "stop" when the caller withdraws
 * consent (StopContactRecording: the recording cannot be restarted for the contact). It acts on
 * the current contact and answers `{ ok: "true" | "false" }`; it never throws, so the flow always
 * has a branch to take.
 *
 * After a withdrawal the consent attribute is WITHDRAWN: the recording was stopped and disabled,
 * so a suspend or resume is answered `ok: "true"` without calling Connect. Above all a resume must
 * never reach Connect then, whatever Connect would make of it.
 *
 * The flow must treat `ok: "false"` on suspend as "do not collect sensitive input" (the recording
 * may still be running). A failed resume only loses recording; it is made visible by the
 * `RecordingResumeFailure` metric (alarm) and an error log that carries no caller data.
 *
 * A caller who did not consent is never recorded (the flow enables recording only on GRANTED), yet
 * goes through the same payment segment. When Connect refuses the suspend or resume of such a
 * contact (InvalidRequestException / ResourceNotFoundException: there is nothing to act on), the
 * answer is `ok: "true"` with the `RecordingControlNotRecorded` metric, so declined callers can
 * still pay (COMPLIANCE C2). The consent attribute decides, not the error alone: Connect also
 * answers ResourceNotFoundException for contacts that ARE recorded (e.g. after a transfer), and
 * there a refused suspend must stay `ok: "false"` so no card digit reaches a recording (C11).
 */

/** Dependencies of the recording-control handler. */
export interface RecordingControlDeps {
  readonly recording: RecordingControl;
  /** Instance ID to use when the event carries no instance ARN. */
  readonly instanceId?: string;
}

/** What the flow receives. */
export type RecordingControlResult = { readonly ok: 'true' | 'false' };

/** Flow input parameters. */
export const RECORDING_PARAMETERS = {
  /** "suspend", "resume" or "stop". */
  action: 'action',
  /** Optional: IVR, AGENT or SCREEN; omitted acts on whatever recording the flow enabled. */
  recordingType: 'recordingType',
} as const;

/**
 * Contact attribute carrying the consent decision; the flow sets it from the consent Lambda's
 * answer before it decides whether to enable recording.
 */
export const CONSENT_ATTRIBUTE = 'consent';

/** Metric names the handler emits. */
export const RECORDING_METRICS = {
  suspended: 'RecordingSuspended',
  resumed: 'RecordingResumed',
  suspendFailure: 'RecordingSuspendFailure',
  stopped: 'RecordingStopped',
  /** Alarm on this one: a withdrawn caller's recording may still run (the flow disabled it too). */
  stopFailure: 'RecordingStopFailure',
  /** Alarm on this one: the rest of the call is not recorded although the caller consented. */
  resumeFailure: 'RecordingResumeFailure',
  invalidRequest: 'RecordingControlInvalidRequest',
  /** Connect refused a suspend/resume for a contact that never consented, so was never recorded. */
  notRecorded: 'RecordingControlNotRecorded',
} as const;

/**
 * True when the flow can never have enabled recording for this contact: its consent attribute is
 * anything but GRANTED (declined, no input, invalid, or absent because the decision could not be
 * stored - every one of those paths sets recording Disabled).
 */
function neverRecorded(attributes: Readonly<Record<string, string>> | undefined): boolean {
  const value = attributes?.[CONSENT_ATTRIBUTE];
  const decision = (CONSENT_DECISIONS as readonly string[]).includes(value ?? '')
    ? (value as ConsentDecision)
    : undefined;
  return !decision || !allowsRecording(decision);
}

/** The consent attribute after a withdrawal (the consent Lambda's answer the flow stores). */
const WITHDRAWN = 'WITHDRAWN';

const parametersSchema = z.looseObject({
  action: z.enum(['suspend', 'resume', 'stop']),
  recordingType: z.optional(z.enum(['IVR', 'AGENT', 'SCREEN'])),
});

const OK: RecordingControlResult = Object.freeze({ ok: 'true' });
const NOT_OK: RecordingControlResult = Object.freeze({ ok: 'false' });

/**
 * Builds the recording-control handler over its port.
 *
 * @param deps the recording port (Connect adapter in Lambda, a fake in the simulator)
 */
export function createHandler(deps: RecordingControlDeps) {
  const handle = async (event: unknown): Promise<RecordingControlResult> => {
    const parsed = parseConnectEvent(event);
    if (!parsed.success) {
      logger.warn('malformed Connect event; recording unchanged', { issues: parsed.issues });
      countMetric(RECORDING_METRICS.invalidRequest);
      return NOT_OK;
    }
    const contact = parsed.event.Details.ContactData;
    const parameters = parametersSchema.safeParse(parsed.event.Details.Parameters);
    const instanceId = instanceIdFromArn(contact.InstanceARN) ?? deps.instanceId;
    if (!parameters.success || !instanceId) {
      logger.warn('invalid recording-control request; recording unchanged', {
        contactId: contact.ContactId,
        issues: parameters.success ? ['instance'] : parameters.error.issues.map((i) => i.path.join('.')),
      });
      countMetric(RECORDING_METRICS.invalidRequest);
      return NOT_OK;
    }
    const { action, recordingType } = parameters.data;
    const ref: ContactRef = {
      instanceId,
      contactId: contact.ContactId,
      initialContactId: contact.InitialContactId || contact.ContactId,
    };

    if (action !== 'stop' && contact.Attributes?.[CONSENT_ATTRIBUTE] === WITHDRAWN) {
      countMetric(RECORDING_METRICS.notRecorded);
      logger.info(`recording ${action}: consent withdrawn, the recording is stopped; nothing to do`, {
        contactId: ref.contactId,
        action,
      });
      return OK;
    }
    try {
      if (action === 'suspend') await deps.recording.suspend(ref, recordingType);
      else if (action === 'resume') await deps.recording.resume(ref, recordingType);
      else await deps.recording.stop(ref, recordingType);
    } catch (error) {
      const errorName = error instanceof RecordingControlError ? error.errorName : (error as Error)?.name;
      if (error instanceof RecordingControlError && error.refused && neverRecorded(contact.Attributes)) {
        // Nothing to suspend or resume: the caller declined, so this contact is not recorded.
        countMetric(RECORDING_METRICS.notRecorded);
        logger.info(`recording ${action}: contact not recorded, nothing to do`, {
          contactId: ref.contactId,
          action,
          errorName,
        });
        return OK;
      }
      countMetric(
        action === 'suspend'
          ? RECORDING_METRICS.suspendFailure
          : action === 'resume'
            ? RECORDING_METRICS.resumeFailure
            : RECORDING_METRICS.stopFailure,
      );
      // Contact id and error class only: no caller number, no attributes, no raw SDK payload.
      logger.error(`recording ${action} failed`, { contactId: ref.contactId, action, errorName });
      return NOT_OK;
    }
    const done = { suspend: 'suspended', resume: 'resumed', stop: 'stopped' } as const;
    countMetric(RECORDING_METRICS[done[action]]);
    logger.info(`recording ${done[action]}`, { contactId: ref.contactId });
    return OK;
  };

  return callerFacing(handle);
}
