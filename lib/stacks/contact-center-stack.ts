import { createHash } from 'node:crypto';
import { CustomResource, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { CATALOG } from '../../lambdas/contracts/catalog';
import { CONSENT_ENV } from '../../lambdas/contracts/env/consent';
import { DEPLOY_HOOKS_ENV } from '../../lambdas/contracts/env/deploy-hooks';
import { FULFILLMENT_ENV } from '../../lambdas/contracts/env/fulfillment';
import { PAYMENT_ENV } from '../../lambdas/contracts/env/payment';
import { RECORDING_CONTROL_ENV } from '../../lambdas/contracts/env/recording-control';
import { SURVEY_ENV } from '../../lambdas/contracts/env/survey';
import { BOT_MODEL } from '../bot';
import { type AppConfig, PAYMENT_CERTIFICATE_PLACEHOLDER, PAYMENT_KEY_ID_PLACEHOLDER } from '../config';
import { ContactCenter } from '../constructs/contact-center/contact-center';
import { InvocationMode, PhoneRobotFunction } from '../constructs/function/phone-robot-function';
import { OrderBot } from '../constructs/order-bot/order-bot';
import { OrderFulfilment } from '../constructs/order-fulfilment/order-fulfilment';
import { grantSecretValue } from '../constructs/secrets/external-secret';
import { renderNotices } from '../flows/notices';
import { renderFlowContent } from '../flows/render';
import { flowValues } from '../flows/values';
import type { DataStack } from './data-stack';

/** True when the Connect input-encryption key for card input is configured (not the placeholder). */
export function paymentConfigured(config: AppConfig): boolean {
  return (
    config.paymentKeyId !== PAYMENT_KEY_ID_PLACEHOLDER &&
    config.paymentCertificate !== PAYMENT_CERTIFICATE_PLACEHOLDER
  );
}

/** Props of {@link ContactCenterStack}. */
export interface ContactCenterStackProps extends StackProps {
  /** Validated configuration. */
  readonly config: AppConfig;
  /** The stateful stack: keys, vault, tables, HMAC key. */
  readonly data: DataStack;
}

/**
 * Everything a caller touches: the Connect instance and number, the consent-first inbound flow,
 * the consent and fulfillment Lambdas, and the Lex order bot.
 */
export class ContactCenterStack extends Stack {
  /** Connect instance, hours, queue, number. */
  readonly contactCenter: ContactCenter;
  /** Records each caller's recording decision in the ledger. */
  readonly consentFunction: PhoneRobotFunction;
  /** Lex code hook: catalog, orders. */
  readonly fulfillmentFunction: PhoneRobotFunction;
  /** Charges an order from encrypted card input (recording suspended around it). */
  readonly paymentFunction: PhoneRobotFunction;
  /** Suspends and resumes the contact's recording around sensitive input. */
  readonly recordingControlFunction: PhoneRobotFunction;
  /** The post-call survey: a case for a low score. */
  readonly surveyFunction: PhoneRobotFunction;
  /** The Lex V2 bot. */
  readonly orderBot: OrderBot;
  /** Order events, the fulfilment queue, refunds and back-office tasks. */
  readonly fulfilment: OrderFulfilment;
  /** The rendered inbound flow content (flow-language JSON). */
  readonly inboundFlowContent: string;

  constructor(scope: Construct, id: string, props: ContactCenterStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    const notices = renderNotices(config);

    this.consentFunction = new PhoneRobotFunction(this, 'ConsentFunction', {
      env: CONSENT_ENV,
      // The flow waits 5 s (InvocationTimeLimitSeconds); the I/O budget fits inside (test/infra/io-budgets.test.ts).
      timeout: Duration.seconds(5),
      description: 'Records the caller recording decision in the append-only consent ledger',
      serviceName: 'consent',
      encryptionKey: data.keys.data,
      logRetention,
      settings: {
        defaultLocale: config.defaultLocale,
        notices: JSON.stringify(
          Object.fromEntries(
            config.locales.map((l) => [l, { version: notices[l].version, sha256: notices[l].sha256 }]),
          ),
        ),
      },
    });
    data.tables.bindConsentWriter(this.consentFunction.fn);
    data.callerHmacKey.bind(this.consentFunction.fn);

    this.contactCenter = new ContactCenter(this, 'ContactCenter', {
      instanceAlias: config.connectInstanceAlias,
      // Connect writes to staging; only the redaction pipeline writes the vault.
      recordingBucket: data.staging.bucket,
      recordingKey: data.keys.recordings,
      recordingPrefix: data.vault.recordingsPrefix,
      phoneCountryCode: config.phoneCountryCode,
      phoneNumberType: config.phoneNumberType,
      timeZone: config.agentTimeZone,
    });

    this.fulfilment = new OrderFulfilment(this, 'OrderFulfilment', {
      stage: config.stage,
      orders: data.tables.tables.orders,
      catalog: data.tables.tables.catalog,
      idempotency: data.tables.tables.idempotency,
      tables: data.tables,
      dataKey: data.keys.data,
      logRetention,
      contactCenter: this.contactCenter,
      gateway: {
        name: config.paymentGateway,
        ...(config.stripeSecretArn !== undefined ? { stripeSecretArn: config.stripeSecretArn } : {}),
        ...(config.stripeMode !== undefined ? { stripeMode: config.stripeMode } : {}),
      },
      refundAlarmHours: config.refundAlarmHours,
    });

    this.fulfillmentFunction = new PhoneRobotFunction(this, 'FulfillmentFunction', {
      env: FULFILLMENT_ENV,
      description: 'Lex code hook: product answers, recommendations, orders as conditional transactions',
      serviceName: 'fulfillment',
      encryptionKey: data.keys.data,
      logRetention,
      memorySize: 512,
      // Connect waits for the bot; no caller should hear silence longer than Connect's 8 s Lambda limit.
      timeout: Duration.seconds(8),
      settings: {
        maxOrderQuantity: String(config.maxOrderQuantity),
        turnRetentionDays: String(config.retentionDays),
        // The flow has a payment segment exactly when the payment key is configured.
        cardPayments: paymentConfigured(config) ? 'on' : 'off',
        timeZone: config.agentTimeZone,
        instanceId: this.contactCenter.instance.attrId,
        taskFlowId: this.fulfilment.taskFlowId,
        textOrigination: config.textOriginationArn,
        textSender: config.textSenderName,
        textCountryCodes: config.textCountryCodes.join(','),
      },
    });
    data.tables.bindFulfillment(this.fulfillmentFunction.fn);
    // Product-link texts go out from the one registered origination identity, nothing else.
    if (config.textOriginationArn !== undefined) {
      this.fulfillmentFunction.fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['sms-voice:SendTextMessage'],
          resources: [config.textOriginationArn],
        }),
      );
    }
    // After-sales requests become back-office cases.
    this.fulfilment.grantOpenTask(this.fulfillmentFunction.fn);
    this.contactCenter.grantDescribeContact(this.fulfillmentFunction.fn);

    this.paymentFunction = new PhoneRobotFunction(this, 'PaymentFunction', {
      env: PAYMENT_ENV,
      description: 'Decrypts card input, validates it and charges the order total through the gateway',
      serviceName: 'payment',
      encryptionKey: data.keys.data,
      logRetention,
      memorySize: 512,
      // Connect waits at most 8 s for a Lambda.
      timeout: Duration.seconds(8),
      // sandbox (dev), stripe, or disabled (prod without card payments): lib/config.ts decides.
      settings: {
        keyId: config.paymentKeyId,
        gateway: config.paymentGateway,
        stripeSecretArn: config.stripeSecretArn,
        stripeMode: config.stripeMode,
      },
    });
    data.tables.bindPayment(this.paymentFunction.fn);
    data.paymentKey.bind(this.paymentFunction.fn);
    // The Stripe key's secret is the operator's (created out of band): read access to it alone. A
    // customer managed KMS key on it would also need kms:Decrypt for this function, not granted here.
    if (config.stripeSecretArn !== undefined)
      grantSecretValue(this.paymentFunction.fn, config.stripeSecretArn);

    this.recordingControlFunction = new PhoneRobotFunction(this, 'RecordingControlFunction', {
      env: RECORDING_CONTROL_ENV,
      // The payment segment waits 3 s for it.
      timeout: Duration.seconds(3),
      description: 'Suspends and resumes contact recording around sensitive input',
      serviceName: 'recording-control',
      encryptionKey: data.keys.data,
      logRetention,
    });

    this.orderBot = new OrderBot(this, 'OrderBot', {
      model: BOT_MODEL,
      locales: config.locales,
      fulfillment: this.fulfillmentFunction.fn,
    });

    this.surveyFunction = new PhoneRobotFunction(this, 'SurveyFunction', {
      env: SURVEY_ENV,
      // The flow waits 3 s for it; the I/O budget fits inside (test/infra/io-budgets.test.ts).
      timeout: Duration.seconds(3),
      description: 'Post-call survey: opens a back-office case for a low call rating',
      serviceName: 'survey',
      encryptionKey: data.keys.data,
      logRetention,
      settings: {
        instanceId: this.contactCenter.instance.attrId,
        taskFlowId: this.fulfilment.taskFlowId,
      },
    });
    this.fulfilment.grantOpenTask(this.surveyFunction.fn);

    this.contactCenter.associateFunction('ConsentFunctionAssociation', this.consentFunction.fn);
    this.contactCenter.associateFunction('SurveyFunctionAssociation', this.surveyFunction.fn);
    this.contactCenter.associateFunction('PaymentFunctionAssociation', this.paymentFunction.fn);
    this.contactCenter.associateFunction(
      'RecordingControlFunctionAssociation',
      this.recordingControlFunction.fn,
    );
    this.contactCenter.grantRecordingControl(this.recordingControlFunction.fn);
    this.contactCenter.associateBot('OrderBotAssociation', this.orderBot.aliasArn);

    this.inboundFlowContent = renderFlowContent(
      'inbound',
      flowValues(config, {
        consentFunctionArn: this.consentFunction.fn.functionArn,
        lexBotAliasArn: this.orderBot.aliasArn,
        queueArn: this.contactCenter.queue.attrQueueArn,
        callbackQueueArn: this.contactCenter.callbackQueue.attrQueueArn,
        hoursOfOperationArn: this.contactCenter.hours.attrHoursOfOperationArn,
        // Suspends and resumes around card input, and stops the recording on a withdrawal.
        recordingControlFunctionArn: this.recordingControlFunction.fn.functionArn,
        // Opens a case for a low post-call survey score.
        surveyFunctionArn: this.surveyFunction.fn.functionArn,
        // Card input is offered only once an operator has uploaded an encryption key to Connect
        // and configured its id and certificate; until then the flow says payment comes later.
        ...(paymentConfigured(config) ? { paymentFunctionArn: this.paymentFunction.fn.functionArn } : {}),
      }),
    );
    const inbound = this.contactCenter.addFlow('InboundFlow', {
      // Letters, digits, spaces and hyphens only: CloudWatch flow metrics key on the flow name.
      name: 'phone-robot inbound consent-first',
      description: `Recording notice ${config.noticeVersion}, consent, order bot, agent transfer`,
      content: this.inboundFlowContent,
    });

    // Deploy-time work CloudFormation has no resource for: number routing and catalog sync.
    const hooks = new PhoneRobotFunction(this, 'DeployHooksFunction', {
      env: DEPLOY_HOOKS_ENV,
      description: 'CloudFormation custom resources: phone number routing and catalog sync',
      serviceName: 'deploy-hooks',
      encryptionKey: data.keys.data,
      logRetention,
      timeout: Duration.minutes(2),
      invocationMode: InvocationMode.REQUEST_RESPONSE,
    });
    data.tables.bindCatalogWriter(hooks.fn);
    this.contactCenter.routeNumberTo(inbound, hooks.fn);
    new CustomResource(this, 'CatalogSync', {
      serviceToken: hooks.fn.functionArn,
      resourceType: 'Custom::CatalogSync',
      properties: {
        TableName: data.tables.tables.catalog.tableName,
        // A catalog change changes the hash, which makes CloudFormation send an Update.
        CatalogHash: createHash('sha256').update(JSON.stringify(CATALOG)).digest('hex').slice(0, 16),
      },
    });
  }
}
