import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';

import { InvalidArgument } from '@skiff/contracts';
import type { LoadOptions, LoadedImage } from '@skiff/contracts';

import { logger } from '../logger.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { LayerStore } from '../storage/layer-store.js';
import { removeTree } from '../storage/remove-tree.js';
import type { StoreLayout } from '../storage/store-layout.js';
import type { ArchiveImage } from './archive-image.js';
import { ArchiveSpool, NOT_AN_ARCHIVE } from './archive-spool.js';
import { DOCKER_MANIFEST, readDockerArchive } from './docker-archive-reader.js';
import { ImageCommitter } from './image-committer.js';
import { OCI_INDEX, OCI_LAYOUT, readOciArchive } from './oci-archive-reader.js';

const log = logger('archive');

/**
 * ArchiveLoader stores the images of a docker-archive or an oci-archive, telling the format
 * from the files inside, as Podman does: `manifest.json` makes a docker-archive (Docker 25
 * writes an OCI layout beside it), `oci-layout` with `index.json` an oci-archive. Either all
 * images of the archive are stored, or nothing new is left behind.
 */
export class ArchiveLoader {
  constructor(
    private readonly layout: StoreLayout,
    private readonly stores: { layers: LayerStore; blobs: BlobStore },
    private readonly preserveOwner: boolean,
  ) {}

  /** load reads the archive from `input` and returns its images and their names. */
  async load(options: LoadOptions): Promise<LoadedImage[]> {
    await mkdir(this.layout.temp, { recursive: true });
    const temp = await mkdtemp(join(this.layout.temp, 'load-'));

    try {
      const spool = await ArchiveSpool.read(options.input, temp);
      const images = await readImages(spool);
      const loaded = await new ImageCommitter(this.stores, this.preserveOwner).commit(images);
      log('loaded %d images', loaded.length);
      return loaded;
    } finally {
      await removeTree(temp).catch((error) => log('leaving %s behind: %s', temp, error));
    }
  }
}

async function readImages(spool: ArchiveSpool): Promise<ArchiveImage[]> {
  if (spool.has(DOCKER_MANIFEST)) return readDockerArchive(spool);
  if (spool.has(OCI_LAYOUT) && spool.has(OCI_INDEX)) return readOciArchive(spool);

  throw new InvalidArgument(
    `${NOT_AN_ARCHIVE}: the archive has neither ${DOCKER_MANIFEST} (docker-archive) ` +
      `nor ${OCI_LAYOUT} and ${OCI_INDEX} (oci-archive)`,
  );
}
