import type { LayerReport, TransferEvent } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { Descriptor } from '../registry/manifest-document.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { wrapTransferError } from '../registry/wrap-transfer-error.js';
import type { LayerStore } from '../storage/layer-store.js';
import { BlobReader } from './blob-reader.js';
import { runLimited } from './run-limited.js';

const log = logger('pull');

// Podman's default number of parallel blob copies.
const PARALLEL_DOWNLOADS = 3;

/** LayerFetchOptions are the layers of one image to bring into storage. */
export interface LayerFetchOptions {
  client: RegistryClient;
  /** The manifest's layer descriptors, base first. */
  layers: readonly Descriptor[];
  /** The configuration's diff ids, in the same order. */
  diffIds: readonly string[];
  onProgress?: (event: TransferEvent) => void;
  signal?: AbortSignal;
}

/** FetchedLayers are the image's layers and which of them this fetch created. */
export interface FetchedLayers {
  layers: LayerReport[];
  /** Diff ids of the layers that were not stored before: a failed pull removes them. */
  created: string[];
}

/**
 * LayerFetcher brings an image's layers into the layer store: a layer already stored (by the
 * digest of its blob, or by its diff id) is skipped; the others are downloaded several at a
 * time straight into extraction, which checks both digests before the layer becomes visible.
 * When one fails the others are stopped, and the layers this fetch created are removed.
 */
export class LayerFetcher {
  constructor(
    private readonly store: LayerStore,
    private readonly preserveOwner: boolean,
  ) {}

  /** fetch returns the image's layers in manifest order once all are stored. */
  async fetch(options: LayerFetchOptions): Promise<FetchedLayers> {
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const created: string[] = [];

    try {
      const layers = await runLimited(options.layers, PARALLEL_DOWNLOADS, async (blob, index) => {
        const diffId = options.diffIds[index];
        try {
          return await this.fetchOne({ ...options, signal }, blob, diffId, created);
        } catch (error) {
          stop.abort();
          throw wrapTransferError(`writing blob ${blob.digest}`, error);
        }
      });
      return { layers, created };
    } catch (error) {
      await this.discard(created);
      throw error;
    }
  }

  /** discard removes layers a failed pull created; nothing else refers to them yet. */
  async discard(diffIds: readonly string[]): Promise<void> {
    // TODO: a concurrent pull of another image that shares one of these layers could find it
    // between its creation and this removal; closing that race needs the store lock core owns.
    await this.store
      .remove([...new Set(diffIds)])
      .catch((error) => log('leaving layers of a failed pull behind: %s', error));
  }

  private async fetchOne(
    options: LayerFetchOptions,
    blob: Descriptor,
    diffId: string,
    created: string[],
  ): Promise<LayerReport> {
    const { onProgress } = options;
    const stored = await this.findStored(blob, diffId);
    if (stored !== undefined) {
      onProgress?.({ kind: 'blob', digest: blob.digest, phase: 'skipped', size: blob.size });
      return stored;
    }

    onProgress?.({ kind: 'blob', digest: blob.digest, phase: 'start', size: blob.size });
    const layer = await this.download(options, blob, diffId);
    created.push(layer.diffId);
    onProgress?.({ kind: 'blob', digest: blob.digest, phase: 'done', size: blob.size });
    return layer;
  }

  private async findStored(blob: Descriptor, diffId: string): Promise<LayerReport | undefined> {
    const byBlob = await this.store.findByDigest(blob.digest);
    if (byBlob !== undefined) return byBlob;

    // Stored from another blob (another compression, or an import): the files are the same,
    // and push or save will send the blob that was kept with it.
    const layer = await this.store.get(diffId);
    if (layer === undefined) return undefined;
    const [kept] = layer.blobs;
    return { diffId, size: layer.size, digest: kept?.digest, mediaType: kept?.mediaType };
  }

  private async download(
    options: LayerFetchOptions,
    blob: Descriptor,
    diffId: string,
  ): Promise<LayerReport> {
    const { client, signal, onProgress } = options;
    const path = `blobs/${blob.digest}`;
    const response = await client.send({ method: 'GET', path, signal });
    if (response.status !== 200) {
      throw await client.failure(`reading blob ${blob.digest} in ${client.name}`, response);
    }

    const reader = new BlobReader(response.body, blob, onProgress);
    try {
      return await this.store.create(reader.chunks(), {
        preserveOwner: this.preserveOwner,
        expectedDigest: blob.digest,
        expectedDiffId: diffId,
        mediaType: blob.mediaType,
        keepBlob: true,
        // The reader hashes every byte anyway, to verify a blob that extraction gave up on.
        sourceDigest: () => reader.digest(),
      });
    } catch (error) {
      // Garbage makes extraction fail before the digest can be checked; say what it was.
      log('storing blob %s failed: %s', blob.digest, error);
      if (!signal?.aborted) await reader.verify();
      throw error;
    } finally {
      // Left unread after a failure, the connection would hold a socket until it times out.
      response.body.destroy();
    }
  }
}
