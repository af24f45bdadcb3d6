import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

import type { IdMappings, OciIdMapping } from '@skiff/contracts';

import { logger } from '../logger.js';
import { readJsonFile, writeJsonFile } from '../storage/layer-metadata.js';
import type { LayerStore } from '../storage/layer-store.js';
import { pathExists } from '../storage/path-exists.js';
import { processAlive } from '../storage/process-alive.js';
import { removeTree } from '../storage/remove-tree.js';
import { renameUnlessTaken } from '../storage/rename-unless-taken.js';
import type { StoreLayout } from '../storage/store-layout.js';
import { tempName } from '../storage/temp-name.js';
import { flattenLayers } from './flatten-layers.js';
import { shiftOwners } from './id-shift.js';
import { layerDirs } from './layer-dirs.js';

const log = logger('idmap');

const RECORD = 'chain.json';

/** What a shifted copy was built from, kept beside its `diff`. */
interface ChainRecord extends IdMappings {
  layers: string[];
}

/**
 * IdMappedLayers keeps, under `idmapped/<hex>/diff`, one flattened copy of a layer stack per
 * set of id mappings, with every owner shifted into that user namespace: an overlay cannot
 * shift owners itself, so a container with its own user namespace gets such a copy as its
 * single lower directory. The hex is a digest of the layers and the mappings, so containers
 * of one image with the same mappings share a copy.
 *
 * A copy lives as long as its layers: removeUsing deletes it when any of them is removed, which
 * core does only once no image, hence no container, uses them, as containers/storage drops an
 * image's mapped layers with the image. Containers therefore never lose a copy under them.
 */
export class IdMappedLayers {
  private swept = false;

  constructor(
    private readonly layout: StoreLayout,
    private readonly layers: LayerStore,
  ) {}

  /** lowerFor returns the shifted copy of `diffIds` for `mappings`, making it on first use. */
  async lowerFor(diffIds: readonly string[], mappings: IdMappings): Promise<string> {
    const dir = join(this.layout.idmapped, idMappedKey(diffIds, mappings));
    const diff = join(dir, 'diff');
    // A copy appears whole, by one rename, so an existing directory is a finished one.
    if (await pathExists(dir)) return diff;

    await layerDirs(this.layers, diffIds);
    await this.build(dir, { layers: [...diffIds], ...mappings });
    return diff;
  }

  /** removeUsing deletes the copies built over any of `diffIds`, which are going away. */
  async removeUsing(diffIds: readonly string[]): Promise<void> {
    const doomed = new Set(diffIds);
    const names = await readdir(this.layout.idmapped).catch(() => [] as string[]);

    for (const name of names.filter((entry) => !entry.startsWith('.'))) {
      const dir = join(this.layout.idmapped, name);
      const record = await readJsonFile<ChainRecord>(join(dir, RECORD));
      if (record !== undefined && !record.layers.some((diffId) => doomed.has(diffId))) continue;
      await this.remove(dir);
    }
  }

  private async build(dir: string, record: ChainRecord): Promise<void> {
    await mkdir(this.layout.idmapped, { recursive: true });
    await this.sweepAbandoned();
    const temp = await mkdtemp(join(this.layout.idmapped, `.tmp-${process.pid}-`));

    try {
      const diff = join(temp, 'diff');
      await mkdir(diff);
      await chmod(diff, 0o755);
      await flattenLayers(this.layers, record.layers, diff);
      await shiftOwners(diff, record);
      await writeJsonFile(join(temp, RECORD), record);

      if (await renameUnlessTaken(temp, dir))
        log('made %s over %d layers', dir, record.layers.length);
      else log('%s was made by another process first', dir);
    } finally {
      await removeTree(temp).catch((error) => log('leaving %s behind: %s', temp, error));
    }
  }

  private async remove(dir: string): Promise<void> {
    // Out of the way first, so that no mount finds a half-deleted copy under the final name.
    const doomed = join(this.layout.idmapped, tempName('rm'));
    await rename(dir, doomed);
    await removeTree(doomed);
    log('removed %s', dir);
  }

  private async sweepAbandoned(): Promise<void> {
    if (this.swept) return;
    this.swept = true;

    for (const name of await readdir(this.layout.idmapped)) {
      const owner = /^\.tmp-(\d+)-/.exec(name)?.[1];
      const abandoned =
        owner !== undefined ? !processAlive(Number(owner)) : name.startsWith('.rm-');
      if (!abandoned) continue;
      log('removing %s, left by an interrupted command', name);
      await removeTree(join(this.layout.idmapped, name)).catch(() => undefined);
    }
  }
}

/** idMappedKey is the hex digest that names the shifted copy of `diffIds` for `mappings`. */
export function idMappedKey(diffIds: readonly string[], mappings: IdMappings): string {
  const ranges = (list: readonly OciIdMapping[]) =>
    list.map(({ containerID, hostID, size }) => [containerID, hostID, size]);
  const identity = {
    layers: diffIds,
    uid: ranges(mappings.uidMappings),
    gid: ranges(mappings.gidMappings),
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}
