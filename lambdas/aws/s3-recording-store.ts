import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { LockedRecordingStore, RecordingStore } from '../core/transcription/ports';

/** Call recordings in one S3 bucket (staging); the bucket's default encryption (SSE-KMS) applies. */
export class S3RecordingStore implements RecordingStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await out.Body?.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/**
 * The Object Lock vault. Every PUT carries a checksum (S3 refuses a PUT to a bucket with Object
 * Lock without Content-MD5 or an x-amz-checksum-* header) and `If-None-Match: *`, so a retry never
 * writes a second version: S3 answers 412 when the key already holds an object. The function
 * needs no read permission on the vault for that.
 */
export class S3LockedRecordingStore implements LockedRecordingStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async putOnce(key: string, body: Uint8Array): Promise<boolean> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: 'audio/wav',
          ChecksumAlgorithm: 'SHA256',
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'PreconditionFailed' || e.$metadata?.httpStatusCode === 412) return false;
      throw error;
    }
  }
}
