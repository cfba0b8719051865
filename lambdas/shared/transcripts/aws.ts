import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  ConflictException,
  GetTranscriptionJobCommand,
  StartTranscriptionJobCommand,
  type TranscribeClient,
} from '@aws-sdk/client-transcribe';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SUPPORTED_LOCALES } from '../../../lib/config';
import type {
  ConsentLookup,
  ConsentOnRecord,
  ObjectStore,
  Transcriber,
  TranscriptionJob,
  TranscriptionRequest,
} from './ports';

/** AWS adapters of the transcription ports. Creating them does no network I/O. */

/** Objects under a prefix of one S3 bucket; the bucket's default encryption applies. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = '',
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      return await out.Body?.transformToString('utf8');
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async put(key: string, body: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.prefix + key,
        Body: body,
        ContentType: 'application/x-ndjson; charset=utf-8',
      }),
    );
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
  }
}

/** Settings of {@link AwsTranscriber}. */
export interface AwsTranscriberSettings {
  /** Work bucket for the raw (unredacted) output. */
  readonly outputBucket: string;
  /** KMS key that encrypts the raw output. */
  readonly outputKeyArn: string;
  /** Data-access role Transcribe assumes to read the KMS-encrypted vault and write the output. */
  readonly dataAccessRoleArn: string;
}

/** Amazon Transcribe batch jobs. */
export class AwsTranscriber implements Transcriber {
  constructor(
    private readonly client: TranscribeClient,
    private readonly settings: AwsTranscriberSettings,
  ) {}

  async start(request: TranscriptionRequest): Promise<boolean> {
    try {
      await this.client.send(
        new StartTranscriptionJobCommand({
          TranscriptionJobName: request.jobName,
          LanguageCode: request.locale,
          Media: { MediaFileUri: request.mediaUri },
          OutputBucketName: this.settings.outputBucket,
          OutputKey: request.outputKey,
          OutputEncryptionKMSKeyId: this.settings.outputKeyArn,
          // Connect records customer and system on separate channels.
          Settings: { ChannelIdentification: true },
          ...(request.transcribeRedaction
            ? { ContentRedaction: { RedactionType: 'PII', RedactionOutput: 'redacted' } }
            : {}),
          // Deferred execution queues jobs over the concurrency quota instead of failing them, and
          // requires the data-access role (which also holds the vault key grant).
          JobExecutionSettings: {
            AllowDeferredExecution: true,
            DataAccessRoleArn: this.settings.dataAccessRoleArn,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConflictException || (error as { name?: string }).name === 'ConflictException') {
        return false;
      }
      throw error;
    }
  }

  async get(jobName: string): Promise<TranscriptionJob> {
    const out = await this.client.send(new GetTranscriptionJobCommand({ TranscriptionJobName: jobName }));
    const job = out.TranscriptionJob;
    return {
      jobName,
      status: (job?.TranscriptionJobStatus ?? 'FAILED') as TranscriptionJob['status'],
      languageCode: job?.LanguageCode,
      mediaUri: job?.Media?.MediaFileUri,
      failureReason: job?.FailureReason,
    };
  }
}

/** Reads the consent ledger with a strongly consistent GetItem. */
export class DynamoConsentLookup implements ConsentLookup {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(contactId: string): Promise<ConsentOnRecord | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { contactId },
        ConsistentRead: true,
        ProjectionExpression: 'decision, #l',
        ExpressionAttributeNames: { '#l': 'locale' },
      }),
    );
    const item = out.Item;
    if (!item) return undefined;
    const locale = SUPPORTED_LOCALES.find((l) => l === item.locale) ?? 'en-US';
    return { decision: String(item.decision), locale };
  }
}
