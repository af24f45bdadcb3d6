import { describe, expect, it } from 'vitest';

import { parseVolumeFlag } from './volume-flag.js';

describe('parseVolumeFlag', () => {
  it('reads a host path as a bind, keeping z/Z apart from the mount options', () => {
    expect(parseVolumeFlag('/src:/dst:ro,Z')).toEqual({
      type: 'bind',
      source: '/src',
      destination: '/dst',
      options: ['ro'],
      relabel: 'Z',
      flag: '--volume /src:/dst:ro,Z',
    });
    expect(parseVolumeFlag('./rel:/dst').type).toBe('bind');
  });

  it('reads any other source as a named volume and no source as an anonymous one', () => {
    expect(parseVolumeFlag('data:/dst:z')).toMatchObject({
      type: 'volume',
      source: 'data',
      relabel: 'z',
    });
    expect(parseVolumeFlag('/dst')).toMatchObject({
      type: 'volume',
      source: '',
      destination: '/dst',
    });
  });

  it.each([
    ['/s:/d:z,Z', `invalid options "z, Z", can only specify 1 'z', 'Z', or 'O' option`],
    ['/s:/d:z,z', `invalid options "z, z", can only specify 1 'z', 'Z', or 'O' option`],
    ['/s:/d:ro,z,Z', `invalid options "ro, z, Z", can only specify 1 'z', 'Z', or 'O' option`],
    ['/s:/d:ro,rw', `invalid options "ro, rw", can only specify 1 'rw' or 'ro' option`],
    ['/s:/d:bogus', 'invalid option type "bogus"'],
    ['/s:/d:', 'invalid option type ""'],
    ['/s:rel', 'invalid container path "rel", must be an absolute path'],
    ['/s:/d:ro:z', '/s:/d:ro:z: incorrect volume format, should be [host-dir:]ctr-dir[:option]'],
    ['', 'container directory cannot be empty'],
    [':/d', 'host directory cannot be empty'],
    ['/s:', 'container directory cannot be empty'],
  ])('refuses %j in Podman 4.3.1 words', (value, message) => {
    expect(() => parseVolumeFlag(value)).toThrow(message);
  });

  it('refuses a volume name Podman would refuse', () => {
    expect(() => parseVolumeFlag('bad name!:/d')).toThrow(
      expect.objectContaining({
        code: 'InvalidArgument',
        message: 'creating named volume "bad name!"',
      }),
    );
  });

  it('refuses overlay and chown volumes, which are not built', () => {
    expect(() => parseVolumeFlag('/s:/d:O')).toThrow("the 'O' volume option is not supported");
    expect(() => parseVolumeFlag('/s:/d:U')).toThrow("the 'U' volume option is not supported");
  });
});
