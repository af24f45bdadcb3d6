import { createHash } from 'node:crypto';

import type { LayerReport } from '@skiff/contracts';

import { decompressStream } from './decompress-stream.js';
import { EntryGuard } from './entry-guard.js';
import { TarSink } from './tar-sink.js';

/** ExtractOptions says how to extract a layer. */
export interface ExtractOptions {
  /** Keep the owners the archive names; only root can. */
  preserveOwner: boolean;
}

// TODO: keep extended attributes (file capabilities such as ping's cap_net_raw, SELinux
// labels): node-tar neither reads SCHILY.xattr records nor sets them, and Node has no
// setxattr, so this needs a pax reader of our own plus setfattr(1) or a native binding.

/**
 * extractLayer unpacks a plain or gzip tarball into the empty directory `dir` and returns its
 * diff id, the sha256 of the uncompressed tar stream, hashed as it is extracted so that the
 * bytes are read once. On failure `dir` may hold part of the archive; the caller discards it.
 */
export async function extractLayer(
  source: AsyncIterable<Buffer | string>,
  dir: string,
  options: ExtractOptions,
): Promise<LayerReport> {
  const guard = new EntryGuard();
  const sink = await TarSink.open(dir, guard, options.preserveOwner);
  const digest = createHash('sha256');
  let size = 0;

  try {
    for await (const chunk of decompressStream(source)) {
      digest.update(chunk);
      size += chunk.length;
      await sink.write(chunk);
      if (sink.failure !== undefined) break;
    }
  } finally {
    // Even when failing, wait for node-tar: files it is still writing must not appear after
    // the caller has removed the directory.
    await sink.close();
  }

  if (sink.failure !== undefined) throw sink.failure;
  await guard.attributes.apply(dir, options.preserveOwner);
  return { diffId: `sha256:${digest.digest('hex')}`, size };
}
