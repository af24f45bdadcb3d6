import type { LayerReport, OciImageConfig, OciImageRunConfig } from '@skiff/contracts';

import { goArch } from './go-arch.js';

/** ImageConfigOptions is what an imported image's configuration is made of. */
export interface ImageConfigOptions {
  layer: LayerReport;
  /** When the image was made, RFC 3339. */
  created: string;
  run?: OciImageRunConfig;
  /** The history comment, as `podman import --message` gives it. */
  message?: string;
}

/**
 * buildImageConfig writes the OCI image configuration of a one-layer image imported from a
 * tarball, for this machine's architecture.
 */
export function buildImageConfig(options: ImageConfigOptions): OciImageConfig {
  const { layer, created, run, message } = options;
  const history: NonNullable<OciImageConfig['history']>[number] = {
    created,
    created_by: 'imported from tarball',
  };
  if (message) history.comment = message;

  return {
    created,
    architecture: goArch(),
    os: 'linux',
    config: run ?? {},
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
    history: [history],
  };
}
