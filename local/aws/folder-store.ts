import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { ObjectStore } from '../../lambdas/core/transcription/ports';

/**
 * An {@link ObjectStore} over a local folder, so the real transcription and lake-feed handlers
 * can write the local lake (and read raw transcripts) offline, in the same keys as S3.
 */
export class FolderObjectStore implements ObjectStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    const file = resolve(join(this.root, key));
    if (!file.startsWith(this.root + sep)) throw new Error(`key escapes the store: ${key}`);
    return file;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return readFileSync(this.path(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async put(key: string, body: string): Promise<void> {
    const file = this.path(key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body, 'utf8');
  }

  async delete(key: string): Promise<void> {
    rmSync(this.path(key), { force: true });
  }
}
