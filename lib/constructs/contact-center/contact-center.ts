import { type CfnResource, CustomResource, Fn, Stack } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONNECT_INSTANCE_ENV } from '../../../lambdas/contracts/env/names';
import { acknowledgeWildcards } from '../compliance/acknowledge';

/** Props of {@link ContactCenter}. */
export interface ContactCenterProps {
  /** Globally unique instance alias. */
  readonly instanceAlias: string;
  /** Staging bucket that receives call recordings (the pipeline redacts them into the vault). */
  readonly recordingBucket: s3.IBucket;
  /** Key that encrypts recordings. */
  readonly recordingKey: kms.IKey;
  /** Prefix under which recordings are written. @default 'connect/' */
  readonly recordingPrefix?: string;
  /** ISO 3166-1 alpha-2 country of the claimed number. */
  readonly phoneCountryCode: string;
  /** Phone number type, e.g. DID or TOLL_FREE. */
  readonly phoneNumberType: string;
  /** IANA time zone of the agents' opening hours. @default 'Asia/Shanghai' */
  readonly timeZone?: string;
}

/** One weekday's opening hours. */
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const;

/**
 * The Amazon Connect side of phone-robot: an instance with inbound and outbound calls and flow
 * logs, call recordings stored in the staging bucket with the recordings key, agent opening hours, one
 * queue for transfers, one for out-of-hours callbacks (which dials them from the claimed number),
 * and a claimed phone number routed to the inbound flow.
 *
 * Flows are validated when published, so {@link addFlow} makes each flow depend on the
 * integration associations it references.
 */
export class ContactCenter extends Construct {
  /** The instance. */
  readonly instance: connect.CfnInstance;
  /** Opening hours for human agents. */
  readonly hours: connect.CfnHoursOfOperation;
  /** Queue for transfers to a human. */
  readonly queue: connect.CfnQueue;
  /** Queue for out-of-hours callbacks (dials out from the claimed number). */
  readonly callbackQueue: connect.CfnQueue;
  /** The claimed phone number. */
  readonly phoneNumber: connect.CfnPhoneNumber;
  /** Where recordings go. */
  readonly recordingStorage: connect.CfnInstanceStorageConfig;
  private readonly associations: CfnResource[] = [];

  constructor(scope: Construct, id: string, props: ContactCenterProps) {
    super(scope, id);
    this.instance = new connect.CfnInstance(this, 'Instance', {
      identityManagementType: 'CONNECT_MANAGED',
      instanceAlias: props.instanceAlias,
      attributes: {
        inboundCalls: true,
        outboundCalls: true,
        contactflowLogs: true,
        contactLens: false,
        autoResolveBestVoices: true,
        earlyMedia: true,
      },
    });
    this.recordingStorage = new connect.CfnInstanceStorageConfig(this, 'RecordingStorage', {
      instanceArn: this.instance.attrArn,
      resourceType: 'CALL_RECORDINGS',
      storageType: 'S3',
      s3Config: {
        bucketName: props.recordingBucket.bucketName,
        bucketPrefix: (props.recordingPrefix ?? 'connect/').replace(/\/$/, ''),
        encryptionConfig: { encryptionType: 'KMS', keyId: props.recordingKey.keyArn },
      },
    });
    this.hours = new connect.CfnHoursOfOperation(this, 'AgentHours', {
      instanceArn: this.instance.attrArn,
      name: 'phone-robot agents',
      description: 'When human agents take transfers from the robot',
      timeZone: props.timeZone ?? 'Asia/Shanghai',
      config: WEEKDAYS.map((day) => ({
        day,
        startTime: { hours: 9, minutes: 0 },
        endTime: { hours: 18, minutes: 0 },
      })),
    });
    this.phoneNumber = new connect.CfnPhoneNumber(this, 'PhoneNumber', {
      targetArn: this.instance.attrArn,
      countryCode: props.phoneCountryCode,
      type: props.phoneNumberType,
      description: 'phone-robot inbound number',
    });
    this.queue = new connect.CfnQueue(this, 'AgentQueue', {
      instanceArn: this.instance.attrArn,
      name: 'phone-robot agents',
      description: 'Callers who asked the robot for a human',
      hoursOfOperationArn: this.hours.attrHoursOfOperationArn,
      maxContacts: 50,
    });
    this.callbackQueue = new connect.CfnQueue(this, 'CallbackQueue', {
      instanceArn: this.instance.attrArn,
      name: 'phone-robot callbacks',
      description:
        'Out-of-hours callbacks the robot booked: an agent accepts one, then Connect dials the caller',
      hoursOfOperationArn: this.hours.attrHoursOfOperationArn,
      // Apart from the agent queue: callbacks booked over a weekend wait here and never make the
      // agent queue full for Monday's live transfers.
      maxContacts: 500,
      // Callbacks dial out from this queue, so it needs a caller ID: the number callers dialled,
      // so a callback shows the number they know. The ARN without `instance` in its path, as
      // CloudFormation returns it for a claimed number.
      outboundCallerConfig: { outboundCallerIdNumberArn: this.phoneNumber.attrPhoneNumberArn },
    });
  }

