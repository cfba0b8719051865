import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CTR_TRANSFORM_ENV } from '../../../lambdas/contracts/env/ctr-transform';
import {
  acknowledgeGrantPolicy,
  acknowledgeRule,
  acknowledgeWildcards,
  KEY_GRANT_REASON,
  NagPack,
} from '../compliance/acknowledge';
import { InvocationMode, PhoneRobotFunction } from '../function/phone-robot-function';
import type { BoundSecret } from '../secrets/bound-secret';

/** Props of {@link CtrDelivery}. */
export interface CtrDeliveryProps {
  /** The Connect instance whose contact records are streamed. */
  readonly instance: connect.CfnInstance;
  /** The lake bucket. */
  readonly lakeBucket: s3.IBucket;
  /** The analytics key (stream, lake objects). */
  readonly lakeKey: kms.IKey;
  /** The caller-HMAC secret: the transformation replaces numbers by their HMAC. */
  readonly callerHmacKey: BoundSecret;
  /** Key of log groups. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Contact trace records into the lake: Connect streams CTRs to a KMS-encrypted Kinesis stream
 * (the instance storage config lives here, so the contact-center stack needs no change); Firehose
 * reads it, a transformation Lambda maps each CTR to the lake row (number -> HMAC, whitelist of
 * fields) and names its `dt` partition from the record's InitiationTimestamp (dynamic
 * partitioning), and writes `ctr/dt=YYYY-MM-DD/` objects under the analytics key.
 */
export class CtrDelivery extends Construct {
  readonly stream: kinesis.Stream;
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly transformFunction: PhoneRobotFunction;
  readonly storageConfig: connect.CfnInstanceStorageConfig;

  constructor(scope: Construct, id: string, props: CtrDeliveryProps) {
    super(scope, id);
    this.stream = new kinesis.Stream(this, 'Stream', {
      streamMode: kinesis.StreamMode.ON_DEMAND,
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: props.lakeKey,
      retentionPeriod: Duration.hours(24),
    });
    this.storageConfig = new connect.CfnInstanceStorageConfig(this, 'CtrStorage', {
      instanceArn: props.instance.attrArn,
      resourceType: 'CONTACT_TRACE_RECORDS',
      storageType: 'KINESIS_STREAM',
      kinesisStreamConfig: { streamArn: this.stream.streamArn },
    });

    this.transformFunction = new PhoneRobotFunction(this, 'TransformFunction', {
      env: CTR_TRANSFORM_ENV,
      description:
        'Firehose transformation: contact record -> lake row (caller number -> HMAC) + dt partition',
      serviceName: 'ctr-transform',
      encryptionKey: props.logKey,
      logRetention: props.logRetention,
      logRemovalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      timeout: Duration.seconds(60),
      invocationMode: InvocationMode.REQUEST_RESPONSE,
    });
    const fn = this.transformFunction.fn;
    props.callerHmacKey.bind(fn);

    const logGroup = new logs.LogGroup(this, 'DeliveryLogs', {
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const logStream = logGroup.addStream('S3Delivery');

    const role = new iam.Role(this, 'DeliveryRole', {
      description: 'Firehose: read the CTR stream, transform, write the lake',
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
    });
    this.stream.grantRead(role);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          's3:PutObject',
          's3:AbortMultipartUpload',
          's3:GetBucketLocation',
          's3:ListBucket',
          's3:ListBucketMultipartUploads',
        ],
        resources: [
          props.lakeBucket.bucketArn,
          props.lakeBucket.arnForObjects('ctr/*'),
          props.lakeBucket.arnForObjects('errors/ctr/*'),
        ],
      }),
    );
    props.lakeKey.grantEncryptDecrypt(role);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
        resources: [fn.functionArn],
      }),
    );
    logGroup.grantWrite(role);

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: this.stream.streamArn, roleArn: role.roleArn },
      extendedS3DestinationConfiguration: {
        bucketArn: props.lakeBucket.bucketArn,
        roleArn: role.roleArn,
        prefix: 'ctr/dt=!{partitionKeyFromLambda:dt}/',
        errorOutputPrefix: 'errors/ctr/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/',
        // Dynamic partitioning needs at least 64 MiB buffers; the interval bounds the delay.
        bufferingHints: { sizeInMBs: 64, intervalInSeconds: 300 },
        compressionFormat: 'GZIP',
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: props.lakeKey.keyArn } },
        dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'Lambda',
              parameters: [
                { parameterName: 'LambdaArn', parameterValue: fn.functionArn },
                { parameterName: 'BufferSizeInMBs', parameterValue: '1' },
                { parameterName: 'BufferIntervalInSeconds', parameterValue: '60' },
                { parameterName: 'NumberOfRetries', parameterValue: '3' },
              ],
            },
          ],
        },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: logGroup.logGroupName,
          logStreamName: logStream.logStreamName,
        },
      },
    });
    acknowledgeGrantPolicy(role);
    acknowledgeWildcards(role, ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'], KEY_GRANT_REASON);
    const lake = Stack.of(this).getLogicalId(props.lakeBucket.node.defaultChild as s3.CfnBucket);
    acknowledgeWildcards(
      role,
      [`Resource::<${lake}.Arn>/ctr/*`, `Resource::<${lake}.Arn>/errors/ctr/*`],
      'Firehose names objects per partition and batch; the grant is under ctr/ and errors/ctr/ of the lake only.',
    );
    acknowledgeRule(
      this.stream.node.defaultChild as kinesis.CfnStream,
      'KDS3',
      'Encrypted with the customer-managed analytics key (rotation, own key policy) instead of the aws/kinesis key on purpose.',
      [NagPack.AWS_SOLUTIONS],
    );
    // Firehose validates the role when the stream is created.
    this.deliveryStream.node.addDependency(role);
    acknowledgeRule(
      this.deliveryStream,
      'KDF1',
      'A Kinesis-sourced delivery stream cannot enable server-side encryption; the source stream is KMS-encrypted ' +
        'with the analytics key and the objects are written with it (kmsEncryptionConfig).',
      [NagPack.AWS_SOLUTIONS],
    );
  }
}
