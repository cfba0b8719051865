import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ConnectInputDecryptor } from '../lambdas/aws/connect-input-decryptor';
import { DynamoConsentLedger } from '../lambdas/aws/dynamo-consent-ledger';
import { seedCatalog } from '../lambdas/aws/dynamo-order-store';
import { createHandler as createConsentHandler } from '../lambdas/consent/handler';
import { CATALOG, type Catalog } from '../lambdas/contracts/catalog';
import type { ConsentEvent, CtrRecord, OrderEvent, TranscriptRecord } from '../lambdas/contracts/lake';
import type { NoticeCatalog } from '../lambdas/contracts/notices';
import { ORDERS_BY_CALLER_INDEX, type TableName } from '../lambdas/contracts/tables';
import { callerHmac, plausibleCallerNumber, StaticHmacKey } from '../lambdas/core/caller-id';
import type { Order } from '../lambdas/core/orders/store';
import { SandboxGateway } from '../lambdas/core/payment/sandbox-gateway';
import { redact } from '../lambdas/core/pii';
import { createHandler as createFulfillmentHandler } from '../lambdas/fulfillment/handler';
import { createHandler as createPaymentHandler } from '../lambdas/payment/handler';
import { createHandler as createRecordingControlHandler } from '../lambdas/recording-control/handler';
import { BOT_MODEL } from '../lib/bot';
import type { AppConfig } from '../lib/config';
import { flowValues, PLACEHOLDER_ARNS, renderFlow, renderNotices } from '../lib/flows';
import type { FlowDocument } from '../lib/flows/model';
import { type CallerPort, type CallResult, FlowInterpreter, type LambdaHandler } from './flow/interpreter';
import type { LocalDataStore } from './lake';
import { LocalLex } from './lex/stand-in';
import type { LexRuntime } from './lex/types';
import { LocalInputEncryption, SimulatedRecordingControl } from './payment';

/**
 * The offline phone robot: the rendered inbound flow, the real consent and fulfillment handlers
 * over DynamoDB Local, and a bot runtime (the local Lex stand-in by default), wired as Connect
 * wires them. One instance serves any number of calls, concurrently.
 */

/**
 * The fixed, synthetic caller-HMAC key of every local run. It is not a secret and must never be
 * used anywhere else: local HMACs are only comparable with other local HMACs.
 */
export const LOCAL_HMAC_KEY: Buffer = Buffer.from('phone-robot-LOCAL-ONLY-synthetic-hmac-key', 'utf8');

/** The number callers dial in local runs (synthetic, +1 555 01xx range). */
export const LOCAL_SYSTEM_NUMBER = '+15550100';
/** Connect instance ARN used in local events (fake, like {@link PLACEHOLDER_ARNS}). */
export const LOCAL_INSTANCE_ARN =
  'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000';

/** Options of {@link Simulator.create}. */
export interface SimulatorOptions {
  readonly config: AppConfig;
  /** A client for DynamoDB Local. */
  readonly dynamo: DynamoDBClient;
  /** Physical names of the tables (from `createTables`). */
  readonly tables: Readonly<Record<TableName, string>>;
  /** The bot: the local stand-in (default) or another runtime such as `AwsLex`. */
  readonly bot?: LexRuntime;
  /** Where artifacts go; none are written when absent. */
  readonly store?: LocalDataStore;
  /** Whether agents are within opening hours. @default true */
  readonly hoursOpen?: boolean;
  /** Whether the agent queue is full. @default false */
  readonly queueAtCapacity?: boolean;
  /** Time source. @default the system clock */
  readonly clock?: () => Date;
}

/** What one call did, as the summary and the scenario checks see it. */
export interface CallSummary {
  readonly contactId: string;
  /** The language the caller chose (contact LanguageCode). */
  readonly locale: string | undefined;
  /** Flow actions run, in order. */
  readonly path: readonly string[];
  /** The decision in the consent ledger, if one was recorded. */
  readonly consent: ConsentEvent['decision'] | undefined;
  /** Whether recording was ever enabled. */
  readonly recording: boolean;
  /** Order numbers created in this call. */
  readonly ordersCreated: readonly string[];
  /** Orders of this caller changed (e.g. cancelled) in this call. */
  readonly ordersChanged: readonly string[];
  readonly transferredToAgent: boolean;
  readonly disconnectReason: string;
  /** Intents the bot finished (closed, or answered and kept the conversation open). */
  readonly intents: readonly string[];
  /** Lambda invocations that failed (error branch taken). */
  readonly lambdaErrors: readonly string[];
  /** Results the payment Lambda answered, in order (APPROVED, DECLINED, ...). */
  readonly payments: readonly string[];
  /** Whether the recording was still suspended when the call ended (must be false). */
  readonly recordingSuspendedAtEnd: boolean;
  /** Recording changes in order: behaviour updates, suspensions, resumptions. */
  readonly recordingHistory: readonly string[];
  /** Where the recording went, when there was one and a data folder. */
  readonly recordingLocation: string | undefined;
  /** The raw interpreter result. */
  readonly result: CallResult;
}

