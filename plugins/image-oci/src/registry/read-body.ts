import { InvalidArgument } from '@skiff/contracts';

/**
 * readBody reads a small response body (a manifest, an error, a token) into memory, refusing
 * one larger than `limit` so that a hostile server cannot make us buffer without end.
 */
export async function readBody(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;

  for await (const chunk of body) {
    length += chunk.length;
    if (length > limit) {
      throw new InvalidArgument(`response body exceeds the limit of ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
