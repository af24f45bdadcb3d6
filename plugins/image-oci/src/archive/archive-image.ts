import { createHash } from 'node:crypto';

import { InvalidArgument } from '@skiff/contracts';
import type { OciImageConfig } from '@skiff/contracts';

/** ArchiveLayer is one layer of an image in a spooled archive. */
export interface ArchiveLayer {
  /** The spooled file holding the layer's blob. */
  file: string;
  diffId: string;
  /** The blob's digest when the archive names it (OCI); docker-archive layers have none. */
  digest?: string;
  mediaType?: string;
}

/** ArchiveImage is an image found in an archive, checked and ready to be stored. */
export interface ArchiveImage {
  names: string[];
  config: Buffer;
  parsedConfig: OciImageConfig;
  /** The OCI manifest to keep byte for byte; docker-archive images get one written. */
  manifest?: Buffer;
  layers: ArchiveLayer[];
}

/** sha256Digest returns the `sha256:...` digest of `bytes`. */
export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** parseImageConfig reads an image configuration and checks the parts storage relies on. */
export function parseImageConfig(bytes: Buffer, where: string): OciImageConfig {
  let config: OciImageConfig;
  try {
    config = JSON.parse(bytes.toString('utf8')) as OciImageConfig;
  } catch (error) {
    throw new InvalidArgument(`${where}: the image configuration is not valid JSON`, {
      cause: error,
    });
  }

  const diffIds: unknown = config?.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || !diffIds.every((id) => typeof id === 'string')) {
    throw new InvalidArgument(`${where}: the image configuration has no rootfs.diff_ids`);
  }
  return config;
}

/** checkLayerCount refuses an image whose manifest and configuration disagree on layers. */
export function checkLayerCount(where: string, layers: number, diffIds: number): void {
  if (layers === diffIds) return;
  throw new InvalidArgument(
    `${where}: the manifest names ${layers} layers, the configuration ${diffIds}`,
  );
}
