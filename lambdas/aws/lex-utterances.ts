import { DeleteUtterancesCommand, type LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import type { LexSession, LexUtterances } from '../core/after-call/ports';

/**
 * Amazon Lex V2's stored utterances, deleted per session with `DeleteUtterances` (Models Building
 * API: `DELETE /bots/{botId}/utterances/?localeId&sessionId`, IAM `lex:DeleteUtterances` on the
 * bot). Per the API reference, the copy kept for improving the bot is deleted at once; the copy
 * behind `ListAggregatedUtterances` ages out after 15 days.
 */
export class AwsLexUtterances implements LexUtterances {
  constructor(
    private readonly client: LexModelsV2Client,
    private readonly botId: string,
  ) {}

  async deleteSession(session: LexSession): Promise<void> {
    await this.client.send(
      new DeleteUtterancesCommand({
        botId: this.botId,
        localeId: session.localeId,
        sessionId: session.sessionId,
      }),
    );
  }
}
