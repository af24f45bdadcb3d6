import { describe, expect, it } from 'vitest';

import { DEFAULT_DETACH_KEYS, parseDetachKeys } from './detach-keys.js';

describe('parseDetachKeys', () => {
  it('turns the default ctrl-p,ctrl-q into 0x10 0x11', () => {
    expect(parseDetachKeys(DEFAULT_DETACH_KEYS)).toEqual([0x10, 0x11]);
  });

  it('reads letters, control letters and control punctuation', () => {
    expect(parseDetachKeys('a,ctrl-A,ctrl-z')).toEqual([0x61, 1, 26]);
    expect(parseDetachKeys('ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_')).toEqual([
      0, 27, 28, 29, 30, 31,
    ]);
  });

  it('disables detaching with an empty sequence', () => {
    expect(parseDetachKeys('')).toEqual([]);
  });

  it.each([
    ['ctrl-zz', 'ctrl-zz'],
    ['a,ctrl-1', 'ctrl-1'],
    ['ab', 'ab'],
    ['a,,b', ''],
  ])('refuses %j naming the bad key as Podman does', (spec, key) => {
    expect(() => parseDetachKeys(spec)).toThrow(`invalid detach keys: Unknown character: '${key}'`);
  });
});
