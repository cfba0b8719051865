import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { faqAnswer } from '../../lambdas/contracts/faq';
import { timeZoneName } from '../../lambdas/contracts/locales';
import { parseConfig } from '../../lib/config';
import { flowValues, PLACEHOLDER_ARNS } from '../../lib/flows';
import { checkFlow } from '../../lib/flows/check';
import { findPlaceholders } from '../../lib/flows/placeholders';
import { type Synthesized, synth } from '../support/synth';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

describe('ContactCenterStack', () => {
  let s: Synthesized;
  let resources: Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  /** The inbound flow (the back-office task flow is the other ContactFlow). */
  const inboundFlows = () =>
    ofType('AWS::Connect::ContactFlow').filter(
      ([, r]) => r.Properties.Name === 'phone-robot inbound consent-first',
    );
  beforeAll(() => {
    s = synth({ stage: 'prod' }, { nag: false });
    resources = s.template('contactCenter').toJSON().Resources;
  });

  it('stores call recordings in the staging bucket (not the vault), encrypted with the recordings key', () => {
    const [[, storage] = []] = ofType('AWS::Connect::InstanceStorageConfig');
    expect(storage?.Properties).toMatchObject({
      ResourceType: 'CALL_RECORDINGS',
      StorageType: 'S3',
      S3Config: {
        BucketName: { 'Fn::ImportValue': expect.stringMatching(/RecordingStagingBucket/) },
        EncryptionConfig: {
          EncryptionType: 'KMS',
          KeyId: { 'Fn::ImportValue': expect.stringMatching(/KeysRecordingsKey/) },
        },
      },
    });
  });

  it("says the agents' hours that the hours of operation hold (the closed prompt and the FAQ)", () => {
    const [[, hours] = []] = ofType('AWS::Connect::HoursOfOperation');
    const config = hours?.Properties.Config as {
      Day: string;
      StartTime: { Hours: number };
      EndTime: { Hours: number };
    }[];
    expect(config.map((c) => `${c.Day} ${c.StartTime.Hours}-${c.EndTime.Hours}`)).toEqual(
      ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((d) => `${d} 9-18`),
    );
    expect(hours?.Properties.TimeZone).toBe('Asia/Shanghai');
    const closed = {
      'en-US': 'Monday to Friday, from 9 a.m. to 6 p.m. China Standard Time',
      'zh-CN': '周一至周五9:00至18:00（中国标准时间）',
    };
    const values = flowValues(parseConfig({}), PLACEHOLDER_ARNS);
    for (const locale of ['en-US', 'zh-CN'] as const) {
      expect(values.perLocale[locale]?.prompts.closed).toContain(closed[locale]);
      expect(values.perLocale[locale]?.prompts.closedCallback).toContain(closed[locale]);
      expect(
        faqAnswer('FaqOpeningHours', locale, { timeZoneName: timeZoneName('Asia/Shanghai', locale) }),
      ).toContain(closed[locale]);
    }
  });

  it('turns on inbound and outbound calls and flow logs', () => {
    s.template('contactCenter').hasResourceProperties('AWS::Connect::Instance', {
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: 'phone-robot-prod',
      Attributes: Match.objectLike({ InboundCalls: true, OutboundCalls: true, ContactflowLogs: true }),
    });
  });

  it('publishes an inbound flow with no placeholder left that passes the flow checker', () => {
    const [[, flow] = []] = inboundFlows();
    const content = s.stacks.contactCenter.inboundFlowContent;
    expect(findPlaceholders(JSON.parse(content))).toEqual([]);
    // The deployed Content is the rendered flow with CloudFormation references substituted.
    expect(JSON.stringify(flow?.Properties.Content)).not.toMatch(/<<[A-Z_]+>>/);
    // The Lambdas are matched by the exact ARN tokens the stack rendered into the flow.
    const cc = s.stacks.contactCenter;
    const result = checkFlow(JSON.parse(content), {
      consentFunctionArn: cc.consentFunction.fn.functionArn,
      recordingControlFunctionArn: cc.recordingControlFunction.fn.functionArn,
      paymentFunctionArn: cc.paymentFunction.fn.functionArn,
    });
    expect(result.violations).toEqual([]);
    // The survey blocks call the survey function by its ARN token.
    expect(content).toContain(`"LambdaFunctionARN":"${cc.surveyFunction.fn.functionArn}"`);
    expect(result.arns.consentFunctionArn).toBe(cc.consentFunction.fn.functionArn);
  });

  it('makes every flow depend on the Lambda and Lex integration associations it references', () => {
    const associations = ofType('AWS::Connect::IntegrationAssociation').map(([id]) => id);
    expect(associations).toHaveLength(5);
    expect(
      ofType('AWS::Connect::IntegrationAssociation')
        .map(([, r]) => r.Properties.IntegrationType)
        .sort(),
    ).toEqual(['LAMBDA_FUNCTION', 'LAMBDA_FUNCTION', 'LAMBDA_FUNCTION', 'LAMBDA_FUNCTION', 'LEX_BOT']);
    // The inbound flow references every one; the task flow references none (it only queues tasks).
    expect(inboundFlows()).toHaveLength(1);
    for (const [, flow] of inboundFlows()) {
      expect(flow.DependsOn).toEqual(expect.arrayContaining(associations));
    }
  });

  it('queues out-of-hours callbacks in a queue of their own, which dials them from the claimed number', () => {
    const [[numberId] = []] = ofType('AWS::Connect::PhoneNumber');
    const cc = s.stacks.contactCenter;
    const callbackQueueId = cc.getLogicalId(cc.contactCenter.callbackQueue);
    const callbackQueue = resources[callbackQueueId];
    // The ARN format without `instance` in its path, which OutboundCallerIdNumberArn requires.
    expect(callbackQueue?.Properties).toMatchObject({
      Name: 'phone-robot callbacks',
      OutboundCallerConfig: { OutboundCallerIdNumberArn: { 'Fn::GetAtt': [numberId, 'PhoneNumberArn'] } },
      HoursOfOperationArn: { 'Fn::GetAtt': [cc.getLogicalId(cc.contactCenter.hours), 'HoursOfOperationArn'] },
    });
    // The agent queue (transfers) and the back-office queue (tasks) dial nobody.
    const others = ofType('AWS::Connect::Queue').filter(([id]) => id !== callbackQueueId);
    expect(others).toHaveLength(2);
    expect(others.map(([, q]) => q.Properties.OutboundCallerConfig)).toEqual([undefined, undefined]);
    // Both CreateCallbackContact blocks name the callback queue; the transfers keep the agent queue.
    const flow = JSON.parse(cc.inboundFlowContent) as {
      Actions: { Type: string; Parameters: Record<string, string> }[];
    };
    const queueIds = (type: string) =>
      flow.Actions.filter((a) => a.Type === type).map((a) => a.Parameters.QueueId);
    expect(queueIds('CreateCallbackContact')).toEqual([
      cc.contactCenter.callbackQueue.attrQueueArn,
      cc.contactCenter.callbackQueue.attrQueueArn,
    ]);
    expect(new Set(queueIds('UpdateContactTargetQueue'))).toEqual(
      new Set([cc.contactCenter.queue.attrQueueArn]),
    );
  });

  it('routes the claimed number to the inbound flow with a custom resource', () => {
    const [[numberId] = []] = ofType('AWS::Connect::PhoneNumber');
    const [[flowId] = []] = inboundFlows();
    s.template('contactCenter').hasResourceProperties('AWS::Connect::PhoneNumber', {
      CountryCode: 'US',
      Type: 'DID',
    });
    const [[, route] = []] = ofType('Custom::PhoneNumberRoute');
    expect(route?.Properties).toMatchObject({
      PhoneNumberId: { 'Fn::GetAtt': [numberId, 'PhoneNumberArn'] },
      ContactFlowId: {
        'Fn::Select': [3, { 'Fn::Split': ['/', { 'Fn::GetAtt': [flowId, 'ContactFlowArn'] }] }],
      },
    });
  });

  it('lets the consent function add and read ledger items but never update or delete them', () => {
    const consentRole = ofType('AWS::IAM::Role').find(([, r]) =>
      String(r.Properties.Description).includes('consent'),
    );
    expect(consentRole).toBeDefined();
    const policies = ofType('AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === consentRole?.[0]),
    );
    const actions = policies.flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) =>
        Array.isArray(st.Action) ? st.Action : [st.Action],
      ),
    );
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem']));
    for (const forbidden of [
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:*',
    ]) {
      expect(actions).not.toContain(forbidden);
    }
  });

  it('gives the consent function the notice hashes and the HMAC secret, never a raw key', () => {
    const fn = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.Environment?.Variables?.NOTICES);
    const vars = fn?.[1].Properties.Environment.Variables;
    const notices = JSON.parse(vars.NOTICES);
    expect(Object.keys(notices).sort()).toEqual(['en-US', 'zh-CN']);
    for (const n of Object.values(notices) as { sha256: string }[])
      expect(n.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(vars.CALLER_HMAC_SECRET_ARN).toEqual({
      'Fn::ImportValue': expect.stringMatching(/CallerHmacKeySecret/),
    });
  });

  it('runs every function on Node.js 24, ARM64, traced, with an encrypted log group', () => {
    for (const [, fn] of ofType('AWS::Lambda::Function')) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
    for (const [, lg] of ofType('AWS::Logs::LogGroup')) {
      expect(lg.Properties.KmsKeyId).toBeDefined();
      expect(lg.Properties.RetentionInDays).toBe(365);
    }
  });

  it('publishes a new bot version whenever the definition changes and points the alias at it', () => {
    const [[versionId] = []] = ofType('AWS::Lex::BotVersion');
    expect(versionId).toMatch(/^OrderBotVersion[0-9a-f]{16}/);
    s.template('contactCenter').hasResourceProperties('AWS::Lex::BotAlias', {
      BotVersion: { 'Fn::GetAtt': [versionId, 'BotVersion'] },
    });
    const other = synth({ stage: 'prod', maxOrderQuantity: 5, locales: 'en-US' }, { nag: false });
    const [[otherVersion] = []] = Object.entries(
      other.template('contactCenter').toJSON().Resources as Record<string, Resource>,
    ).filter(([, r]) => r.Type === 'AWS::Lex::BotVersion');
    expect(otherVersion).not.toBe(versionId);
  });

  it('lets callers key numbers such as the order number on the keypad, ending with #', () => {
    const [[, bot] = []] = ofType('AWS::Lex::Bot');
    const slots = bot?.Properties.BotLocales.flatMap((l: any) =>
      l.Intents.flatMap((i: any) => i.Slots ?? []),
    );
    const orderNumber = slots.filter((x: any) => x.Name === 'OrderNumber');
    expect(orderNumber.length).toBeGreaterThan(0);
    for (const x of orderNumber) {
      const attempts = x.ValueElicitationSetting.PromptSpecification.PromptAttemptsSpecification;
      expect(attempts.Initial).toMatchObject({
        AllowedInputTypes: { AllowAudioInput: true, AllowDTMFInput: true },
        AudioAndDTMFInputSpecification: { DTMFSpecification: { EndCharacter: '#', DeletionCharacter: '*' } },
      });
    }
    // A product name is spoken, never keyed.
    const product = slots.find((x: any) => x.Name === 'Product');
    expect(product.ValueElicitationSetting.PromptSpecification.PromptAttemptsSpecification).toBeUndefined();
  });

  it('builds both bot locales with the fulfillment code hook', () => {
    const [[, bot] = []] = ofType('AWS::Lex::Bot');
    expect(bot?.Properties.BotLocales.map((l: { LocaleId: string }) => l.LocaleId).sort()).toEqual([
      'en_US',
      'zh_CN',
    ]);
    expect(bot?.Properties.DataPrivacy).toEqual({ ChildDirected: false });
    s.template('contactCenter').hasResourceProperties('AWS::Lex::BotAlias', {
      BotAliasLocaleSettings: Match.arrayWith([
        Match.objectLike({
          LocaleId: 'zh_CN',
          BotAliasLocaleSetting: Match.objectLike({ Enabled: true, CodeHookSpecification: Match.anyValue() }),
        }),
      ]),
    });
  });

  it('sends an answer to a confirmation that is neither yes nor no to the code hook, in every intent that confirms', () => {
    const [[, bot] = []] = ofType('AWS::Lex::Bot');
    for (const locale of bot?.Properties.BotLocales ?? []) {
      const confirming = (locale.Intents as Record<string, any>[]).filter((i) => i.IntentConfirmationSetting);
      expect(confirming.map((i) => i.Name).sort()).toEqual(['CancelOrder', 'PlaceOrder', 'TextProductLink']);
      for (const i of confirming) {
        expect(i.DialogCodeHook).toEqual({ Enabled: true });
        expect(i.IntentConfirmationSetting.ElicitationCodeHook).toEqual({
          EnableCodeHookInvocation: true,
          InvocationLabel: 'ConfirmationAnswer',
        });
      }
    }
  });

  it('sends an answer to a slot question that gives no value to the code hook, except for free-form slots', () => {
    const [[, bot] = []] = ofType('AWS::Lex::Bot');
    let hooked = 0;
    for (const locale of bot?.Properties.BotLocales ?? []) {
      for (const i of locale.Intents as Record<string, any>[]) {
        for (const slot of (i.Slots ?? []) as Record<string, any>[]) {
          const capture = slot.ValueElicitationSetting.SlotCaptureSetting;
          if (i.DialogCodeHook?.Enabled && slot.SlotTypeName !== 'AMAZON.FreeFormInput') {
            hooked += 1;
            expect(capture, `${i.Name}.${slot.Name}`).toEqual({
              ElicitationCodeHook: { EnableCodeHookInvocation: true, InvocationLabel: 'SlotAnswer' },
            });
          } else expect(capture, `${i.Name}.${slot.Name}`).toBeUndefined();
        }
      }
    }
    // Product, order-number, quantity, budget and category questions of both locales.
    expect(hooked).toBeGreaterThanOrEqual(20);
  });

  it('offers card payment only once the Connect input-encryption key is configured', () => {
    // Prepare
    const keyId = '3f1c2a9e-7b5d-4e8a-9c21-5d7e8f9a0b1c';
    const certificate =
      '-----BEGIN CERTIFICATE-----\nMIIBsyntheticTestCertificate\n-----END CERTIFICATE-----';
    // Act
    // dev: prod with the sandbox gateway is refused (test/unit/config-context.test.ts)
    const configured = synth(
      { stage: 'dev', paymentKeyId: keyId, paymentCertificate: certificate },
      { nag: false },
    );
    const content = JSON.parse(configured.stacks.contactCenter.inboundFlowContent);
    const placeholder = JSON.parse(s.stacks.contactCenter.inboundFlowContent);
    // Assess
    const encrypted = (flow: {
      Actions: { Parameters?: { InputEncryption?: { EncryptionKeyId?: string } } }[];
    }) =>
      flow.Actions.filter((a) => a.Parameters?.InputEncryption).map(
        (a) => a.Parameters?.InputEncryption?.EncryptionKeyId,
      );
    expect(encrypted(content).length).toBeGreaterThan(0);
    // The code hook offers keypad card input exactly when the flow has it.
    const cardPayments = (stack: typeof s.stacks.contactCenter) =>
      Template.fromStack(stack).findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: { CARD_PAYMENTS: Match.anyValue() } } },
      });
    const envOf = (stack: typeof s.stacks.contactCenter) =>
      Object.values(cardPayments(stack)).map(
        (r) =>
          (r as { Properties: { Environment: { Variables: Record<string, string> } } }).Properties.Environment
            .Variables.CARD_PAYMENTS,
      );
    expect(envOf(configured.stacks.contactCenter)).toEqual(['on']);
    expect(envOf(s.stacks.contactCenter)).toEqual(['off']);
    expect(new Set(encrypted(content))).toEqual(new Set([keyId]));
    expect(encrypted(placeholder)).toEqual([]);
    const cc = configured.stacks.contactCenter;
    const proof = checkFlow(content, {
      consentFunctionArn: cc.consentFunction.fn.functionArn,
      recordingControlFunctionArn: cc.recordingControlFunction.fn.functionArn,
      paymentFunctionArn: cc.paymentFunction.fn.functionArn,
    });
    expect(proof.violations).toEqual([]);
    expect(proof.stats.cardInputs).toBeGreaterThan(0);
  });
});
