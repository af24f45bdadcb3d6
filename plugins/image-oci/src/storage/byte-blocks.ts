import { binaryChunks } from './binary-chunks.js';

/**
 * BLOCK_SIZE is how many bytes of a layer move at a time. Sockets and file streams hand out
 * 16 to 64 KiB, and each chunk costs a write(2) sent to the thread pool and a round trip
 * through zlib's thread, twice if gunzip cuts it smaller: on a two-core machine those cost
 * more CPU than hashing and inflating the bytes. In 1 MiB blocks a pull of 150 MB took a
 * third less time; blocks of 256 KiB or 4 MiB did worse than 1 MiB.
 */
export const BLOCK_SIZE = 1024 * 1024;

/**
 * byteBlocks regroups a byte stream into blocks of at least `size` bytes, the last one
 * shorter; a chunk already that large passes as it is. Text chunks are refused, as
 * binaryChunks does.
 */
export async function* byteBlocks(
  source: AsyncIterable<Buffer | string>,
  size = BLOCK_SIZE,
): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of binaryChunks(source)) {
    parts.push(chunk);
    length += chunk.length;
    if (length < size) continue;

    yield parts.length === 1 ? chunk : Buffer.concat(parts, length);
    parts = [];
    length = 0;
  }
  if (length > 0) yield Buffer.concat(parts, length);
}
