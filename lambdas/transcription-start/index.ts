import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConsentLookup } from '../aws/dynamo-consent-ledger';
import { S3RecordingStore } from '../aws/s3-recording-store';
import { AwsTranscriber } from '../aws/transcribe';
import { TRANSCRIPTION_START_ENV } from '../contracts/env/transcription-start';
import { tracer } from '../edge/tracer';
import { createHandler } from './handler';

const env = TRANSCRIPTION_START_ENV.parse(process.env);

/** The Lambda entry point of the transcription start function. */
export const handler = createHandler({
  consent: new DynamoConsentLookup(
    DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({}))),
    env.ledgerTable,
  ),
  // Adaptive retries back off on Transcribe's ThrottlingException/LimitExceededException.
  transcriber: new AwsTranscriber(
    tracer.captureAWSv3Client(new TranscribeClient({ maxAttempts: 8, retryMode: 'adaptive' })),
    { outputBucket: env.workBucket, outputKeyArn: env.workKeyArn, dataAccessRoleArn: env.dataAccessRoleArn },
  ),
  staging: new S3RecordingStore(
    tracer.captureAWSv3Client(new S3Client({ maxAttempts: 6, retryMode: 'adaptive' })),
    env.stagingBucket,
  ),
});
