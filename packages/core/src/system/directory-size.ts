import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

import { StorageError } from '@skiff/contracts';

// Entries that vanish or cannot be listed mid-walk (a container writing, a rootless owner's
// private directory) are left out rather than failing a whole report.
const SKIPPED = new Set(['ENOENT', 'ENOTDIR', 'EACCES']);

/**
 * directorySize sums the sizes of what lies under `dir` the way Podman's storage measures a
 * layer: a directory counts nothing itself, a file with several hard links counts once, and a
 * symbolic link counts its own length without being followed. A missing `dir` measures 0.
 */
export function directorySize(dir: string): number {
  const linked = new Set<string>();
  const pending = [dir];
  let total = 0;

  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const entry of listDirectory(current)) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        pending.push(path);
        continue;
      }
      total += fileSize(path, linked);
    }
  }
  return total;
}

/** fileSize is one entry's size, or 0 for a hard link already counted through another name. */
function fileSize(path: string, linked: Set<string>): number {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return 0;
  if (stats.nlink > 1) {
    const inode = `${stats.dev}:${stats.ino}`;
    if (linked.has(inode)) return 0;
    linked.add(inode);
  }
  return stats.size;
}

function listDirectory(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (SKIPPED.has((error as NodeJS.ErrnoException).code ?? '')) return [];
    throw new StorageError(`measuring ${dir}`, { cause: error });
  }
}
