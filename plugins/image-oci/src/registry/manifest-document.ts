import { InvalidArgument } from '@skiff/contracts';
import type { Platform } from '@skiff/contracts';

import { digestHex } from '../storage/digest-hex.js';
import { isIndex, MediaTypes } from './media-types.js';

/** Descriptor points at a blob or a manifest by digest, as OCI and Docker manifests do. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  /** Set on the entries of a manifest list or index. */
  platform?: Platform;
}

/** ImageManifest is one platform's image: its configuration and its layers, base first. */
export interface ImageManifest {
  kind: 'image';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

/** ManifestIndex is a manifest list (Docker) or image index (OCI): one entry per platform. */
export interface ManifestIndex {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
}

/** ManifestDocument is a manifest as a registry serves it. */
export type ManifestDocument = ImageManifest | ManifestIndex;

interface RawManifest {
  schemaVersion?: unknown;
  mediaType?: unknown;
  config?: unknown;
  layers?: unknown;
  manifests?: unknown;
}

/**
 * parseManifestDocument reads manifest bytes of the type the registry named (its
 * `Content-Type`), falling back to the document's own `mediaType` and then its shape, and
 * checks every descriptor before any digest in it is used to name a file.
 */
export function parseManifestDocument(bytes: Buffer, contentType?: string): ManifestDocument {
  const raw = parseJson(bytes);
  if (raw.schemaVersion !== 2) {
    // Docker's schema 1 is deprecated and signed in a way we do not check.
    throw new InvalidArgument(`unsupported manifest schema version ${String(raw.schemaVersion)}`);
  }

  const mediaType = manifestMediaType(raw, contentType);
  if (isIndex(mediaType)) {
    return { kind: 'index', mediaType, manifests: descriptors(raw.manifests, 'manifests') };
  }
  if (mediaType !== MediaTypes.ociManifest && mediaType !== MediaTypes.dockerManifest) {
    throw new InvalidArgument(`unsupported manifest type "${mediaType}"`);
  }

  const [config] = descriptors([raw.config], 'config');
  return { kind: 'image', mediaType, config, layers: descriptors(raw.layers, 'layers') };
}

function parseJson(bytes: Buffer): RawManifest {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    if (value !== null && typeof value === 'object') return value as RawManifest;
  } catch (cause) {
    throw new InvalidArgument('the manifest is not valid JSON', { cause });
  }
  throw new InvalidArgument('the manifest is not a JSON object');
}

function manifestMediaType(raw: RawManifest, contentType?: string): string {
  // Parameters such as `; charset=utf-8` are no part of the type.
  const served = contentType?.split(';')[0].trim();
  if (served && served !== 'application/json' && served !== 'text/plain') return served;
  if (typeof raw.mediaType === 'string' && raw.mediaType !== '') return raw.mediaType;

  // An OCI document may leave its media type out; its shape tells which kind it is.
  return raw.manifests !== undefined ? MediaTypes.ociIndex : MediaTypes.ociManifest;
}

function descriptors(value: unknown, field: string): Descriptor[] {
  if (!Array.isArray(value)) throw new InvalidArgument(`the manifest has no ${field} list`);
  return value.map((entry) => descriptor(entry, field));
}

function descriptor(value: unknown, field: string): Descriptor {
  const entry = (value ?? {}) as Record<string, unknown>;
  const { mediaType, digest, size, platform } = entry;
  const valid =
    typeof mediaType === 'string' &&
    typeof digest === 'string' &&
    typeof size === 'number' &&
    Number.isSafeInteger(size) &&
    size >= 0;
  if (!valid) throw new InvalidArgument(`the manifest has an invalid entry in ${field}`);

  digestHex(digest);
  const result: Descriptor = { mediaType, digest, size };
  if (platform !== null && typeof platform === 'object') result.platform = platform as Platform;
  return result;
}
