import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ConnectInputDecryptor } from '../lambdas/aws/connect-input-decryptor';
import { DynamoConsentLookup } from '../lambdas/aws/dynamo-consent-ledger';
import { seedCatalog } from '../lambdas/aws/dynamo-order-store';
import { CATALOG, type Catalog } from '../lambdas/contracts/catalog';
import { LEX_LOCALE_ID_BY_LOCALE } from '../lambdas/contracts/locales';
import { ORDERS_BY_CALLER_INDEX, type TableName } from '../lambdas/contracts/tables';
import { callerHmac, plausibleCallerNumber } from '../lambdas/core/caller-id';
import type { ConsentDecision } from '../lambdas/core/consent/decision';
import type { Order } from '../lambdas/core/orders/store';
import { SandboxGateway } from '../lambdas/core/payment/sandbox-gateway';
import { BOT_MODEL } from '../lib/bot';
import type { AppConfig } from '../lib/config';
import { flowValues, PLACEHOLDER_ARNS, renderFlow } from '../lib/flows';
import type { FlowDocument } from '../lib/flows/model';
import { LocalContacts } from './aws/contacts';
import { LocalTasks, MemoryTasks } from './aws/order-bus';
import { LocalTextOutbox } from './aws/text-outbox';
import {
  type CallerPort,
  type CallResult,
  type ContactInfo,
  FlowInterpreter,
  type LambdaHandler,
} from './flow/interpreter';
import {
  LOCAL_HMAC_KEY,
  localConsent,
  localDocumentClient,
  localFulfillment,
  localPayment,
  localRecordingControl,
  localSurvey,
} from './functions';
import type { LocalDataStore } from './lake';
import { LocalLex } from './lex/stand-in';
import type { LexRuntime } from './lex/types';
import { LocalInputEncryption, SimulatedRecordingControl } from './payment';
import { LocalPipeline } from './pipeline';

export { LOCAL_HMAC_KEY, localNotices } from './functions';

/**
 * The offline phone robot: the rendered inbound flow, the real consent, fulfillment, payment and
 * recording-control handlers over DynamoDB Local, and a bot runtime (the local Lex stand-in by
 * default), wired as Connect wires them. With a data folder, each call's recording, contact
 * record and table changes then go through the production pipeline (local/pipeline.ts). One
 * instance serves any number of calls, concurrently.
 */

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
  /** Whether Connect may dial callers back (out-of-hours callbacks). @default true */
  readonly callbackDialable?: boolean;
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
  readonly consent: ConsentDecision | undefined;
  /** Whether the ledger holds a withdrawal of that decision. */
  readonly withdrawn: boolean;
  /** Whether recording was ever enabled. */
  readonly recording: boolean;
  /** Order numbers created in this call. */
  readonly ordersCreated: readonly string[];
  /** Orders of this caller changed (e.g. cancelled) in this call. */
  readonly ordersChanged: readonly string[];
  readonly transferredToAgent: boolean;
  /** Callbacks the call created in the agent queue (Connect's CreateCallbackContact). */
  readonly callbacksQueued: number;
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
  /** Names of the back-office cases this call opened (a low survey score, an after-sales request). */
  readonly cases: readonly string[];
  /** The bodies of the texts this call sent (product links), oldest first. */
  readonly texts: readonly string[];
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
  /** Overrides whether Connect may dial this caller back. */
  readonly callbackDialable?: boolean;
}

