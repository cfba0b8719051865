import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { EnvContract, EnvSpec } from '../../../lambdas/contracts/env/define';
import {
  acknowledgeGrantPolicy,
  acknowledgeRule,
  acknowledgeWildcardResourceIfOnly,
  NagPack,
} from '../compliance/acknowledge';
import { bundleFunction } from './bundling';

/** How a function is invoked; decides which cdk-nag findings do not apply. */
export enum InvocationMode {
  /** Amazon Connect or Lex call it and wait: the caller is on the line. */
  SYNCHRONOUS = 'SYNCHRONOUS',
  /** CloudFormation custom resources and other request/response integrations. */
  REQUEST_RESPONSE = 'REQUEST_RESPONSE',
  /** EventBridge or S3 events, invoked asynchronously; failures go to an on-failure destination. */
  ASYNC_EVENT = 'ASYNC_EVENT',
  /** A stream event source mapping; failed batches go to the mapping's on-failure destination. */
  STREAM = 'STREAM',
  /** An SQS event source mapping; failed messages return to the queue, then go to its dead-letter queue. */
  QUEUE = 'QUEUE',
}

/** Why a function needs no DLQ of its own, by invocation mode. */
const NO_DLQ_REASON: Record<InvocationMode, string> = {
  [InvocationMode.SYNCHRONOUS]:
    'Invoked synchronously by Amazon Connect or Lex while a caller waits: the invoker receives the error and ' +
    'retries or apologises; a DLQ only catches asynchronous events.',
  [InvocationMode.REQUEST_RESPONSE]:
    'Invoked request/response by CloudFormation or Firehose: the invoker receives the error and fails the ' +
    'operation or retries the record; a DLQ only catches asynchronous events.',
  [InvocationMode.ASYNC_EVENT]:
    'Asynchronous failures go to an SQS on-failure destination (configureAsyncInvoke), which keeps the event and ' +
    'the error; a DLQ would keep only the event.',
  [InvocationMode.STREAM]:
    'Stream-sourced: failed batches go to the event source mapping SQS on-failure destination; a function DLQ ' +
    'never receives stream records.',
  [InvocationMode.QUEUE]:
    'Queue-sourced: a failed message returns to its SQS queue and, after the redrive limit, moves to that ' +
    "queue's dead-letter queue; a function DLQ never receives queue messages.",
};

/** Variables the construct sets on every function, outside any function's contract. */
const BASE_ENVIRONMENT = [
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_LOG_LEVEL',
  'NODE_OPTIONS',
];

/** Props of {@link PhoneRobotFunction}. */
export interface PhoneRobotFunctionProps<S extends EnvSpec> {
  /**
   * The function's environment contract (`lambdas/contracts/env/<function>.ts`); its
   * `functionName` is the folder under `lambdas/` holding `index.ts`.
   */
  readonly env: EnvContract<S>;
  /**
   * Values of the contract's settings that come from configuration. Settings backed by a
   * resource (tables, buckets, secrets) are set by that construct's intent method instead.
   * @default none
   */
  readonly settings?: { readonly [K in keyof S]?: string };
  /** What the function does, shown in the console. */
  readonly description: string;
  /** Key that encrypts the log group and environment variables. */
  readonly encryptionKey: kms.IKey;
  /** Days the log group keeps logs. */
  readonly logRetention: logs.RetentionDays;
  /** Powertools service name. */
  readonly serviceName: string;
  /** @default 256 */
  readonly memorySize?: number;
  /** Connect waits at most 8 s for a Lambda; Lex code hooks about 30 s. @default 6 seconds */
  readonly timeout?: Duration;
  /** @default InvocationMode.SYNCHRONOUS */
  readonly invocationMode?: InvocationMode;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * A fixed name for the function's role, for bucket policies in another stack that must name it
   * (lib/constructs/transcription/pipeline-roles.ts). @default a generated name
   */
  readonly roleName?: string;
}

/**
 * The one place Lambda defaults live (house style 6): Node.js 24 on ARM64, X-Ray tracing, a
 * KMS-encrypted log group with retention, minified ESM bundles with source maps built by the
 * local esbuild (no Docker), and the Powertools environment.
 */
export class PhoneRobotFunction<S extends EnvSpec = EnvSpec> extends Construct {
  /** The function. */
  readonly fn: lambda.Function;
  /** Its log group. */
  readonly logGroup: logs.LogGroup;
  /** The environment contract the function parses at cold start. */
  readonly env: EnvContract<S>;

