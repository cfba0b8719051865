import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LAKE_TABLES, type LakeTable } from '../../../lambdas/contracts/lake';
import { acknowledgeRule, NO_REPLICATION_REASON } from '../compliance/acknowledge';
import { secureBucketProps } from '../compliance/secure-bucket';
import { loadNamedQueries, type NamedQuery } from './queries';
import {
  CLOUDTRAIL_COLUMNS,
  CLOUDTRAIL_TABLE,
  type Column,
  glueType,
  LAKE_COLUMNS,
  PARTITION_COLUMN,
} from './schema';

/** Props of {@link AnalyticsLake}. */
export interface AnalyticsLakeProps {
  /** The analytics key: lake objects, Athena results. */
  readonly encryptionKey: kms.IKey;
  /** Destination of the buckets' server access logs. */
  readonly accessLogBucket: s3.IBucket;
  /** Days lake objects are kept (minimisation, COMPLIANCE C5). */
  readonly retentionDays: number;
  /** Glue database name (lower-case, underscores), e.g. `phone_robot_dev`. */
  readonly databaseName: string;
  /** Athena workgroup name. */
  readonly workGroupName: string;
  /** The CloudTrail trail's bucket, for the recording-access audit table. @default no CloudTrail table */
  readonly cloudTrailBucket?: s3.IBucket;
  /** First date the `dt` projection covers (`YYYY-MM-DD`). @default '2026-01-01' */
  readonly projectionStartDate?: string;
  /** Largest number of bytes one query may scan. @default 10 GiB */
  readonly bytesScannedCutoffPerQuery?: number;
  /** Days Athena results are kept. @default 30 */
  readonly resultRetentionDays?: number;
  /** Named queries to deploy. @default every `analytics/queries/*.sql` */
  readonly queries?: readonly NamedQuery[];
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Where the workgroup writes query results in the results bucket. */
const RESULTS_PREFIX = 'athena/';

/** Hive's JSON SerDe as Athena documents it; matches JSON keys to columns case-insensitively. */
const JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';
const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

const glueColumns = (columns: readonly Column[]): glue.CfnTable.ColumnProperty[] =>
  columns.map((c) => ({ name: c.name.toLowerCase(), type: glueType(c.type) }));

/**
 * The analytics lake (COMPLIANCE C4, C5, C10): a KMS-encrypted bucket without Object Lock in the
 * layout of lambdas/contracts/lake.ts, Glue tables with partition projection (no crawler, no
 * MSCK REPAIR), an Athena workgroup that enforces its encrypted result location and a
 * bytes-scanned limit, and the named queries of `analytics/queries`.
 */
export class AnalyticsLake extends Construct {
  /** The lake bucket (`<table>/dt=YYYY-MM-DD/...`). */
  readonly bucket: s3.Bucket;
  /** Athena query results (SSE-KMS). */
  readonly resultsBucket: s3.Bucket;
  /** The Glue database. */
  readonly database: glue.CfnDatabase;
  /** Glue tables by lake table (plus `cloudtrail_logs` when a trail bucket was given). */
  readonly tables: Readonly<Record<string, glue.CfnTable>>;
  /** The Athena workgroup. */
  readonly workGroup: athena.CfnWorkGroup;
  /** Named queries by name. */
  readonly namedQueries: Readonly<Record<string, athena.CfnNamedQuery>>;
  /** The analytics key. */
  readonly encryptionKey: kms.IKey;
  /** Glue database name. */
  readonly databaseName: string;
  /** The trail's bucket behind the CloudTrail table, when there is one. */
  private readonly cloudTrailBucket: s3.IBucket | undefined;

