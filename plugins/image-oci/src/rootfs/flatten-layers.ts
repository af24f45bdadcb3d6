import { StorageError } from '@skiff/contracts';

import type { LayerStore } from '../storage/layer-store.js';
import { applyLayer } from './apply-layer.js';

/**
 * flattenLayers copies layers, base first, into the directory `target` with overlay's rules
 * applied, leaving one plain tree without whiteouts or opaque marks: a vfs container's copy,
 * or the single lower directory of an id-mapped overlay.
 */
export async function flattenLayers(
  layers: LayerStore,
  diffIds: readonly string[],
  target: string,
): Promise<void> {
  for (const diffId of diffIds) {
    const layer = await layers.get(diffId);
    if (layer === undefined) throw new StorageError(`layer ${diffId} is not in the store`);
    await applyLayer(layers.diffPath(diffId), target, layer.whiteouts, layers.opaqueXattr);
  }
}
