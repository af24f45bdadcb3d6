import { createHash } from 'node:crypto';

import { InvalidArgument } from '@skiff/contracts';
import type {
  OciImageConfig,
  Platform,
  PullOptions,
  PullReport,
  RegistryEndpoint,
} from '@skiff/contracts';

import { goArch } from '../image/go-arch.js';
import { logger } from '../logger.js';
import { formatReference } from '../reference/format-reference.js';
import type { HttpClient } from '../registry/http-client.js';
import type { Descriptor, ImageManifest } from '../registry/manifest-document.js';
import { LAYER_MEDIA_TYPES } from '../registry/media-types.js';
import { readBody } from '../registry/read-body.js';
import { RegistryClient } from '../registry/registry-client.js';
import { registryLocation } from '../registry/registry-location.js';
import type { TokenCache } from '../registry/token-cache.js';
import { wrapTransferError } from '../registry/wrap-transfer-error.js';
import type { BlobStore } from '../storage/blob-store.js';
import { digestHex } from '../storage/digest-hex.js';
import type { LayerStore } from '../storage/layer-store.js';
import { choosePlatform } from './choose-platform.js';
import { fetchManifest } from './fetch-manifest.js';
import type { FetchedManifest } from './fetch-manifest.js';
import { LayerFetcher } from './layer-fetcher.js';

const log = logger('pull');

// Configurations carry the image's history; a few MiB is already a very long one.
const CONFIG_LIMIT = 32 * 1024 * 1024;

/** ImagePullerDeps are what a puller shares with the rest of the provider. */
export interface ImagePullerDeps {
  http: HttpClient;
  tokens: TokenCache;
  layers: LayerStore;
  blobs: BlobStore;
  preserveOwner: boolean;
}

/** A manifest chosen for this machine, and the repository it is read from. */
interface Resolved {
  client: RegistryClient;
  manifest: FetchedManifest & { document: ImageManifest };
}

/**
 * ImagePuller copies an image from a registry into storage: it resolves the reference on the
 * first endpoint that has it (mirrors first), picks this platform's manifest from a list,
 * then stores the layers, the configuration and the manifest. Nothing is recorded until all
 * of it is stored and checked, and a failed or aborted pull removes the layers it created.
 */
export class ImagePuller {
  private readonly fetcher: LayerFetcher;

  constructor(private readonly deps: ImagePullerDeps) {
    this.fetcher = new LayerFetcher(deps.layers, deps.preserveOwner);
  }

  /** pull fetches the image `options.reference` names. */
  async pull(options: PullOptions): Promise<PullReport> {
    const reference = formatReference(options.reference);
    options.onProgress?.({ kind: 'resolving', reference });

    const resolved = await this.resolve(options, `docker://${reference}`);
    return this.store(resolved, options);
  }

  private async resolve(options: PullOptions, source: string): Promise<Resolved> {
    const { reference } = options;
    const top = await this.firstAnswer(options, source);
    if (top.manifest.document.kind === 'image') {
      return { client: top.client, manifest: { ...top.manifest, document: top.manifest.document } };
    }

    let entry: Descriptor;
    try {
      entry = choosePlatform(top.manifest.document, withHostDefaults(options.platform));
    } catch (cause) {
      throw wrapTransferError(`choosing an image from manifest list ${source}`, cause);
    }

    log('chose %s from the list of %s', entry.digest, formatReference(reference));
    const chosen = await fetchManifest(top.client, entry.digest);
    if (chosen.document.kind !== 'image') {
      throw new InvalidArgument(`manifest ${entry.digest} in a manifest list is itself a list`);
    }
    return { client: top.client, manifest: { ...chosen, document: chosen.document } };
  }

