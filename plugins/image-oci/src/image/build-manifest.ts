import type { LayerReport } from '@skiff/contracts';

import type { BlobReport } from '../storage/blob-store.js';

/** OCI media types used in manifests. */
const MEDIA_TYPES = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
} as const;

/** OciDescriptor points at a blob by digest, as OCI manifests do. */
export interface OciDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** OciManifest is an OCI image manifest. */
export interface OciManifest {
  schemaVersion: 2;
  mediaType: string;
  config: OciDescriptor;
  layers: OciDescriptor[];
}

/**
 * buildManifest writes the OCI manifest of an imported image from its configuration blob and
 * its layers, each kept as the uncompressed tar it came as, so its digest is the diff id.
 */
export function buildManifest(config: BlobReport, layers: readonly LayerReport[]): OciManifest {
  return {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, digest: config.digest, size: config.size },
    layers: layers.map(({ diffId, size }) => ({
      mediaType: MEDIA_TYPES.layer,
      digest: diffId,
      size,
    })),
  };
}
