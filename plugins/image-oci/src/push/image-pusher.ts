import { InvalidArgument } from '@skiff/contracts';
import type { ImageReference, PushOptions, PushReport } from '@skiff/contracts';

import { logger } from '../logger.js';
import { runLimited } from '../pull/run-limited.js';
import { formatReference } from '../reference/format-reference.js';
import { parseReference } from '../reference/parse-reference.js';
import type { HttpClient } from '../registry/http-client.js';
import { RegistryClient } from '../registry/registry-client.js';
import { registryLocation } from '../registry/registry-location.js';
import type { RegistryLocation } from '../registry/registry-location.js';
import type { TokenCache } from '../registry/token-cache.js';
import { wrapTransferError } from '../registry/wrap-transfer-error.js';
import type { BlobStore } from '../storage/blob-store.js';
import { BlobUploader } from './blob-uploader.js';
import { planPushManifest } from './push-manifest.js';
import type { PushManifest } from './push-manifest.js';

const log = logger('push');

// As many parallel uploads as Podman makes.
const PARALLEL_UPLOADS = 3;

/** ImagePusherDeps are what a pusher shares with the rest of the provider. */
export interface ImagePusherDeps {
  http: HttpClient;
  tokens: TokenCache;
  blobs: BlobStore;
}

/**
 * ImagePusher copies a stored image to a registry: the layers (skipped or mounted where the
 * registry allows), then the configuration, then the manifest, which makes the image visible
 * under its tag only once everything it names is there.
 */
export class ImagePusher {
  constructor(private readonly deps: ImagePusherDeps) {}

  /** push copies `options.image` to `options.destination` and returns the manifest digest. */
  async push(options: PushOptions): Promise<PushReport> {
    const destination = `docker://${formatReference(options.destination)}`;
    options.onProgress?.({ kind: 'resolving', reference: formatReference(options.destination) });
    const manifest = await planPushManifest(options.image, this.deps.blobs);

    const location = registryLocation(
      options.endpoint,
      options.destination.repository,
      options.tlsVerifyDisabled,
    );
    const client = await this.connect(location, options);
    const mountFrom = mountSource(options.image.names, location);
    const uploader = new BlobUploader({ client, mountFrom, onProgress: options.onProgress });

    try {
      await runLimited(manifest.layers, PARALLEL_UPLOADS, (blob) =>
        uploader.upload(blob, blob.path),
      );
      await this.uploadConfig(uploader, manifest, options);
      await this.putManifest(client, manifest, options.destination);
    } catch (cause) {
      throw wrapTransferError(`pushing to ${destination}`, cause);
    }
    options.onProgress?.({ kind: 'manifest' });
    return { digest: manifest.digest };
  }

  private async connect(location: RegistryLocation, options: PushOptions) {
    const credentials =
      options.explicitCredentials ?? options.credentials(location.registry, location.repository);
    const { http, tokens } = this.deps;
    return RegistryClient.connect(http, tokens, {
      location,
      credentials,
      push: true,
      signal: options.signal,
    });
  }

  private async uploadConfig(
    uploader: BlobUploader,
    manifest: PushManifest,
    options: PushOptions,
  ): Promise<void> {
    // The configuration is a blob like the layers, but Podman reports it on its own line.
    await uploader.upload(manifest.config, manifest.config.path, true);
    options.onProgress?.({ kind: 'config', digest: manifest.config.digest });
  }

  private async putManifest(
    client: RegistryClient,
    manifest: PushManifest,
    destination: ImageReference,
  ): Promise<void> {
    const target = destination.digest ?? destination.tag ?? 'latest';
    if (destination.digest !== undefined && destination.digest !== manifest.digest) {
      throw new InvalidArgument(
        `the image's manifest is ${manifest.digest}, not the ${destination.digest} asked for`,
      );
    }

    const headers = {
      'Content-Type': manifest.mediaType,
      'Content-Length': String(manifest.bytes.length),
    };
    const path = `manifests/${target}`;
    const response = await client.send({ method: 'PUT', path, headers, body: manifest.bytes });
    if (response.status !== 201) {
      throw await client.failure(`uploading manifest ${target} to ${client.name}`, response);
    }
    response.body.resume();
    log('pushed %s as %s', manifest.digest, target);
  }
}

/**
 * mountSource finds another repository of the destination registry among the image's names;
 * its blobs can be mounted rather than uploaded, when the registry allows.
 */
function mountSource(names: readonly string[], location: RegistryLocation): string | undefined {
  for (const name of names) {
    try {
      const { registry, repository } = parseReference(name);
      if (registry === location.registry && repository !== location.repository) return repository;
    } catch {
      // A name we cannot parse is no place to mount from.
    }
  }
  return undefined;
}
