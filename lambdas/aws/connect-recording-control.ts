import {
  type ConnectClient,
  ResumeContactRecordingCommand,
  SuspendContactRecordingCommand,
} from '@aws-sdk/client-connect';
import {
  type ContactRef,
  type RecordingControl,
  RecordingControlError,
  type RecordingKind,
} from '../core/recording/control';

/** The Amazon Connect adapter of {@link RecordingControl} (`SuspendContactRecording` / `ResumeContactRecording`). */
export class ConnectRecordingControl implements RecordingControl {
  constructor(private readonly client: ConnectClient) {}

  async suspend(contact: ContactRef, kind?: RecordingKind): Promise<void> {
    try {
      await this.client.send(new SuspendContactRecordingCommand(this.input(contact, kind)));
    } catch (error) {
      throw new RecordingControlError('suspend', errorName(error), { cause: error });
    }
  }

  async resume(contact: ContactRef, kind?: RecordingKind): Promise<void> {
    try {
      await this.client.send(new ResumeContactRecordingCommand(this.input(contact, kind)));
    } catch (error) {
      throw new RecordingControlError('resume', errorName(error), { cause: error });
    }
  }

  private input(contact: ContactRef, kind?: RecordingKind) {
    return {
      InstanceId: contact.instanceId,
      ContactId: contact.contactId,
      InitialContactId: contact.initialContactId,
      ...(kind ? { ContactRecordingType: kind } : {}),
    };
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Unknown';
}
