import { chmod, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

import { StorageError } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { LayerStore } from '../storage/layer-store.js';
import { pathExists } from '../storage/path-exists.js';
import { removeTree } from '../storage/remove-tree.js';
import type { ContainerDirs } from '../storage/store-layout.js';
import { tempName } from '../storage/temp-name.js';
import { layerDirs } from './layer-dirs.js';
import { applyLayer } from './apply-layer.js';

const log = logger('vfs');

/**
 * VfsDriver gives each container its own copy of its layers in `rootfs/`: slow and large,
 * but it works on any file system and without privileges. The copy is made once, on first
 * use, and appears under its final name only when complete.
 */
export class VfsDriver {
  constructor(private readonly layers: LayerStore) {}

  // TODO: give the copy the mount label of RootfsOptions, as Podman relabels a vfs container's
  // tree: a copy has no mount to carry it, so under an enforcing SELinux kernel a confined
  // container cannot yet execute a vfs root file system (overlay mounts carry the label).

  /** mount returns the container's copy, making it on first use. */
  async mount(dirs: ContainerDirs, diffIds: readonly string[]): Promise<string> {
    if (await pathExists(dirs.rootfs)) return dirs.rootfs;

    // Fail early, before copying anything, when a layer is missing.
    await layerDirs(this.layers, diffIds);
    const temp = join(dirs.dir, tempName('rootfs'));
    try {
      await mkdir(temp);
      await chmod(temp, 0o755);
      await copyLayers(this.layers, diffIds, temp);
      await rename(temp, dirs.rootfs);
    } finally {
      await removeTree(temp).catch((error) => log('leaving %s behind: %s', temp, error));
    }

    log('copied %d layers to %s', diffIds.length, dirs.rootfs);
    return dirs.rootfs;
  }
}

async function copyLayers(
  layers: LayerStore,
  diffIds: readonly string[],
  target: string,
): Promise<void> {
  for (const diffId of diffIds) {
    const layer = await layers.get(diffId);
    if (layer === undefined) throw new StorageError(`layer ${diffId} is not in the store`);
    await applyLayer(layers.diffPath(diffId), target, layer.whiteouts);
  }
}
