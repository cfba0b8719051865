import {
  ConflictException,
  type PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  type SendResult,
  type TextMessage,
  TextSendError,
  type TextSender,
} from '../core/texts/product-link';

/**
 * Text messages through AWS End User Messaging SMS (SendTextMessage, API namespace
 * `pinpoint-sms-voice-v2`), from the one origination identity the operator registered (a phone
 * number or pool ARN, config `textOriginationArn`), as TRANSACTIONAL messages. STOP replies are
 * kept by the service on the identity's opt-out list; a number on it is refused with
 * ConflictException `DESTINATION_PHONE_NUMBER_OPTED_OUT`, which the caller is told.
 */
export class EndUserMessagingSender implements TextSender {
  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly originationIdentity: string,
  ) {}

  async send(message: TextMessage): Promise<SendResult> {
    try {
      const out = await this.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: message.to,
          OriginationIdentity: this.originationIdentity,
          MessageBody: message.body,
          MessageType: 'TRANSACTIONAL',
          Context: { ...message.context },
        }),
      );
      if (!out.MessageId) throw new TextSendError('UNKNOWN', 'SendTextMessage answered without a MessageId');
      return { status: 'SENT', messageId: out.MessageId };
    } catch (error) {
      if (error instanceof TextSendError) throw error;
      if (error instanceof ConflictException && error.Reason === 'DESTINATION_PHONE_NUMBER_OPTED_OUT') {
        return { status: 'OPTED_OUT' };
      }
      // Refusals of the request itself: nothing went out. Anything else (a timeout, a 5xx) may have.
      const refused =
        error instanceof ConflictException ||
        error instanceof ValidationException ||
        error instanceof ThrottlingException ||
        error instanceof ServiceQuotaExceededException ||
        (error as { name?: unknown }).name === 'AccessDeniedException' ||
        (error as { name?: unknown }).name === 'ResourceNotFoundException';
      throw new TextSendError(
        refused ? 'NO' : 'UNKNOWN',
        `SendTextMessage failed: ${(error as Error).name}`,
        {
          cause: error,
        },
      );
    }
  }
}
