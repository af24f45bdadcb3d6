import { describe, expect, it } from 'vitest';

import { parseMountFlag } from './volume-mount-flag.js';

describe('parseMountFlag', () => {
  it('reads a bind with Docker spellings turned into mount options in the order given', () => {
    const mount = parseMountFlag(
      'type=bind,src=/s,dst=/d,ro,bind-propagation=rshared,bind-nonrecursive',
    );

    expect(mount).toEqual({
      type: 'bind',
      source: '/s',
      destination: '/d',
      options: ['ro', 'rshared', 'bind'],
      flag: '--mount type=bind,src=/s,dst=/d,ro,bind-propagation=rshared,bind-nonrecursive',
    });
  });

  it('maps relabel=private to Z and relabel=shared to z', () => {
    expect(parseMountFlag('type=bind,src=/s,dst=/d,relabel=private').relabel).toBe('Z');
    expect(parseMountFlag('type=bind,source=/s,target=/d,relabel=shared').relabel).toBe('z');
  });

  it('reads readonly=true, ro=false and rw=false as Podman does', () => {
    expect(parseMountFlag('type=bind,src=/s,dst=/d,readonly=true').options).toEqual(['ro']);
    expect(parseMountFlag('type=bind,src=/s,dst=/d,ro=false').options).toEqual(['rw']);
    expect(parseMountFlag('type=bind,src=/s,dst=/d,rw=false').options).toEqual(['ro']);
  });

  it('binds the destination path when a bind has no source', () => {
    expect(parseMountFlag('type=bind,dst=/d').source).toBe('/d');
  });

  it('turns tmpfs-size and tmpfs-mode into size= and mode=', () => {
    expect(parseMountFlag('type=tmpfs,dst=/t,tmpfs-size=2m,tmpfs-mode=1777').options).toEqual([
      'size=2m',
      'mode=1777',
    ]);
  });

  it.each([
    [
      'type=bind,src=/s,dst=/d,relabel=foo',
      "relabel mount option must be 'private' or 'shared': invalid mount option",
    ],
    [
      'type=bind,src=/s,dst=/d,relabel',
      "relabel mount option must be 'private' or 'shared': invalid mount option",
    ],
    [
      'type=bind,src=/s,dst=/d,relabel=private,relabel=shared',
      "cannot pass 'relabel' option more than once: must provide an argument for option",
    ],
    ['type=tmpfs,dst=/t,relabel=private', 'relabel: invalid mount option'],
    ['type=volume,src=v,dst=/v,relabel=shared', 'relabel: invalid mount option'],
    ['type=foo,dst=/v', 'invalid filesystem type "foo"'],
    [
      'src=/s,dst=/d',
      'incorrect mount format: should be --mount type=<bind|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]',
    ],
    ['type=bind,src=/s', 'must set volume destination'],
    ['type=bind,src=/s,dst=rel', 'invalid container path "rel", must be an absolute path'],
    ['type=bind,src=/s,dst=/d,foo=bar', 'foo: invalid mount option'],
    ['type=bind,src=/s,dst=/d,bind-propagation=foo', 'invalid option type "foo"'],
    ['type=tmpfs,src=foo,dst=/x', 'source is not supported with tmpfs mounts'],
    ['type=volume,src=cc,dst=/x,nocopy', 'nocopy: invalid mount option'],
    [
      'type=bind,src=/s,dst=/x,ro,rw',
      "cannot pass 'readonly', 'ro', or 'rw' options more than once: must provide an argument for option",
    ],
    [
      'type=bind,src=/s,dst=/x,readonly=maybe',
      `'readonly', 'ro', or 'rw' must be set to true or false, instead received "maybe": must provide an argument for option`,
    ],
  ])('refuses %j in Podman 4.3.1 words', (value, message) => {
    expect(() => parseMountFlag(value)).toThrow(message);
  });
});
