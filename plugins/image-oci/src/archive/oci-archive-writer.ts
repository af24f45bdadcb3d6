import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';

import type { BlobStore } from '../storage/blob-store.js';
import { digestHex } from '../storage/digest-hex.js';
import type { LayerStore } from '../storage/layer-store.js';
import { OciTypes, ociManifestFor } from './oci-manifest.js';
import type { SavedImage } from './saved-image.js';
import type { TarWriter } from './tar-writer.js';

const REF_NAME = 'org.opencontainers.image.ref.name';

/** One manifest of an OCI index, as `index.json` lists it. */
interface IndexEntry {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/**
 * writeOciArchive writes images as a tarred OCI image layout: `oci-layout`, every blob under
 * `blobs/sha256/` (layers as they were kept, compressed or not), and `index.json` with one
 * manifest per name, named by the `org.opencontainers.image.ref.name` annotation as Podman
 * writes it. A blob shared by several images is written once.
 */
export async function writeOciArchive(
  tar: TarWriter,
  stores: { layers: LayerStore; blobs: BlobStore },
  images: readonly SavedImage[],
): Promise<void> {
  await tar.file('oci-layout', Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
  await tar.directory('blobs');
  await tar.directory('blobs/sha256');

  const written = new Set<string>();
  const index: IndexEntry[] = [];
  for (const image of images) {
    for (const layer of image.layers) {
      const { digest, size } = layer.blob;
      if (claim(written, digest)) {
        await tar.stream(blobName(digest), size, createReadStream(stores.layers.blobPath(digest)));
      }
    }
    index.push(...(await writeMetadata(tar, stores.blobs, image, written)));
  }

  const document = { schemaVersion: 2, mediaType: OciTypes.index, manifests: index };
  await tar.file('index.json', Buffer.from(JSON.stringify(document)));
  await tar.finish();
}

async function writeMetadata(
  tar: TarWriter,
  blobs: BlobStore,
  image: SavedImage,
  written: Set<string>,
): Promise<IndexEntry[]> {
  const configDigest = `sha256:${image.record.id}`;
  if (claim(written, configDigest)) await tar.file(blobName(configDigest), image.config);

  const manifest = await ociManifestFor(blobs, image);
  const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  if (claim(written, digest)) await tar.file(blobName(digest), manifest);

  const entry = { mediaType: OciTypes.manifest, digest, size: manifest.length };
  if (image.names.length === 0) return [entry];
  return image.names.map((name) => ({ ...entry, annotations: { [REF_NAME]: name } }));
}

function claim(written: Set<string>, digest: string): boolean {
  if (written.has(digest)) return false;
  written.add(digest);
  return true;
}

function blobName(digest: string): string {
  return `blobs/sha256/${digestHex(digest)}`;
}
