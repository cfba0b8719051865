import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { FirehoseTransformationResult } from 'aws-lambda';
import { createHandler as createAfterCall } from '../lambdas/after-call/handler';
import { DynamoConsentLookup } from '../lambdas/aws/dynamo-consent-ledger';
import { DynamoOrderStore } from '../lambdas/aws/dynamo-order-store';
import { DynamoCallTurns } from '../lambdas/aws/dynamo-turn-log';
import type { Locale } from '../lambdas/contracts/locales';
import type { TableName } from '../lambdas/contracts/tables';
import type { LexUtterances } from '../lambdas/core/after-call/ports';
import { StaticHmacKey } from '../lambdas/core/caller-id';
import type { PaymentGateway } from '../lambdas/core/payment/gateway';
import type { StartOutcome } from '../lambdas/core/transcription/start';
import { createHandler as createCtrTransform } from '../lambdas/ctr-transform/handler';
import { createHandler as createLakeFeed } from '../lambdas/lake-feed/handler';
import { createHandler as createOrderEvents } from '../lambdas/order-events/handler';
import { createHandler as createRefund } from '../lambdas/refund/handler';
import { createHandler as createTranscriptRedact } from '../lambdas/transcript-redact/handler';
import { createHandler as createTranscriptionStart } from '../lambdas/transcription-start/handler';
import { renderRecording } from './aws/connect-recording';
import { connectContactRecord } from './aws/contact-record';
import { LocalOrderBus, LocalTasks } from './aws/order-bus';
import { LocalStreamFeed } from './aws/stream-feed';
import { LocalTranscriber } from './aws/transcribe';
import {
  LOCAL_STAGING_BUCKET,
  LOCAL_VAULT_BUCKET,
  type LocalRecording,
  LocalVault,
  recordingKey,
} from './aws/vault';
import type { CallResult, ContactInfo } from './flow/interpreter';
import { LOCAL_HMAC_KEY, localDocumentClient } from './functions';
import type { LocalDataStore } from './lake';
import { localContext } from './lambda-context';

/**
 * What happens after a call, offline, through the production handlers only: Connect's recording
 * (consenting callers; a stereo WAV) lands in staging and its "Object Created" event starts the
 * real transcription-start handler, which re-reads the consent ledger; the local Transcribe writes
 * its output and the real transcript-redact handler redacts it into the lake, silences the
 * personal data in the recording, writes the redacted recording into the vault and deletes the
 * staged original. Connect's contact
 * record goes through the real CTR transformation (caller number to HMAC) into the lake, as
 * Firehose delivers it. Order and consent changes leave the DynamoDB Local streams through the
 * real lake-feed handler. Nothing here maps a row itself.
 */

/** Options of {@link LocalPipeline}. */
export interface LocalPipelineOptions {
  readonly store: LocalDataStore;
  readonly dynamo: DynamoDBClient;
  readonly tables: Readonly<Record<TableName, string>>;
  /** Days a recording is retained (config `retentionDays`). */
  readonly retentionDays: number;
  /**
   * Days an unredacted original is kept in the originals vault (config `keepOriginalRecording`
   * and `originalRetentionDays`). @default undefined: the original is deleted, as by default in AWS
   */
  readonly originalRetentionDays?: number;
  /** Key prefix of recordings in the vault (the Connect storage config's). @default `recordings/` */
  readonly recordingsPrefix?: string;
  /** The bot's utterance store (the local stand-in, or the deployed bot). */
  readonly utterances: LexUtterances;
  /** Bot locale ids the calls may use. */
  readonly localeIds: readonly string[];
  /** Hours after which a refund still due counts as overdue (config `refundAlarmHours`). */
  readonly refundAlarmHours: number;
  /** The gateway the payment function charged through: the refund function refunds through it. */
  readonly gateway: PaymentGateway;
}

/** What the pipeline did with one call. */
export interface CallArtifacts {
  /** The vault location of the (redacted) recording, when the call was recorded. */
  readonly recordingLocation: string | undefined;
  /** What the transcription-start handler decided, when there was a recording. */
  readonly transcription: StartOutcome | undefined;
}

