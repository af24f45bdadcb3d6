import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { StorageError } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { LayerStore } from '../storage/layer-store.js';
import type { ContainerDirs } from '../storage/store-layout.js';
import { layerDirs } from './layer-dirs.js';
import { isMounted } from './mount-table.js';
import { runCommand } from './run-command.js';

const log = logger('overlay');

/** The kernel copies mount options into one page; longer option strings are refused. */
const PAGE_SIZE = 4096;
/** Characters that the overlay option parser would read as separators. */
const UNSAFE_IN_OPTIONS = /[,:\\]/;
/** A label is quoted in the options, so it may hold commas but no quote of its own. */
const UNSAFE_IN_LABEL = /["\\]/;

/**
 * OverlayDriver stacks a container's layers with the kernel's overlay file system: the layers
 * are read-only lower directories, the container's changes go to its `upper` directory, and
 * the result appears at `merged`.
 */
export class OverlayDriver {
  constructor(private readonly layers: LayerStore) {}

  /**
   * mount mounts the container's overlay unless it is mounted already. A `volatile` one skips
   * the kernel's sync of the upper directory on unmount, which on a busy disk costs more than
   * the container's run; a kernel older than 5.10 gets a plain mount. A `mountLabel` makes
   * every file appear with that SELinux label, as Podman's overlay mounts do.
   */
  async mount(
    dirs: ContainerDirs,
    diffIds: readonly string[],
    volatile = false,
    mountLabel = '',
  ): Promise<string> {
    if (await isMounted(dirs.merged)) {
      log('%s is already mounted', dirs.merged);
      return dirs.merged;
    }

    const lowers = await this.lowerDirs(dirs, diffIds);
    for (const dir of [dirs.upper, dirs.work, dirs.merged]) await mkdir(dir, { recursive: true });
    const options = overlayMountOptions(lowers, dirs, mountLabel);

    if (volatile) {
      // The kernel leaves this marker behind and refuses to mount over it again.
      await rm(join(dirs.work, 'incompat/volatile'), { recursive: true, force: true });
      try {
        await mountOverlay(`${options},volatile`, dirs.merged);
        log('mounted %s over %d layers, volatile', dirs.merged, lowers.length);
        return dirs.merged;
      } catch (error) {
        log('volatile overlay refused, mounting without it: %s', error);
      }
    }
    await mountOverlay(options, dirs.merged);
    log('mounted %s over %d layers', dirs.merged, lowers.length);
    return dirs.merged;
  }

  /** unmount unmounts the container's overlay; one that is not mounted is left alone. */
  async unmount(dirs: ContainerDirs): Promise<void> {
    if (!(await isMounted(dirs.merged))) return;

    await runCommand('umount', [dirs.merged]);
    log('unmounted %s', dirs.merged);
  }

  private async lowerDirs(dirs: ContainerDirs, diffIds: readonly string[]): Promise<string[]> {
    const lowers = (await layerDirs(this.layers, diffIds)).reverse();
    if (lowers.length > 0) return lowers;

    // overlay needs a lower directory; an image without layers gets an empty one.
    const empty = join(dirs.dir, 'empty');
    await mkdir(empty, { recursive: true, mode: 0o755 });
    return [empty];
  }
}

function mountOverlay(options: string, target: string): Promise<string> {
  return runCommand('mount', ['-t', 'overlay', 'overlay', '-o', options, target]);
}

/**
 * overlayMountOptions is the `-o` argument of the container's overlay mount. The layers keep
 * the labels of the store's directories on disk, which a confined container may not execute,
 * so a mount label is given as `context=`: the kernel then shows every file with it.
 */
export function overlayMountOptions(
  lowers: readonly string[],
  dirs: Pick<ContainerDirs, 'upper' | 'work'>,
  mountLabel = '',
): string {
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
  // Quoted, since the categories of a level are separated by commas (`s0:c1,c2`).
  if (mountLabel !== '') options += `,context="${mountLabel}"`;
  if (options.length >= PAGE_SIZE) {
    // TODO: shorten lowerdir for images with many layers, as containers/storage does with
    // short symbolic links under `l/` and a mount run from inside the store directory.
    throw new StorageError(`cannot mount overlay: ${lowers.length} layers exceed a page`);
  }
  return options;
}
