import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../../shared/powertools';
import { AwsTranscriber, DynamoConsentLookup } from '../../shared/transcripts/aws';
import { readEnv } from '../env';
import { createHandler } from './handler';

const env = readEnv(process.env, ['consentTable', 'workBucket', 'workKeyArn', 'dataAccessRoleArn']);

/** The Lambda entry point of the transcription start function. */
export const handler = createHandler({
  consent: new DynamoConsentLookup(
    DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({}))),
    env.consentTable,
  ),
  // Adaptive retries back off on Transcribe's ThrottlingException/LimitExceededException.
  transcriber: new AwsTranscriber(
    tracer.captureAWSv3Client(new TranscribeClient({ maxAttempts: 8, retryMode: 'adaptive' })),
    { outputBucket: env.workBucket, outputKeyArn: env.workKeyArn, dataAccessRoleArn: env.dataAccessRoleArn },
  ),
});
