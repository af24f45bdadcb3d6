import { logger } from '../logger.js';
import type { DriverChoice } from './driver-file.js';
import { mountAt } from './mount-table.js';
import { runCommand } from './run-command.js';

const log = logger('overlay');

/** FUSE file systems appear in mountinfo as `fuse.<program>`. */
const FUSE_TYPE_PREFIX = 'fuse.';
/** FUSE's unmount helpers, tried in order before a plain umount(8). */
const FUSE_UNMOUNTERS = ['fusermount3', 'fusermount'];

/**
 * OverlayMounter mounts an overlay one way, the kernel's or a FUSE program's, from the option
 * string overlayMountOptions builds.
 */
export interface OverlayMounter {
  /** What the probe and the logs call it: `overlay` or the program's path. */
  readonly name: string;
  mount(options: string, target: string): Promise<void>;
}

/** kernelOverlay mounts with the kernel's overlay file system, through mount(8). */
export const kernelOverlay: OverlayMounter = {
  name: 'overlay',
  async mount(options, target) {
    await runCommand('mount', ['-t', 'overlay', 'overlay', '-o', options, target]);
  },
};

/**
 * fuseOverlay mounts through a FUSE program that takes overlay's options, fuse-overlayfs: the
 * way to stack layers where the kernel refuses an unprivileged overlay. It serves the mount
 * from a process of its own, which lives until the file system is unmounted.
 */
export function fuseOverlay(program: string): OverlayMounter {
  return {
    name: program,
    async mount(options, target) {
      await runCommand(program, ['-o', options, target]);
    },
  };
}

/** mounterFor returns the mounter of an overlay choice. */
export function mounterFor(choice: DriverChoice): OverlayMounter {
  return choice.mountProgram === undefined ? kernelOverlay : fuseOverlay(choice.mountProgram);
}

/**
 * unmountOverlay unmounts whatever overlay is at `target`, judging by mountinfo rather than by
 * what was asked for: a FUSE mount goes through fusermount, which an unprivileged user may run,
 * and falls back to umount(8), which root in the mount's own namespace may run.
 */
export async function unmountOverlay(target: string): Promise<void> {
  const entry = await mountAt(target);
  if (entry === undefined) return;

  if (entry.fsType.startsWith(FUSE_TYPE_PREFIX)) {
    for (const helper of FUSE_UNMOUNTERS) {
      try {
        await runCommand(helper, ['-u', target]);
        return;
      } catch (error) {
        log('%s could not unmount %s: %s', helper, target, (error as Error).message);
      }
    }
  }
  await runCommand('umount', [target]);
}
