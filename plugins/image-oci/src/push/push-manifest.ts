import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';

import { StorageError } from '@skiff/contracts';
import type { ImageRecord, LayerReport } from '@skiff/contracts';

import { canonicalJson } from '../image/canonical-json.js';
import { parseManifestDocument } from '../registry/manifest-document.js';
import type { Descriptor, ImageManifest } from '../registry/manifest-document.js';
import { MediaTypes } from '../registry/media-types.js';
import type { BlobStore } from '../storage/blob-store.js';

/** LocalBlob is a blob to send and the file that holds it. */
export interface LocalBlob extends Descriptor {
  path: string;
}

/** PushManifest is the manifest to put in the registry and the blobs it names. */
export interface PushManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
  config: LocalBlob;
  layers: LocalBlob[];
}

// Layer types a rebuilt OCI manifest must spell the OCI way.
const OCI_LAYER_TYPES: Readonly<Record<string, string>> = {
  [MediaTypes.dockerLayerGzip]: MediaTypes.ociLayerGzip,
  'application/vnd.docker.image.rootfs.diff.tar': MediaTypes.ociLayer,
};

/**
 * planPushManifest chooses the manifest to push for a stored image: the one stored with it,
 * byte for byte, when every blob it names is kept here (so the digest does not change, as
 * with Podman); otherwise an OCI manifest rebuilt from the layers' kept blobs.
 * Throws StorageError when a blob needed is not stored.
 */
export async function planPushManifest(
  image: ImageRecord,
  blobs: BlobStore,
): Promise<PushManifest> {
  const configDigest = `sha256:${image.id}`;
  const config = await localBlob(blobs, configDigest, MediaTypes.ociConfig);

  const stored = await storedManifest(image, blobs, configDigest);
  if (stored !== undefined) {
    const layers = await keptLayers(blobs, stored.document.layers);
    if (layers !== undefined) {
      const { bytes, document } = stored;
      return { bytes, mediaType: document.mediaType, digest: image.digest, config, layers };
    }
  }

  return rebuild(image, blobs, config);
}

async function storedManifest(image: ImageRecord, blobs: BlobStore, configDigest: string) {
  if (!(await blobs.has(image.digest))) return undefined;

  const bytes = await blobs.read(image.digest);
  const document = parseManifestDocument(bytes, image.manifestType);
  const fits = document.kind === 'image' && document.config.digest === configDigest;
  return fits ? { bytes, document: document as ImageManifest } : undefined;
}

async function keptLayers(
  blobs: BlobStore,
  layers: readonly Descriptor[],
): Promise<LocalBlob[] | undefined> {
  const kept: LocalBlob[] = [];
  for (const layer of layers) {
    if (!(await blobs.has(layer.digest))) return undefined;
    kept.push({ ...layer, path: blobs.path(layer.digest) });
  }
  return kept;
}

async function rebuild(
  image: ImageRecord,
  blobs: BlobStore,
  config: LocalBlob,
): Promise<PushManifest> {
  const layers: LocalBlob[] = [];
  for (const layer of image.layers) layers.push(await layerBlob(blobs, layer));

  const descriptor = ({ mediaType, digest, size }: Descriptor) => ({ mediaType, digest, size });
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    config: descriptor(config),
    layers: layers.map(descriptor),
  };
  const bytes = Buffer.from(canonicalJson(manifest));
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  return { bytes, mediaType: MediaTypes.ociManifest, digest, config, layers };
}

async function layerBlob(blobs: BlobStore, layer: LayerReport): Promise<LocalBlob> {
  // A layer kept without a compressed blob is sent as its tar, whose digest is the diff id.
  const digest = layer.digest ?? layer.diffId;
  const mediaType = layer.mediaType ?? MediaTypes.ociLayer;
  return localBlob(blobs, digest, OCI_LAYER_TYPES[mediaType] ?? mediaType);
}

async function localBlob(blobs: BlobStore, digest: string, mediaType: string): Promise<LocalBlob> {
  const path = blobs.path(digest);
  try {
    const { size } = await stat(path);
    return { mediaType, digest, size, path };
  } catch (cause) {
    throw new StorageError(`blob ${digest} is not stored, so it cannot be pushed`, { cause });
  }
}
