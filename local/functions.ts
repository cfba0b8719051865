import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConsentLedger } from '../lambdas/aws/dynamo-consent-ledger';
import { DynamoOrderStore } from '../lambdas/aws/dynamo-order-store';
import { DynamoPaymentStore } from '../lambdas/aws/dynamo-payment-store';
import { DynamoTextAgreements } from '../lambdas/aws/dynamo-text-agreements';
import { DynamoTurnLog } from '../lambdas/aws/dynamo-turn-log';
import { createHandler as createConsentHandler } from '../lambdas/consent/handler';
import type { NoticeCatalog } from '../lambdas/contracts/notices';
import type { TableName } from '../lambdas/contracts/tables';
import { StaticHmacKey } from '../lambdas/core/caller-id';
import type { TaskOpener } from '../lambdas/core/cases/task';
import type { CardDecryptor } from '../lambdas/core/payment/decryptor';
import type { PaymentGateway } from '../lambdas/core/payment/gateway';
import type { RecordingControl } from '../lambdas/core/recording/control';
import { ProductLinks, type TextSender } from '../lambdas/core/texts/product-link';
import { createHandler as createFulfillmentHandler } from '../lambdas/fulfillment/handler';
import { createHandler as createPaymentHandler } from '../lambdas/payment/handler';
import { createHandler as createRecordingControlHandler } from '../lambdas/recording-control/handler';
import { createHandler as createSurveyHandler } from '../lambdas/survey/handler';
import type { AppConfig } from '../lib/config';
import { renderNotices } from '../lib/flows';

/**
 * The offline wiring of the functions: what each `lambdas/<function>/index.ts` does with AWS
 * adapters, done with the same adapters over DynamoDB Local (and local stand-ins where AWS has no
 * local engine). The simulator, `npm run invoke` and the benchmarks build handlers here, so every
 * local run calls the production handlers the way Lambda would.
 */

/**
 * The fixed, synthetic caller-HMAC key of every local run. It is not a secret and must never be
 * used anywhere else: local HMACs are only comparable with other local HMACs.
 */
/** The brand the offline outbox's texts name as their sender when config textSenderName is unset. */
export const LOCAL_TEXT_SENDER = 'Example Shop';

export const LOCAL_HMAC_KEY: Buffer = Buffer.from('phone-robot-LOCAL-ONLY-synthetic-hmac-key', 'utf8');

/** What local handlers run on. */
export interface LocalResources {
  /** A client for DynamoDB Local. */
  readonly dynamo: DynamoDBClient;
  /** Physical names of the tables (from `createTables`). */
  readonly tables: Readonly<Record<TableName, string>>;
  readonly config: AppConfig;
  /** @default the system clock */
  readonly clock?: () => Date;
}

/** A document client as the functions configure theirs. */
export function localDocumentClient(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
}

/** Notice references (version + sha256) for the consent handler, from the same rendered text the flow plays. */
export function localNotices(config: AppConfig): NoticeCatalog {
  const rendered = renderNotices(config);
  return Object.fromEntries(
    config.locales.map((l) => [l, { version: rendered[l].version, sha256: rendered[l].sha256 }]),
  ) as NoticeCatalog;
}

/** The consent function over the local ledger and the local HMAC key. */
export function localConsent(r: LocalResources) {
  return createConsentHandler({
    ledger: new DynamoConsentLedger(r.dynamo, r.tables.consentLedger),
    hmacKey: new StaticHmacKey(LOCAL_HMAC_KEY),
    notices: localNotices(r.config),
    defaultLocale: r.config.defaultLocale,
    ...(r.clock ? { clock: r.clock } : {}),
  });
}

/**
 * The Lex code hook over the local catalog, orders and idempotency tables; `callingNumber` stands in
 * for Connect's DescribeContact (the simulator's live calls), `tasks` for Connect tasks and `texts`
 * for End User Messaging SMS (the agreements go to the local `textMessages` table, as in AWS).
 */
export function localFulfillment(
  r: LocalResources,
  callingNumber?: (contactId: string) => Promise<string | undefined>,
  tasks?: TaskOpener,
  texts?: TextSender,
) {
  const links =
    texts && callingNumber
      ? new ProductLinks({
          agreements: new DynamoTextAgreements(localDocumentClient(r.dynamo), r.tables.textMessages),
          sender: texts,
          callingNumber,
          // The offline outbox sends nowhere, so it reaches every number (every E.164 calling code
          // starts with 1-9); a deployed line reaches only config textCountryCodes.
          reach: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
          senderName: r.config.textSenderName ?? LOCAL_TEXT_SENDER,
          retentionDays: r.config.retentionDays,
          ...(r.clock ? { clock: r.clock } : {}),
        })
      : undefined;
  return createFulfillmentHandler({
    orders: new DynamoOrderStore(localDocumentClient(r.dynamo), r.tables),
    maxOrderQuantity: r.config.maxOrderQuantity,
    turns: new DynamoTurnLog(localDocumentClient(r.dynamo), r.tables.turns),
    turnRetentionDays: r.config.retentionDays,
    // The local flow always has its payment segment (the sandbox gateway), so keypad card input exists.
    cardPayments: true,
    timeZone: r.config.agentTimeZone,
    ...(callingNumber ? { callingNumber } : {}),
    ...(tasks ? { tasks } : {}),
    ...(links ? { links } : {}),
    ...(r.clock ? { clock: r.clock } : {}),
  });
}

/** The payment function over the local orders table, with the given decryptor and gateway. */
export function localPayment(
  r: LocalResources,
  ports: { decryptor: CardDecryptor; gateway: PaymentGateway },
) {
  return createPaymentHandler({
    store: new DynamoPaymentStore(localDocumentClient(r.dynamo), r.tables),
    decryptor: ports.decryptor,
    gateway: ports.gateway,
    ...(r.clock ? { clock: r.clock } : {}),
  });
}

/** The survey function over local back-office tasks (a JSON-lines file, or memory). */
export function localSurvey(tasks: TaskOpener) {
  return createSurveyHandler({ tasks });
}

/** The recording-control function over a local recording port. */
export function localRecordingControl(recording: RecordingControl) {
  return createRecordingControlHandler({ recording });
}
