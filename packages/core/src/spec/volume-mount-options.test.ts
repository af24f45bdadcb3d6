import { describe, expect, it } from 'vitest';

import { ENGINE_MOUNT_FLAGS, mountOptions } from './volume-mount-options.js';

const NONE = { noexec: false, nosuid: false, nodev: false };

describe('mountOptions', () => {
  it('appends rw, rprivate and rbind to a bind, after what was given', () => {
    expect(mountOptions([], false, NONE)).toEqual(['rw', 'rprivate', 'rbind']);
    expect(mountOptions(['ro'], false, NONE)).toEqual(['ro', 'rprivate', 'rbind']);
    expect(mountOptions(['nosuid', 'shared'], false, NONE)).toEqual([
      'nosuid',
      'shared',
      'rw',
      'rbind',
    ]);
    expect(mountOptions(['bind'], false, NONE)).toEqual(['bind', 'rw', 'rprivate']);
  });

  it("adds the source mount's restrictions in Podman's order unless overridden", () => {
    const all = { noexec: true, nosuid: true, nodev: true };
    expect(mountOptions([], false, all)).toEqual([
      'rw',
      'rprivate',
      'noexec',
      'nosuid',
      'nodev',
      'rbind',
    ]);
    expect(mountOptions(['exec'], false, all)).toEqual([
      'exec',
      'rw',
      'rprivate',
      'nosuid',
      'nodev',
      'rbind',
    ]);
  });

  it('gives a tmpfs nosuid, nodev and tmpcopyup, and drops notmpcopyup', () => {
    expect(mountOptions([], true, ENGINE_MOUNT_FLAGS)).toEqual([
      'rw',
      'rprivate',
      'nosuid',
      'nodev',
      'tmpcopyup',
    ]);
    expect(mountOptions(['ro', 'notmpcopyup'], true, ENGINE_MOUNT_FLAGS)).toEqual([
      'ro',
      'rprivate',
      'nosuid',
      'nodev',
    ]);
  });

  it('keeps copy and nocopy, as Podman writes them to config.json', () => {
    expect(mountOptions(['nocopy'], false, ENGINE_MOUNT_FLAGS)[0]).toBe('nocopy');
  });

  it.each([
    [['ro', 'rw'], "only one of 'rw' and 'ro' can be used: duplicate mount option passed"],
    [['size=1m', 'size=2m'], 'only one tmpfs size can be specified: duplicate mount option passed'],
    [
      ['private', 'shared'],
      'only one root propagation mode can be used: duplicate mount option passed',
    ],
    [
      ['tmpcopyup', 'notmpcopyup'],
      "the 'tmpcopyup' or 'notmpcopyup' option can only be set once: duplicate mount option passed",
    ],
    [['uid=1'], 'unknown mount option "uid=1": invalid mount option'],
  ])('refuses %j on a tmpfs in Podman 4.3.1 words', (options, message) => {
    expect(() => mountOptions(options, true, ENGINE_MOUNT_FLAGS)).toThrow(message);
  });

  it('refuses tmpfs-only options elsewhere', () => {
    expect(() => mountOptions(['size=1m'], false, NONE)).toThrow(
      "the 'size' option is only allowed with tmpfs mounts: invalid mount option",
    );
  });
});
