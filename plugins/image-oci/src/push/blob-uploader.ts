import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

import { InvalidArgument } from '@skiff/contracts';
import type { TransferEvent } from '@skiff/contracts';

import { logger } from '../logger.js';
import { BlobReader } from '../pull/blob-reader.js';
import type { HttpResponse } from '../registry/http-client.js';
import type { Descriptor } from '../registry/manifest-document.js';
import type { RegistryClient } from '../registry/registry-client.js';

const log = logger('push');

/** BlobUploaderOptions say where blobs go and where the registry may already have them. */
export interface BlobUploaderOptions {
  client: RegistryClient;
  /** Another repository of the same registry the image came from, to mount blobs from. */
  mountFrom?: string;
  onProgress?: (event: TransferEvent) => void;
}

/** An upload session the registry opened, or the news that a mount made it unnecessary. */
type UploadStart = { mounted: true } | { mounted: false; location: URL };

/**
 * BlobUploader puts blobs into a repository the cheapest way the registry allows: not at all
 * when it has the blob already, by a cross-repository mount when the image came from another
 * repository there, and otherwise by a monolithic upload streamed from the local file.
 */
export class BlobUploader {
  constructor(private readonly options: BlobUploaderOptions) {}

  /**
   * upload makes sure the repository has `blob`, whose bytes are in the file `path`; with
   * `silent`, it reports no progress (the configuration has a line of its own).
   */
  async upload(blob: Descriptor, path: string, silent = false): Promise<void> {
    const onProgress = silent ? undefined : this.options.onProgress;
    if (await this.exists(blob)) {
      onProgress?.({ kind: 'blob', digest: blob.digest, phase: 'skipped', size: blob.size });
      return;
    }

    onProgress?.({ kind: 'blob', digest: blob.digest, phase: 'start', size: blob.size });
    const start = await this.start(blob);
    if (start.mounted) {
      log('mounted %s from %s', blob.digest, this.options.mountFrom);
    } else {
      await this.put(start.location, blob, path, onProgress);
    }
    onProgress?.({ kind: 'blob', digest: blob.digest, phase: 'done', size: blob.size });
  }

  private async exists(blob: Descriptor): Promise<boolean> {
    const { client } = this.options;
    const response = await client.send({ method: 'HEAD', path: `blobs/${blob.digest}` });
    if (response.status === 200 || response.status === 404) {
      response.body.resume();
      return response.status === 200;
    }

    const step = `checking whether a blob ${blob.digest} exists in ${client.name}`;
    throw await client.failure(step, response);
  }

  private async start(blob: Descriptor): Promise<UploadStart> {
    const { client, mountFrom } = this.options;
    const url = client.url('blobs/uploads/');
    if (mountFrom !== undefined) {
      url.searchParams.set('mount', blob.digest);
      url.searchParams.set('from', mountFrom);
    }

    // Pulling from the source repository is part of what a mount asks for.
    const extraScopes = mountFrom === undefined ? [] : [`repository:${mountFrom}:pull`];
    const headers = { 'Content-Length': '0' };
    const response = await client.send({ method: 'POST', path: url, headers, extraScopes });
    const mounted = response.status === 201 && mountFrom !== undefined;
    if (!mounted && response.status !== 202) {
      throw await client.failure(
        `initiating upload of blob ${blob.digest} to ${client.name}`,
        response,
      );
    }

    response.body.resume();
    return mounted ? { mounted: true } : { mounted: false, location: uploadLocation(response) };
  }

  private async put(
    location: URL,
    blob: Descriptor,
    path: string,
    onProgress: BlobUploaderOptions['onProgress'],
  ): Promise<void> {
    const { client } = this.options;
    // The session URL may carry the registry's own query parameters; the digest joins them.
    const url = new URL(location);
    url.searchParams.set('digest', blob.digest);

    const reader = new BlobReader(createReadStream(path), blob, onProgress);
    const body = Readable.from(reader.chunks());
    const headers = {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(blob.size),
    };
    const response = await client.send({ method: 'PUT', path: url, headers, body });
    if (response.status !== 201) {
      throw await client.failure(`uploading blob ${blob.digest} to ${client.name}`, response);
    }
    response.body.resume();
  }
}

function uploadLocation(response: HttpResponse): URL {
  const location = response.headers.location;
  if (location === undefined) {
    throw new InvalidArgument('the registry opened an upload without giving its location');
  }
  // Registries may answer with a path alone, relative to where the request went.
  return new URL(location, response.url);
}
