import { chmod, lchown, mkdir, rm } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';

import { StorageError } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { ContainerDirs } from '../storage/store-layout.js';
import type { DriverChoice } from './driver-file.js';
import { isMounted } from './mount-table.js';
import { mounterFor, unmountOverlay } from './overlay-mounter.js';
import type { OverlayMounter } from './overlay-mounter.js';

const log = logger('overlay');

/** The kernel copies mount options into one page; longer option strings are refused. */
const PAGE_SIZE = 4096;
/** Characters that the overlay option parser would read as separators. */
const UNSAFE_IN_OPTIONS = /[,:\\]/;
/** A label is quoted in the options, so it may hold commas but no quote of its own. */
const UNSAFE_IN_LABEL = /["\\]/;

/** OverlayFlags are the options of an overlay mount beyond its directories. */
export interface OverlayFlags {
  /** The SELinux label every file is to appear with; empty or absent for none. */
  mountLabel?: string;
  /**
   * Keep overlay's own attributes under `user.overlay.*` rather than `trusted.overlay.*`: the
   * kernel mounts an overlay in an unprivileged user namespace only so.
   */
  userxattr?: boolean;
}

/** OverlayMountRequest says how one container's overlay is to be mounted. */
export interface OverlayMountRequest {
  /** The lower directories, topmost first. */
  lowers: readonly string[];
  choice: DriverChoice;
  volatile?: boolean;
  mountLabel?: string;
  /**
   * The owner and mode to give a new upper directory, which is the root of the merged view:
   * a container with its own user namespace must find its `/` owned by its own root.
   */
  root?: Pick<Stats, 'uid' | 'gid' | 'mode'>;
}

/**
 * OverlayDriver stacks a container's layers with an overlay file system, the kernel's or
 * fuse-overlayfs: the layers are read-only lower directories, the container's changes go to
 * its `upper` directory, and the result appears at `merged`. A rootless store's kernel mounts
 * carry `userxattr`, which is also why its layers mark opaque directories with `user.*`.
 */
export class OverlayDriver {
  constructor(private readonly rootless: boolean) {}

  /**
   * mount mounts the container's overlay unless it is mounted already. A `volatile` one skips
   * the sync of the upper directory on unmount, which on a busy disk costs more than the
   * container's run; a kernel older than 5.10 gets a plain mount. A `mountLabel` makes every
   * file appear with that SELinux label, as Podman's overlay mounts do.
   */
  async mount(dirs: ContainerDirs, request: OverlayMountRequest): Promise<string> {
    if (await isMounted(dirs.merged)) {
      log('%s is already mounted', dirs.merged);
      return dirs.merged;
    }

    const lowers = await this.lowerDirs(dirs, request.lowers);
    await prepareDirs(dirs, request.root);
    const mounter = mounterFor(request.choice);
    const userxattr = this.rootless && request.choice.mountProgram === undefined;
    const options = overlayMountOptions(lowers, dirs, {
      mountLabel: request.mountLabel,
      userxattr,
    });

    if (request.volatile && (await mountVolatile(mounter, dirs, options))) {
      log('mounted %s over %d layers with %s, volatile', dirs.merged, lowers.length, mounter.name);
      return dirs.merged;
    }
    await mounter.mount(options, dirs.merged);
    log('mounted %s over %d layers with %s', dirs.merged, lowers.length, mounter.name);
    return dirs.merged;
  }

  /** unmount unmounts the container's overlay; one that is not mounted is left alone. */
  async unmount(dirs: ContainerDirs): Promise<void> {
    if (!(await isMounted(dirs.merged))) return;

    await unmountOverlay(dirs.merged);
    log('unmounted %s', dirs.merged);
  }

  private async lowerDirs(dirs: ContainerDirs, lowers: readonly string[]): Promise<string[]> {
    if (lowers.length > 0) return [...lowers];

    // overlay needs a lower directory; an image without layers gets an empty one.
    const empty = join(dirs.dir, 'empty');
    await mkdir(empty, { recursive: true, mode: 0o755 });
    return [empty];
  }
}

async function prepareDirs(dirs: ContainerDirs, root: OverlayMountRequest['root']) {
  const fresh = (await mkdir(dirs.upper, { recursive: true })) !== undefined;
  for (const dir of [dirs.work, dirs.merged]) await mkdir(dir, { recursive: true });
  if (!fresh || root === undefined) return;

  await lchown(dirs.upper, root.uid, root.gid);
  await chmod(dirs.upper, root.mode & 0o7777);
}

async function mountVolatile(
  mounter: OverlayMounter,
  dirs: ContainerDirs,
  options: string,
): Promise<boolean> {
  // The kernel leaves this marker behind and refuses to mount over it again.
  await rm(join(dirs.work, 'incompat/volatile'), { recursive: true, force: true });
  try {
    await mounter.mount(`${options},volatile`, dirs.merged);
    return true;
  } catch (error) {
    log('volatile overlay refused, mounting without it: %s', error);
    return false;
  }
}

/**
 * overlayMountOptions is the `-o` argument of an overlay mount, the kernel's or
 * fuse-overlayfs' (which reads the same options). The layers keep the labels of the store's
 * directories on disk, which a confined container may not execute, so a mount label is given
 * as `context=`: the kernel then shows every file with it.
 */
export function overlayMountOptions(
  lowers: readonly string[],
  dirs: Pick<ContainerDirs, 'upper' | 'work'>,
  flags: OverlayFlags = {},
): string {
  const mountLabel = flags.mountLabel ?? '';
  // The topmost layer comes first in lowerdir.
  const paths = [...lowers, dirs.upper, dirs.work];
  const unsafe = paths.find((path) => UNSAFE_IN_OPTIONS.test(path));
  if (unsafe !== undefined) {
    throw new StorageError(`cannot mount overlay: "${unsafe}" contains ",", ":" or "\\"`);
  }
  if (UNSAFE_IN_LABEL.test(mountLabel)) {
    throw new StorageError(`cannot mount overlay: label "${mountLabel}" contains '"' or "\\"`);
  }

  let options = `lowerdir=${lowers.join(':')},upperdir=${dirs.upper},workdir=${dirs.work}`;
  if (flags.userxattr) options += ',userxattr';
  // Quoted, since the categories of a level are separated by commas (`s0:c1,c2`).
  if (mountLabel !== '') options += `,context="${mountLabel}"`;
  if (options.length >= PAGE_SIZE) {
    // TODO: shorten lowerdir for images with many layers, as containers/storage does with
    // short symbolic links under `l/` and a mount run from inside the store directory.
    throw new StorageError(`cannot mount overlay: ${lowers.length} layers exceed a page`);
  }
  return options;
}
