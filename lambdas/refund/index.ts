import { ConnectClient } from '@aws-sdk/client-connect';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConnectTasks } from '../aws/connect-tasks';
import { DynamoOrderStore } from '../aws/dynamo-order-store';
import { paymentGateway } from '../aws/payment-gateways';
import { paymentGatewaySettings } from '../contracts/env/payment';
import { REFUND_ENV } from '../contracts/env/refund';
import { tracer } from '../edge/tracer';
import { createHandler } from './handler';

const env = REFUND_ENV.parse(process.env);
const retrying = { maxAttempts: 6, retryMode: 'adaptive' } as const;

/** The Lambda entry point of the refund function. */
export const handler = createHandler({
  orders: new DynamoOrderStore(
    DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient(retrying))),
    { orders: env.ordersTable, catalog: env.catalogTable, idempotency: env.idempotencyTable },
  ),
  gateway: paymentGateway(paymentGatewaySettings(env, REFUND_ENV.functionName)),
  overdueAfterHours: env.overdueAfterHours,
  tasks: new ConnectTasks(
    tracer.captureAWSv3Client(new ConnectClient(retrying)),
    env.instanceId,
    env.taskFlowId,
  ),
});
