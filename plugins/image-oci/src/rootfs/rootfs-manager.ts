import { lstat, mkdir } from 'node:fs/promises';

import { StorageError } from '@skiff/contracts';
import type {
  IdMappings,
  RootfsOptions,
  RootfsReport,
  StorageDriverReport,
} from '@skiff/contracts';

import { logger } from '../logger.js';
import type { LayerStore } from '../storage/layer-store.js';
import { removeTree } from '../storage/remove-tree.js';
import type { ContainerDirs, StoreLayout } from '../storage/store-layout.js';
import { readDriverFile, writeDriverFile } from './driver-file.js';
import type { DriverChoice } from './driver-file.js';
import type { DriverSelector } from './driver-selector.js';
import { shiftingMappings } from './id-shift.js';
import type { IdMappedLayers } from './idmapped-layers.js';
import { layerDirs } from './layer-dirs.js';
import { isMounted } from './mount-table.js';
import type { OverlayDriver, OverlayMountRequest } from './overlay-driver.js';
import type { VfsDriver } from './vfs-driver.js';

const log = logger('rootfs');

/** RootfsDrivers are the parts a RootfsManager puts container file systems together with. */
export interface RootfsDrivers {
  layers: LayerStore;
  selector: DriverSelector;
  overlay: OverlayDriver;
  vfs: VfsDriver;
  idmapped: IdMappedLayers;
}

/**
 * RootfsManager owns container file systems under `containers/<id>/`. The driver chosen on a
 * container's first mount is recorded beside it, so the container keeps it even if the
 * configured driver changes later. Core serialises calls for one container.
 */
export class RootfsManager {
  constructor(
    private readonly layout: StoreLayout,
    private readonly drivers: RootfsDrivers,
  ) {}

  /** mount prepares the container's file system and returns where it is. */
  async mount(options: RootfsOptions): Promise<RootfsReport> {
    const dirs = this.layout.container(options.containerId);
    await mkdir(dirs.dir, { recursive: true });

    const choice = await this.driverOf(dirs);
    const mappings = shiftingMappings(options.idMappings);
    const path =
      choice.driver === 'overlay'
        ? await this.drivers.overlay.mount(
            dirs,
            await this.overlayRequest(options, choice, mappings),
          )
        : await this.drivers.vfs.mount(dirs, options.layers, mappings);
    return { driver: choice.driver, path };
  }

  /** unmount unmounts the container's file system; a vfs copy has nothing to unmount. */
  async unmount(containerId: string): Promise<void> {
    await this.drivers.overlay.unmount(this.layout.container(containerId));
  }

  /** remove unmounts and deletes the container's file system; a missing one is no error. */
  async remove(containerId: string): Promise<void> {
    const dirs = this.layout.container(containerId);
    await this.drivers.overlay.unmount(dirs);

    // Deleting through a live mount would reach into whatever is mounted there.
    if (await isMounted(dirs.merged)) {
      throw new StorageError(`${dirs.merged} is still mounted`);
    }
    await removeTree(dirs.dir);
    log('removed %s', dirs.dir);
  }

  /** forgetLayers deletes what was derived from layers that are about to be removed. */
  async forgetLayers(diffIds: readonly string[]): Promise<void> {
    await this.drivers.idmapped.removeUsing(diffIds);
  }

  /** storageDriver is the driver a container created now would get. */
  async storageDriver(): Promise<StorageDriverReport> {
    const { driver, mountProgram } = await this.drivers.selector.select();
    return mountProgram === undefined ? { name: driver } : { name: driver, mountProgram };
  }

  private async overlayRequest(
    options: RootfsOptions,
    choice: DriverChoice,
    mappings: IdMappings | undefined,
  ): Promise<OverlayMountRequest> {
    const { volatile, mountLabel } = options;
    if (mappings === undefined) {
      const lowers = (await layerDirs(this.drivers.layers, options.layers)).reverse();
      return { lowers, choice, volatile, mountLabel };
    }

    const lower = await this.drivers.idmapped.lowerFor(options.layers, mappings);
    const root = await lstat(lower);
    return { lowers: [lower], choice, volatile, mountLabel, root };
  }

  private async driverOf(dirs: ContainerDirs): Promise<DriverChoice> {
    const recorded = await readDriverFile(dirs.driverFile);
    if (recorded !== undefined) return recorded;

    const chosen = await this.drivers.selector.select();
    await writeDriverFile(dirs.driverFile, chosen);
    log('container %s uses %s', dirs.dir, chosen.mountProgram ?? chosen.driver);
    return chosen;
  }
}
