import type { ImportOptions, ImportReport } from '@skiff/contracts';

import type { BlobStore } from '../storage/blob-store.js';
import { digestHex } from '../storage/digest-hex.js';
import type { LayerStore } from '../storage/layer-store.js';
import { buildImageConfig } from './build-image-config.js';
import { buildManifest } from './build-manifest.js';
import { canonicalJson } from './canonical-json.js';

/**
 * ImageImporter turns a root file system tarball into a one-layer image: the layer goes to the
 * layer store, the configuration and manifest to the blob store.
 */
export class ImageImporter {
  constructor(
    private readonly layers: LayerStore,
    private readonly blobs: BlobStore,
    private readonly preserveOwner: boolean,
  ) {}

  /** import stores the tarball and describes the image it became. */
  async import(options: ImportOptions): Promise<ImportReport> {
    const { source, config: run, message } = options;
    // The tar is kept as it came, so that save and push can send exactly the layer the
    // manifest names; a tar packed again from the files would have another digest.
    const layer = await this.layers.create(source, {
      preserveOwner: this.preserveOwner,
      keepTar: true,
    });

    const created = new Date().toISOString();
    const config = buildImageConfig({ layer, created, run, message });
    const configBlob = await this.blobs.put(Buffer.from(canonicalJson(config)));
    const manifest = buildManifest(configBlob, [layer]);
    const manifestBlob = await this.blobs.put(Buffer.from(canonicalJson(manifest)));

    return {
      id: digestHex(configBlob.digest),
      digest: manifestBlob.digest,
      config,
      layers: [layer],
      size: layer.size + configBlob.size,
    };
  }
}
