import { inject, injectable } from 'tsyringe';

import { EngineEnvironment, SkiffError } from '@skiff/contracts';
import type {
  ImageProvider,
  ImageRecord,
  ImageReference,
  ImportOptions,
  ImportReport,
  LoadOptions,
  LoadedImage,
  PullOptions,
  PullReport,
  PushOptions,
  PushReport,
  RegistryLoginOptions,
  RootfsOptions,
  RootfsReport,
  SaveOptions,
  StorageDriverReport,
} from '@skiff/contracts';

import { ArchiveLoader } from './archive/archive-loader.js';
import { ArchiveSaver } from './archive/archive-saver.js';
import { RootfsExporter } from './archive/rootfs-exporter.js';
import type { ExportOptions } from './archive/rootfs-exporter.js';
import { ImageImporter } from './image/image-importer.js';
import { ImagePuller } from './pull/image-puller.js';
import { ImagePusher } from './push/image-pusher.js';
import { formatReference } from './reference/format-reference.js';
import { parseReference } from './reference/parse-reference.js';
import { HttpClient } from './registry/http-client.js';
import { registryLogin } from './registry/registry-login.js';
import { TokenCache } from './registry/token-cache.js';
import { DriverSelector } from './rootfs/driver-selector.js';
import { IdMappedLayers } from './rootfs/idmapped-layers.js';
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
  private readonly blobs: BlobStore;
  private readonly saver: ArchiveSaver;
  private readonly loader: ArchiveLoader;
  private readonly exporter: RootfsExporter;
  private readonly http = new HttpClient();
  private readonly puller: ImagePuller;
  private readonly pusher: ImagePusher;

  constructor(@inject(EngineEnvironment) env: EngineEnvironment) {
    const layout = new StoreLayout(env.root, env.rootless);
    this.layers = new LayerStore(layout);

    // Only root can give files the owners an archive names; anyone else would get EPERM. In
    // the rootless user namespace this process is root, and the owners go through its mapping.
    const preserveOwner = process.getuid?.() === 0;
    this.importer = new ImageImporter(this.layers, new BlobStore(layout), preserveOwner);

    // One token cache for the process: a pull's many requests ask the token server once.
    const transfers = { http: this.http, tokens: new TokenCache(), blobs: new BlobStore(layout) };
    this.puller = new ImagePuller({ ...transfers, layers: this.layers, preserveOwner });
    this.pusher = new ImagePusher(transfers);

    this.rootfs = new RootfsManager(layout, {
      layers: this.layers,
      selector: new DriverSelector(layout, env),
      overlay: new OverlayDriver(env.rootless),
      vfs: new VfsDriver(this.layers),
      idmapped: new IdMappedLayers(layout, this.layers),
    });

    this.blobs = new BlobStore(layout);
    const stores = { layers: this.layers, blobs: this.blobs };
    this.saver = new ArchiveSaver(stores);
    this.loader = new ArchiveLoader(layout, stores, preserveOwner);
    this.exporter = new RootfsExporter(layout, this.rootfs);
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
    try {
      await this.rootfs.forgetLayers(diffIds);
    } catch (cause) {
      throw wrapStorageError('removing id-mapped copies of layers', cause);
    }
    await this.layers.remove(diffIds);
  }

  async storageDriver(): Promise<StorageDriverReport> {
    try {
      return await this.rootfs.storageDriver();
    } catch (cause) {
      throw wrapStorageError('choosing the storage driver', cause);
    }
  }

  async save(options: SaveOptions): Promise<void> {
    try {
      await this.saver.save(options);
    } catch (cause) {
      throw wrapStorageError(`saving images as ${options.format}`, cause);
    }
  }

  async load(options: LoadOptions): Promise<LoadedImage[]> {
    try {
      return await this.loader.load(options);
    } catch (cause) {
      throw wrapStorageError('loading images from archive', cause);
    }
  }

  async exportRootfs(options: ExportOptions): Promise<void> {
    try {
      await this.exporter.export(options);
    } catch (cause) {
      throw wrapStorageError(`exporting file system of container ${options.containerId}`, cause);
    }
  }

  async removeImage(image: ImageRecord): Promise<void> {
    // Layer blobs belong to their layers and go with removeLayers, once no image uses them.
    try {
      await this.blobs.remove(`sha256:${image.id}`);
      await this.blobs.remove(image.digest);
    } catch (cause) {
      throw wrapStorageError(`removing blobs of image ${image.id}`, cause);
    }
  }

  async pull(options: PullOptions): Promise<PullReport> {
    return this.puller.pull(options);
  }

  async push(options: PushOptions): Promise<PushReport> {
    return this.pusher.push(options);
  }

  async login(options: RegistryLoginOptions): Promise<void> {
    await registryLogin(this.http, options);
  }
}
