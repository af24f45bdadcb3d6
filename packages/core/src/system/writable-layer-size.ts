import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';

import { directorySize } from './directory-size.js';

/**
 * writableLayerSize measures what a container wrote to its file system, as `system df` shows
 * it. The paths are those of the built-in image provider (image-oci): an overlay container's
 * changes are its `upper` directory; a vfs container has a whole copy in `rootfs`, of which only
 * the files that no image layer holds with the same size and modification time count (the copy
 * keeps both), as a naive diff does.
 * TODO: ask the image provider instead, once the contract has a call that measures a
 * container's changes; another provider's containers measure 0 until then.
 */
export function writableLayerSize(root: string, id: string, diffIds: readonly string[]): number {
  const dir = join(root, 'containers', id);
  const upper = join(dir, 'upper');
  if (lstatSync(upper, { throwIfNoEntry: false })?.isDirectory()) return directorySize(upper);

  // Top layer first: the first one holding a path decides what the image has there.
  const layers = diffIds.map((diffId) => join(root, 'layers', hexOf(diffId), 'diff')).reverse();
  return changedSize(join(dir, 'rootfs'), layers);
}

function changedSize(rootfs: string, layers: readonly string[]): number {
  const linked = new Set<string>();
  const pending = [''];
  let total = 0;

  for (let relative = pending.pop(); relative !== undefined; relative = pending.pop()) {
    for (const entry of entries(join(rootfs, relative))) {
      const path = join(relative, entry.name);
      if (entry.isDirectory()) {
        pending.push(path);
        continue;
      }
      const stats = lstatSync(join(rootfs, path), { throwIfNoEntry: false });
      if (stats === undefined || sameAsImage(stats, path, layers)) continue;
      if (stats.nlink > 1 && !firstLink(stats, linked)) continue;
      total += stats.size;
    }
  }
  return total;
}

function sameAsImage(stats: Stats, path: string, layers: readonly string[]): boolean {
  for (const layer of layers) {
    const original = lstatSync(join(layer, path), { throwIfNoEntry: false });
    if (original === undefined) continue;
    return original.size === stats.size && original.mtimeMs === stats.mtimeMs;
  }
  return false;
}

function firstLink(stats: Stats, linked: Set<string>): boolean {
  const inode = `${stats.dev}:${stats.ino}`;
  if (linked.has(inode)) return false;
  linked.add(inode);
  return true;
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    // A container removed or never mounted while it is measured has written nothing.
    return [];
  }
}

function hexOf(diffId: string): string {
  return diffId.replace(/^sha256:/, '');
}
