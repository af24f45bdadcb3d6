import { chmod, link, mkdir, mkdtemp, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

import { InvalidArgument } from '@skiff/contracts';
import type { LayerReport } from '@skiff/contracts';

import { logger } from '../logger.js';
import { BlobSpool } from './blob-spool.js';
import { BlobStore } from './blob-store.js';
import { byteBlocks } from './byte-blocks.js';
import { detectCompression, ociLayerMediaType } from './compression.js';
import { digestHex } from './digest-hex.js';
import { extractLayer } from './layer-extractor.js';
import type { ExtractOptions, ExtractedLayer } from './layer-extractor.js';
import { blobRecordName, readBlobRecords, readJsonFile, writeJsonFile } from './layer-metadata.js';
import type { LayerBlob, LayerMetadata } from './layer-metadata.js';
import { opaqueXattr } from './overlay-marks.js';
import { pathExists } from './path-exists.js';
import { processAlive } from './process-alive.js';
import { removeTree } from './remove-tree.js';
import { renameUnlessTaken } from './rename-unless-taken.js';
import type { StoreLayout } from './store-layout.js';
import { tempName } from './temp-name.js';
import { wrapStorageError } from './wrap-storage-error.js';

const log = logger('layers');

const TEMP_PREFIX = '.tmp-';
const DOOMED = 'rm';
const TAR_MEDIA_TYPE = ociLayerMediaType('none');

/** CreateLayerOptions says how to extract a layer and what to check and keep of its blob. */
export interface CreateLayerOptions extends ExtractOptions {
  /** The digest the blob must have, as bytes arrive (compressed or not): `sha256:...`. */
  expectedDigest?: string;
  /** The digest the uncompressed tar must have. */
  expectedDiffId?: string;
  /** The blob's media type; by default the OCI layer type of the detected compression. */
  mediaType?: string;
  /** Keep the blob byte for byte in the blob store, so push and save can send it as it came. */
  keepBlob?: boolean;
  /** Keep the uncompressed tar in the blob store, under the diff id (import does). */
  keepTar?: boolean;
  /**
   * The file `source` reads, when it is one on the store's file system (a spooled archive):
   * a kept blob is then hard-linked from it instead of written again.
   */
  sourceFile?: string;
  /**
   * The digest of what `source` yielded, when the source hashes its bytes itself (a pull's
   * reader does): the store then takes it, called once the source has ended, rather than
   * hash every byte a second time. It is checked against `expectedDigest` all the same.
   */
  sourceDigest?: () => string;
}

/** StoredLayer is a layer's metadata and the blobs kept for it. */
export interface StoredLayer extends LayerMetadata {
  blobs: LayerBlob[];
}

/** A blob file waiting in a layer's temporary directory to move into the blob store. */
interface StagedBlob extends LayerBlob {
  file: string;
}

/** A layer extracted into its temporary directory, checked but not yet visible. */
interface StagedLayer {
  layer: ExtractedLayer;
  /** The digest of the bytes as they arrived. */
  sourceDigest: string;
  report: LayerReport;
  kept: StagedBlob[];
}

/**
 * LayerStore keeps extracted layers under `layers/<hex>/diff`, one copy per diff id, however
 * many images use it, with `layer.json` (size, whiteouts) and a record of each blob the layer
 * was extracted from that is kept in the blob store. A layer appears under its final name only
 * once complete and checked, and leaves it before its files are deleted, so a crash never
 * leaves a partial layer under that name. Import, pull and load all create layers through it.
 */
export class LayerStore {
  /** The attribute this store's layers mark opaque directories with. */
  readonly opaqueXattr: string;
  private readonly blobs: BlobStore;
  private swept = false;

  constructor(private readonly layout: StoreLayout) {
    this.blobs = new BlobStore(layout);
    this.opaqueXattr = opaqueXattr(layout.rootless);
  }

  /** has reports whether the layer with `diffId` is stored. */
  async has(diffId: string): Promise<boolean> {
    return pathExists(this.layout.layerDir(diffId));
  }

  /** diffPath is the directory holding a layer's files. */
  diffPath(diffId: string): string {
    return this.layout.layerDiff(diffId);
  }

  /** blobPath is where a kept layer blob lives in the blob store. */
  blobPath(digest: string): string {
    return this.blobs.path(digest);
  }

  /**
   * create extracts a blob (plain, gzip or zstd tar) as a layer, checks the digests it was
   * given, and keeps the blob when asked. An existing copy of the same layer is kept; a newly
   * kept blob is recorded for it.
   */
  async create(
    source: AsyncIterable<Buffer | string>,
    options: CreateLayerOptions,
  ): Promise<LayerReport> {
    await mkdir(this.layout.layers, { recursive: true });
    await this.sweepAbandoned();
    const temp = await mkdtemp(join(this.layout.layers, `${TEMP_PREFIX}${process.pid}-`));

    try {
      const staged = await this.stage(source, temp, options);
      checkDigests(staged, options);
      await this.commit(temp, staged);
      return staged.report;
    } catch (cause) {
      throw wrapStorageError('extracting layer', cause);
    } finally {
      // After a successful commit the directory has moved and there is nothing left here.
      await removeTree(temp).catch((error) => log('leaving %s behind: %s', temp, error));
    }
  }

  /** get returns a stored layer's metadata and kept blobs, or undefined if it is not stored. */
  async get(diffId: string): Promise<StoredLayer | undefined> {
    if (!(await this.has(diffId))) return undefined;

    const metadata = await readJsonFile<LayerMetadata>(this.layout.layerMetadata(diffId));
    const blobs = await readBlobRecords(this.layout.layerBlobs(diffId));
    // Layers stored before metadata was kept know only their diff id.
    const fallback = { diffId, size: 0, whiteouts: { files: [], opaque: [] } };
    return { ...(metadata ?? fallback), blobs };
  }

  /** findByDigest returns the layer extracted from the kept blob `blobDigest`, if any. */
  async findByDigest(blobDigest: string): Promise<LayerReport | undefined> {
    const record = blobRecordName(`sha256:${digestHex(blobDigest)}`);
    const names = await readdir(this.layout.layers).catch(() => [] as string[]);

    for (const name of names.filter((entry) => !entry.startsWith('.'))) {
      const diffId = `sha256:${name}`;
      const blob = await readJsonFile<LayerBlob>(join(this.layout.layerBlobs(diffId), record));
      if (blob === undefined || !(await this.blobs.has(blob.digest))) continue;

      const layer = await this.get(diffId);
      if (layer === undefined) continue;
      return { diffId, size: layer.size, digest: blob.digest, mediaType: blob.mediaType };
    }
    return undefined;
  }

  /** remove deletes layers and their kept blobs; a layer that is not stored is skipped. */
  async remove(diffIds: readonly string[]): Promise<void> {
    const dirs = diffIds.map((diffId) => ({ diffId, dir: this.layout.layerDir(diffId) }));
    await this.sweepDoomed();

    for (const { diffId, dir } of dirs) {
      try {
        const blobs = await readBlobRecords(this.layout.layerBlobs(diffId));
        await this.removeDir(dir, blobs);
      } catch (cause) {
        throw wrapStorageError(`removing layer ${diffId}`, cause);
      }
    }
  }

  private async stage(
    source: AsyncIterable<Buffer | string>,
    temp: string,
    options: CreateLayerOptions,
  ): Promise<StagedLayer> {
    const diff = join(temp, 'diff');
    await mkdir(diff);
    // The layer's root is the container's `/`; an archive without a `./` entry leaves it so.
    await chmod(diff, 0o755);

    const rawFile = options.keepBlob ? join(temp, 'raw') : undefined;
    const linked = await linkSource(options.sourceFile, rawFile);
    const raw = new BlobSpool(linked ? undefined : rawFile, options.sourceDigest);
    const tar = new BlobSpool(options.keepTar ? join(temp, 'tar') : undefined);
    let layer: ExtractedLayer;
    try {
      const extract = { ...options, opaqueXattr: this.opaqueXattr };
      layer = await extractLayer(raw.pass(byteBlocks(source)), diff, extract, tar);
    } finally {
      await raw.close();
    }

    return describe(layer, { spool: raw, file: rawFile }, tar, options);
  }

  private async commit(temp: string, staged: StagedLayer): Promise<void> {
    const { diffId, size, whiteouts } = staged.layer;
    const metadata: LayerMetadata = { diffId, size, whiteouts };
    await writeJsonFile(join(temp, 'layer.json'), metadata);

    // Blobs first: a visible layer must never record a blob that is not there yet.
    const adopted: string[] = [];
    for (const blob of staged.kept) {
      if (await this.blobs.adopt(blob.file, blob.digest)) adopted.push(blob.digest);
    }

    try {
      const records = staged.kept.map(({ file: _file, ...blob }) => blob);
      await this.publish(temp, metadata, records);
    } catch (error) {
      for (const digest of adopted) await this.blobs.remove(digest);
      throw error;
    }
  }

  private async publish(temp: string, metadata: LayerMetadata, blobs: LayerBlob[]): Promise<void> {
    const target = this.layout.layerDir(metadata.diffId);
    if (!(await pathExists(target))) {
      await this.recordBlobs(join(temp, 'blobs'), blobs);
      if (await renameUnlessTaken(temp, target)) {
        log('stored layer %s', metadata.diffId);
        return;
      }
    }

    // Another import of the same layer finished first: its copy is as good as ours.
    log('layer %s is already stored, keeping that copy', metadata.diffId);
    const metadataFile = this.layout.layerMetadata(metadata.diffId);
    if (!(await pathExists(metadataFile))) await writeJsonFile(metadataFile, metadata);
    await this.recordBlobs(this.layout.layerBlobs(metadata.diffId), blobs);
  }

  private async recordBlobs(dir: string, blobs: readonly LayerBlob[]): Promise<void> {
    await mkdir(dir, { recursive: true });
    for (const blob of blobs) await writeJsonFile(join(dir, blobRecordName(blob.digest)), blob);
  }

  private async removeDir(dir: string, blobs: readonly LayerBlob[]): Promise<void> {
    const doomed = join(this.layout.layers, tempName(DOOMED));
    try {
      await rename(dir, doomed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }

    for (const blob of blobs) await this.blobs.remove(blob.digest);
    await removeTree(doomed);
    log('removed layer %s', dir);
  }

  /**
   * sweepAbandoned removes, once per process, the temporary directories of extractions whose
   * process is gone (killed half way): each carries its owner's pid, and a live owner, in this
   * process or another, keeps its own.
   */
  private async sweepAbandoned(): Promise<void> {
    if (this.swept) return;
    this.swept = true;

    const names = await readdir(this.layout.layers).catch(() => [] as string[]);
    for (const name of names) {
      const owner = /^\.tmp-(\d+)-/.exec(name)?.[1];
      if (owner === undefined || processAlive(Number(owner))) continue;
      log('removing %s, left by process %s', name, owner);
      await removeTree(join(this.layout.layers, name)).catch(() => undefined);
    }
  }

  private async sweepDoomed(): Promise<void> {
    // Left by a removal that crashed half way; nothing else uses these names.
    const names = await readdir(this.layout.layers).catch(() => []);
    for (const name of names.filter((entry) => entry.startsWith(`.${DOOMED}-`))) {
      await removeTree(join(this.layout.layers, name));
    }
  }
}

function describe(
  layer: ExtractedLayer,
  source: { spool: BlobSpool; file: string | undefined },
  tar: BlobSpool,
  options: CreateLayerOptions,
): StagedLayer {
  const raw = source.spool;
  const compression = detectCompression(raw.head);
  const arrived: LayerBlob = {
    digest: raw.digest(),
    mediaType: options.mediaType ?? ociLayerMediaType(compression),
    size: raw.size,
  };

  const kept: StagedBlob[] = [];
  if (source.file !== undefined) kept.push({ ...arrived, file: source.file });
  // A plain tar kept as it came is the uncompressed tar already.
  if (tar.path !== undefined && !(source.file !== undefined && compression === 'none')) {
    const { diffId: digest, size } = layer;
    kept.push({ digest, mediaType: TAR_MEDIA_TYPE, size, file: tar.path });
  }

  const described = kept[0] ?? arrived;
  const report = {
    diffId: layer.diffId,
    size: layer.size,
    digest: described.digest,
    mediaType: described.mediaType,
  };
  return { layer, sourceDigest: arrived.digest, report, kept };
}

function checkDigests(staged: StagedLayer, options: CreateLayerOptions): void {
  const { expectedDigest, expectedDiffId } = options;
  const actualDigest = staged.sourceDigest;
  if (expectedDigest !== undefined && expectedDigest !== actualDigest) {
    throw new InvalidArgument(
      `layer blob digest did not match: expected ${expectedDigest}, got ${actualDigest}`,
    );
  }

  const actualDiffId = staged.layer.diffId;
  if (expectedDiffId !== undefined && expectedDiffId !== actualDiffId) {
    throw new InvalidArgument(
      `layer diff id did not match: expected ${expectedDiffId}, got ${actualDiffId}`,
    );
  }
}

async function linkSource(from: string | undefined, to: string | undefined): Promise<boolean> {
  if (from === undefined || to === undefined) return false;
  try {
    await link(from, to);
    return true;
  } catch (error) {
    // Another file system, or hard links refused: copy the bytes as they pass instead.
    log('copying %s instead of linking it: %s', from, (error as Error).message);
    return false;
  }
}
