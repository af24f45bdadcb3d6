import { lstat, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import { logger } from '../logger.js';
import { removeTree } from '../storage/remove-tree.js';
import type { Whiteouts } from '../storage/whiteout-set.js';
import { runCommand } from './run-command.js';

const log = logger('vfs');

/**
 * applyLayer copies one extracted layer onto `target`, which holds the layers below it, with
 * overlay's rules: a directory merges with a directory, anything else replaces what was
 * there, whited-out paths disappear, and an opaque directory loses its lower content first.
 * Every path in `target` is looked at with lstat and removed before it is written, because
 * cp(1) writes a file through a symbolic link left by a lower layer, which could point
 * anywhere on the host. `opaqueXattr` is the store's opaque mark, which the copy must not keep.
 */
export async function applyLayer(
  layer: string,
  target: string,
  whiteouts: Whiteouts,
  opaqueXattr: string,
): Promise<void> {
  const hidden = new Set(whiteouts.files);
  await clearConflicts(layer, target, '', hidden);
  for (const path of whiteouts.opaque) await emptyDirectory(target, path);
  for (const path of whiteouts.files) await removeInside(target, path);

  // `cp -a` keeps owners, modes, times, hard links and extended attributes; `layer/.`
  // copies the layer's content and its root's attributes onto the target directory.
  await runCommand('cp', ['-a', `${layer}/.`, target]);
  await dropOverlayMarks(target, whiteouts, opaqueXattr);
}

async function clearConflicts(
  layer: string,
  target: string,
  relative: string,
  hidden: ReadonlySet<string>,
): Promise<void> {
  const entries = await readdir(join(layer, relative), { withFileTypes: true });
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (hidden.has(path)) continue;

    const existing = await lstatOrUndefined(join(target, path));
    if (existing === undefined) continue;
    if (entry.isDirectory() && existing.isDirectory()) {
      await clearConflicts(layer, target, path, hidden);
    } else {
      await removeTree(join(target, path));
    }
  }
}

async function emptyDirectory(target: string, path: string): Promise<void> {
  const dir = await realDirectory(target, path);
  if (dir === undefined) return;
  for (const name of await readdir(dir)) await removeTree(join(dir, name));
}

async function removeInside(target: string, path: string): Promise<void> {
  const parts = path.split('/');
  const parent = await realDirectory(target, parts.slice(0, -1).join('/'));
  if (parent !== undefined) await removeTree(join(parent, parts[parts.length - 1] ?? ''));
}

/** realDirectory returns `target/path` if every step of it is a directory, not a link. */
async function realDirectory(target: string, path: string): Promise<string | undefined> {
  let dir = target;
  for (const part of path.split('/').filter((name) => name !== '' && name !== '.')) {
    dir = join(dir, part);
    const stats = await lstatOrUndefined(dir);
    if (stats === undefined || !stats.isDirectory()) return undefined;
  }
  return dir;
}

async function dropOverlayMarks(
  target: string,
  whiteouts: Whiteouts,
  opaqueXattr: string,
): Promise<void> {
  // cp copied the layer's whiteout devices and opaque attributes too; in a plain copy they
  // would be stray device nodes and a mark that no overlay reads.
  for (const path of whiteouts.files) {
    const file = join(target, path);
    const stats = await lstatOrUndefined(file);
    if (stats?.isCharacterDevice() && stats.rdev === 0) await unlink(file);
  }

  if (whiteouts.opaque.length === 0 || process.getuid?.() !== 0) return;
  const dirs = whiteouts.opaque.map((path) => join(target, path));
  await runCommand('setfattr', ['-h', '-x', opaqueXattr, ...dirs]).catch((error: Error) =>
    log('leaving %s on some of %s: %s', opaqueXattr, dirs.join(' '), error.message),
  );
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
