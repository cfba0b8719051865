import * as z from 'zod/mini';
import { TABLE_ENV } from '../tables';
import { defineEnv, nonEmpty, optional, variable, wholeNumber } from './define';
import {
  CONNECT_INSTANCE_ENV,
  TASK_FLOW_ENV,
  TEXT_COUNTRY_CODES_ENV,
  TEXT_ORIGINATION_ENV,
  TEXT_SENDER_ENV,
} from './names';

/** Environment of the Lex code hook (`lambdas/fulfillment`). */
export const FULFILLMENT_ENV = defineEnv('fulfillment', {
  catalogTable: variable(TABLE_ENV.catalog, nonEmpty()),
  ordersTable: variable(TABLE_ENV.orders, nonEmpty()),
  idempotencyTable: variable(TABLE_ENV.idempotency, nonEmpty()),
  /** The turns table: one record per code-hook turn. */
  turnsTable: variable(TABLE_ENV.turns, nonEmpty()),
  /** Days a turn record is kept (config `retentionDays`, the recordings' retention). */
  turnRetentionDays: variable('TURN_RETENTION_DAYS', wholeNumber(1, 3650)),
  /** Largest quantity of one order (config `maxOrderQuantity`). */
  maxOrderQuantity: variable('MAX_ORDER_QUANTITY', wholeNumber(1, 1000)),
  /**
   * Whether the flow takes card input (`on` once the payment key is configured): what the bot may
   * tell a caller who reads card digits aloud.
   */
  cardPayments: variable('CARD_PAYMENTS', z.enum(['on', 'off'])),
  /** IANA time zone in which the bot speaks dates (config `agentTimeZone`, the business's). */
  timeZone: variable('BUSINESS_TIME_ZONE', nonEmpty()),
  /** The Connect instance: where the number of a caller who agreed to delivery calls is read. */
  instanceId: variable(CONNECT_INSTANCE_ENV, nonEmpty()),
  /** The flow back-office tasks start in: after-sales requests become cases there. */
  taskFlowId: variable(TASK_FLOW_ENV, nonEmpty()),
  /** Agreements to a product-link text (the `textMessages` table). */
  textMessagesTable: variable(TABLE_ENV.textMessages, nonEmpty()),
  /**
   * The End User Messaging origination identity texts go out from (phone number or pool ARN,
   * config `textOriginationArn`); unset, the bot offers no links.
   */
  textOrigination: variable(TEXT_ORIGINATION_ENV, optional(nonEmpty())),
  /** The brand texts name as their sender (config `textSenderName`); set whenever textOrigination is. */
  textSender: variable(TEXT_SENDER_ENV, optional(nonEmpty())),
  /** Country calling codes texts can reach, comma-separated (config `textCountryCodes`). */
  textCountryCodes: variable(TEXT_COUNTRY_CODES_ENV, nonEmpty()),
});
