import { ConnectClient } from '@aws-sdk/client-connect';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedClientConfig } from '../aws/clients';
import { ConnectCallingNumber } from '../aws/connect-calling-number';
import { ConnectTasks } from '../aws/connect-tasks';
import { DynamoOrderStore } from '../aws/dynamo-order-store';
import { DynamoTextAgreements } from '../aws/dynamo-text-agreements';
import { DynamoTurnLog } from '../aws/dynamo-turn-log';
import { EndUserMessagingSender } from '../aws/end-user-messaging';
import { FULFILLMENT_ENV } from '../contracts/env/fulfillment';
import { IO_BUDGETS, TEXT_SEND_BUDGET } from '../contracts/io-budgets';
import { ProductLinks } from '../core/texts/product-link';
import { createHandler } from './handler';

// Cold start: read the environment once and build the adapters (no network I/O at import time:
// SDK clients connect lazily, within the caller's I/O budget).
const env = FULFILLMENT_ENV.parse(process.env);

const db = DynamoDBDocumentClient.from(new DynamoDBClient(boundedClientConfig(IO_BUDGETS.fulfillment)), {
  marshallOptions: { removeUndefinedValues: true },
});

const connectClient = new ConnectClient(boundedClientConfig(IO_BUDGETS.fulfillment));
const connect = new ConnectCallingNumber(connectClient, env.instanceId);
const callingNumber = (contactId: string) => connect.numberOf(contactId);

// Product links are texted only where the operator registered an origination identity (and the
// brand texts are sent as, which the config requires with it).
const links =
  env.textOrigination && env.textSender
    ? new ProductLinks({
        agreements: new DynamoTextAgreements(db, env.textMessagesTable),
        sender: new EndUserMessagingSender(
          new PinpointSMSVoiceV2Client(boundedClientConfig(TEXT_SEND_BUDGET)),
          env.textOrigination,
        ),
        callingNumber,
        reach: env.textCountryCodes.split(','),
        senderName: env.textSender,
        retentionDays: env.turnRetentionDays,
      })
    : undefined;

/** The Lex V2 code hook. */
export const handler = createHandler({
  orders: new DynamoOrderStore(db, {
    catalog: env.catalogTable,
    orders: env.ordersTable,
    idempotency: env.idempotencyTable,
  }),
  maxOrderQuantity: env.maxOrderQuantity,
  turns: new DynamoTurnLog(db, env.turnsTable),
  turnRetentionDays: env.turnRetentionDays,
  cardPayments: env.cardPayments === 'on',
  timeZone: env.timeZone,
  callingNumber,
  tasks: new ConnectTasks(connectClient, env.instanceId, env.taskFlowId),
  ...(links ? { links } : {}),
});
