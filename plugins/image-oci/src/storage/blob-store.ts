import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
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
 * BlobStore keeps content-addressed blobs (image configs, manifests) under `blobs/sha256/`.
 * A blob appears under its final name only once it is complete, so readers never see half of
 * one; storing the same bytes twice is a no-op. Pull, push, save and load share it.
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