  /** firstAnswer reads the reference's manifest from the first endpoint that serves it. */
  private async firstAnswer(
    options: PullOptions,
    source: string,
  ): Promise<{ client: RegistryClient; manifest: FetchedManifest }> {
    let failure: unknown = new InvalidArgument('no registry to pull from');

    for (const endpoint of options.endpoints) {
      try {
        const client = await this.connect(endpoint, options);
        const { tag, digest } = options.reference;
        return { client, manifest: await fetchManifest(client, digest ?? tag ?? 'latest') };
      } catch (error) {
        if (options.signal?.aborted)
          throw wrapTransferError(`initializing source ${source}`, error);
        log('%s: %s', endpoint.location, error);
        failure = error;
      }
    }
    // As with Podman, the last endpoint's error is the one reported.
    throw wrapTransferError(`initializing source ${source}`, failure);
  }

  private async connect(endpoint: RegistryEndpoint, options: PullOptions) {
    const { repository } = options.reference;
    const location = registryLocation(endpoint, repository, options.tlsVerifyDisabled);
    const credentials =
      options.explicitCredentials ?? options.credentials(location.registry, location.repository);

    const { http, tokens } = this.deps;
    return RegistryClient.connect(http, tokens, { location, credentials, signal: options.signal });
  }

  private async store(resolved: Resolved, options: PullOptions): Promise<PullReport> {
    const { client, manifest } = resolved;
    const { config: configBlob, layers: blobs } = manifest.document;
    checkLayerTypes(blobs);
    const { config, bytes } = await this.fetchConfig(client, configBlob, blobs.length);

    const { signal, onProgress } = options;
    const diffIds = config.rootfs.diff_ids;
    const fetched = await this.fetcher.fetch({
      client,
      layers: blobs,
      diffIds,
      onProgress,
      signal,
    });

    try {
      await this.deps.blobs.put(bytes);
      onProgress?.({ kind: 'config', digest: configBlob.digest });
      await this.deps.blobs.put(manifest.bytes);
      onProgress?.({ kind: 'manifest' });
    } catch (error) {
      await this.fetcher.discard(fetched.created);
      throw error;
    }

    const size = fetched.layers.reduce((sum, layer) => sum + layer.size, bytes.length);
    return {
      id: digestHex(configBlob.digest),
      digest: manifest.digest,
      config,
      layers: fetched.layers,
      size,
      manifestType: manifest.document.mediaType,
    };
  }

  private async fetchConfig(client: RegistryClient, blob: Descriptor, layerCount: number) {
    const step = `reading blob ${blob.digest} in ${client.name}`;
    const response = await client.send({ method: 'GET', path: `blobs/${blob.digest}` });
    if (response.status !== 200) throw await client.failure(step, response);

    try {
      const bytes = await readBody(response.body, CONFIG_LIMIT);
      const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      if (digest !== blob.digest) {
        throw new InvalidArgument(
          `config digest did not match: expected ${blob.digest}, got ${digest}`,
        );
      }
      return { bytes, config: parseConfig(bytes, layerCount) };
    } catch (cause) {
      throw wrapTransferError(step, cause);
    }
  }
}

function withHostDefaults(chosen: Partial<Platform>): Platform {
  const platform: Platform = {
    os: chosen.os ?? 'linux',
    architecture: chosen.architecture ?? goArch(),
  };
  if (chosen.variant) platform.variant = chosen.variant;
  return platform;
}

function checkLayerTypes(layers: readonly Descriptor[]): void {
  const odd = layers.find(({ mediaType }) => !LAYER_MEDIA_TYPES.has(mediaType));
  if (odd === undefined) return;

  throw new InvalidArgument(`unsupported layer type "${odd.mediaType}" for blob ${odd.digest}`);
}

function parseConfig(bytes: Buffer, layerCount: number): OciImageConfig {
  let config: OciImageConfig;
  try {
    config = JSON.parse(bytes.toString('utf8')) as OciImageConfig;
  } catch (cause) {
    throw new InvalidArgument('the image configuration is not valid JSON', { cause });
  }

  const diffIds = config?.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || diffIds.length !== layerCount) {
    throw new InvalidArgument(
      `the image configuration lists ${diffIds?.length ?? 0} layers, the manifest ${layerCount}`,
    );
  }
  diffIds.forEach((diffId) => digestHex(diffId));
  return config;
}
