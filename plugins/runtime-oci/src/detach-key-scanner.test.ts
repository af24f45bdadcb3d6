import { describe, expect, it } from 'vitest';

import { DetachKeyScanner } from './detach-key-scanner.js';

const CTRL_P = 0x10;
const CTRL_Q = 0x11;

/** scanAll feeds the chunks in order and reports what was forwarded and where it detached. */
function scanAll(keys: number[], chunks: number[][]) {
  const scanner = new DetachKeyScanner(keys);
  const forwarded: number[][] = [];
  for (const [index, chunk] of chunks.entries()) {
    const { forward, detached } = scanner.scan(Buffer.from(chunk));
    forwarded.push([...forward]);
    if (detached) return { forwarded, detachedAt: index };
  }
  return { forwarded, detachedAt: undefined };
}

function bytes(text: string): number[] {
  return [...Buffer.from(text)];
}

describe('DetachKeyScanner', () => {
  it('forwards input without the sequence unchanged', () => {
    expect(scanAll([CTRL_P, CTRL_Q], [bytes('hello\n'), bytes('world')])).toEqual({
      forwarded: [bytes('hello\n'), bytes('world')],
      detachedAt: undefined,
    });
  });

  it('detaches on the sequence and forwards the bytes before it, but not the sequence', () => {
    expect(scanAll([CTRL_P, CTRL_Q], [[...bytes('ls'), CTRL_P, CTRL_Q]])).toEqual({
      forwarded: [bytes('ls')],
      detachedAt: 0,
    });
  });

  it('detaches on a sequence split across chunks, holding its first part back', () => {
    expect(scanAll([CTRL_P, CTRL_Q], [[...bytes('a'), CTRL_P], [CTRL_Q]])).toEqual({
      forwarded: [bytes('a'), []],
      detachedAt: 1,
    });
  });

  it('forwards a held prefix in order once the next byte shows it is no sequence', () => {
    expect(scanAll([CTRL_P, CTRL_Q], [[...bytes('a'), CTRL_P], bytes('b'), bytes('c')])).toEqual({
      forwarded: [bytes('a'), [CTRL_P, ...bytes('b')], bytes('c')],
      detachedAt: undefined,
    });
  });

  it('forwards a repeated first key and still detaches on the full sequence after it', () => {
    expect(scanAll([CTRL_P, CTRL_Q], [[CTRL_P], [CTRL_P], [CTRL_Q]])).toEqual({
      forwarded: [[], [CTRL_P], []],
      detachedAt: 2,
    });
  });

  it('falls back inside a longer sequence that breaks off partway', () => {
    expect(scanAll([1, 2, 3], [[1, 2, 1, 2], [3]])).toEqual({
      forwarded: [[1, 2], []],
      detachedAt: 1,
    });
  });

  it('detaches on a single-key sequence', () => {
    expect(scanAll([CTRL_Q], [[...bytes('x'), CTRL_Q]])).toEqual({
      forwarded: [bytes('x')],
      detachedAt: 0,
    });
  });

  it('never detaches with empty keys and forwards every byte', () => {
    expect(scanAll([], [[CTRL_P, CTRL_Q], [CTRL_P]])).toEqual({
      forwarded: [[CTRL_P, CTRL_Q], [CTRL_P]],
      detachedAt: undefined,
    });
  });
});