/** Options of one call. */
export interface CallOptions {
  /**
   * Caller number in E.164 (synthetic numbers only), or how a withheld caller ID arrives: `null`
   * sends `CustomerEndpoint: null`; a placeholder string such as `"anonymous"` or `"+266696687"`
   * is sent as the endpoint `Address`, as carriers do. Withheld callers get no caller HMAC.
   */
  readonly callerNumber: string | null;
  /** @default a random UUID */
  readonly contactId?: string;
  /** Overrides the simulator's opening hours for this call. */
  readonly hoursOpen?: boolean;
  /** Overrides the simulator's queue state for this call. */
  readonly queueAtCapacity?: boolean;
}

/** Creates the tables' content a fresh local run needs: the catalog. */
export async function seedLocalData(
  dynamo: DynamoDBClient,
  tables: Readonly<Record<TableName, string>>,
  catalog: Catalog = CATALOG,
): Promise<number> {
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  return seedCatalog(doc, tables.catalog, catalog);
}

/** Notice references (version + sha256) for the consent handler, from the same rendered text the flow plays. */
export function localNotices(config: AppConfig): NoticeCatalog {
  const rendered = renderNotices(config);
  return Object.fromEntries(
    config.locales.map((l) => [l, { version: rendered[l].version, sha256: rendered[l].sha256 }]),
  ) as NoticeCatalog;
}

function addDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * 86_400_000).toISOString();
}

/** The offline robot. */
export class Simulator {
  /** The flow document being executed (rendered with placeholder ARNs). */
  readonly flow: FlowDocument;
  /** The bot runtime in use. */
  readonly bot: LexRuntime;
  private readonly doc: DynamoDBDocumentClient;
  private readonly lambdas: Record<string, LambdaHandler>;
  private readonly clock: () => Date;
  /** Connect's encrypted input, with a key pair made for this simulator. */
  readonly inputEncryption: LocalInputEncryption;
  /** Suspend/resume of the live calls' recordings. */
  private readonly recordingControl = new SimulatedRecordingControl();
  /** The payment sandbox: the charges the simulated calls made (no money moves). */
  readonly gateway = new SandboxGateway();

  private constructor(private readonly options: SimulatorOptions) {
    const { config, dynamo, tables } = options;
    this.clock = options.clock ?? (() => new Date());
    this.flow = renderFlow('inbound', flowValues(config, PLACEHOLDER_ARNS));
    this.doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    const consent = createConsentHandler({
      ledger: new DynamoConsentLedger(dynamo, tables.consentLedger),
      hmacKey: new StaticHmacKey(LOCAL_HMAC_KEY),
      notices: localNotices(config),
      defaultLocale: config.defaultLocale,
      clock: this.clock,
    });
    const fulfillment = createFulfillmentHandler({
      db: this.doc,
      tables: { catalog: tables.catalog, orders: tables.orders, idempotency: tables.idempotency },
      maxOrderQuantity: config.maxOrderQuantity,
      clock: this.clock,
    });
    this.inputEncryption = new LocalInputEncryption(config.paymentKeyId);
    const payment = createPaymentHandler({
      db: this.doc,
      tables: { orders: tables.orders, idempotency: tables.idempotency },
      decryptor: new ConnectInputDecryptor(this.inputEncryption.privateKeys()),
      gateway: this.gateway,
      clock: this.clock,
    });
    const recordingControl = createRecordingControlHandler({ recording: this.recordingControl });
    this.lambdas = {
      [PLACEHOLDER_ARNS.consentFunctionArn]: consent as LambdaHandler,
      [PLACEHOLDER_ARNS.paymentFunctionArn as string]: payment as LambdaHandler,
      [PLACEHOLDER_ARNS.recordingControlFunctionArn as string]: recordingControl as LambdaHandler,
    };
    this.bot = options.bot ?? new LocalLex({ model: BOT_MODEL, codeHook: fulfillment as LambdaHandler });
  }

  /** Builds the simulator; the tables must exist and hold the catalog (see {@link seedLocalData}). */
  static create(options: SimulatorOptions): Simulator {
    return new Simulator(options);
  }

  /** The HMAC local runs store for a caller number. */
  hmacOf(number: string): string {
    return callerHmac(number, LOCAL_HMAC_KEY);
  }