/** The after-call function's answer (its outcome is logged; the SQS batch answer is returned). */
export type AfterCallAnswer = { readonly batchItemFailures: readonly { readonly itemIdentifier: string }[] };

/** Runs each call's artifacts through the production pipeline into the local data folder. */
export class LocalPipeline {
  private readonly transcriber: LocalTranscriber;
  private readonly start;
  private readonly redact;
  private readonly ctr;
  private readonly feed: LocalStreamFeed;
  private readonly orderEvents: LocalStreamFeed;
  /** Back-office tasks the pipeline opened (Amazon Connect tasks in AWS). */
  readonly tasks: LocalTasks;
  private readonly cleanup;
  private ctrSeq = 0;

  constructor(private readonly options: LocalPipelineOptions) {
    const { store, dynamo, tables } = options;
    this.transcriber = new LocalTranscriber(store.staging, store.work);
    const consent = new DynamoConsentLookup(localDocumentClient(dynamo), tables.consentLedger);
    const turns = new DynamoCallTurns(localDocumentClient(dynamo), tables.turns);
    this.start = createTranscriptionStart({ consent, transcriber: this.transcriber, staging: store.staging });
    this.redact = createTranscriptRedact({
      transcriber: this.transcriber,
      consent,
      raw: store.work,
      lake: store.lake,
      staging: store.staging,
      vault: new LocalVault(store.vaultDir, options.retentionDays),
      originals:
        options.originalRetentionDays === undefined
          ? undefined
          : new LocalVault(store.originalsDir, options.originalRetentionDays),
      turns,
    });
    this.ctr = createCtrTransform({ hmacKey: new StaticHmacKey(LOCAL_HMAC_KEY) });
    this.cleanup = createAfterCall({
      consent,
      turns,
      utterances: options.utterances,
      lake: store.lake,
      localeIds: options.localeIds,
    });
    const feed = createLakeFeed({
      tables: { [tables.orders]: 'orders', [tables.consentLedger]: 'consents' },
      lake: store.lake,
    });
    this.feed = new LocalStreamFeed(
      dynamo,
      [tables.orders, tables.consentLedger],
      (event) => feed(event, localContext('lake-feed')),
      join(store.dir, 'lake-feed-checkpoint.json'),
    );
    // Order events: the orders stream -> the production order-events handler -> the order bus's
    // rules -> the fulfilment queue (a file) and the production refund handler.
    this.tasks = new LocalTasks(store.tasksFile);
    const refund = createRefund({
      orders: new DynamoOrderStore(localDocumentClient(dynamo), tables),
      gateway: options.gateway,
      tasks: this.tasks,
      overdueAfterHours: options.refundAlarmHours,
    });
    const events = createOrderEvents({
      publisher: new LocalOrderBus({
        fulfilmentQueueFile: store.fulfilmentQueueFile,
        refund: (envelope) => refund(envelope, localContext('refund')),
      }),
    });
    this.orderEvents = new LocalStreamFeed(
      dynamo,
      [tables.orders],
      (event) => events(event, localContext('order-events')),
      join(store.dir, 'order-events-checkpoint.json'),
    );
  }

  /** Processes one finished call. */
  async afterCall(contact: ContactInfo, result: CallResult): Promise<CallArtifacts> {
    const recorded = result.transcript.filter((l) => l.recorded);
    let recordingLocation: string | undefined;
    let stagedLocation: string | undefined;
    let transcription: StartOutcome | undefined;
    if (result.recording.everEnabled && recorded.length > 0) {
      const from = recorded[0]?.at ?? result.startedAt;
      const key = recordingKey(this.options.recordingsPrefix ?? 'recordings/', contact.contactId, from);
      const recording: LocalRecording = {
        contactId: contact.contactId,
        locale: (result.languageCode === 'zh-CN' ? 'zh-CN' : 'en-US') satisfies Locale,
        recordedFrom: from,
        recordedUntil: result.endedAt,
        lines: recorded.map((l) => ({ participant: l.participant, text: l.text, at: l.at })),
      };
      // What Connect does: the recording's audio to staging (and, offline only, what was said to
      // the Transcribe stand-in, which cannot listen).
      await this.options.store.staging.put(key, renderRecording(recording));
      this.transcriber.hear(key, recording);
      stagedLocation = `${LOCAL_STAGING_BUCKET}/${key}`;
      transcription = await this.transcribe(key);
      if (transcription.kind === 'STARTED') recordingLocation = `${LOCAL_VAULT_BUCKET}/${key}`;
    }
    // The contact record names where Connect wrote the recording (staging), as in AWS.
    await this.deliverContactRecord(connectContactRecord(contact, result, stagedLocation));
    await this.disconnected(contact.contactId, result.endedAt);
    await this.drain();
    return { recordingLocation, transcription };
  }

