import { BlobSpool } from './blob-spool.js';
import { decompressStream } from './decompress-stream.js';
import { EntryGuard } from './entry-guard.js';
import { TRUSTED_OPAQUE_XATTR } from './overlay-marks.js';
import { TarSink } from './tar-sink.js';
import type { Whiteouts } from './whiteout-set.js';
import { writeWhiteouts } from './whiteout-writer.js';

/** ExtractOptions says how to extract a layer. */
export interface ExtractOptions {
  /** Keep the owners the archive names; only root can. */
  preserveOwner: boolean;
  /** The attribute marking opaque directories; by default root's `trusted.overlay.opaque`. */
  opaqueXattr?: string;
}

/** ExtractedLayer is what extraction learnt about a layer's uncompressed tar. */
export interface ExtractedLayer {
  /** The sha256 of the uncompressed tar stream. */
  diffId: string;
  /** The length of the uncompressed tar stream. */
  size: number;
  whiteouts: Whiteouts;
}

// TODO: keep extended attributes (file capabilities such as ping's cap_net_raw, SELinux
// labels): node-tar neither reads SCHILY.xattr records nor sets them, and Node has no
// setxattr, so this needs a pax reader of our own plus setfattr(1) or a native binding.

/**
 * extractLayer unpacks a plain, gzip or zstd tarball into the empty directory `dir` and
 * returns its diff id, hashed as it is extracted so that the bytes are read once. Whiteout
 * entries become overlay whiteouts. `tar`, when given, also keeps a copy of the uncompressed
 * tar. On failure `dir` may hold part of the archive; the caller discards it.
 */
export async function extractLayer(
  source: AsyncIterable<Buffer | string>,
  dir: string,
  options: ExtractOptions,
  tar = new BlobSpool(),
): Promise<ExtractedLayer> {
  const guard = new EntryGuard();
  const sink = await TarSink.open(dir, guard, options.preserveOwner);

  try {
    for await (const chunk of decompressStream(source)) {
      await tar.write(chunk);
      await sink.write(chunk);
      if (sink.failure !== undefined) break;
    }
  } finally {
    // Even when failing, wait for node-tar: files it is still writing must not appear after
    // the caller has removed the directory.
    await sink.close();
    await tar.close();
  }
  if (sink.failure !== undefined) throw sink.failure;

  const whiteouts = guard.whiteouts.toJSON();
  await writeWhiteouts(dir, whiteouts, options.opaqueXattr ?? TRUSTED_OPAQUE_XATTR);
  for (const path of whiteouts.files) guard.attributes.forget(path);
  await guard.attributes.apply(dir, options.preserveOwner);
  return { diffId: tar.digest(), size: tar.size, whiteouts };
}
