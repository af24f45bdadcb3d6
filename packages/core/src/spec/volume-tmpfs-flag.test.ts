import { describe, expect, it } from 'vitest';

import { parseTmpfsFlag } from './volume-tmpfs-flag.js';

describe('parseTmpfsFlag', () => {
  it('reads a destination and its options', () => {
    expect(parseTmpfsFlag('/t:size=1m,noexec')).toEqual({
      type: 'tmpfs',
      source: '',
      destination: '/t',
      options: ['size=1m', 'noexec'],
      flag: '--tmpfs /t:size=1m,noexec',
    });
  });

  it.each([
    ['/d:Z', "the 'z' and 'Z' options are not allowed with tmpfs mounts: invalid mount option"],
    ['/d:z', "the 'z' and 'Z' options are not allowed with tmpfs mounts: invalid mount option"],
    [
      '/d:rbind',
      "the 'bind' and 'rbind' options are not allowed with tmpfs mounts: invalid mount option",
    ],
    ['/d:foo', 'unknown mount option "foo": invalid mount option'],
    ['rel', 'invalid container path "rel", must be an absolute path'],
  ])('refuses %j in Podman 4.3.1 words', (value, message) => {
    expect(() => parseTmpfsFlag(value)).toThrow(message);
  });
});
