import { chmod, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

import type { IdMappings } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { LayerStore } from '../storage/layer-store.js';
import { pathExists } from '../storage/path-exists.js';
import { removeTree } from '../storage/remove-tree.js';
import type { ContainerDirs } from '../storage/store-layout.js';
import { tempName } from '../storage/temp-name.js';
import { flattenLayers } from './flatten-layers.js';
import { shiftOwners } from './id-shift.js';
import { layerDirs } from './layer-dirs.js';

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

  /**
   * mount returns the container's copy, making it on first use. With `mappings`, the copy's
   * owners are shifted into the container's user namespace.
   */
  async mount(
    dirs: ContainerDirs,
    diffIds: readonly string[],
    mappings?: IdMappings,
  ): Promise<string> {
    if (await pathExists(dirs.rootfs)) return dirs.rootfs;

    // Fail early, before copying anything, when a layer is missing.
    await layerDirs(this.layers, diffIds);
    const temp = join(dirs.dir, tempName('rootfs'));
    try {
      await mkdir(temp);
      await chmod(temp, 0o755);
      await flattenLayers(this.layers, diffIds, temp);
      if (mappings !== undefined) await shiftOwners(temp, mappings);
      await rename(temp, dirs.rootfs);
    } finally {
      await removeTree(temp).catch((error) => log('leaving %s behind: %s', temp, error));
    }

    log('copied %d layers to %s', diffIds.length, dirs.rootfs);
    return dirs.rootfs;
  }
}
