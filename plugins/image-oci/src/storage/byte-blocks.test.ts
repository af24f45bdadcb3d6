import { describe, expect, it } from 'vitest';

import { SkiffError } from '@skiff/contracts';

import { byteBlocks } from './byte-blocks.js';

async function collect(source: AsyncIterable<Buffer | string>, size: number): Promise<Buffer[]> {
  const blocks: Buffer[] = [];
  for await (const block of byteBlocks(source, size)) blocks.push(block);
  return blocks;
}

async function* chunksOf(...parts: (Buffer | string)[]): AsyncGenerator<Buffer | string> {
  yield* parts;
}

describe('byteBlocks', () => {
  it('joins small chunks into blocks of at least the size, the last one shorter', async () => {
    const parts = ['abc', 'de', 'fghij', 'k'].map((text) => Buffer.from(text));

    const blocks = await collect(chunksOf(...parts), 4);

    expect(blocks.map((block) => block.toString())).toEqual(['abcde', 'fghij', 'k']);
  });

  it('passes a chunk that is large enough on as it is', async () => {
    const large = Buffer.alloc(10, 1);

    const [block] = await collect(chunksOf(large), 4);

    expect(block).toBe(large);
  });

  it('yields nothing for an empty stream', async () => {
    expect(await collect(chunksOf(), 4)).toEqual([]);
  });

  it('refuses a stream that yields text', async () => {
    const error = await collect(chunksOf(Buffer.from('ab'), 'cd'), 4).catch((thrown) => thrown);

    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    expect((error as Error).message).toContain('yields text');
  });
});
