import { InvalidArgument } from '@skiff/contracts';

/**
 * binaryChunks passes a stream's chunks on as bytes. A stream with an encoding set has
 * already mangled binary data, so text chunks are refused rather than guessed at.
 */
export async function* binaryChunks(
  source: AsyncIterable<Buffer | string>,
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      throw new InvalidArgument('the tarball stream yields text: it must not have an encoding');
    }
    yield chunk;
  }
}
