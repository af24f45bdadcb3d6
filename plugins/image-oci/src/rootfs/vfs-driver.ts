import { chmod, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

import { logger } from '../logger.js';
import type { LayerStore } from '../storage/layer-store.js';
import { pathExists } from '../storage/path-exists.js';
import { removeTree } from '../storage/remove-tree.js';
import type { ContainerDirs } from '../storage/store-layout.js';
import { tempName } from '../storage/temp-name.js';
import { layerDirs } from './layer-dirs.js';
import { runCommand } from './run-command.js';

const log = logger('vfs');

/**
 * VfsDriver gives each container its own copy of its layers in `rootfs/`: slow and large,
 * but it works on any file system and without privileges. The copy is made once, on first
 * use, and appears under its final name only when complete.
 */
export class VfsDriver {
  constructor(private readonly layers: LayerStore) {}

  /** mount returns the container's copy, making it on first use. */
  async mount(dirs: ContainerDirs, diffIds: readonly string[]): Promise<string> {
    if (await pathExists(dirs.rootfs)) return dirs.rootfs;

    const sources = await layerDirs(this.layers, diffIds);
    const temp = join(dirs.dir, tempName('rootfs'));
    try {
      await mkdir(temp);
      await chmod(temp, 0o755);
      await copyLayers(sources, temp);
      await rename(temp, dirs.rootfs);
    } finally {
      await removeTree(temp).catch((error) => log('leaving %s behind: %s', temp, error));
    }

    log('copied %d layers to %s', sources.length, dirs.rootfs);
    return dirs.rootfs;
  }
}

async function copyLayers(sources: readonly string[], target: string): Promise<void> {
  // TODO: apply whiteouts (`.wh.<name>` deletes a lower file, `.wh..wh..opq` hides a lower
  // directory's content) when copying an upper layer; imported images have one layer, so
  // there is nothing to delete until layered images arrive with pull and load.
  for (const source of sources) {
    // `cp -a` keeps owners, modes, times, hard links and extended attributes; `source/.`
    // copies the layer's content and its root's attributes onto the target directory.
    await runCommand('cp', ['-a', `${source}/.`, target]);
  }
}