/** Creates the tables' content a fresh local run needs: the catalog. */
export async function seedLocalData(
  dynamo: DynamoDBClient,
  tables: Readonly<Record<TableName, string>>,
  catalog: Catalog = CATALOG,
): Promise<number> {
  return seedCatalog(localDocumentClient(dynamo), tables.catalog, catalog);
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
  /** After-call processing into the data folder, when there is one. */
  private readonly pipeline: LocalPipeline | undefined;
  /** Back-office tasks the calls opened (a low survey score, an after-sales request). */
  readonly tasks: LocalTasks | MemoryTasks;
  /** The texts the calls sent (product links), as End User Messaging would have been asked to. */
  readonly texts: LocalTextOutbox;
  /** Numbers of the calls in progress, for the code hook's DescribeContact. */
  private readonly contacts = new LocalContacts();

  private constructor(private readonly options: SimulatorOptions) {
    const { config, dynamo, tables } = options;
    this.clock = options.clock ?? (() => new Date());
    this.flow = renderFlow('inbound', flowValues(config, PLACEHOLDER_ARNS));
    this.doc = localDocumentClient(dynamo);
    const resources = { dynamo, tables, config, clock: this.clock };
    const consent = localConsent(resources);
    this.tasks = options.store ? new LocalTasks(options.store.tasksFile) : new MemoryTasks();
    this.texts = new LocalTextOutbox(options.store?.textOutboxFile, this.clock);
    const fulfillment = localFulfillment(
      resources,
      (contactId) => this.contacts.numberOf(contactId),
      this.tasks,
      this.texts,
    );
    this.inputEncryption = new LocalInputEncryption(config.paymentKeyId);
    const payment = localPayment(resources, {
      decryptor: new ConnectInputDecryptor(this.inputEncryption.privateKeys()),
      gateway: this.gateway,
    });
    const recordingControl = localRecordingControl(this.recordingControl);
    const survey = localSurvey(this.tasks);
    this.lambdas = {
      [PLACEHOLDER_ARNS.consentFunctionArn]: consent as LambdaHandler,
      [PLACEHOLDER_ARNS.paymentFunctionArn as string]: payment as LambdaHandler,
      [PLACEHOLDER_ARNS.recordingControlFunctionArn as string]: recordingControl as LambdaHandler,
      [PLACEHOLDER_ARNS.surveyFunctionArn]: survey as LambdaHandler,
    };
    this.bot =
      options.bot ??
      new LocalLex({ model: BOT_MODEL, codeHook: fulfillment as LambdaHandler, clock: this.clock });
    this.pipeline = options.store
      ? new LocalPipeline({
          store: options.store,
          dynamo,
          tables,
          retentionDays: config.retentionDays,
          originalRetentionDays: config.keepOriginalRecording ? config.originalRetentionDays : undefined,
          gateway: this.gateway,
          refundAlarmHours: config.refundAlarmHours,
          utterances: this.bot,
          localeIds: config.locales.map((l) => LEX_LOCALE_ID_BY_LOCALE[l]),
        })
      : undefined;
  }

  /** Closes what the simulator opened (the stream client of the pipeline). */
  close(): void {
    this.pipeline?.close();
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
      const contact: ContactInfo = {
        contactId,
        customerNumber: options.callerNumber ?? undefined,
        systemNumber: LOCAL_SYSTEM_NUMBER,
        instanceArn: LOCAL_INSTANCE_ARN,
      };
      const interpreter = new FlowInterpreter({
        flow: this.flow,
        contact,
        caller,
        lambdas: this.lambdas,
        bots: { [PLACEHOLDER_ARNS.lexBotAliasArn]: this.bot },
        hoursOpen: options.hoursOpen ?? this.options.hoursOpen ?? true,
        queueAtCapacity: options.queueAtCapacity ?? this.options.queueAtCapacity ?? false,
        callbackDialable: options.callbackDialable ?? this.options.callbackDialable ?? true,
        clock: this.clock,
        encryptInput: (plaintext, settings) => this.inputEncryption.encrypt(plaintext, settings),
      });
      const unregisterRecording = this.recordingControl.register(contactId, interpreter.recording);
      const unregisterContact = this.contacts.register(contactId, options.callerNumber ?? undefined);
      unregister = () => {
        unregisterRecording();
        unregisterContact();
      };
      const result = await interpreter.run();
      // One read after the call, like a stream consumer: orders carry the contact that created
      // them (calls from one number may run concurrently), and a change is an update of an older
      // order of this caller during the call.
      const after = hmac === undefined ? await this.ordersOfContact(contactId) : await this.ordersOf(hmac);
      const created = after.filter((o) => o.contactId === contactId);
      const changed = after.filter(
        (o) => o.contactId !== contactId && o.updatedAt >= result.startedAt && o.updatedAt !== o.createdAt,
      );
      const history = await new DynamoConsentLookup(this.doc, this.options.tables.consentLedger).history(
        contactId,
      );
      const summary: CallSummary = {
        contactId,
        locale: result.languageCode,
        path: result.path,
        consent: history.decision?.decision,
        withdrawn: history.withdrawal !== undefined,
        recording: result.recording.everEnabled,
        ordersCreated: created.map((o) => o.orderId),
        ordersChanged: changed.map((o) => o.orderId),
        transferredToAgent: result.transferredToQueue !== undefined,
        callbacksQueued: result.callbacks.length,
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
        cases: this.tasks
          .list()
          .filter((t) => t.attributes.contactId === contactId)
          .map((t) => t.name),
        texts: this.texts
          .list()
          .filter((m) => m.context.contactId === contactId)
          .map((m) => m.body),
        result,
      };
      if (!this.pipeline) return summary;
      const artifacts = await this.pipeline.afterCall(contact, result);
      return { ...summary, recordingLocation: artifacts.recordingLocation };
    } finally {
      unregister?.();
      if (this.bot instanceof LocalLex) this.bot.endSession(contactId);
    }
  }
}
