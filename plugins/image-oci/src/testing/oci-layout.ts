import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { OciImageConfig, Platform } from '@skiff/contracts';

import { gzip, zstd } from './tar-fixtures.js';

const execFileAsync = promisify(execFile);

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';

/** LayerSpec is one fixture layer: an uncompressed tar and how to compress it. */
export interface LayerSpec {
  tar: Buffer;
  compression: 'gzip' | 'zstd' | 'none';
}

/** FixtureLayer is a layer as written into the layout. */
export interface FixtureLayer {
  digest: string;
  diffId: string;
  mediaType: string;
  size: number;
}

/** FixtureImage is an image written into the layout, with everything a test checks. */
export interface FixtureImage {
  manifestDigest: string;
  manifestSize: number;
  configDigest: string;
  config: OciImageConfig;
  layers: FixtureLayer[];
  platform: Platform;
}

/** sha256 returns `sha256:<hex>` of some bytes. */
export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * OciLayout writes an OCI image layout directory by hand, so that tests control every byte:
 * layers compressed as asked, images for any platform, and indexes of several images.
 */
export class OciLayout {
  private readonly tags: { digest: string; size: number; mediaType: string; tag: string }[] = [];

  constructor(readonly dir: string) {}

  /** addImage writes one image's layers, configuration and manifest. */
  async addImage(layers: readonly LayerSpec[], platform?: Platform): Promise<FixtureImage> {
    const written: FixtureLayer[] = [];
    for (const layer of layers) written.push(await this.addLayer(layer));

    const chosen = platform ?? { os: 'linux', architecture: 'amd64' };
    const config: OciImageConfig = {
      architecture: chosen.architecture,
      os: chosen.os,
      ...(chosen.variant ? { variant: chosen.variant } : {}),
      config: { Cmd: ['/bin/sh'], Env: ['PATH=/bin'] },
      rootfs: { type: 'layers', diff_ids: written.map((layer) => layer.diffId) },
    };
    const configBytes = Buffer.from(JSON.stringify(config));
    const configDigest = await this.addBlob(configBytes);

    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: configDigest,
          size: configBytes.length,
        },
        layers: written.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
      }),
    );
    const manifestDigest = await this.addBlob(manifest);
    return {
      manifestDigest,
      manifestSize: manifest.length,
      configDigest,
      config,
      layers: written,
      platform: chosen,
    };
  }

  /** addIndex writes an image index of `images`, each entry naming its platform. */
  async addIndex(images: readonly FixtureImage[]): Promise<{ digest: string; size: number }> {
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: images.map((image) => ({
          mediaType: OCI_MANIFEST,
          digest: image.manifestDigest,
          size: image.manifestSize,
          platform: image.platform,
        })),
      }),
    );
    return { digest: await this.addBlob(index), size: index.length };
  }

  /** tag names a manifest or index in the layout's `index.json`. */
  async tag(tag: string, target: { digest: string; size: number }, isIndex = false): Promise<void> {
    const mediaType = isIndex ? OCI_INDEX : OCI_MANIFEST;
    this.tags.push({ ...target, mediaType, tag });
    const manifests = this.tags.map(({ digest, size, mediaType: type, tag: name }) => ({
      mediaType: type,
      digest,
      size,
      annotations: { 'org.opencontainers.image.ref.name': name },
    }));

    await writeFile(join(this.dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    await writeFile(join(this.dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
  }

  /** pushWithSkopeo copies a tag of the layout into a registry, as a reference client would. */
  async pushWithSkopeo(tag: string, destination: string): Promise<void> {
    await execFileAsync('skopeo', [
      'copy',
      '--quiet',
      '--all',
      '--dest-tls-verify=false',
      `oci:${this.dir}:${tag}`,
      `docker://${destination}`,
    ]);
  }

  private async addLayer(layer: LayerSpec): Promise<FixtureLayer> {
    const blob =
      layer.compression === 'gzip'
        ? gzip(layer.tar)
        : layer.compression === 'zstd'
          ? zstd(layer.tar)
          : layer.tar;
    const suffix = layer.compression === 'none' ? '' : `+${layer.compression}`;
    const digest = await this.addBlob(blob);
    return {
      digest,
      diffId: sha256(layer.tar),
      mediaType: `${OCI_LAYER}${suffix}`,
      size: blob.length,
    };
  }

  private async addBlob(bytes: Buffer): Promise<string> {
    const digest = sha256(bytes);
    const dir = join(this.dir, 'blobs', 'sha256');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, digest.slice('sha256:'.length)), bytes);
    return digest;
  }
}
