import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedClientConfig } from '../../lambdas/aws/clients';
import { EndUserMessagingSender } from '../../lambdas/aws/end-user-messaging';
import { TEXT_SEND_BUDGET } from '../../lambdas/contracts/io-budgets';
import { TextSendError } from '../../lambdas/core/texts/product-link';

/**
 * SendTextMessage takes no idempotency token, so a retried request is a second text. Through the
 * real SDK stack (retry strategy and HTTP handler, which a client mock skips), a service that
 * answers too late or with a 500 gets exactly one request, and the caller hears "not confirmed".
 */

const ORIGIN = 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef';
const MESSAGE = { to: '+15550123', body: 'x', context: { contactId: 'c-1', sku: 'PL-100' } };

describe('the text client sends each text in one request', () => {
  let server: Server;
  const requests: IncomingMessage[] = [];
  let mode: 'silent' | 'error' = 'silent';
  let endpoint = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req);
      req.resume();
      if (mode === 'error') {
        res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'InternalServerException', message: 'boom' }));
      }
      // silent: never answers (the socket is closed by the client's request timeout)
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const sender = () =>
    new EndUserMessagingSender(
      new PinpointSMSVoiceV2Client({
        ...boundedClientConfig(TEXT_SEND_BUDGET),
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDPLACEHOLDER', secretAccessKey: 'placeholder' },
      }),
      ORIGIN,
    );

  it.each(['silent', 'error'] as const)(
    'a service that is %s gets one request, and the outcome is not confirmed',
    async (m) => {
      mode = m;
      requests.length = 0;
      const failure = await sender()
        .send(MESSAGE)
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(TextSendError);
      expect((failure as TextSendError).sent).toBe('UNKNOWN');
      expect(requests).toHaveLength(1);
    },
  );
});
