import { createHash } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { logger } from '../logger.js';
import { pathExists } from './path-exists.js';
import type { StoreLayout } from './store-layout.js';
import { tempName } from './temp-name.js';
import { wrapStorageError } from './wrap-storage-error.js';

const log = logger('blobs');

/** BlobReport names a stored blob the way an OCI descriptor does. */
export interface BlobReport {
  digest: string;
  size: number;
}

/**
 * BlobStore keeps content-addressed blobs (image configs, manifests, the blobs layers came
 * from) under `blobs/sha256/`. A blob appears under its final name only once it is complete,
 * so readers never see half of one; storing the same bytes twice is a no-op. Pull, push,
 * save and load share it.
 */
export class BlobStore {
  constructor(private readonly layout: StoreLayout) {}

  /** put stores `bytes` and returns their digest and size. */
  async put(bytes: Buffer): Promise<BlobReport> {
    const hex = createHash('sha256').update(bytes).digest('hex');
    const report = { digest: `sha256:${hex}`, size: bytes.length };
    const target = this.layout.blobPath(hex);

    if (await pathExists(target)) return report;

    try {
      await this.writeAtomically(target, bytes);
    } catch (cause) {
      throw wrapStorageError(`storing blob ${report.digest}`, cause);
    }
    log('stored blob %s (%d bytes)', report.digest, report.size);
    return report;
  }

  /**
   * adopt moves the complete file at `file`, whose digest the caller has verified, into the
   * store. It returns false when the blob was stored already; `file` is gone either way.
   */
  async adopt(file: string, digest: string): Promise<boolean> {
    const target = this.layout.blobPath(digest);
    await mkdir(this.layout.blobs, { recursive: true });

    try {
      // link(2) refuses to replace, so a concurrent writer of the same blob cannot be clobbered.
      await link(file, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return false;
    } finally {
      await rm(file, { force: true });
    }
    log('stored blob %s', digest);
    return true;
  }

  /** has reports whether the blob with `digest` is stored. */
  async has(digest: string): Promise<boolean> {
    return pathExists(this.layout.blobPath(digest));
  }

  /** read returns a stored blob's bytes; meant for small blobs (configs, manifests). */
  async read(digest: string): Promise<Buffer> {
    try {
      return await readFile(this.layout.blobPath(digest));
    } catch (cause) {
      throw wrapStorageError(`reading blob ${digest}`, cause);
    }
  }

  /** remove deletes a blob; one that is not stored is skipped. */
  async remove(digest: string): Promise<void> {
    try {
      await unlink(this.layout.blobPath(digest));
      log('removed blob %s', digest);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw wrapStorageError(`removing blob ${digest}`, error);
    }
  }

  /** path returns where the blob with `digest` lives, whether or not it exists. */
  path(digest: string): string {
    return this.layout.blobPath(digest);
  }

  private async writeAtomically(target: string, bytes: Buffer): Promise<void> {
    await mkdir(this.layout.blobs, { recursive: true });
    const temp = join(this.layout.blobs, tempName('tmp'));

    try {
      await writeFile(temp, bytes, { flag: 'wx', mode: 0o644 });
      await rename(temp, target);
    } catch (cause) {
      await rm(temp, { force: true });
      throw cause;
    }
  }
}
