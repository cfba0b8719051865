import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeOrderEvents } from '../aws/eventbridge-order-events';
import { ORDER_EVENTS_ENV } from '../contracts/env/order-events';
import { tracer } from '../edge/tracer';
import { createHandler } from './handler';

const env = ORDER_EVENTS_ENV.parse(process.env);

/** The Lambda entry point of the order-events function. */
export const handler = createHandler({
  publisher: new EventBridgeOrderEvents(
    tracer.captureAWSv3Client(new EventBridgeClient({ maxAttempts: 6, retryMode: 'adaptive' })),
    env.busName,
  ),
});
