import type { CallResult, ContactInfo } from '../flow/interpreter';

/**
 * The contact record (CTR) Amazon Connect would stream for a call the interpreter ran, in
 * Connect's own shape (contact record data model: customer number in `CustomerEndpoint.Address`,
 * the contact attributes the flow set, the recording's location when there is one). The offline
 * runtime hands it to the real CTR transformation, exactly as Kinesis and Firehose would.
 */
export function connectContactRecord(
  contact: ContactInfo,
  result: CallResult,
  recordingLocation: string | undefined,
): Record<string, unknown> {
  const queued = result.transferredToQueue;
  return {
    AWSAccountId: '111122223333',
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    Agent: null,
    AgentConnectionAttempts: 0,
    Attributes: { ...result.attributes },
    Channel: 'VOICE',
    ConnectedToSystemTimestamp: result.startedAt,
    ContactId: contact.contactId,
    CustomerEndpoint: contact.customerNumber
      ? { Address: contact.customerNumber, Type: 'TELEPHONE_NUMBER' }
      : null,
    // A contact the flow transferred is disconnected later by the queue; without agents here it
    // ends when the caller gives up waiting.
    DisconnectReason: queued ? 'CUSTOMER_DISCONNECT' : result.disconnectReason,
    DisconnectTimestamp: result.endedAt,
    InitialContactId: null,
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: result.startedAt,
    InstanceARN: contact.instanceArn,
    LastUpdateTimestamp: result.endedAt,
    MediaStreams: [{ Type: 'AUDIO' }],
    NextContactId: null,
    PreviousContactId: null,
    Queue: queued
      ? { ARN: queued, Name: null, EnqueueTimestamp: result.endedAt, DequeueTimestamp: null, Duration: null }
      : null,
    Recording: recordingLocation
      ? { Location: recordingLocation, Status: 'AVAILABLE', Type: 'AUDIO', DeletionReason: null }
      : null,
    SystemEndpoint: { Address: contact.systemNumber, Type: 'TELEPHONE_NUMBER' },
    TransferCompletedTimestamp: null,
    TransferredToEndpoint: null,
  };
}
