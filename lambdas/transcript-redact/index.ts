import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConsentLookup } from '../aws/dynamo-consent-ledger';
import { S3ObjectStore } from '../aws/s3-object-store';
import { AwsTranscriber } from '../aws/transcribe';
import { TRANSCRIPT_REDACT_ENV } from '../contracts/env/transcript-redact';
import { tracer } from '../edge/tracer';
import { createHandler } from './handler';

const env = TRANSCRIPT_REDACT_ENV.parse(process.env);
const s3 = tracer.captureAWSv3Client(new S3Client({ maxAttempts: 6, retryMode: 'adaptive' }));

/** The Lambda entry point of the transcript redaction function. */
export const handler = createHandler({
  transcriber: new AwsTranscriber(
    tracer.captureAWSv3Client(new TranscribeClient({ maxAttempts: 8, retryMode: 'adaptive' })),
    { outputBucket: env.workBucket, outputKeyArn: env.workKeyArn, dataAccessRoleArn: env.dataAccessRoleArn },
  ),
  consent: new DynamoConsentLookup(
    DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({}))),
    env.ledgerTable,
  ),
  raw: new S3ObjectStore(s3, env.workBucket),
  lake: new S3ObjectStore(s3, env.lakeBucket),
});
