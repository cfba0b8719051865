/**
 * Suspending and resuming the recording of a live contact. While card digits or an ID number are
 * collected, the recording must not capture them (COMPLIANCE C11): the flow (through the
 * recording-control Lambda) or a Lex code hook suspends before the sensitive input and resumes
 * after. Connect fills the suspended span with silence.
 */

/** The contact whose recording is controlled. */
export interface ContactRef {
  /** Instance ID (the last part of the instance ARN). */
  readonly instanceId: string;
  readonly contactId: string;
  /** The first contact of the interaction; equals `contactId` for a call that was not transferred. */
  readonly initialContactId: string;
}

/** Which recording to act on; omitted means "whatever the flow enabled" (IVR, agent, screen). */
export type RecordingKind = 'IVR' | 'AGENT' | 'SCREEN';

/** The recording-control port. Every method rejects when Connect refuses or cannot be reached. */
export interface RecordingControl {
  suspend(contact: ContactRef, kind?: RecordingKind): Promise<void>;
  resume(contact: ContactRef, kind?: RecordingKind): Promise<void>;
  /**
   * Stops the recording for good (StopContactRecording: "a one-time action", the recording cannot
   * be started again for the contact), used when the caller withdraws consent.
   */
  stop(contact: ContactRef, kind?: RecordingKind): Promise<void>;
}

/** An action on a live recording. */
export type RecordingAction = 'suspend' | 'resume' | 'stop';

/**
 * Connect errors that refuse the request for this contact rather than fail to process it. The API
 * reference lists InvalidRequestException (400, "the request is not valid") and
 * ResourceNotFoundException (404) for SuspendContactRecording, ResumeContactRecording and
 * StopContactRecording, and documents them only for "a contact being recorded"; it does not say
 * which of the two a contact that is not being recorded gets, so both count as "refused". Neither proves that
 * nothing is being recorded: callers report ResourceNotFoundException from a suspend on a call
 * that WAS being recorded (after a transfer, amazon-connect/amazon-connect-streams#294).
 */
export const REFUSAL_ERRORS: ReadonlySet<string> = new Set([
  'InvalidRequestException',
  'ResourceNotFoundException',
]);

/** The recording could not be suspended or resumed; the message names the action and the error class. */
export class RecordingControlError extends Error {
  override name = 'RecordingControlError';
  /**
   * True when Connect refused the request for this contact (see {@link REFUSAL_ERRORS}), which is
   * what it answers when there is no recording to act on; false for throttling, 5xx and network
   * failures, where the recording state is simply unknown.
   */
  readonly refused: boolean;
  constructor(
    readonly action: RecordingAction,
    readonly errorName: string,
    options?: { cause?: unknown },
  ) {
    super(`recording ${action} failed (${errorName})`, options);
    this.refused = REFUSAL_ERRORS.has(errorName);
  }
}

/** Instance ARNs look like `arn:aws:connect:<region>:<account>:instance/<instance-id>`. */
const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/([A-Za-z0-9-]{1,100})$/;

/**
 * The instance ID inside a Connect instance ARN.
 *
 * @returns the ID, or undefined when the text is not an instance ARN
 */
export function instanceIdFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  return INSTANCE_ARN.exec(arn)?.[1];
}
