import { join } from 'node:path';

import type { ImageRecord } from '@skiff/contracts';

import type { StoredContainer } from '../state/container-store.js';
import { directorySize } from '../system/directory-size.js';
import { writableLayerSize } from '../system/writable-layer-size.js';
import type { ContainerSize } from './container-summary.js';

/**
 * ContainerSizer measures containers as `ps --size` shows them: the files of the image's
 * layers (Podman's "virtual" size, not the image's tar size) and what the container wrote.
 * Each image is measured once, however many containers use it.
 * TODO: the layer paths are those of the built-in image provider (image-oci), as for
 * `system df`; ask the provider once the contract has a call that measures layers.
 */
export class ContainerSizer {
  private readonly imageSizes = new Map<string, number>();

  constructor(private readonly root: string) {}

  measure(container: StoredContainer, image: ImageRecord | undefined): ContainerSize {
    const diffIds = image?.layers.map((layer) => layer.diffId) ?? [];
    return {
      rootFsSize: image ? this.imageSize(image) : 0,
      rwSize: writableLayerSize(this.root, container.id, diffIds),
    };
  }

  private imageSize(image: ImageRecord): number {
    let size = this.imageSizes.get(image.id);
    if (size === undefined) {
      size = image.layers.reduce((sum, layer) => sum + directorySize(this.layerDir(layer)), 0);
      this.imageSizes.set(image.id, size);
    }
    return size;
  }

  private layerDir(layer: { diffId: string }): string {
    return join(this.root, 'layers', layer.diffId.replace(/^sha256:/, ''), 'diff');
  }
}
