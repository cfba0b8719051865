import {
  ConflictException,
  GetTranscriptionJobCommand,
  StartTranscriptionJobCommand,
  type TranscribeClient,
} from '@aws-sdk/client-transcribe';
import type { Transcriber, TranscriptionJob, TranscriptionRequest } from '../core/transcription/ports';

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
