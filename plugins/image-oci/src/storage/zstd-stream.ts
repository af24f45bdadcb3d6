import { InvalidArgument } from '@skiff/contracts';

/**
 * zstdStream inflates a zstd stream chunk by chunk with fzstd, a pure JavaScript decoder:
 * Node 20's zlib has no zstd. fzstd is loaded on first use, like node-tar.
 */
export async function* zstdStream(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const { Decompress } = await import('fzstd');
  let pending: Buffer[] = [];
  // fzstd may hand out views of its own buffers; copy before they are reused.
  const decoder = new Decompress((data) => {
    if (data.length > 0) pending.push(Buffer.from(data));
  });

  for await (const chunk of chunks) {
    push(decoder, chunk, false);
    yield* take();
  }
  push(decoder, Buffer.alloc(0), true);
  yield* take();

  function take(): Buffer[] {
    const out = pending;
    pending = [];
    return out;
  }
}

function push(
  decoder: { push(chunk: Uint8Array, final?: boolean): unknown },
  chunk: Buffer,
  final: boolean,
): void {
  try {
    decoder.push(chunk, final);
  } catch (error) {
    throw new InvalidArgument(`decompressing zstd stream: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
