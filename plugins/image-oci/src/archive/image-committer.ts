import { createReadStream } from 'node:fs';

import { StorageError } from '@skiff/contracts';
import type { LayerReport, LoadedImage } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { BlobStore } from '../storage/blob-store.js';
import { digestHex } from '../storage/digest-hex.js';
import type { LayerBlob } from '../storage/layer-metadata.js';
import type { LayerStore } from '../storage/layer-store.js';
import { sha256Digest } from './archive-image.js';
import type { ArchiveImage, ArchiveLayer } from './archive-image.js';
import { buildOciManifest } from './oci-manifest.js';

const log = logger('archive');

/**
 * ImageCommitter stores the images of one archive as a unit: layers through the layer store
 * (which checks their digests), configurations and manifests in the blob store. It remembers
 * what it created, so that a failure part way removes exactly that and nothing that was
 * stored before.
 */
export class ImageCommitter {
  private readonly createdLayers: string[] = [];
  private readonly createdBlobs: string[] = [];

  constructor(
    private readonly stores: { layers: LayerStore; blobs: BlobStore },
    private readonly preserveOwner: boolean,
  ) {}

  /** commit stores every image, or none of what this commit created. */
  async commit(images: readonly ArchiveImage[]): Promise<LoadedImage[]> {
    try {
      const loaded: LoadedImage[] = [];
      for (const image of images) loaded.push(await this.store(image));
      return loaded;
    } catch (error) {
      await this.rollBack();
      throw error;
    }
  }

  private async store(image: ArchiveImage): Promise<LoadedImage> {
    const layers: LayerReport[] = [];
    const blobs: LayerBlob[] = [];
    for (const layer of image.layers) {
      const [report, blob] = await this.storeLayer(layer);
      layers.push(report);
      blobs.push(blob);
    }

    const config = await this.putBlob(image.config);
    const manifestBytes = image.manifest ?? buildOciManifest(config, blobs);
    const manifest = await this.putBlob(manifestBytes);
    const size = layers.reduce((total, layer) => total + layer.size, config.size);
    log('stored image %s with %d layers', config.digest, layers.length);

    return {
      id: digestHex(config.digest),
      digest: manifest.digest,
      config: image.parsedConfig,
      layers,
      size,
      names: image.names,
    };
  }

  private async storeLayer(layer: ArchiveLayer): Promise<[LayerReport, LayerBlob]> {
    const existed = await this.stores.layers.has(layer.diffId);
    const stored = existed ? await this.stores.layers.get(layer.diffId) : undefined;
    // An OCI archive names its blob: keep that one too, so its manifest stays whole.
    const kept = stored?.blobs.find(
      (blob) => layer.digest === undefined || blob.digest === layer.digest,
    );
    if (stored !== undefined && kept !== undefined) {
      const { digest, mediaType } = kept;
      return [{ diffId: layer.diffId, size: stored.size, digest, mediaType }, kept];
    }

    const report = await this.stores.layers.create(createReadStream(layer.file), {
      preserveOwner: this.preserveOwner,
      expectedDigest: layer.digest,
      expectedDiffId: layer.diffId,
      mediaType: layer.mediaType,
      keepBlob: true,
      sourceFile: layer.file,
    });
    if (!existed) this.createdLayers.push(report.diffId);
    return [report, await this.keptBlob(report)];
  }

  private async keptBlob(report: LayerReport): Promise<LayerBlob> {
    const stored = await this.stores.layers.get(report.diffId);
    const blob = stored?.blobs.find((kept) => kept.digest === report.digest);
    if (blob === undefined) throw new StorageError(`layer ${report.diffId} lost its blob`);
    return blob;
  }

  private async putBlob(bytes: Buffer): Promise<{ digest: string; size: number }> {
    const { blobs } = this.stores;
    // put is a no-op for a blob already there; only a new one is this commit's to undo.
    const existed = await blobs.has(sha256Digest(bytes));
    const report = await blobs.put(bytes);
    if (!existed) this.createdBlobs.push(report.digest);
    return report;
  }

  private async rollBack(): Promise<void> {
    await this.stores.layers
      .remove(this.createdLayers)
      .catch((error) => log('leaving layers of a failed load behind: %s', error));
    for (const digest of this.createdBlobs) {
      await this.stores.blobs
        .remove(digest)
        .catch((error) => log('leaving blob %s of a failed load behind: %s', digest, error));
    }
  }
}
