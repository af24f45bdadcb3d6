import { StorageError } from '@skiff/contracts';

import type { LayerStore } from '../storage/layer-store.js';

/**
 * layerDirs returns the directories of a container's layers, base first, after checking that
 * each is stored: a missing layer must fail here, not as a puzzling mount or copy error.
 */
export async function layerDirs(layers: LayerStore, diffIds: readonly string[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const diffId of diffIds) {
    if (!(await layers.has(diffId))) {
      throw new StorageError(`layer ${diffId} is not in the store`);
    }
    dirs.push(layers.diffPath(diffId));
  }
  return dirs;
}
