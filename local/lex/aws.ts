import { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { AwsLexUtterances } from '../../lambdas/aws/lex-utterances';
import type { LexSession } from '../../lambdas/core/after-call/ports';
import type { LexRuntime, LexTurnRequest, LexTurnResult } from './types';

/**
 * The deployed bot as a {@link LexRuntime}, through Lex V2 `RecognizeText`: `--lex aws
 * --bot-alias-arn <arn>` swaps the local stand-in for it, so the same flow and scenarios run
 * against the real NLU and the deployed code hook.
 */

/** Bot and alias ids from a bot alias ARN (`arn:aws:lex:<region>:<account>:bot-alias/<botId>/<aliasId>`). */
export function parseBotAliasArn(arn: string): { region: string; botId: string; botAliasId: string } {
  const m = /^arn:aws[a-z-]*:lex:([a-z0-9-]+):\d{12}:bot-alias\/([A-Z0-9]{10})\/([A-Z0-9]{10})$/.exec(arn);
  if (!m?.[1] || !m[2] || !m[3]) {
    throw new Error(
      `not a Lex V2 bot alias ARN: ${arn}; fix: pass --bot-alias-arn arn:aws:lex:<region>:<account>:bot-alias/<botId>/<aliasId>`,
    );
  }
  return { region: m[1], botId: m[2], botAliasId: m[3] };
}

const DIALOG_ACTIONS = new Set(['Close', 'ConfirmIntent', 'Delegate', 'ElicitIntent', 'ElicitSlot']);

/** The deployed Lex V2 bot. */
export class AwsLex implements LexRuntime {
  private readonly ids: ReturnType<typeof parseBotAliasArn>;
  private readonly client: LexRuntimeV2Client;
  private utterances: AwsLexUtterances | undefined;

  /**
   * @param botAliasArn the alias the flow connects to
   * @param client a Lex runtime client (its region must be the alias's); one is created if omitted
   */
  constructor(botAliasArn: string, client?: LexRuntimeV2Client) {
    this.ids = parseBotAliasArn(botAliasArn);
    this.client = client ?? new LexRuntimeV2Client({ region: this.ids.region });
  }

  /** Deletes what the deployed bot stored of a session the simulator ran (DeleteUtterances). */
  async deleteSession(session: LexSession): Promise<void> {
    this.utterances ??= new AwsLexUtterances(
      new LexModelsV2Client({ region: this.ids.region }),
      this.ids.botId,
    );
    await this.utterances.deleteSession(session);
  }

  /** {@inheritDoc LexRuntime.recognizeText} */
  async recognizeText(request: LexTurnRequest): Promise<LexTurnResult> {
    const out = await this.client.send(
      new RecognizeTextCommand({
        botId: this.ids.botId,
        botAliasId: this.ids.botAliasId,
        localeId: request.localeId,
        sessionId: request.sessionId,
        text: request.text,
        sessionState: { sessionAttributes: { ...request.sessionAttributes } },
      }),
    );
    const state = out.sessionState;
    const type = state?.dialogAction?.type ?? 'ElicitIntent';
    return {
      messages: (out.messages ?? []).map((m) => m.content ?? '').filter((c) => c.length > 0),
      dialogActionType: (DIALOG_ACTIONS.has(type)
        ? type
        : 'ElicitIntent') as LexTurnResult['dialogActionType'],
      intentName: state?.intent?.name,
      intentState: state?.intent?.state,
      slots: Object.fromEntries(
        Object.entries(state?.intent?.slots ?? {}).map(([k, v]) => [k, v?.value?.interpretedValue]),
      ),
      sessionAttributes: { ...(state?.sessionAttributes ?? {}) },
      interpretations: (out.interpretations ?? []).map((i) => ({
        intentName: i.intent?.name ?? 'FallbackIntent',
        ...(i.nluConfidence?.score !== undefined ? { score: i.nluConfidence.score } : {}),
      })),
    };
  }
}
