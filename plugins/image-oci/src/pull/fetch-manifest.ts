import { createHash } from 'node:crypto';

import { InvalidArgument } from '@skiff/contracts';

import { MediaTypes } from '../registry/media-types.js';
import { parseManifestDocument } from '../registry/manifest-document.js';
import type { ManifestDocument } from '../registry/manifest-document.js';
import { readBody } from '../registry/read-body.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { wrapTransferError } from '../registry/wrap-transfer-error.js';

// The distribution spec lets registries refuse manifests above 4 MiB; nothing real is larger.
const MANIFEST_LIMIT = 4 * 1024 * 1024;

const ACCEPT = [
  MediaTypes.ociManifest,
  MediaTypes.ociIndex,
  MediaTypes.dockerManifest,
  MediaTypes.dockerManifestList,
].join(', ');

/** FetchedManifest is a manifest's bytes as served, their digest and what they say. */
export interface FetchedManifest {
  bytes: Buffer;
  digest: string;
  document: ManifestDocument;
}

/**
 * fetchManifest reads the manifest a tag or digest names. For a digest the bytes must hash to
 * it, since a digest reference promises exactly that content; a tag can only be trusted.
 */
export async function fetchManifest(
  client: RegistryClient,
  tagOrDigest: string,
): Promise<FetchedManifest> {
  const step = `reading manifest ${tagOrDigest} in ${client.name}`;
  const headers = { Accept: ACCEPT };
  const response = await client.send({ method: 'GET', path: `manifests/${tagOrDigest}`, headers });
  if (response.status !== 200) throw await client.failure(step, response);

  try {
    const bytes = await readBody(response.body, MANIFEST_LIMIT);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (tagOrDigest.startsWith('sha256:') && digest !== tagOrDigest) {
      throw new InvalidArgument(
        `manifest digest did not match: expected ${tagOrDigest}, got ${digest}`,
      );
    }

    const document = parseManifestDocument(bytes, response.headers['content-type']);
    return { bytes, digest, document };
  } catch (cause) {
    throw wrapTransferError(step, cause);
  }
}
