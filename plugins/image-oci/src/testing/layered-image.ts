import type { ImageRecord, LayerReport } from '@skiff/contracts';

import { buildOciManifest } from '../archive/oci-manifest.js';
import { canonicalJson } from '../image/canonical-json.js';
import { goArch } from '../image/go-arch.js';
import { BlobStore } from '../storage/blob-store.js';
import type { LayerBlob } from '../storage/layer-metadata.js';
import { LayerStore } from '../storage/layer-store.js';
import { StoreLayout } from '../storage/store-layout.js';
import { streamOf } from './scratch-store.js';

/**
 * storeLayeredImage stores an image made of the given layer blobs (plain, gzip or zstd tars)
 * in the store under `root`, the way a pull would, and returns the record core would keep.
 */
export async function storeLayeredImage(
  root: string,
  blobs: readonly Buffer[],
  label = 'layered',
): Promise<ImageRecord> {
  const layout = new StoreLayout(root);
  const layers = new LayerStore(layout);
  const blobStore = new BlobStore(layout);

  const reports: LayerReport[] = [];
  const kept: LayerBlob[] = [];
  for (const blob of blobs) {
    const report = await layers.create(streamOf(blob), { preserveOwner: true, keepBlob: true });
    reports.push(report);
    const stored = await layers.get(report.diffId);
    kept.push(stored!.blobs.find((b) => b.digest === report.digest)!);
  }

  const created = '2024-05-06T07:08:09Z';
  const config = {
    created,
    architecture: goArch(),
    os: 'linux',
    config: { Cmd: ['/bin/sh'], Labels: { label } },
    rootfs: { type: 'layers' as const, diff_ids: reports.map((layer) => layer.diffId) },
    history: reports.map(() => ({ created, created_by: label })),
  };
  const configBlob = await blobStore.put(Buffer.from(canonicalJson(config)));
  const manifest = await blobStore.put(buildOciManifest(configBlob, kept));

  const size = reports.reduce((total, layer) => total + layer.size, configBlob.size);
  const id = configBlob.digest.slice('sha256:'.length);
  return { id, names: [], digest: manifest.digest, created, size, layers: reports, config };
}