  /** Lets flows of this instance invoke `fn` (integration association). */
  associateFunction(id: string, fn: lambda.IFunction): connect.CfnIntegrationAssociation {
    const association = new connect.CfnIntegrationAssociation(this, id, {
      instanceId: this.instance.attrArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: fn.functionArn,
    });
    this.associations.push(association);
    return association;
  }

  /**
   * Lets `fn` suspend and resume recording of this instance's contacts (and nothing else), and
   * tells it the instance id.
   */
  grantRecordingControl(fn: lambda.Function): void {
    fn.addEnvironment(CONNECT_INSTANCE_ENV, this.instance.attrId);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        // Connect has no CDK grant for recording control; contacts have no ARN before they exist.
        actions: [
          'connect:SuspendContactRecording',
          'connect:ResumeContactRecording',
          // A withdrawal of consent stops the recording for good.
          'connect:StopContactRecording',
        ],
        resources: [`${this.instance.attrArn}/contact/*`],
      }),
    );
    if (!fn.role) throw new Error(`function ${fn.node.path} has no role for recording control`);
    acknowledgeWildcards(
      fn.role,
      [`Resource::<${Stack.of(this).getLogicalId(this.instance)}.Arn>/contact/*`],
      'Contacts are created per call and have no ARN at deploy time; the wildcard is limited to contacts of this instance.',
    );
  }

  /**
   * Lets `fn` read contacts of this instance (DescribeContact), nothing else: the bot's code hook
   * reads the calling number of a caller who agreed to delivery calls on it.
   */
  grantDescribeContact(fn: lambda.Function): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:DescribeContact'],
        resources: [`${this.instance.attrArn}/contact/*`],
      }),
    );
    if (!fn.role) throw new Error(`function ${fn.node.path} has no role to read contacts`);
    acknowledgeWildcards(
      fn.role,
      [`Resource::<${Stack.of(this).getLogicalId(this.instance)}.Arn>/contact/*`],
      'Contacts are created per call and have no ARN at deploy time; the grant is DescribeContact alone, on contacts of this instance.',
    );
  }

  /** Lets flows of this instance hand callers to a Lex V2 bot alias. */
  associateBot(id: string, botAliasArn: string): connect.CfnIntegrationAssociation {
    const association = new connect.CfnIntegrationAssociation(this, id, {
      instanceId: this.instance.attrArn,
      integrationType: 'LEX_BOT',
      integrationArn: botAliasArn,
    });
    this.associations.push(association);
    return association;
  }

  /**
   * Publishes a contact flow. It depends on every integration association made so far,
   * because Connect validates the ARNs inside the content when the flow is published.
   */
  addFlow(id: string, props: { name: string; description: string; content: string }): connect.CfnContactFlow {
    const flow = new connect.CfnContactFlow(this, id, {
      instanceArn: this.instance.attrArn,
      name: props.name,
      description: props.description,
      type: 'CONTACT_FLOW',
      state: 'ACTIVE',
      content: props.content,
    });
    for (const a of this.associations) flow.addResourceDependency(a);
    flow.addResourceDependency(this.recordingStorage);
    return flow;
  }

  /**
   * Routes the claimed number to `flow`. CloudFormation has no resource for this, so a custom
   * resource served by `hooks` calls AssociatePhoneNumberContactFlow (and
   * DisassociatePhoneNumberContactFlow on delete).
   */
  routeNumberTo(flow: connect.CfnContactFlow, hooks: lambda.IFunction): CustomResource {
    // arn:aws:connect:<region>:<account>:instance/<instanceId>/contact-flow/<flowId>
    const contactFlowId = Fn.select(3, Fn.split('/', flow.attrContactFlowArn));
    hooks.addToRolePolicy(
      new iam.PolicyStatement({
        // Connect has no CDK grant for phone-number routing; these two actions on these resources only.
        actions: ['connect:AssociatePhoneNumberContactFlow', 'connect:DisassociatePhoneNumberContactFlow'],
        resources: [this.phoneNumber.attrPhoneNumberArn, flow.attrContactFlowArn, this.instance.attrArn],
      }),
    );
    const route = new CustomResource(this, 'RouteNumberToInboundFlow', {
      serviceToken: hooks.functionArn,
      resourceType: 'Custom::PhoneNumberRoute',
      properties: {
        PhoneNumberId: this.phoneNumber.attrPhoneNumberArn,
        InstanceId: this.instance.attrId,
        ContactFlowId: contactFlowId,
      },
    });
    return route;
  }
}
