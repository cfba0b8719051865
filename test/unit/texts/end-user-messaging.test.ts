import {
  ConflictException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EndUserMessagingSender } from '../../../lambdas/aws/end-user-messaging';
import { productLinkBody, TextSendError } from '../../../lambdas/core/texts/product-link';

/**
 * The End User Messaging adapter: the request it makes (SendTextMessage from the one configured
 * identity, TRANSACTIONAL, contact and SKU as Context) and how it reads the service's answers
 * (opted out, refused, or unknown), the facts the caller is told.
 */

const ORIGIN = 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef';
const MESSAGE = {
  to: '+15550123',
  body: productLinkBody('en-US', 'Example Shop', 'Smart plug', 'https://shop.example.com/products/pl-100'),
  context: { contactId: 'c-1', sku: 'PL-100' },
};
const meta = { $metadata: {} };

describe('EndUserMessagingSender', () => {
  const mock = mockClient(PinpointSMSVoiceV2Client);
  const sender = new EndUserMessagingSender(new PinpointSMSVoiceV2Client({ region: 'us-east-1' }), ORIGIN);
  beforeEach(() => mock.reset());

  it('sends one transactional text from the configured identity, with the contact and SKU as context', async () => {
    mock.on(SendTextMessageCommand).resolves({ MessageId: 'msg-1' });
    await expect(sender.send(MESSAGE)).resolves.toEqual({ status: 'SENT', messageId: 'msg-1' });
    expect(mock.commandCalls(SendTextMessageCommand)).toHaveLength(1);
    expect(mock.commandCalls(SendTextMessageCommand)[0]?.args[0].input).toEqual({
      DestinationPhoneNumber: '+15550123',
      OriginationIdentity: ORIGIN,
      MessageBody:
        'Example Shop: the Smart plug you asked about on your call: https://shop.example.com/products/pl-100 Reply STOP to opt out.',
      MessageType: 'TRANSACTIONAL',
      Context: { contactId: 'c-1', sku: 'PL-100' },
    });
  });

  it('reads DESTINATION_PHONE_NUMBER_OPTED_OUT as a number that replied STOP', async () => {
    mock.on(SendTextMessageCommand).rejects(
      new ConflictException({
        ...meta,
        message: 'opted out',
        Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
        ResourceType: undefined,
        ResourceId: undefined,
      }),
    );
    await expect(sender.send(MESSAGE)).resolves.toEqual({ status: 'OPTED_OUT' });
  });

  it.each([
    [
      'a validation error',
      new ValidationException({ ...meta, message: 'bad number', Reason: undefined, Fields: undefined }),
    ],
    ['throttling', new ThrottlingException({ ...meta, message: 'slow down' })],
    [
      'another conflict',
      new ConflictException({
        ...meta,
        message: 'x',
        Reason: 'MESSAGE_TYPE_MISMATCH',
        ResourceType: undefined,
        ResourceId: undefined,
      }),
    ],
  ])('%s is a refusal: nothing was sent', async (_label, error) => {
    mock.on(SendTextMessageCommand).rejects(error);
    const failure = await sender.send(MESSAGE).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TextSendError);
    expect((failure as TextSendError).sent).toBe('NO');
  });

  it.each([
    ['a timeout', Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })],
    ['a 500', Object.assign(new Error('internal'), { name: 'InternalServerException' })],
  ])('%s leaves open whether it was sent', async (_label, error) => {
    mock.on(SendTextMessageCommand).rejects(error);
    const failure = await sender.send(MESSAGE).catch((e: unknown) => e);
    expect((failure as TextSendError).sent).toBe('UNKNOWN');
  });

  it('an answer without a message id is not taken as sent', async () => {
    mock.on(SendTextMessageCommand).resolves({});
    const failure = await sender.send(MESSAGE).catch((e: unknown) => e);
    expect((failure as TextSendError).sent).toBe('UNKNOWN');
  });
});

describe('productLinkBody', () => {
  it('names the sender first, then the product, the link and the opt-out word, nothing about the caller', () => {
    const link = 'https://shop.example.com/products/hs-200';
    expect(productLinkBody('zh-CN', 'Example Shop', '静享降噪耳机', link)).toBe(
      `【Example Shop】您在来电中要的静享降噪耳机链接：${link} 回复STOP退订`,
    );
    expect(productLinkBody('en-US', 'Example Shop', 'Quiet Max headset', link)).toBe(
      `Example Shop: the Quiet Max headset you asked about on your call: ${link} Reply STOP to opt out.`,
    );
  });
});
