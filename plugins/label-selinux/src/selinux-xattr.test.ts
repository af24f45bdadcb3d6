import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SelinuxXattr } from './selinux-xattr.js';

const IS_ROOT = process.getuid?.() === 0;
const LABEL = 'system_u:object_r:container_file_t:s0:c1,c2';

function rawLabel(path: string): Buffer | undefined {
  const args = ['-h', '--absolute-names', '--only-values', '-n', 'security.selinux', '--', path];
  const result = spawnSync('getfattr', args);
  return result.status === 0 ? result.stdout : undefined;
}

function setRaw(path: string, hex: string): void {
  const result = spawnSync('setfattr', ['-h', '-n', 'security.selinux', '-v', `0x${hex}`, path]);
  expect(result.status).toBe(0);
}

describe.skipIf(!IS_ROOT)('SelinuxXattr (needs root to set security.selinux)', () => {
  const xattr = new SelinuxXattr();
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-xattr-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets root set security.selinux on this host, SELinux or not, without a trailing NUL', async () => {
    const file = join(dir, 'file');
    await writeFile(file, '');

    await xattr.write([Buffer.from(file)], LABEL);

    expect(rawLabel(file)).toEqual(Buffer.from(LABEL));
  });

  it('reads back exactly what it wrote', async () => {
    const file = join(dir, 'file');
    await writeFile(file, '');

    await xattr.write([Buffer.from(file)], LABEL);

    expect(await xattr.read(file)).toBe(LABEL);
  });

  it('strips the trailing NUL that libselinux tools write', async () => {
    const file = join(dir, 'file');
    await writeFile(file, '');
    setRaw(file, `${Buffer.from(LABEL).toString('hex')}00`);

    expect(await xattr.read(file)).toBe(LABEL);
  });

  it('reads undefined for an entry without a label', async () => {
    await writeFile(join(dir, 'bare'), '');

    expect(await xattr.read(join(dir, 'bare'))).toBeUndefined();
  });

  it('reads undefined where the file system cannot hold labels', async () => {
    expect(await xattr.read('/proc/self/status')).toBeUndefined();
  });

  it('labels a symbolic link itself, leaving its target alone', async () => {
    const target = join(dir, 'target');
    const link = join(dir, 'link');
    await writeFile(target, '');
    await symlink(target, link);

    await xattr.write([Buffer.from(link)], LABEL);

    expect(rawLabel(link)?.toString()).toBe(LABEL);
    expect(rawLabel(target)).toBeUndefined();
  });

  it('labels names with spaces, newlines, backslashes and bytes that are not UTF-8', async () => {
    const names = [Buffer.from('a b'), Buffer.from('new\nline'), Buffer.from('back\\134slash')];
    names.push(Buffer.from([0xff, 0xfe, 0x3d]));
    const paths = names.map((name) => Buffer.concat([Buffer.from(`${dir}/`), name]));
    for (const path of paths) await writeFile(path, '');

    await xattr.write(paths, LABEL);
    const labels = await xattr.readTree(dir);

    for (const path of paths) expect(labels.get(SelinuxXattr.key(path))).toBe(LABEL);
  });

  it('skips paths that no longer exist and labels the others', async () => {
    const kept = join(dir, 'kept');
    await writeFile(kept, '');

    await xattr.write([Buffer.from(join(dir, 'gone')), Buffer.from(kept)], LABEL);

    expect(rawLabel(kept)?.toString()).toBe(LABEL);
  });

  it('does nothing for an empty list', async () => {
    await expect(xattr.write([], LABEL)).resolves.toBeUndefined();
  });

  it('fails with a storage error where the file system cannot hold labels', async () => {
    await expect(xattr.write([Buffer.from('/proc/self/status')], LABEL)).rejects.toThrow(
      'the file system does not support SELinux labels',
    );
  });

  it('reads a tree without following a symbolic link to a directory', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'skiff-xattr-outside-'));
    try {
      await writeFile(join(outside, 'o'), '');
      setRaw(join(outside, 'o'), Buffer.from('outside').toString('hex'));
      await symlink(outside, join(dir, 'dirlink'));
      setRaw(dir, Buffer.from('root').toString('hex'));

      const labels = await xattr.readTree(dir);

      expect([...labels.entries()]).toEqual([[dir, 'root']]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
