import { S3Client } from '@aws-sdk/client-s3';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { tracer } from '../../shared/powertools';
import { AwsTranscriber, S3ObjectStore } from '../../shared/transcripts/aws';
import { readEnv } from '../env';
import { createHandler } from './handler';

const env = readEnv(process.env, ['workBucket', 'workKeyArn', 'dataAccessRoleArn', 'lakeBucket']);
const s3 = tracer.captureAWSv3Client(new S3Client({ maxAttempts: 6, retryMode: 'adaptive' }));

/** The Lambda entry point of the transcript redaction function. */
export const handler = createHandler({
  transcriber: new AwsTranscriber(
    tracer.captureAWSv3Client(new TranscribeClient({ maxAttempts: 8, retryMode: 'adaptive' })),
    { outputBucket: env.workBucket, outputKeyArn: env.workKeyArn, dataAccessRoleArn: env.dataAccessRoleArn },
  ),
  raw: new S3ObjectStore(s3, env.workBucket),
  lake: new S3ObjectStore(s3, env.lakeBucket),
});
