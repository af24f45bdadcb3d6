import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { InvalidArgument } from '@skiff/contracts';

const MAGIC_BYTES = 6;
const GZIP = Buffer.from([0x1f, 0x8b]);
const UNSUPPORTED = [
  { name: 'xz', magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { name: 'bzip2', magic: Buffer.from([0x42, 0x5a, 0x68]) },
  { name: 'zstd', magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]) },
];

/**
 * decompressStream yields a tarball's bytes uncompressed: gzip input (recognised by its magic
 * number, not by a file name, since stdin has none) is inflated, anything else passes through.
 */
export async function* decompressStream(
  source: AsyncIterable<Buffer | string>,
): AsyncGenerator<Buffer> {
  const [head, chunks] = await peek(bytesOf(source), MAGIC_BYTES);
  refuseUnsupported(head);

  if (!isGzip(head)) {
    yield* chunks;
    return;
  }

  // node-tar sniffs its input for gzip too: a tarball compressed twice would be inflated a
  // second time there, and the diff id computed here would not describe what was extracted.
  const [inner, inflated] = await peek(gunzip(chunks), MAGIC_BYTES);
  if (isGzip(inner)) throw new InvalidArgument('the tarball is compressed twice');
  yield* inflated;
}

function isGzip(head: Buffer): boolean {
  return head.subarray(0, GZIP.length).equals(GZIP);
}

async function* bytesOf(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    // A stream with an encoding set has already mangled binary data; refuse rather than guess.
    if (typeof chunk === 'string') {
      throw new InvalidArgument('the tarball stream yields text: it must not have an encoding');
    }
    yield chunk;
  }
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

function refuseUnsupported(head: Buffer): void {
  const format = UNSUPPORTED.find(({ magic }) => head.subarray(0, magic.length).equals(magic));
  if (format === undefined) return;

  // TODO: accept xz, bzip2 and zstd tarballs as `podman import` does; Node 20's zlib only
  // speaks gzip and deflate, so this needs a decompressor package or an external binary.
  throw new InvalidArgument(`${format.name}-compressed tarballs are not supported: use gzip`);
}

async function* gunzip(chunks: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  // Errors reach the consumer through the iterator; the callback only keeps pipeline quiet.
  const inflated = pipeline(Readable.from(chunks), createGunzip(), () => undefined);
  try {
    yield* inflated;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!code.startsWith('Z_')) throw error;
    throw new InvalidArgument('decompressing gzip tarball', { cause: error });
  }
}
