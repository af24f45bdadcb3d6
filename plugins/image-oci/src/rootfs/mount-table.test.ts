import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { isMounted, parseMountInfoLine } from './mount-table.js';

describe('isMounted', () => {
  it('recognises a mount point', async () => {
    expect(await isMounted('/proc')).toBe(true);
  });

  it('says no for a plain directory and for a missing path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-mount-table-'));
    try {
      expect(await isMounted(dir)).toBe(false);
      expect(await isMounted(join(dir, 'missing'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describe('parseMountInfoLine', () => {
  it('reads the mount point, file system type and options of a kernel overlay', () => {
    const line =
      '612 45 0:98 / /s/containers/c1/merged rw,relatime - overlay overlay ' +
      'rw,lowerdir=/s/l/a,upperdir=/s/c1/upper,workdir=/s/c1/work,userxattr';

    expect(parseMountInfoLine(line)).toEqual({
      mountPoint: '/s/containers/c1/merged',
      fsType: 'overlay',
      superOptions: 'rw,lowerdir=/s/l/a,upperdir=/s/c1/upper,workdir=/s/c1/work,userxattr',
    });
  });

  it('reads a fuse-overlayfs mount, with optional fields and an escaped space', () => {
    const line =
      '613 45 0:99 / /s/my\\040store/merged rw,nodev,relatime shared:300 master:1 - ' +
      'fuse.fuse-overlayfs fuse-overlayfs rw,user_id=0,group_id=0,default_permissions';

    expect(parseMountInfoLine(line)).toMatchObject({
      mountPoint: '/s/my store/merged',
      fsType: 'fuse.fuse-overlayfs',
    });
  });

  it('skips an empty line', () => {
    expect(parseMountInfoLine('')).toBeUndefined();
  });
});
