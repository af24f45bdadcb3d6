import { mkdir } from 'node:fs/promises';

import { StorageError } from '@skiff/contracts';
import type { RootfsOptions, RootfsReport } from '@skiff/contracts';

import { logger } from '../logger.js';
import { removeTree } from '../storage/remove-tree.js';
import type { ContainerDirs, StoreLayout } from '../storage/store-layout.js';
import { readDriverFile, writeDriverFile } from './driver-file.js';
import type { DriverName } from './driver-file.js';
import type { DriverSelector } from './driver-selector.js';
import { isMounted } from './mount-table.js';
import type { OverlayDriver } from './overlay-driver.js';
import type { VfsDriver } from './vfs-driver.js';

const log = logger('rootfs');

/**
 * RootfsManager owns container file systems under `containers/<id>/`. The driver chosen on a
 * container's first mount is recorded beside it, so the container keeps it even if the
 * configured driver changes later. Core serialises calls for one container.
 */
export class RootfsManager {
  constructor(
    private readonly layout: StoreLayout,
    private readonly selector: DriverSelector,
    private readonly overlay: OverlayDriver,
    private readonly vfs: VfsDriver,
  ) {}

  /** mount prepares the container's file system and returns where it is. */
  async mount(options: RootfsOptions): Promise<RootfsReport> {
    const dirs = this.layout.container(options.containerId);
    await mkdir(dirs.dir, { recursive: true });

    const driver = await this.driverOf(dirs);
    const path =
      driver === 'overlay'
        ? await this.overlay.mount(dirs, options.layers, options.volatile, options.mountLabel)
        : await this.vfs.mount(dirs, options.layers);
    return { driver, path };
  }

  /** unmount unmounts the container's file system; a vfs copy has nothing to unmount. */
  async unmount(containerId: string): Promise<void> {
    await this.overlay.unmount(this.layout.container(containerId));
  }

  /** remove unmounts and deletes the container's file system; a missing one is no error. */
  async remove(containerId: string): Promise<void> {
    const dirs = this.layout.container(containerId);
    await this.overlay.unmount(dirs);

    // Deleting through a live mount would reach into whatever is mounted there.
    if (await isMounted(dirs.merged)) {
      throw new StorageError(`${dirs.merged} is still mounted`);
    }
    await removeTree(dirs.dir);
    log('removed %s', dirs.dir);
  }

  private async driverOf(dirs: ContainerDirs): Promise<DriverName> {
    const recorded = await readDriverFile(dirs.driverFile);
    if (recorded !== undefined) return recorded;

    const chosen = await this.selector.select();
    await writeDriverFile(dirs.driverFile, chosen);
    log('container %s uses %s', dirs.dir, chosen);
    return chosen;
  }
}
