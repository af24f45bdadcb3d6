import { mkdir } from 'node:fs/promises';

import { InvalidArgument } from '@skiff/contracts';
import type { EngineEnvironment } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { StoreLayout } from '../storage/store-layout.js';
import { DRIVER_NAMES, readDriverFile, writeDriverFile } from './driver-file.js';
import type { DriverName } from './driver-file.js';
import { probeOverlay } from './overlay-probe.js';

const log = logger('driver');

/**
 * DriverSelector picks the storage driver for new container file systems: the one configured,
 * else overlay where it works, else vfs. Whether overlay works is probed once per store and
 * remembered in a file, since every command is a new process.
 */
export class DriverSelector {
  constructor(
    private readonly layout: StoreLayout,
    private readonly env: EngineEnvironment,
  ) {}

  /** select returns the driver to use for a container created now. */
  async select(): Promise<DriverName> {
    const configured = this.env.storageDriver;
    if (configured !== undefined && configured !== '') return checkDriver(configured);

    const remembered = await readDriverFile(this.layout.overlayProbe);
    if (remembered !== undefined) return remembered;

    const driver = await this.probe();
    await writeDriverFile(this.layout.overlayProbe, driver);
    return driver;
  }

  private async probe(): Promise<DriverName> {
    // TODO: overlay for rootless stores, through a user namespace (Linux 5.11 and later) or
    // fuse-overlayfs; mount(8) refuses unprivileged users, so rootless uses vfs for now.
    if (this.env.rootless) return 'vfs';

    await mkdir(this.layout.root, { recursive: true });
    if (await probeOverlay(this.layout.root)) return 'overlay';

    log('warning: overlay does not work here, falling back to vfs, which copies every layer');
    return 'vfs';
  }
}

function checkDriver(name: string): DriverName {
  const driver = DRIVER_NAMES.find((known) => known === name);
  if (driver !== undefined) return driver;
  throw new InvalidArgument(`unsupported storage driver "${name}": use overlay or vfs`);
}
