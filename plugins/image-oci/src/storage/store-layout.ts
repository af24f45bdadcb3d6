import { join } from 'node:path';

import { InvalidArgument } from '@skiff/contracts';

import { digestHex } from './digest-hex.js';

const CONTAINER_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/** ContainerDirs are the directories of one container's file system under the store. */
export interface ContainerDirs {
  dir: string;
  /** The driver chosen on first mount, so that later calls keep using it. */
  driverFile: string;
  upper: string;
  work: string;
  merged: string;
  rootfs: string;
}

/**
 * StoreLayout owns the paths of the image store under the engine's root:
 * `layers/<hex>/diff` for extracted layers with `layer.json` and `blobs/` beside it,
 * `blobs/sha256/<hex>` for configs, manifests and layer blobs (OCI image layout style), and
 * `containers/<id>/` for container file systems, and `idmapped/<hex>/diff` for layer stacks
 * whose owners are shifted into a container's user namespace.
 * Every name that comes from outside is checked before it becomes part of a path.
 */
export class StoreLayout {
  readonly layers: string;
  readonly blobs: string;
  readonly containers: string;
  /** Work space for a load or a save: spooled archives, never read by anything else. */
  readonly temp: string;
  /** The cached answer to "does overlay work on this store?". */
  readonly overlayProbe: string;
  /** Flattened copies of layer stacks with owners shifted for a user namespace. */
  readonly idmapped: string;

  /**
   * @param rootless the store belongs to an unprivileged user, whose layers mark opaque
   *   directories with `user.*` attributes, since `trusted.*` ones are refused in a namespace
   */
  constructor(
    readonly root: string,
    readonly rootless = false,
  ) {
    this.layers = join(root, 'layers');
    this.blobs = join(root, 'blobs', 'sha256');
    this.containers = join(root, 'containers');
    this.overlayProbe = join(root, 'overlay-probe');
    this.idmapped = join(root, 'idmapped');
    this.temp = join(root, 'tmp');
  }

  /** layerDir is the directory of a layer, named by its diff id's hex. */
  layerDir(diffId: string): string {
    return join(this.layers, digestHex(diffId));
  }

  /** layerDiff is a layer's extracted content. */
  layerDiff(diffId: string): string {
    return join(this.layerDir(diffId), 'diff');
  }

  /** layerMetadata is the file describing a layer: its size and whiteouts. */
  layerMetadata(diffId: string): string {
    return join(this.layerDir(diffId), 'layer.json');
  }

  /** layerBlobs is the directory recording which kept blobs a layer was extracted from. */
  layerBlobs(diffId: string): string {
    return join(this.layerDir(diffId), 'blobs');
  }

  /** blobPath is where a blob with the given digest is kept. */
  blobPath(digest: string): string {
    return join(this.blobs, digestHex(digest));
  }

  /** container returns the directories of one container. */
  container(containerId: string): ContainerDirs {
    if (!CONTAINER_ID.test(containerId)) {
      throw new InvalidArgument(`invalid container id "${containerId}"`);
    }

    const dir = join(this.containers, containerId);
    return {
      dir,
      driverFile: join(dir, 'driver'),
      upper: join(dir, 'upper'),
      work: join(dir, 'work'),
      merged: join(dir, 'merged'),
      rootfs: join(dir, 'rootfs'),
    };
  }
}
