import { chmod, mkdir, mkdtemp, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

import type { LayerReport } from '@skiff/contracts';

import { logger } from '../logger.js';
import { extractLayer } from './layer-extractor.js';
import type { ExtractOptions } from './layer-extractor.js';
import { pathExists } from './path-exists.js';
import { removeTree } from './remove-tree.js';
import type { StoreLayout } from './store-layout.js';
import { tempName } from './temp-name.js';
import { wrapStorageError } from './wrap-storage-error.js';

const log = logger('layers');

const TEMP_PREFIX = '.tmp-';
const DOOMED = 'rm';

/**
 * LayerStore keeps extracted layers under `layers/<hex>/diff`, one copy per diff id, however
 * many images use it. A layer appears under its final name only once complete, and leaves it
 * before its files are deleted, so a crash never leaves a partial layer under that name.
 * Import, pull and load all create layers through it.
 */
export class LayerStore {
  constructor(private readonly layout: StoreLayout) {}

  /** has reports whether the layer with `diffId` is stored. */
  async has(diffId: string): Promise<boolean> {
    return pathExists(this.layout.layerDir(diffId));
  }

  /** diffPath is the directory holding a layer's files. */
  diffPath(diffId: string): string {
    return this.layout.layerDiff(diffId);
  }

  /** create extracts a tarball as a layer; an existing copy of the same layer is kept. */
  async create(
    source: AsyncIterable<Buffer | string>,
    options: ExtractOptions,
  ): Promise<LayerReport> {
    await mkdir(this.layout.layers, { recursive: true });
    const temp = await mkdtemp(join(this.layout.layers, TEMP_PREFIX));

    try {
      const diff = join(temp, 'diff');
      await mkdir(diff);
      // The layer's root is the container's `/`; an archive without a `./` entry leaves it so.
      await chmod(diff, 0o755);

      const layer = await extractLayer(source, diff, options);
      await this.commit(temp, layer.diffId);
      return layer;
    } catch (cause) {
      throw wrapStorageError('extracting layer', cause);
    } finally {
      // After a successful commit the directory has moved and there is nothing left here.
      await removeTree(temp).catch((error) => log('leaving %s behind: %s', temp, error));
    }
  }

  /** remove deletes layers; a layer that is not stored is skipped. */
  async remove(diffIds: readonly string[]): Promise<void> {
    const dirs = diffIds.map((diffId) => this.layout.layerDir(diffId));
    await this.sweepDoomed();

    for (const dir of dirs) {
      try {
        await this.removeDir(dir);
      } catch (cause) {
        throw wrapStorageError(`removing layer ${dir}`, cause);
      }
    }
  }

  private async commit(temp: string, diffId: string): Promise<void> {
    const target = this.layout.layerDir(diffId);
    if (await pathExists(target)) {
      log('layer %s is already stored, discarding the new copy', diffId);
      return;
    }

    try {
      await rename(temp, target);
      log('stored layer %s', diffId);
    } catch (error) {
      // Another import of the same layer finished first: its copy is as good as ours.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  }

  private async removeDir(dir: string): Promise<void> {
    const doomed = join(this.layout.layers, tempName(DOOMED));
    try {
      await rename(dir, doomed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }

    await removeTree(doomed);
    log('removed layer %s', dir);
  }

  private async sweepDoomed(): Promise<void> {
    // Left by a removal that crashed half way; nothing else uses these names.
    // TODO: sweep `.tmp-*` left by crashed imports too; that needs a lock or an age limit,
    // since a concurrent import owns its temporary directory while it runs.
    const names = await readdir(this.layout.layers).catch(() => []);
    for (const name of names.filter((entry) => entry.startsWith(`.${DOOMED}-`))) {
      await removeTree(join(this.layout.layers, name));
    }
  }
}
