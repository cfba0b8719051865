import { createHash } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lex from 'aws-cdk-lib/aws-lex';
import { Construct } from 'constructs';
import type { Locale } from '../../../lambdas/contracts/locales';
import { CODE_HOOK_LABELS } from '../../../lambdas/contracts/session';
import type { BotLocaleModel, BotModel, IntentModel, SlotModel, SlotTypeModel } from '../../bot/types';
import { acknowledgeGrantPolicy, acknowledgeWildcardResourceIfOnly } from '../compliance/acknowledge';

/** Props of {@link OrderBot}. */
export interface OrderBotProps {
  /** The typed bot model (lib/bot), shared with the local simulator. */
  readonly model: BotModel;
  /** Locales to build, in menu order. */
  readonly locales: readonly Locale[];
  /** Code hook for dialog and fulfillment in every locale. */
  readonly fulfillment: lambda.IFunction;
}

const message = (text: string) => ({ message: { plainTextMessage: { value: text } } });
const promptOf = (text: string, maxRetries: number): lex.CfnBot.PromptSpecificationProperty => ({
  messageGroupsList: [message(text)],
  maxRetries,
  allowInterrupt: true,
});

function slotType(t: SlotTypeModel): lex.CfnBot.SlotTypeProperty {
  return {
    name: t.name,
    description: t.description,
    ...(t.parentSlotTypeSignature ? { parentSlotTypeSignature: t.parentSlotTypeSignature } : {}),
    ...(t.values.length > 0
      ? {
          slotTypeValues: t.values.map((v) => ({
            sampleValue: { value: v.value },
            ...(v.synonyms.length > 0 ? { synonyms: v.synonyms.map((s) => ({ value: s })) } : {}),
          })),
        }
      : {}),
    valueSelectionSetting: {
      resolutionStrategy: t.resolutionStrategy,
      ...(t.regexPattern ? { regexFilter: { pattern: t.regexPattern } } : {}),
    },
  };
}

/**
 * Keypad entry for a slot (e.g. an order number): every attempt (`Initial`, `Retry1`...) accepts
 * speech and DTMF; `#` ends the digits, `*` clears them.
 */
function keypadAttempts(
  maxRetries: number,
  speech: { readonly maxLengthMs: number; readonly endTimeoutMs: number } = {
    maxLengthMs: 15000,
    endTimeoutMs: 640,
  },
  dtmf = true,
): Record<string, lex.CfnBot.PromptAttemptSpecificationProperty> {
  const attempt: lex.CfnBot.PromptAttemptSpecificationProperty = {
    allowedInputTypes: { allowAudioInput: true, allowDtmfInput: dtmf },
    allowInterrupt: true,
    audioAndDtmfInputSpecification: {
      startTimeoutMs: 5000,
      audioSpecification: speech,
      ...(dtmf
        ? {
            dtmfSpecification: {
              maxLength: 16,
              endCharacter: '#',
              endTimeoutMs: 3000,
              deletionCharacter: '*',
            },
          }
        : {}),
    },
  };
  const names = ['Initial', ...Array.from({ length: Math.min(maxRetries, 5) }, (_, i) => `Retry${i + 1}`)];
  return Object.fromEntries(names.map((n) => [n, attempt]));
}

function slot(s: SlotModel, dialogCodeHook: boolean): lex.CfnBot.SlotProperty {
  const prompt = promptOf(s.prompt, s.maxRetries);
  // An answer that gives no value ("never mind", "I don't know the number", "the second one")
  // reaches the code hook during the retries instead of Lex asking the same question again. A
  // free-form slot takes any answer as its value, so it never misses.
  const onMiss =
    dialogCodeHook && s.slotTypeName !== 'AMAZON.FreeFormInput'
      ? {
          slotCaptureSetting: {
            elicitationCodeHook: {
              enableCodeHookInvocation: true,
              invocationLabel: CODE_HOOK_LABELS.slotAnswer,
            },
          },
        }
      : {};
  return {
    name: s.name,
    description: s.description,
    slotTypeName: s.slotTypeName,
    obfuscationSetting: { obfuscationSettingType: s.obfuscation },
    valueElicitationSetting: {
      slotConstraint: s.slotConstraint,
      promptSpecification:
        s.slotTypeName === 'AMAZON.FreeFormInput'
          ? // A name or an address is said in one go with pauses: Lex waits 1.5 s of silence, up to 30 s.
            {
              ...prompt,
              promptAttemptsSpecification: keypadAttempts(
                s.maxRetries,
                { maxLengthMs: 30000, endTimeoutMs: 1500 },
                s.allowDtmf,
              ),
            }
          : s.allowDtmf
            ? { ...prompt, promptAttemptsSpecification: keypadAttempts(s.maxRetries) }
            : prompt,
      ...onMiss,
    },
  };
}

