import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { resolveUser } from './user-resolver.js';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  '# a comment line',
  'app:x:1000:1000:App User:/home/app:/bin/sh',
  'daemon:x:2:2:daemon:/sbin:/sbin/nologin',
  '',
].join('\n');

const GROUP = [
  'root:x:0:',
  'daemon:x:2:',
  'wheel:x:10:other,app',
  'app:x:1000:',
  'audio:x:29:app',
  'video:x:44:other',
  '',
].join('\n');

let dir: string;
let rootfs: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-users-'));
  rootfs = join(dir, 'rootfs');
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  writeFileSync(join(rootfs, 'etc', 'passwd'), PASSWD);
  writeFileSync(join(rootfs, 'etc', 'group'), GROUP);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (SkiffError.is(error) && error.code === 'InvalidArgument') return error.message;
    throw error;
  }
  return expect.unreachable('expected an InvalidArgument');
}

describe('resolveUser', () => {
  it('resolves no user to root with root home', () => {
    expect(resolveUser(rootfs, '')).toEqual({ uid: 0, gid: 0, home: '/root', additionalGids: [] });
  });

  it('resolves a name to its ids, home and the groups that list it', () => {
    expect(resolveUser(rootfs, 'app')).toEqual({
      uid: 1000,
      gid: 1000,
      home: '/home/app',
      additionalGids: [10, 29],
    });
  });

  it('resolves a number that passwd knows like its name', () => {
    expect(resolveUser(rootfs, '1000')).toEqual(resolveUser(rootfs, 'app'));
  });

  it('accepts a number passwd does not know, with group 0 and home /', () => {
    expect(resolveUser(rootfs, '4242')).toEqual({
      uid: 4242,
      gid: 0,
      home: '/',
      additionalGids: [],
    });
  });

  it('takes the group from user:group, by name or number', () => {
    expect(resolveUser(rootfs, 'app:video')).toMatchObject({ uid: 1000, gid: 44 });
    expect(resolveUser(rootfs, 'daemon:123')).toMatchObject({ uid: 2, gid: 123 });
    expect(resolveUser(rootfs, '4242:wheel')).toMatchObject({ uid: 4242, gid: 10 });
  });

  it('leaves the primary group out of the additional groups', () => {
    expect(resolveUser(rootfs, 'app:wheel').additionalGids).toEqual([29]);
  });

  it('refuses a user name passwd does not know', () => {
    expect(refusal(() => resolveUser(rootfs, 'nobody'))).toBe(
      'unable to find user nobody: no matching entries in passwd file',
    );
  });

  it('refuses a group name the group file does not know', () => {
    expect(refusal(() => resolveUser(rootfs, 'app:staff'))).toBe(
      'unable to find group staff: no matching entries in group file',
    );
  });

  it('resolves numbers without any passwd or group file', () => {
    rmSync(join(rootfs, 'etc'), { recursive: true });

    expect(resolveUser(rootfs, '0')).toEqual({ uid: 0, gid: 0, home: '/', additionalGids: [] });
    expect(resolveUser(rootfs, '5:6')).toEqual({ uid: 5, gid: 6, home: '/', additionalGids: [] });
    expect(refusal(() => resolveUser(rootfs, 'app'))).toBe(
      'unable to find user app: no matching entries in passwd file',
    );
  });

  it('reads a symlinked /etc/passwd inside the root file system, not on the host', () => {
    const hostFile = join(dir, 'host-passwd');
    writeFileSync(hostFile, 'inside:x:1:1::/host:/bin/sh\n');
    mkdirSync(join(rootfs, dir), { recursive: true });
    writeFileSync(join(rootfs, hostFile), 'inside:x:777:778::/home/inside:/bin/sh\n');
    rmSync(join(rootfs, 'etc', 'passwd'));
    symlinkSync(hostFile, join(rootfs, 'etc', 'passwd'));

    expect(resolveUser(rootfs, 'inside')).toMatchObject({
      uid: 777,
      gid: 778,
      home: '/home/inside',
    });
  });

  it('finds no user through a symlink that points at a host file absent from the image', () => {
    const hostFile = join(dir, 'host-passwd');
    writeFileSync(hostFile, 'intruder:x:0:0::/root:/bin/sh\n');
    rmSync(join(rootfs, 'etc', 'passwd'));
    symlinkSync(hostFile, join(rootfs, 'etc', 'passwd'));

    expect(refusal(() => resolveUser(rootfs, 'intruder'))).toBe(
      'unable to find user intruder: no matching entries in passwd file',
    );
  });
});
