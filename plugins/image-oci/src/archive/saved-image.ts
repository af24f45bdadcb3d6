import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';

import { StorageError } from '@skiff/contracts';
import type { ImageRecord } from '@skiff/contracts';

import type { BlobStore } from '../storage/blob-store.js';
import { decompressStream } from '../storage/decompress-stream.js';
import type { LayerBlob } from '../storage/layer-metadata.js';
import type { LayerStore } from '../storage/layer-store.js';

/** SavedLayer is one layer of an image being saved: the blob to send and what it unpacks to. */
export interface SavedLayer {
  diffId: string;
  /** The length of the uncompressed tar. */
  size: number;
  blob: LayerBlob;
}

/** SavedImage is an image resolved for saving: every byte it needs is known to be stored. */
export interface SavedImage {
  record: ImageRecord;
  names: readonly string[];
  config: Buffer;
  layers: SavedLayer[];
}

/**
 * resolveSavedImage finds the configuration and layer blobs of an image before anything is
 * written, so that an image that cannot be saved fails before the archive has begun.
 */
export async function resolveSavedImage(
  stores: { layers: LayerStore; blobs: BlobStore },
  image: { image: ImageRecord; names: readonly string[] },
): Promise<SavedImage> {
  const { image: record, names } = image;
  const config = await stores.blobs.read(`sha256:${record.id}`);

  const layers: SavedLayer[] = [];
  for (const layer of record.layers) {
    layers.push(await resolveLayer(stores.layers, layer.diffId, layer.digest));
  }
  return { record, names, config, layers };
}

async function resolveLayer(
  layers: LayerStore,
  diffId: string,
  preferred: string | undefined,
): Promise<SavedLayer> {
  const stored = await layers.get(diffId);
  if (stored === undefined) throw new StorageError(`layer ${diffId} is not in the store`);

  const blob = stored.blobs.find((kept) => kept.digest === preferred) ?? stored.blobs[0];
  if (blob === undefined) {
    throw new StorageError(
      `layer ${diffId} has no blob to save: it was stored before blobs were kept; ` +
        'import or pull the image again',
    );
  }

  // A layer stored before its size was recorded: its kept plain tar tells the size.
  const size = stored.size > 0 || blob.digest !== diffId ? stored.size : blob.size;
  return { diffId, size, blob };
}

/**
 * uncompressedLayer yields a layer's tar, inflating its kept blob, and fails at the end when
 * the bytes do not hash to the diff id: an archive must never carry a layer other than the
 * one its configuration names.
 */
export async function* uncompressedLayer(
  layers: LayerStore,
  layer: SavedLayer,
): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of decompressStream(
    createReadStream(layers.blobPath(layer.blob.digest)),
  )) {
    hash.update(chunk);
    yield chunk;
  }

  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== layer.diffId) {
    throw new StorageError(`layer diff id did not match: expected ${layer.diffId}, got ${actual}`);
  }
}
