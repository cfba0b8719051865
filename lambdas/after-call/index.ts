import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConsentLookup } from '../aws/dynamo-consent-ledger';
import { DynamoCallTurns } from '../aws/dynamo-turn-log';
import { AwsLexUtterances } from '../aws/lex-utterances';
import { S3ObjectStore } from '../aws/s3-object-store';
import { AFTER_CALL_ENV } from '../contracts/env/after-call';
import { tracer } from '../edge/tracer';
import { createHandler } from './handler';

const env = AFTER_CALL_ENV.parse(process.env);
const doc = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});

/** The Lambda entry point of the after-call function. */
export const handler = createHandler({
  consent: new DynamoConsentLookup(doc, env.ledgerTable),
  turns: new DynamoCallTurns(doc, env.turnsTable),
  // Adaptive retries back off on Lex's throttling of the models-building API.
  utterances: new AwsLexUtterances(
    tracer.captureAWSv3Client(new LexModelsV2Client({ maxAttempts: 6, retryMode: 'adaptive' })),
    env.botId,
  ),
  lake: new S3ObjectStore(
    tracer.captureAWSv3Client(new S3Client({ maxAttempts: 6, retryMode: 'adaptive' })),
    env.lakeBucket,
  ),
  localeIds: env.localeIds,
});
