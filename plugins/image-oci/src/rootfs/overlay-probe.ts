import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { logger } from '../logger.js';
import { pathExists } from '../storage/path-exists.js';
import { removeTree } from '../storage/remove-tree.js';
import { runCommand } from './run-command.js';

const log = logger('driver');

/**
 * probeOverlay reports whether overlay mounts work for a store whose root is `root`: the
 * kernel must know the file system, and the backing file system must accept an upper
 * directory (overlay on overlay, for one, does not). It mounts a throw-away overlay to find out.
 */
export async function probeOverlay(root: string): Promise<boolean> {
  if (!(await kernelHasOverlay())) {
    log('the kernel does not list overlay in /proc/filesystems');
    return false;
  }

  const dir = await mkdtemp(join(root, '.overlay-probe-'));
  try {
    return await mountOnce(dir);
  } catch (error) {
    log('overlay probe failed: %s', (error as Error).message);
    return false;
  } finally {
    await removeTree(dir).catch((error) => log('leaving %s behind: %s', dir, error));
  }
}

async function kernelHasOverlay(): Promise<boolean> {
  const filesystems = await readFile('/proc/filesystems', 'utf8').catch(() => '');
  return filesystems.split('\n').some((line) => line.split('\t').pop() === 'overlay');
}

async function mountOnce(dir: string): Promise<boolean> {
  const [lower, upper, work, merged] = ['lower', 'upper', 'work', 'merged'].map((name) =>
    join(dir, name),
  );
  for (const path of [lower, upper, work, merged]) await mkdir(path);
  await writeFile(join(lower, 'probe'), '');

  const options = `lowerdir=${lower},upperdir=${upper},workdir=${work}`;
  await runCommand('mount', ['-t', 'overlay', 'overlay', '-o', options, merged]);
  try {
    return await pathExists(join(merged, 'probe'));
  } finally {
    await runCommand('umount', [merged]);
  }
}
