import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LEX_LOCALE_ID_BY_LOCALE } from '../../lambdas/contracts/locales';
import type { AppConfig } from '../config';
import { AfterCall } from '../constructs/after-call/after-call';
import { AnalyticsLake } from '../constructs/analytics-lake/analytics-lake';
import { CtrDelivery } from '../constructs/analytics-lake/ctr-delivery';
import { TableFeed } from '../constructs/analytics-lake/table-feed';
import { Transcription } from '../constructs/transcription/transcription';
import type { ContactCenterStack } from './contact-center-stack';
import type { DataStack } from './data-stack';

/** Props of {@link AnalyticsStack}. */
export interface AnalyticsStackProps extends StackProps {
  /** Validated configuration. */
  readonly config: AppConfig;
  /** Keys, vault, tables, HMAC key, trail. */
  readonly data: DataStack;
  /** The Connect instance whose contact records feed the lake. */
  readonly contactCenter: ContactCenterStack;
}

/**
 * What analysts see: the lake (CTRs, consents, orders, redacted transcripts), Glue tables, the
 * Athena workgroup and named queries, and the transcription pipeline that feeds it.
 */
export class AnalyticsStack extends Stack {
  readonly lake: AnalyticsLake;
  readonly ctr: CtrDelivery;
  readonly tableFeed: TableFeed;
  readonly transcription: Transcription;
  readonly afterCall: AfterCall;

  constructor(scope: Construct, id: string, props: AnalyticsStackProps) {
    super(scope, id, props);
    const { config, data, contactCenter } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    const name = `phone_robot_${config.stage}`;

    this.lake = new AnalyticsLake(this, 'Lake', {
      encryptionKey: data.keys.analytics,
      accessLogBucket: data.accessLogs.bucket,
      retentionDays: config.retentionDays,
      databaseName: name,
      workGroupName: `phone-robot-${config.stage}`,
      cloudTrailBucket: data.audit.bucket,
    });
    this.ctr = new CtrDelivery(this, 'Ctr', {
      instance: contactCenter.contactCenter.instance,
      lakeBucket: this.lake.bucket,
      lakeKey: data.keys.analytics,
      callerHmacKey: data.callerHmacKey,
      logKey: data.keys.data,
      logRetention,
    });
    this.tableFeed = new TableFeed(this, 'TableFeed', {
      orders: data.tables.tables.orders,
      consentLedger: data.tables.tables.consentLedger,
      lakeBucket: this.lake.bucket,
      lakeKey: data.keys.analytics,
      dataKey: data.keys.data,
      logRetention,
    });
    this.afterCall = new AfterCall(this, 'AfterCall', {
      instance: contactCenter.contactCenter.instance,
      bot: contactCenter.orderBot.bot,
      botLocaleIds: config.locales.map((l) => LEX_LOCALE_ID_BY_LOCALE[l]),
      consentLedger: data.tables.tables.consentLedger,
      turns: data.tables.tables.turns,
      lakeBucket: this.lake.bucket,
      lakeKey: data.keys.analytics,
      dataKey: data.keys.data,
      logRetention,
    });
    this.transcription = new Transcription(this, 'Transcription', {
      stagingBucket: data.staging.bucket,
      vaultBucket: data.vault.bucket,
      originalsBucket: data.originals?.bucket,
      recordingsPrefix: data.vault.recordingsPrefix,
      stage: config.stage,
      turns: data.tables.tables.turns,
      recordingsKey: data.keys.recordings,
      transcribeAccessRole: data.staging.transcribeAccessRole,
      consentLedger: data.tables.tables.consentLedger,
      dataKey: data.keys.data,
      lakeBucket: this.lake.bucket,
      lakeKey: data.keys.analytics,
      accessLogBucket: data.accessLogs.bucket,
      logRetention,
    });
  }
}
