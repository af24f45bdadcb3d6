import { InvalidArgument } from '@skiff/contracts';
import type { ArchiveFormat, SaveOptions } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { LayerStore } from '../storage/layer-store.js';
import { writeDockerArchive } from './docker-archive-writer.js';
import { writeOciArchive } from './oci-archive-writer.js';
import { OutputSink } from './output-sink.js';
import { resolveSavedImage } from './saved-image.js';
import { TarWriter } from './tar-writer.js';

const log = logger('archive');

const FORMATS: ReadonlySet<ArchiveFormat> = new Set(['docker-archive', 'oci-archive']);

/**
 * ArchiveSaver writes stored images into one docker-archive or oci-archive tarball, streamed
 * to the caller's output. Layers go out from the blobs kept when they were stored, so an
 * image saved and loaded again keeps its layer digests.
 */
export class ArchiveSaver {
  constructor(private readonly stores: { layers: LayerStore; blobs: BlobStore }) {}

  /** save writes the archive; the output is left open for the caller to close. */
  async save(options: SaveOptions): Promise<void> {
    if (!FORMATS.has(options.format)) {
      throw new InvalidArgument(
        `unsupported archive format "${options.format}": use docker-archive or oci-archive`,
      );
    }

    const images = [];
    for (const image of options.images) {
      images.push(await resolveSavedImage(this.stores, image));
    }

    const sink = new OutputSink(options.output);
    try {
      const tar = await TarWriter.open(sink);
      if (options.format === 'docker-archive') {
        await writeDockerArchive(tar, this.stores.layers, images);
      } else {
        await writeOciArchive(tar, this.stores, images);
      }
    } finally {
      sink.release();
    }
    log('saved %d images as %s', images.length, options.format);
  }
}