function intent(i: IntentModel): lex.CfnBot.IntentProperty {
  return {
    name: i.name,
    description: i.description,
    ...(i.parentIntentSignature ? { parentIntentSignature: i.parentIntentSignature } : {}),
    ...(i.sampleUtterances.length > 0
      ? { sampleUtterances: i.sampleUtterances.map((utterance) => ({ utterance })) }
      : {}),
    dialogCodeHook: { enabled: i.dialogCodeHook },
    fulfillmentCodeHook: { enabled: i.fulfillmentCodeHook },
    ...(i.slots.length > 0 ? { slots: i.slots.map((s) => slot(s, i.dialogCodeHook)) } : {}),
    ...(i.slotElicitationOrder.length > 0
      ? {
          slotPriorities: i.slotElicitationOrder.map((slotName, index) => ({
            priority: index + 1,
            slotName,
          })),
        }
      : {}),
    ...(i.confirmation
      ? {
          intentConfirmationSetting: {
            promptSpecification: promptOf(i.confirmation.prompt, 2),
            // An answer that is neither yes nor no ("actually, make it three") reaches the code
            // hook, which reads the change back, instead of Lex asking the same question again.
            ...(i.dialogCodeHook
              ? {
                  elicitationCodeHook: {
                    enableCodeHookInvocation: true,
                    invocationLabel: CODE_HOOK_LABELS.confirmationAnswer,
                  },
                }
              : {}),
            declinationResponse: {
              messageGroupsList: [message(i.confirmation.declination)],
              allowInterrupt: true,
            },
          },
        }
      : {}),
  };
}

function botLocale(l: BotLocaleModel): lex.CfnBot.BotLocaleProperty {
  return {
    localeId: l.localeId,
    description: l.description,
    nluConfidenceThreshold: l.nluConfidenceThreshold,
    voiceSettings: { voiceId: l.voiceId, engine: 'neural' },
    slotTypes: l.slotTypes.map(slotType),
    intents: l.intents.map(intent),
  };
}

/**
 * The Lex V2 order bot, defined from the typed model in `lib/bot`.
 *
 * A Lex alias keeps serving an old version unless a new version resource is created, so the
 * version's logical id carries a hash of the whole bot definition: every change to an
 * utterance, prompt or slot publishes a new version and moves the alias to it.
 */
export class OrderBot extends Construct {
  /** The bot (DRAFT). */
  readonly bot: lex.CfnBot;
  /** The published version of the current definition. */
  readonly version: lex.CfnBotVersion;
  /** The alias Connect talks to. */
  readonly alias: lex.CfnBotAlias;
  /** First 16 hex characters of the definition's sha256. */
  readonly definitionHash: string;

  constructor(scope: Construct, id: string, props: OrderBotProps) {
    super(scope, id);
    if (props.locales.length === 0) throw new Error('order bot needs at least one locale, got none');
    const locales = props.locales.map((l) => botLocale(props.model.locales[l]));

    const role = new iam.Role(this, 'BotRole', {
      description: 'Runtime role of the phone-robot Lex bot: speech synthesis only (no conversation logs).',
      assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['polly:SynthesizeSpeech'],
        // Polly voices are not resources with ARNs of their own.
        resources: ['*'],
      }),
    );

    this.bot = new lex.CfnBot(this, 'Bot', {
      name: `${props.model.name}-${Stack.of(this).stackName}`.slice(0, 100),
      description: props.model.description,
      roleArn: role.roleArn,
      // CfnBot.dataPrivacy is untyped JSON: the CloudFormation property names apply as written.
      dataPrivacy: { ChildDirected: props.model.childDirected },
      idleSessionTtlInSeconds: props.model.idleSessionTtlInSeconds,
      autoBuildBotLocales: true,
      botLocales: locales,
    });

    this.definitionHash = createHash('sha256')
      .update(JSON.stringify({ locales, model: props.model.name, ttl: props.model.idleSessionTtlInSeconds }))
      .digest('hex')
      .slice(0, 16);
    this.version = new lex.CfnBotVersion(this, `Version${this.definitionHash}`, {
      botId: this.bot.attrId,
      description: `definition ${this.definitionHash}`,
      botVersionLocaleSpecification: locales.map((l) => ({
        localeId: l.localeId,
        botVersionLocaleDetails: { sourceBotVersion: 'DRAFT' },
      })),
    });

    this.alias = new lex.CfnBotAlias(this, 'Alias', {
      botId: this.bot.attrId,
      botAliasName: 'live',
      description: 'Alias the Connect inbound flow talks to',
      botVersion: this.version.attrBotVersion,
      botAliasLocaleSettings: locales.map((l) => ({
        localeId: l.localeId,
        botAliasLocaleSetting: {
          enabled: true,
          codeHookSpecification: {
            lambdaCodeHook: { codeHookInterfaceVersion: '1.0', lambdaArn: props.fulfillment.functionArn },
          },
        },
      })),
      // No conversationLogSettings: Lex keeps no text or audio log of what callers say (COMPLIANCE
      // C15). What the team needs for improving the bot comes from the code hook's turn records,
      // which hold words only for callers who agreed to be recorded.
    });

    props.fulfillment.addPermission('InvokeFromLexAlias', {
      principal: new iam.ServicePrincipal('lexv2.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: this.alias.attrArn,
      sourceAccount: Stack.of(this).account,
    });
    acknowledgeGrantPolicy(role);
    acknowledgeWildcardResourceIfOnly(
      role,
      ['polly:SynthesizeSpeech'],
      'polly:SynthesizeSpeech has no resource-level permissions (voices have no ARNs).',
    );
  }

  /** ARN of the alias, for Connect (integration association and flow). */
  get aliasArn(): string {
    return this.alias.attrArn;
  }
}
