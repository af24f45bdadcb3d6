import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { InvalidArgument } from '@skiff/contracts';

import { binaryChunks } from './binary-chunks.js';
import { BLOCK_SIZE } from './byte-blocks.js';
import { MAGIC_LENGTH, detectCompression } from './compression.js';
import { zstdStream } from './zstd-stream.js';

/**
 * decompressStream yields a tarball's bytes uncompressed: gzip and zstd input (recognised by
 * magic numbers, not by a file name, since stdin has none) is inflated, anything else passes
 * through.
 */
export async function* decompressStream(
  source: AsyncIterable<Buffer | string>,
): AsyncGenerator<Buffer> {
  const [head, chunks] = await peek(binaryChunks(source), MAGIC_LENGTH);
  const compression = detectCompression(head);
  if (compression === 'none') {
    yield* chunks;
    return;
  }

  // node-tar sniffs its input for compression too: a tarball compressed twice would be
  // inflated a second time there, and the diff id computed here would not describe what was
  // extracted.
  const inflated = compression === 'gzip' ? gunzip(chunks) : zstdStream(chunks);
  const [inner, rest] = await peek(inflated, MAGIC_LENGTH);
  if (detectCompression(inner) !== 'none') {
    throw new InvalidArgument('the tarball is compressed twice');
  }
  yield* rest;
}

async function peek(
  source: AsyncGenerator<Buffer>,
  count: number,
): Promise<[Buffer, AsyncGenerator<Buffer>]> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < count) {
    const next = await source.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
  }

  const head = Buffer.concat(parts);
  return [head, replay(head, source)];
}

async function* replay(head: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  yield* rest;
}

async function* gunzip(chunks: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  // Errors reach the consumer through the iterator; the callback only keeps pipeline quiet.
  // Output blocks as large as the input's: node-tar writes each one it gets with its own
  // write(2). Readable.from would read 16 blocks ahead; two bound what a layer holds.
  const inflated = pipeline(
    Readable.from(chunks, { highWaterMark: 2 }),
    createGunzip({ chunkSize: BLOCK_SIZE }),
    () => undefined,
  );
  try {
    yield* inflated;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!code.startsWith('Z_')) throw error;
    throw new InvalidArgument('decompressing gzip tarball', { cause: error });
  }
}