  constructor(scope: Construct, id: string, props: PhoneRobotFunctionProps<S>) {
    super(scope, id);
    this.env = props.env;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.encryptionKey,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
    const role = new iam.Role(this, 'Role', {
      description: `Runtime role of ${props.serviceName}`,
      ...(props.roleName ? { roleName: props.roleName } : {}),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup.grantWrite(role);
    this.fn = new lambda.Function(this, 'Function', {
      role,
      code: lambda.Code.fromAsset(bundleFunction(props.env.functionName)),
      handler: 'index.handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(6),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environmentEncryption: props.encryptionKey,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'PhoneRobot',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    for (const [setting, value] of Object.entries(props.settings ?? {})) {
      if (value !== undefined) this.setEnv(setting as keyof S & string, value as string);
    }
    // Checked at synth, after every construct had its say: a contract variable no intent method
    // set would only fail at the function's first cold start, in production.
    this.node.addValidation({ validate: () => this.environmentProblems() });
    this.acknowledgeFindings(props.invocationMode ?? InvocationMode.SYNCHRONOUS, role);
  }

  /** Sets one setting of the function's contract from a configuration value. */
  setEnv(setting: keyof S & string, value: string): void {
    const name = this.env.variables[setting];
    if (name === undefined)
      throw new Error(`the ${this.env.functionName} contract has no setting "${setting}"`);
    this.fn.addEnvironment(name, value);
  }

  /** Variables the contract requires but nobody set, and variables outside the contract. */
  private environmentProblems(): string[] {
    const cfn = this.fn.node.defaultChild as lambda.CfnFunction;
    const resolved = Stack.of(this).resolve(cfn.environment) as
      | { variables?: Record<string, unknown> }
      | undefined;
    const set = Object.keys(resolved?.variables ?? {});
    const declared = new Set<string>([...Object.values(this.env.variables), ...BASE_ENVIRONMENT]);
    const fn = this.env.functionName;
    return [
      ...this.env.required
        .filter((name) => !set.includes(name))
        .map(
          (name) =>
            `environment variable ${name} of the ${fn} contract is not set; bind the resource that provides it`,
        ),
      ...set
        .filter((name) => !declared.has(name))
        .map(
          (name) =>
            `environment variable ${name} is not in the ${fn} contract (lambdas/contracts/env/${fn}.ts)`,
        ),
    ];
  }

  private acknowledgeFindings(mode: InvocationMode, role: iam.Role): void {
    const resource = this.fn.node.defaultChild as lambda.CfnFunction;
    acknowledgeRule(resource, 'LambdaDLQ', NO_DLQ_REASON[mode], [
      NagPack.HIPAA,
      NagPack.NIST_800_53_R5,
      NagPack.PCI_DSS_321,
      NagPack.SERVERLESS,
    ]);
    acknowledgeRule(
      resource,
      'LambdaInsideVPC',
      'Calls only AWS APIs (DynamoDB, Secrets Manager, Connect) over TLS with IAM auth and reaches no private ' +
        'network resource; a VPC would add NAT or endpoint cost and cold-start time without narrowing access.',
    );
    acknowledgeRule(
      resource,
      'LambdaConcurrency',
      mode === InvocationMode.SYNCHRONOUS
        ? 'Invoked while a caller waits: a reserved-concurrency cap would turn call peaks into throttles heard by ' +
            'callers; the account limit and throttle alarms bound it instead.'
        : 'Load follows call volume, which the account concurrency limit and throttle alarms already bound; a ' +
            'reserved cap would only delay retries.',
    );
    if (
      mode === InvocationMode.SYNCHRONOUS ||
      mode === InvocationMode.REQUEST_RESPONSE ||
      mode === InvocationMode.QUEUE
    ) {
      acknowledgeRule(
        resource,
        'LambdaAsyncFailureDestination',
        mode === InvocationMode.QUEUE
          ? 'Invoked only by its SQS event source mapping, which waits for the answer; failed messages go to the ' +
              "queue's dead-letter queue, so there is no asynchronous failure for a destination to receive."
          : 'Never invoked asynchronously (its invoker waits for the answer), so there is no asynchronous failure for ' +
              'a destination to receive.',
        [NagPack.SERVERLESS],
      );
    }
    acknowledgeGrantPolicy(role);
    acknowledgeWildcardResourceIfOnly(
      role,
      [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        // The DynamoDB event source mapping's grant; ListStreams has no resource-level permission.
        ...(mode === InvocationMode.STREAM ? ['dynamodb:ListStreams'] : []),
      ],
      mode === InvocationMode.STREAM
        ? 'X-Ray PutTraceSegments/PutTelemetryRecords and dynamodb:ListStreams (the stream mapping) support no resource-level permissions.'
        : 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
    );
  }

  /** Shorthand for the function's ARN. */
  get functionArn(): string {
    return this.fn.functionArn;
  }
}
