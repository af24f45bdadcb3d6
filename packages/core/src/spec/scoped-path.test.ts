import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { scopedPath } from './scoped-path.js';

let rootfs: string;

beforeEach(() => {
  rootfs = mkdtempSync(join(tmpdir(), 'skiff-core-rootfs-'));
  mkdirSync(join(rootfs, 'etc'));
  mkdirSync(join(rootfs, 'usr', 'lib'), { recursive: true });
  mkdirSync(join(rootfs, 'usr', 'bin'), { recursive: true });
  writeFileSync(join(rootfs, 'etc', 'shadow'), 'inside\n');
});

afterEach(() => {
  rmSync(rootfs, { recursive: true, force: true });
});

describe('scopedPath', () => {
  it('joins a plain path under the root file system', () => {
    expect(scopedPath(rootfs, '/usr/lib/libc.so')).toBe(join(rootfs, 'usr/lib/libc.so'));
    expect(scopedPath(rootfs, 'usr/lib')).toBe(join(rootfs, 'usr/lib'));
    expect(scopedPath(rootfs, '/')).toBe(rootfs);
  });

  it('follows an absolute symlink from the container root, not the host root', () => {
    symlinkSync('/etc/shadow', join(rootfs, 'etc', 'passwd'));

    expect(scopedPath(rootfs, '/etc/passwd')).toBe(join(rootfs, 'etc/shadow'));
  });

  it('follows a relative symlink from the directory that holds it', () => {
    symlinkSync('../usr/lib', join(rootfs, 'lib'));
    symlinkSync('shadow', join(rootfs, 'etc', 'passwd'));

    expect(scopedPath(rootfs, '/lib/x.so')).toBe(join(rootfs, 'usr/lib/x.so'));
    expect(scopedPath(rootfs, '/etc/passwd')).toBe(join(rootfs, 'etc/shadow'));
  });

  it('follows symlinked directories and links within links', () => {
    symlinkSync('/usr', join(rootfs, 'opt'));
    symlinkSync('/opt/lib', join(rootfs, 'libs'));

    expect(scopedPath(rootfs, '/libs/a')).toBe(join(rootfs, 'usr/lib/a'));
  });

  it('cannot climb above the root with .. in the path', () => {
    expect(scopedPath(rootfs, '../../../etc/shadow')).toBe(join(rootfs, 'etc/shadow'));
    expect(scopedPath(rootfs, '/usr/../../..')).toBe(rootfs);
  });

  it('cannot climb above the root with .. in a symlink target', () => {
    symlinkSync('../../../../../../etc/shadow', join(rootfs, 'etc', 'passwd'));
    symlinkSync('../../..', join(rootfs, 'usr', 'up'));

    expect(scopedPath(rootfs, '/etc/passwd')).toBe(join(rootfs, 'etc/shadow'));
    expect(scopedPath(rootfs, '/usr/up/etc')).toBe(join(rootfs, 'etc'));
  });

  it('applies .. after a symlinked directory to where the link leads, as the kernel does', () => {
    symlinkSync('/usr/lib', join(rootfs, 'lib'));

    expect(scopedPath(rootfs, '/lib/../bin')).toBe(join(rootfs, 'usr/bin'));
  });

  it('stops following a symlink loop and stays inside the root', () => {
    symlinkSync('b', join(rootfs, 'a'));
    symlinkSync('/a', join(rootfs, 'b'));
    symlinkSync('self', join(rootfs, 'self'));

    const looped = scopedPath(rootfs, '/a/file');
    const selfLooped = scopedPath(rootfs, '/self');

    expect(looped.startsWith(rootfs)).toBe(true);
    expect(selfLooped.startsWith(rootfs)).toBe(true);
  });

  it('keeps the remaining path of a component that does not exist', () => {
    symlinkSync('/usr', join(rootfs, 'u'));

    expect(scopedPath(rootfs, '/u/missing/deeper')).toBe(join(rootfs, 'usr/missing/deeper'));
  });
});