  /**
   * Connect's "contact disconnected" event, as EventBridge puts it on the after-call queue, through
   * the production after-call handler (Lex utterances and turn words of non-consenting callers
   * deleted, turns into the lake).
   */
  private async disconnected(contactId: string, at: string): Promise<void> {
    const body = {
      version: '0',
      id: `local-${contactId}`,
      source: 'aws.connect',
      'detail-type': 'Amazon Connect Contact Event',
      account: '111122223333',
      region: 'us-east-1',
      time: at,
      resources: [],
      detail: {
        eventType: 'DISCONNECTED',
        contactId,
        channel: 'VOICE',
        instanceArn: 'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000',
        initiationMethod: 'INBOUND',
        disconnectTimestamp: at,
      },
    };
    const answer = (await this.cleanup(
      {
        Records: [
          {
            messageId: `local-${contactId}`,
            receiptHandle: 'local',
            body: JSON.stringify(body),
            attributes: {},
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:after-call',
            awsRegion: 'us-east-1',
          },
        ],
      } as never,
      localContext('after-call'),
    )) as AfterCallAnswer;
    if (answer.batchItemFailures.length > 0) {
      throw new Error(`the after-call work of contact ${contactId} failed; see the after-call log`);
    }
  }

  /** S3 "Object Created" → start handler; a started job completes at once → redact handler. */
  private async transcribe(key: string): Promise<StartOutcome> {
    const outcome = await this.start(
      {
        source: 'aws.s3',
        'detail-type': 'Object Created',
        detail: { bucket: { name: LOCAL_STAGING_BUCKET }, object: { key } },
      },
      localContext('transcription-start'),
    );
    if (outcome.kind === 'STARTED') {
      const job = await this.transcriber.get(outcome.jobName);
      await this.redact(
        {
          source: 'aws.transcribe',
          'detail-type': 'Transcribe Job State Change',
          detail: { TranscriptionJobName: outcome.jobName, TranscriptionJobStatus: job.status },
        },
        localContext('transcript-redact'),
      );
    }
    return outcome;
  }

  /**
   * The CTR through the Firehose transformation; what it returns Ok is written under its `dt`
   * partition, as Firehose dynamic partitioning does (one object per contact here).
   */
  private async deliverContactRecord(record: Record<string, unknown>): Promise<void> {
    this.ctrSeq += 1;
    const out = (await this.ctr(
      {
        invocationId: `local-${this.ctrSeq}`,
        deliveryStreamArn: 'arn:aws:firehose:local:000000000000:deliverystream/local-ctr',
        region: 'local',
        records: [
          {
            recordId: String(this.ctrSeq),
            approximateArrivalTimestamp: Date.now(),
            data: Buffer.from(JSON.stringify(record), 'utf8').toString('base64'),
          },
        ],
      },
      localContext('ctr-transform'),
    )) as FirehoseTransformationResult;
    for (const r of out.records) {
      if (r.result !== 'Ok')
        throw new Error(`the CTR transformation rejected contact ${String(record.ContactId)}`);
      const dt = r.metadata?.partitionKeys?.dt;
      const body = Buffer.from(r.data ?? '', 'base64').toString('utf8');
      await this.options.store.lake.put(`ctr/dt=${dt}/part-${String(record.ContactId)}.jsonl`, body);
    }
  }

  /** Delivers stream changes not delivered yet (e.g. changes made outside calls). */
  async drain(): Promise<number> {
    // Lake first, then the order bus: a refund's own REFUNDED change lands in the next drain.
    return (await this.feed.drain()) + (await this.orderEvents.drain());
  }

  /** Closes the stream clients. */
  close(): void {
    this.feed.destroy();
    this.orderEvents.destroy();
  }
}
