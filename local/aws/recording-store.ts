import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { LockedRecordingStore, RecordingStore } from '../../lambdas/core/transcription/ports';

/**
 * Recordings (binary objects) under a local folder, in the same keys as S3: the staging bucket
 * Connect writes to, and the locked vault (write once, like a conditional PUT to an Object Lock
 * bucket: a second write of a key is refused and reported, never applied).
 */
export class FolderRecordingStore implements RecordingStore, LockedRecordingStore {
  private readonly root: string;

  /**
   * @param dir the folder
   * @param bucket the bucket name the folder plays in `s3://` URIs and events
   */
  constructor(
    dir: string,
    readonly bucket: string,
  ) {
    this.root = resolve(dir);
  }

  /** The file that holds a key. */
  fileOf(key: string): string {
    const file = resolve(join(this.root, key));
    if (!file.startsWith(this.root + sep)) throw new Error(`key escapes the store: ${key}`);
    return file;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(readFileSync(this.fileOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Writes (or replaces) an object, as Connect writes to staging. */
  async put(key: string, body: Uint8Array): Promise<void> {
    const file = this.fileOf(key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  }

  async putOnce(key: string, body: Uint8Array): Promise<boolean> {
    const file = this.fileOf(key);
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, body, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    rmSync(this.fileOf(key), { force: true });
  }
}
