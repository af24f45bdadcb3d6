import { mkdir } from 'node:fs/promises';

import { InvalidArgument } from '@skiff/contracts';
import type { EngineEnvironment } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { StoreLayout } from '../storage/store-layout.js';
import { DRIVER_NAMES, readDriverFile, writeDriverFile } from './driver-file.js';
import type { DriverChoice, DriverName } from './driver-file.js';
import {
  FUSE_OVERLAYFS_PATHS,
  findExecutable,
  probeFuseOverlay,
  probeKernelOverlay,
} from './overlay-probe.js';

const log = logger('driver');

/** DriverProbes are the questions a selection asks the host; tests answer them instead. */
export interface DriverProbes {
  /** Does the kernel's overlay mount under `root`, with `userxattr` when asked? */
  kernelOverlay(root: string, userxattr: boolean): Promise<boolean>;
  /** Where fuse-overlayfs is installed, if it is. */
  findFuseOverlay(): Promise<string | undefined>;
  /** Does an overlay mount through the FUSE `program` work under `root`? */
  fuseOverlay(root: string, program: string): Promise<boolean>;
  /** Can this process give files any owner and make device nodes (root, or root in a namespace)? */
  ownsFiles(): boolean;
}

/** HOST_PROBES ask the real host, mounting throw-away overlays under the store. */
export const HOST_PROBES: DriverProbes = {
  kernelOverlay: probeKernelOverlay,
  findFuseOverlay: () => findExecutable(FUSE_OVERLAYFS_PATHS),
  fuseOverlay: probeFuseOverlay,
  ownsFiles: () => process.getuid?.() === 0,
};

/**
 * DriverSelector picks the storage driver for new container file systems: the one configured,
 * else the kernel's overlay where it works (with `userxattr` for a rootless store), else, for a
 * rootless store, overlay through fuse-overlayfs where that works, else vfs. The answer is
 * probed once per store and remembered in a file, since every command is a new process.
 */
export class DriverSelector {
  constructor(
    private readonly layout: StoreLayout,
    private readonly env: EngineEnvironment,
    private readonly probes: DriverProbes = HOST_PROBES,
  ) {}

  /** select returns the driver to use for a container created now. */
  async select(): Promise<DriverChoice> {
    const configured = this.configured();
    if (configured !== undefined) return configured;

    const remembered = await readDriverFile(this.layout.overlayProbe);
    if (remembered !== undefined) return remembered;

    if (!this.probes.ownsFiles()) {
      // Outside its user namespace a user's layers get no whiteout devices and no owners; not
      // remembered, so that a command run inside the namespace still probes.
      log('warning: not root in a user namespace, so vfs, which copies every layer');
      return { driver: 'vfs' };
    }

    const choice = await this.probe();
    await writeDriverFile(this.layout.overlayProbe, choice);
    return choice;
  }

  /**
   * configured is the choice flags and storage.conf make: a driver, and a `mount_program`,
   * which, as in Podman, sends overlay mounts through it without asking whether they work.
   */
  private configured(): DriverChoice | undefined {
    const { storageDriver, overlayMountProgram } = this.env;
    const program = overlayMountProgram === '' ? undefined : overlayMountProgram;
    const named = storageDriver === undefined || storageDriver === '' ? undefined : storageDriver;
    if (named === undefined && program === undefined) return undefined;

    const driver = named === undefined ? 'overlay' : checkDriver(named);
    return driver === 'overlay' && program !== undefined
      ? { driver, mountProgram: program }
      : { driver };
  }

  private async probe(): Promise<DriverChoice> {
    const root = this.layout.root;
    await mkdir(root, { recursive: true });
    if (await this.probes.kernelOverlay(root, this.env.rootless)) return { driver: 'overlay' };
    if (this.env.rootless) return this.probeRootless(root);

    log('warning: overlay does not work here, falling back to vfs, which copies every layer');
    return { driver: 'vfs' };
  }

  private async probeRootless(root: string): Promise<DriverChoice> {
    const program = await this.probes.findFuseOverlay();
    if (program !== undefined && (await this.probes.fuseOverlay(root, program))) {
      return { driver: 'overlay', mountProgram: program };
    }

    const why = program === undefined ? 'fuse-overlayfs is not installed' : `${program} failed`;
    log('warning: rootless overlay does not work here (%s), falling back to vfs', why);
    return { driver: 'vfs' };
  }
}

function checkDriver(name: string): DriverName {
  const driver = DRIVER_NAMES.find((known) => known === name);
  if (driver !== undefined) return driver;
  throw new InvalidArgument(`unsupported storage driver "${name}": use overlay or vfs`);
}
