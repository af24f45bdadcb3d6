import { InvalidArgument } from '@skiff/contracts';

import { goArch } from '../image/go-arch.js';
import { logger } from '../logger.js';
import { digestHex } from '../storage/digest-hex.js';
import { archiveImageName } from './archive-names.js';
import { checkLayerCount, parseImageConfig, sha256Digest } from './archive-image.js';
import type { ArchiveImage, ArchiveLayer } from './archive-image.js';
import type { ArchiveSpool } from './archive-spool.js';

const log = logger('archive');

/** OCI_LAYOUT and OCI_INDEX are the files that make an archive an oci-archive. */
export const OCI_LAYOUT = 'oci-layout';
export const OCI_INDEX = 'index.json';

const REF_NAME = 'org.opencontainers.image.ref.name';
/** containerd and BuildKit name images here; Podman reads it before the OCI annotation. */
const CONTAINERD_NAME = 'io.containerd.image.name';
const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string };
}

interface ManifestDocument {
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
}

/**
 * readOciArchive lists the images of an oci-archive (a tarred OCI image layout): one per
 * manifest that `index.json` names, with the names its annotations give. Every blob is
 * checked against its descriptor's digest and size before anything trusts it; layers are
 * checked as they are stored.
 */
export async function readOciArchive(spool: ArchiveSpool): Promise<ArchiveImage[]> {
  await checkLayout(spool);
  const index = (await spool.json(OCI_INDEX)) as ManifestDocument;
  const descriptors = await manifestsOf(spool, index);

  // Several names for one manifest are one image.
  const byDigest = new Map<string, ArchiveImage>();
  for (const descriptor of descriptors) {
    const name = nameOf(descriptor);
    const known = byDigest.get(descriptor.digest);
    const image = known ?? (await readImage(spool, descriptor));
    if (name !== undefined && !image.names.includes(name)) image.names.push(name);
    byDigest.set(descriptor.digest, image);
  }
  return [...byDigest.values()];
}

async function checkLayout(spool: ArchiveSpool): Promise<void> {
  const layout = (await spool.json(OCI_LAYOUT)) as { imageLayoutVersion?: unknown };
  const version = layout?.imageLayoutVersion;
  if (typeof version === 'string' && version.startsWith('1.')) return;
  throw new InvalidArgument(`unsupported OCI image layout version ${JSON.stringify(version)}`);
}

async function manifestsOf(spool: ArchiveSpool, index: ManifestDocument): Promise<Descriptor[]> {
  const listed = Array.isArray(index?.manifests) ? index.manifests : [];
  const manifests: Descriptor[] = [];
  for (const descriptor of listed.map(checkDescriptor)) {
    if (!INDEX_TYPES.has(descriptor.mediaType ?? '')) {
      manifests.push(descriptor);
      continue;
    }

    // A multi-platform image: keep the one for this machine, under the outer name.
    const nested = JSON.parse((await readBlob(spool, descriptor)).toString('utf8'));
    const chosen = choosePlatform(
      ((nested as ManifestDocument).manifests ?? []).map(checkDescriptor),
    );
    manifests.push({ ...chosen, annotations: descriptor.annotations ?? chosen.annotations });
  }

  if (manifests.length === 0)
    throw new InvalidArgument(`${OCI_INDEX} in the archive lists no image`);
  return manifests;
}

function choosePlatform(manifests: Descriptor[]): Descriptor {
  const arch = goArch();
  const match = manifests.find(
    (m) => m.platform?.os === 'linux' && m.platform.architecture === arch,
  );
  const chosen = match ?? manifests[0];
  if (chosen === undefined) throw new InvalidArgument('an image index in the archive is empty');
  if (match === undefined) log('no %s manifest in the index, taking the first', arch);
  return chosen;
}

async function readImage(spool: ArchiveSpool, descriptor: Descriptor): Promise<ArchiveImage> {
  const manifest = await readBlob(spool, descriptor);
  const document = parseManifest(manifest, descriptor.digest);
  const configDescriptor = checkDescriptor(document.config);
  const config = await readBlob(spool, configDescriptor);
  const parsedConfig = parseImageConfig(config, `configuration ${configDescriptor.digest}`);

  const blobs = (document.layers ?? []).map(checkDescriptor);
  const diffIds = parsedConfig.rootfs.diff_ids;
  checkLayerCount(`manifest ${descriptor.digest}`, blobs.length, diffIds.length);

  const layers: ArchiveLayer[] = blobs.map((blob, index) => ({
    file: spool.path(blobPath(blob.digest)),
    diffId: diffIds[index] ?? '',
    digest: blob.digest,
    mediaType: blob.mediaType,
  }));
  return { names: [], config, parsedConfig, manifest, layers };
}

function parseManifest(bytes: Buffer, digest: string): ManifestDocument {
  try {
    return JSON.parse(bytes.toString('utf8')) as ManifestDocument;
  } catch (error) {
    throw new InvalidArgument(`manifest ${digest} in the archive is not valid JSON`, {
      cause: error,
    });
  }
}

async function readBlob(spool: ArchiveSpool, descriptor: Descriptor): Promise<Buffer> {
  const bytes = await spool.read(blobPath(descriptor.digest));
  const actual = sha256Digest(bytes);
  if (actual !== descriptor.digest || bytes.length !== descriptor.size) {
    throw new InvalidArgument(
      `blob ${descriptor.digest} in the archive did not match: expected ` +
        `${descriptor.digest} (${descriptor.size} bytes), got ${actual} (${bytes.length} bytes)`,
    );
  }
  return bytes;
}

function checkDescriptor(value: Descriptor | undefined): Descriptor {
  if (typeof value?.digest !== 'string' || typeof value.size !== 'number') {
    throw new InvalidArgument('a descriptor in the archive lacks a digest or a size');
  }
  // Refuses anything but sha256 before the digest becomes part of a path.
  digestHex(value.digest);
  return value;
}

function blobPath(digest: string): string {
  return `blobs/sha256/${digestHex(digest)}`;
}

function nameOf(descriptor: Descriptor): string | undefined {
  const annotations = descriptor.annotations ?? {};
  const name = annotations[CONTAINERD_NAME] || annotations[REF_NAME];
  return name ? archiveImageName(name) : undefined;
}
