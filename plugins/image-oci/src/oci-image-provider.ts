import { inject, injectable } from 'tsyringe';

import { EngineEnvironment, SkiffError } from '@skiff/contracts';
import type {
  ImageProvider,
  ImageReference,
  ImportOptions,
  ImportReport,
  RootfsOptions,
  RootfsReport,
} from '@skiff/contracts';

import { ImageImporter } from './image/image-importer.js';
import { formatReference } from './reference/format-reference.js';
import { parseReference } from './reference/parse-reference.js';
import { DriverSelector } from './rootfs/driver-selector.js';
import { OverlayDriver } from './rootfs/overlay-driver.js';
import { RootfsManager } from './rootfs/rootfs-manager.js';
import { VfsDriver } from './rootfs/vfs-driver.js';
import { BlobStore } from './storage/blob-store.js';
import { LayerStore } from './storage/layer-store.js';
import { StoreLayout } from './storage/store-layout.js';
import { wrapStorageError } from './storage/wrap-storage-error.js';

/**
 * OciImageProvider keeps images in OCI form under the engine's root: layers extracted once by
 * diff id, configurations and manifests as blobs, and container file systems stacked with
 * overlay or copied with vfs. Constructing it touches no file and loads no tar code, so that
 * commands which never reach images stay fast.
 */
@injectable()
export class OciImageProvider implements ImageProvider {
  private readonly importer: ImageImporter;
  private readonly layers: LayerStore;
  private readonly rootfs: RootfsManager;

  constructor(@inject(EngineEnvironment) env: EngineEnvironment) {
    const layout = new StoreLayout(env.root);
    this.layers = new LayerStore(layout);

    // Only root can give files the owners an archive names; anyone else would get EPERM.
    const preserveOwner = process.getuid?.() === 0;
    this.importer = new ImageImporter(this.layers, new BlobStore(layout), preserveOwner);

    const selector = new DriverSelector(layout, env);
    const overlay = new OverlayDriver(this.layers);
    this.rootfs = new RootfsManager(layout, selector, overlay, new VfsDriver(this.layers));
  }

  parseReference(text: string): ImageReference {
    return parseReference(text);
  }

  formatReference(reference: ImageReference): string {
    return formatReference(reference);
  }

  async importRootfs(options: ImportOptions): Promise<ImportReport> {
    try {
      return await this.importer.import(options);
    } catch (cause) {
      throw SkiffError.wrap('importing root file system tarball', cause);
    }
  }

  async mountRootfs(options: RootfsOptions): Promise<RootfsReport> {
    try {
      return await this.rootfs.mount(options);
    } catch (cause) {
      throw wrapStorageError(
        `mounting root file system of container ${options.containerId}`,
        cause,
      );
    }
  }

  async unmountRootfs(containerId: string): Promise<void> {
    try {
      await this.rootfs.unmount(containerId);
    } catch (cause) {
      throw wrapStorageError(`unmounting root file system of container ${containerId}`, cause);
    }
  }

  async removeRootfs(containerId: string): Promise<void> {
    try {
      await this.rootfs.remove(containerId);
    } catch (cause) {
      throw wrapStorageError(`removing root file system of container ${containerId}`, cause);
    }
  }

  async removeLayers(diffIds: readonly string[]): Promise<void> {
    await this.layers.remove(diffIds);
  }
}
