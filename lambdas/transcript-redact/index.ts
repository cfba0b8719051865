import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConsentLookup } from '../aws/dynamo-consent-ledger';
import { DynamoCallTurns } from '../aws/dynamo-turn-log';
import { S3ObjectStore } from '../aws/s3-object-store';
import { S3LockedRecordingStore, S3RecordingStore } from '../aws/s3-recording-store';
import { AwsTranscriber } from '../aws/transcribe';
import { TRANSCRIPT_REDACT_ENV } from '../contracts/env/transcript-redact';
import { tracer } from '../edge/tracer';
import { createHandler } from './handler';

const env = TRANSCRIPT_REDACT_ENV.parse(process.env);
const doc = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
const s3 = tracer.captureAWSv3Client(new S3Client({ maxAttempts: 6, retryMode: 'adaptive' }));

/** The Lambda entry point of the transcript redaction function. */
export const handler = createHandler({
  transcriber: new AwsTranscriber(
    tracer.captureAWSv3Client(new TranscribeClient({ maxAttempts: 8, retryMode: 'adaptive' })),
    { outputBucket: env.workBucket, outputKeyArn: env.workKeyArn, dataAccessRoleArn: env.dataAccessRoleArn },
  ),
  consent: new DynamoConsentLookup(doc, env.ledgerTable),
  raw: new S3ObjectStore(s3, env.workBucket),
  lake: new S3ObjectStore(s3, env.lakeBucket),
  staging: new S3RecordingStore(s3, env.stagingBucket),
  vault: new S3LockedRecordingStore(s3, env.vaultBucket),
  originals: env.originalsBucket ? new S3LockedRecordingStore(s3, env.originalsBucket) : undefined,
  turns: new DynamoCallTurns(doc, env.turnsTable),
});