  constructor(scope: Construct, id: string, props: AnalyticsLakeProps) {
    super(scope, id);
    if (!/^[a-z0-9_]{1,255}$/.test(props.databaseName)) {
      throw new Error(
        `databaseName must be lower-case letters, digits and underscores, got ${props.databaseName}`,
      );
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.encryptionKey = props.encryptionKey;
    this.databaseName = props.databaseName;
    this.cloudTrailBucket = props.cloudTrailBucket;
    const bucket = (bucketId: string, logPrefix: string, expirationDays: number) => {
      const b = new s3.Bucket(this, bucketId, {
        ...secureBucketProps({
          encryptionKey: props.encryptionKey,
          accessLogBucket: props.accessLogBucket,
          accessLogPrefix: logPrefix,
        }),
        removalPolicy,
        lifecycleRules: [
          {
            id: 'expire',
            expiration: Duration.days(expirationDays),
            // A deleted or overwritten object is gone for good a week later (minimisation).
            noncurrentVersionExpiration: Duration.days(7),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
        ],
      });
      acknowledgeRule(
        b.node.defaultChild as s3.CfnBucket,
        'S3BucketReplicationEnabled',
        NO_REPLICATION_REASON,
      );
      return b;
    };
    this.bucket = bucket('LakeBucket', 'analytics-lake/', props.retentionDays);
    this.resultsBucket = bucket('ResultsBucket', 'athena-results/', props.resultRetentionDays ?? 30);

    const { account } = Stack.of(this);
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: account,
      databaseInput: {
        name: props.databaseName,
        description: 'phone-robot analytics lake: CTRs, consents, orders, redacted transcripts',
      },
    });

    const start = props.projectionStartDate ?? '2026-01-01';
    const tables: Record<string, glue.CfnTable> = {};
    for (const table of LAKE_TABLES) tables[table] = this.lakeTable(table, start);
    if (props.cloudTrailBucket)
      tables[CLOUDTRAIL_TABLE] = this.cloudTrailTable(props.cloudTrailBucket, start);
    this.tables = tables;

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workGroupName,
      description: 'phone-robot analysts: encrypted results, scan limit, settings enforced',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        // Clients cannot override the result location, encryption or the limit.
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 10 * 1024 ** 3,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: this.resultsBucket.s3UrlForObject(RESULTS_PREFIX),
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.encryptionKey.keyArn },
          expectedBucketOwner: account,
        },
      },
    });

    const queries: Record<string, athena.CfnNamedQuery> = {};
    for (const q of props.queries ?? loadNamedQueries()) {
      const named = new athena.CfnNamedQuery(this, `Query-${q.name}`, {
        name: q.name,
        description: q.description,
        database: props.databaseName,
        workGroup: this.workGroup.ref,
        queryString: q.sql,
      });
      named.addResourceDependency(this.database);
      queries[q.name] = named;
    }
    this.namedQueries = queries;
  }

  /**
   * Lets `grantee` run queries over the CloudTrail table in the workgroup and read their results,
   * and nothing else of the lake: Athena on this workgroup (read a named query, start, poll, read,
   * stop); Glue on the catalog, the database and the CloudTrail table; the trail's log files of
   * this account (read, decrypt); and the workgroup's result prefix (Athena writes and reads
   * results with the caller's credentials, under the analytics key).
   *
   * @throws when the lake was built without a trail bucket (there is no CloudTrail table)
   */
  grantCloudTrailQuery(grantee: iam.IGrantable): iam.Grant {
    const trail = this.cloudTrailBucket;
    if (!trail) throw new Error('the lake has no CloudTrail table; fix: pass cloudTrailBucket');
    const stack = Stack.of(this);
    const { account } = stack;
    const arn = (service: string, resource: string, resourceName?: string) =>
      stack.formatArn({ service, resource, ...(resourceName ? { resourceName } : {}) });
    const allow = (
      actions: string[],
      resourceArns: string[],
      conditions?: Record<string, Record<string, unknown>>,
    ) => iam.Grant.addToPrincipal({ grantee, actions, resourceArns, ...(conditions ? { conditions } : {}) });
    const trailPrefix = `AWSLogs/${account}/CloudTrail/`;
    const grants = [
      allow(
        [
          'athena:GetNamedQuery',
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        [arn('athena', 'workgroup', this.workGroup.ref)],
      ),
      allow(
        ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
        [
          arn('glue', 'catalog'),
          arn('glue', 'database', this.databaseName),
          arn('glue', 'table', `${this.databaseName}/${CLOUDTRAIL_TABLE}`),
        ],
      ),
      allow(['s3:GetBucketLocation'], [trail.bucketArn, this.resultsBucket.bucketArn]),
      allow(['s3:ListBucket'], [trail.bucketArn], { StringLike: { 's3:prefix': [`${trailPrefix}*`] } }),
      allow(['s3:GetObject'], [trail.arnForObjects(`${trailPrefix}*`)]),
      allow(['s3:ListBucket', 's3:ListBucketMultipartUploads'], [this.resultsBucket.bucketArn], {
        StringLike: { 's3:prefix': [`${RESULTS_PREFIX}*`] },
      }),
      allow(
        ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        [this.resultsBucket.arnForObjects(`${RESULTS_PREFIX}*`)],
      ),
      allow(['kms:Decrypt', 'kms:GenerateDataKey'], [this.encryptionKey.keyArn]),
    ];
    if (trail.encryptionKey) grants.push(allow(['kms:Decrypt'], [trail.encryptionKey.keyArn]));
    return grants.reduce((all, g) => all.combine(g));
  }

  private lakeTable(table: LakeTable, start: string): glue.CfnTable {
    const location = this.bucket.s3UrlForObject(`${table}/`);
    const t = new glue.CfnTable(this, `Table-${table}`, {
      catalogId: Stack.of(this).account,
      databaseName: this.databaseName,
      tableInput: {
        name: table,
        description: `phone-robot lake: ${table} (layout: lambdas/contracts/lake.ts)`,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [{ name: PARTITION_COLUMN, type: 'string' }],
        parameters: {
          classification: 'json',
          has_encrypted_data: 'true',
          'projection.enabled': 'true',
          [`projection.${PARTITION_COLUMN}.type`]: 'date',
          [`projection.${PARTITION_COLUMN}.format`]: 'yyyy-MM-dd',
          [`projection.${PARTITION_COLUMN}.range`]: `${start},NOW`,
          [`projection.${PARTITION_COLUMN}.interval`]: '1',
          [`projection.${PARTITION_COLUMN}.interval.unit`]: 'DAYS',
          'storage.location.template': `${location}${PARTITION_COLUMN}=\${${PARTITION_COLUMN}}/`,
        },
        storageDescriptor: {
          location,
          columns: glueColumns(LAKE_COLUMNS[table]),
          inputFormat: TEXT_INPUT,
          outputFormat: TEXT_OUTPUT,
          serdeInfo: {
            serializationLibrary: JSON_SERDE,
            // A malformed line fails the query instead of silently becoming NULLs.
            parameters: { 'ignore.malformed.json': 'false', 'case.insensitive': 'true' },
          },
        },
      },
    });
    t.addResourceDependency(this.database);
    return t;
  }

  private cloudTrailTable(trailBucket: s3.IBucket, start: string): glue.CfnTable {
    const { account, region } = Stack.of(this);
    const location = trailBucket.s3UrlForObject(`AWSLogs/${account}/CloudTrail/`);
    const t = new glue.CfnTable(this, 'Table-cloudtrail', {
      catalogId: account,
      databaseName: this.databaseName,
      tableInput: {
        name: CLOUDTRAIL_TABLE,
        description: 'CloudTrail of phone-robot (S3 data events on the recording vault, KMS)',
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: [
          { name: 'region', type: 'string' },
          { name: 'timestamp', type: 'string' },
        ],
        parameters: {
          classification: 'cloudtrail',
          'projection.enabled': 'true',
          // The vault's S3 data events are logged in the vault's region: this stack's region.
          'projection.region.type': 'enum',
          'projection.region.values': region,
          'projection.timestamp.type': 'date',
          'projection.timestamp.format': 'yyyy/MM/dd',
          'projection.timestamp.range': `${start.replaceAll('-', '/')},NOW`,
          'projection.timestamp.interval': '1',
          'projection.timestamp.interval.unit': 'DAYS',
          'storage.location.template': `${location}\${region}/\${timestamp}`,
        },
        storageDescriptor: {
          location,
          columns: glueColumns(CLOUDTRAIL_COLUMNS),
          inputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
          outputFormat: TEXT_OUTPUT,
          serdeInfo: { serializationLibrary: 'com.amazon.emr.hive.serde.CloudTrailSerde' },
        },
      },
    });
    t.addResourceDependency(this.database);
    return t;
  }
}
