import type { BlobStore } from '../storage/blob-store.js';
import { canonicalJson } from '../image/canonical-json.js';
import type { LayerBlob } from '../storage/layer-metadata.js';
import type { SavedImage } from './saved-image.js';

/** OciTypes are the OCI media types an oci-archive's index and manifests use. */
export const OciTypes = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
} as const;

interface StoredManifest {
  mediaType?: string;
  config?: { mediaType?: string };
  layers?: { digest?: string }[];
}

/**
 * ociManifestFor returns the OCI manifest to put in an archive for an image. The stored
 * manifest is kept byte for byte when it is an OCI manifest naming exactly the blobs being
 * written, so the image keeps its digest; otherwise (a Docker manifest, or a layer kept from
 * another blob) a new OCI manifest is written over the same configuration and blobs, as
 * Podman converts Docker images it saves as OCI.
 */
export async function ociManifestFor(blobs: BlobStore, image: SavedImage): Promise<Buffer> {
  const stored = await blobs.read(image.record.digest).catch(() => undefined);
  if (stored !== undefined && describesSameBlobs(stored, image)) return stored;

  const configDigest = `sha256:${image.record.id}`;
  const layers = image.layers.map((layer) => layer.blob);
  return buildOciManifest({ digest: configDigest, size: image.config.length }, layers);
}

/** buildOciManifest writes an OCI manifest over a configuration blob and layer blobs. */
export function buildOciManifest(
  config: { digest: string; size: number },
  layers: readonly LayerBlob[],
): Buffer {
  const manifest = {
    schemaVersion: 2,
    mediaType: OciTypes.manifest,
    config: { mediaType: OciTypes.config, digest: config.digest, size: config.size },
    layers: layers.map((blob) => ({
      mediaType: ociLayerType(blob.mediaType),
      digest: blob.digest,
      size: blob.size,
    })),
  };
  return Buffer.from(canonicalJson(manifest));
}

function describesSameBlobs(bytes: Buffer, image: SavedImage): boolean {
  let manifest: StoredManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as StoredManifest;
  } catch {
    return false;
  }

  const isOci = manifest.mediaType === OciTypes.manifest || manifest.mediaType === undefined;
  if (!isOci || manifest.config?.mediaType !== OciTypes.config) return false;
  const digests = (manifest.layers ?? []).map((layer) => layer.digest);
  return (
    digests.length === image.layers.length &&
    digests.every((digest, index) => digest === image.layers[index]?.blob.digest)
  );
}

function ociLayerType(mediaType: string): string {
  if (mediaType.startsWith(OciTypes.layer)) return mediaType;
  // Docker's names for the same formats.
  if (mediaType.endsWith('gzip')) return `${OciTypes.layer}+gzip`;
  if (mediaType.endsWith('zstd')) return `${OciTypes.layer}+zstd`;
  return OciTypes.layer;
}
