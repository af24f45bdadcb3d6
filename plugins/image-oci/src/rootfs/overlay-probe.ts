import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { logger } from '../logger.js';
import { pathExists } from '../storage/path-exists.js';
import { removeTree } from '../storage/remove-tree.js';
import { overlayMountOptions } from './overlay-driver.js';
import { fuseOverlay, kernelOverlay, unmountOverlay } from './overlay-mounter.js';
import type { OverlayMounter } from './overlay-mounter.js';

const log = logger('driver');

/** Where Debian's fuse-overlayfs package, and most others, install the program. */
export const FUSE_OVERLAYFS_PATHS: readonly string[] = [
  '/usr/bin/fuse-overlayfs',
  '/usr/local/bin/fuse-overlayfs',
];

/**
 * probeKernelOverlay reports whether the kernel's overlay works for a store whose root is
 * `root`: the kernel must know the file system, and the backing file system must accept an
 * upper directory (overlay on overlay, for one, does not). A rootless store asks with
 * `userxattr`, the only way the kernel lets an unprivileged user namespace mount an overlay.
 */
export async function probeKernelOverlay(root: string, userxattr: boolean): Promise<boolean> {
  if (!(await kernelHasOverlay())) {
    log('the kernel does not list overlay in /proc/filesystems');
    return false;
  }
  return probeMount(root, kernelOverlay, userxattr);
}

/** probeFuseOverlay reports whether overlay mounts through the FUSE `program` work here. */
export function probeFuseOverlay(root: string, program: string): Promise<boolean> {
  // It fails without a /dev/fuse this user may open, as on hosts that keep it root's only.
  return probeMount(root, fuseOverlay(program), false);
}

/** findExecutable returns the first of `paths` this process may execute, if any. */
export async function findExecutable(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    const usable = await access(path, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (usable) return path;
  }
  return undefined;
}

async function kernelHasOverlay(): Promise<boolean> {
  const filesystems = await readFile('/proc/filesystems', 'utf8').catch(() => '');
  return filesystems.split('\n').some((line) => line.split('\t').pop() === 'overlay');
}

/** probeMount mounts a throw-away overlay under `root` and looks for a lower file in it. */
async function probeMount(
  root: string,
  mounter: OverlayMounter,
  userxattr: boolean,
): Promise<boolean> {
  const dir = await mkdtemp(join(root, '.overlay-probe-'));
  try {
    return await mountOnce(dir, mounter, userxattr);
  } catch (error) {
    log('%s probe failed: %s', mounter.name, (error as Error).message);
    return false;
  } finally {
    await removeTree(dir).catch((error) => log('leaving %s behind: %s', dir, error));
  }
}

async function mountOnce(dir: string, mounter: OverlayMounter, userxattr: boolean) {
  const [lower, upper, work, merged] = ['lower', 'upper', 'work', 'merged'].map((name) =>
    join(dir, name),
  );
  for (const path of [lower, upper, work, merged]) await mkdir(path);
  await writeFile(join(lower, 'probe'), '');

  await mounter.mount(overlayMountOptions([lower], { upper, work }, { userxattr }), merged);
  try {
    return await pathExists(join(merged, 'probe'));
  } finally {
    await unmountOverlay(merged);
  }
}