  /**
   * The HMAC the consent Lambda gives this caller: none for a withheld or placeholder number (the
   * same rule, {@link plausibleCallerNumber}, so the simulator looks up what the robot stored).
   */
  private callerHmacOf(number: string | null): string | undefined {
    const plausible = plausibleCallerNumber(number, 'TELEPHONE_NUMBER');
    return plausible === undefined ? undefined : this.hmacOf(plausible);
  }

  /**
   * Orders a withheld caller created in one call. They carry no caller HMAC and so are not in the
   * `byCaller` index; a scan is fine on the small local table.
   */
  private async ordersOfContact(contactId: string): Promise<Order[]> {
    const out: Order[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.options.tables.orders,
          FilterExpression: 'contactId = :c',
          ExpressionAttributeValues: { ':c': contactId },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      out.push(...((page.Items ?? []) as Order[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  private async ordersOf(hmac: string): Promise<Order[]> {
    const out: Order[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.options.tables.orders,
          IndexName: ORDERS_BY_CALLER_INDEX,
          KeyConditionExpression: 'callerHmac = :h',
          ExpressionAttributeValues: { ':h': hmac },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...((page.Items ?? []) as Order[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Runs one call with a caller (terminal, script or benchmark) and records its artifacts. */
  async call(caller: CallerPort, options: CallOptions): Promise<CallSummary> {
    const contactId = options.contactId ?? randomUUID();
    const hmac = this.callerHmacOf(options.callerNumber);
    let unregister: (() => void) | undefined;
    try {
      const interpreter = new FlowInterpreter({
        flow: this.flow,
        contact: {
          contactId,
          customerNumber: options.callerNumber ?? undefined,
          systemNumber: LOCAL_SYSTEM_NUMBER,
          instanceArn: LOCAL_INSTANCE_ARN,
        },
        caller,
        lambdas: this.lambdas,
        bots: { [PLACEHOLDER_ARNS.lexBotAliasArn]: this.bot },
        hoursOpen: options.hoursOpen ?? this.options.hoursOpen ?? true,
        queueAtCapacity: options.queueAtCapacity ?? this.options.queueAtCapacity ?? false,
        clock: this.clock,
        encryptInput: (plaintext, settings) => this.inputEncryption.encrypt(plaintext, settings),
      });
      unregister = this.recordingControl.register(contactId, interpreter.recording);
      const result = await interpreter.run();
      // One read after the call, like a stream consumer: orders carry the contact that created
      // them (calls from one number may run concurrently), and a change is an update of an older
      // order of this caller during the call.
      const after = hmac === undefined ? await this.ordersOfContact(contactId) : await this.ordersOf(hmac);
      const created = after.filter((o) => o.contactId === contactId);
      const changed = after.filter(
        (o) => o.contactId !== contactId && o.updatedAt >= result.startedAt && o.updatedAt !== o.createdAt,
      );
      const ledger = await this.doc.send(
        new GetCommand({
          TableName: this.options.tables.consentLedger,
          Key: { contactId },
          ConsistentRead: true,
        }),
      );
      const consentItem = ledger.Item as Record<string, string> | undefined;
      const summary: CallSummary = {
        contactId,
        locale: result.languageCode,
        path: result.path,
        consent: consentItem?.decision as CallSummary['consent'],
        recording: result.recording.everEnabled,
        ordersCreated: created.map((o) => o.orderId),
        ordersChanged: changed.map((o) => o.orderId),
        transferredToAgent: result.transferredToQueue !== undefined,
        disconnectReason: result.disconnectReason,
        intents: result.intents,
        lambdaErrors: result.lambdaCalls
          .filter((c) => c.error !== undefined)
          .map((c) => `${c.actionId}: ${c.error}`),
        payments: result.lambdaCalls
          .filter((c) => c.functionArn === PLACEHOLDER_ARNS.paymentFunctionArn && c.result?.result)
          .map((c) => c.result?.result as string),
        recordingSuspendedAtEnd: result.recording.suspended,
        recordingHistory: result.recording.history.map((h) => `${h.at}: ${h.change}`),
        recordingLocation: undefined,
        result,
      };
      return this.options.store ? this.writeArtifacts(summary, consentItem, created, changed, hmac) : summary;
    } finally {
      unregister?.();
      if (this.bot instanceof LocalLex) this.bot.endSession(contactId);
    }
  }

  /** Writes the vault recording (consented calls only) and the lake rows of a call. */
  private writeArtifacts(
    summary: CallSummary,
    consentItem: Record<string, string> | undefined,
    created: readonly Order[],
    changed: readonly Order[],
    hmac: string | undefined,
  ): CallSummary {
    const store = this.options.store;
    if (!store) return summary;
    const { result, contactId } = summary;
    const config = this.options.config;
    const locale = (result.languageCode === 'zh-CN' ? 'zh-CN' : 'en-US') as 'zh-CN' | 'en-US';
    const recorded = result.transcript.filter((l) => l.recorded);
    let location: string | undefined;
    if (summary.recording && summary.consent === 'GRANTED' && recorded.length > 0) {
      const from = recorded[0]?.at ?? result.startedAt;
      location = store.storeRecording({
        contactId,
        locale,
        consent: 'GRANTED',
        noticeVersion: result.attributes.noticeVersion,
        recordedFrom: from,
        recordedUntil: result.endedAt,
        retainUntil: addDays(result.endedAt, config.retentionDays),
        retentionDays: config.retentionDays,
        lines: recorded.map((l) => ({ participant: l.participant, text: l.text, at: l.at })),
      });
      const transcripts: TranscriptRecord[] = recorded.map((l, seq) => {
        const r = redact(l.text, { locale });
        return {
          contactId,
          locale,
          seq,
          participant: l.participant,
          content: r.text,
          redactions: r.findings.length,
          timestamp: l.at,
        };
      });
      store.append('transcripts', transcripts);
    }
    const attrs = result.attributes;
    const ctr: CtrRecord = {
      AWSContactTraceRecordFormatVersion: '2017-03-10',
      ContactId: contactId,
      InitialContactId: null,
      PreviousContactId: null,
      Channel: 'VOICE',
      InitiationMethod: 'INBOUND',
      InitiationTimestamp: result.startedAt,
      ConnectedToSystemTimestamp: result.startedAt,
      DisconnectTimestamp: result.endedAt,
      LastUpdateTimestamp: result.endedAt,
      DisconnectReason:
        result.disconnectReason === 'TRANSFERRED_TO_QUEUE'
          ? 'CONTACT_FLOW_DISCONNECT'
          : result.disconnectReason,
      InstanceARN: LOCAL_INSTANCE_ARN,
      CustomerEndpoint: { Type: 'TELEPHONE_NUMBER' },
      SystemEndpoint: { Type: 'TELEPHONE_NUMBER', Address: LOCAL_SYSTEM_NUMBER },
      Attributes: {
        ...Object.fromEntries(Object.entries(attrs).filter(([k]) => k !== 'consentDigit')),
        ...(hmac !== undefined ? { callerHmac: hmac } : {}),
        locale,
        ...(summary.consent ? { consent: summary.consent } : {}),
        ...(summary.intents.length > 0 ? { lastIntent: summary.intents.at(-1) as string } : {}),
      },
      Queue: result.transferredToQueue
        ? {
            ARN: result.transferredToQueue,
            Name: null,
            EnqueueTimestamp: result.endedAt,
            DequeueTimestamp: null,
            Duration: null,
          }
        : null,
      Agent: null,
      Recording: location
        ? { Location: location, Status: 'AVAILABLE', Type: 'AUDIO', DeletionReason: null }
        : null,
    };
    store.append('ctr', [ctr]);
    if (consentItem) {
      store.append('consents', [
        {
          eventName: 'INSERT',
          eventTimestamp: consentItem.decidedAt ?? result.startedAt,
          contactId,
          decision: consentItem.decision as ConsentEvent['decision'],
          noticeVersion: consentItem.noticeVersion ?? '',
          noticeSha256: consentItem.noticeSha256 ?? '',
          locale: consentItem.locale === 'zh-CN' ? 'zh-CN' : 'en-US',
          callerHmac: consentItem.callerHmac ?? null,
          decidedAt: consentItem.decidedAt ?? result.startedAt,
          channel: consentItem.channel ?? null,
        },
      ]);
    }
    const orderRow = (o: Order, eventName: OrderEvent['eventName']): OrderEvent => ({
      eventName,
      eventTimestamp: o.updatedAt,
      orderId: o.orderId,
      callerHmac: o.callerHmac ?? null,
      contactId: o.contactId ?? null,
      sku: o.sku,
      quantity: o.quantity,
      currency: o.currency,
      unitPriceMinor: o.unitPriceMinor,
      totalMinor: o.totalMinor,
      status: o.status,
      locale: o.locale,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
    });
    const orderRows = [
      ...created.map((o) => orderRow(o, 'INSERT')),
      ...changed.map((o) => orderRow(o, 'MODIFY')),
    ];
    if (orderRows.length > 0) store.append('orders', orderRows);
    return { ...summary, recordingLocation: location };
  }
}
