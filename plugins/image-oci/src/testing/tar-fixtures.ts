import { execFile, execFileSync } from 'node:child_process';
import { chmod, chown, copyFile, link, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

import { Header } from 'tar';

const execFileAsync = promisify(execFile);
const BLOCK = 512;

/** RawEntry is one tar entry written exactly as given, hostile names included. */
export interface RawEntry {
  path: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'FIFO';
  body?: string;
  linkpath?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

/** rawTar writes a tar archive entry by entry, without any of a tar tool's sanitising. */
export function rawTar(entries: readonly RawEntry[]): Buffer {
  const blocks = entries.flatMap((entry) => entryBlocks(entry));
  return Buffer.concat([...blocks, Buffer.alloc(2 * BLOCK)]);
}

function entryBlocks(entry: RawEntry): Buffer[] {
  const body = Buffer.from(entry.body ?? '');
  const type = entry.type ?? 'File';
  const header = new Header({
    path: entry.path,
    type,
    linkpath: entry.linkpath,
    mode: entry.mode ?? (type === 'Directory' ? 0o755 : 0o644),
    uid: entry.uid ?? 0,
    gid: entry.gid ?? 0,
    size: type === 'File' ? body.length : 0,
    mtime: new Date('2024-01-02T03:04:05Z'),
    devmaj: type === 'CharacterDevice' ? 1 : 0,
    devmin: type === 'CharacterDevice' ? 3 : 0,
  });
  const block = Buffer.alloc(BLOCK);
  header.encode(block, 0);

  if (type !== 'File' || body.length === 0) return [block];
  const padded = Buffer.alloc(Math.ceil(body.length / BLOCK) * BLOCK);
  body.copy(padded);
  return [block, padded];
}

/** gzip compresses a fixture tarball. */
export function gzip(tar: Buffer): Buffer {
  return gzipSync(tar);
}

/** zstd compresses a fixture tarball with zstd(1), as registries serve zstd layers. */
export function zstd(tar: Buffer): Buffer {
  return execFileSync('zstd', ['-q', '-c'], { input: tar, maxBuffer: 256 * 1024 * 1024 });
}

/** tarDirectory packs a directory with GNU tar, keeping numeric owners, as `tar -C dir .`. */
export async function tarDirectory(dir: string): Promise<Buffer> {
  const { stdout } = await execFileAsync('tar', ['--numeric-owner', '-C', dir, '-cf', '-', '.'], {
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

/** ODD_MTIME is the modification time given to some fixture files and directories. */
export const ODD_MTIME = new Date('2001-02-03T04:05:06Z');

/**
 * makeRootfs fills `dir` with a small root file system: a static busybox, absolute and
 * relative symbolic links, a hard link, and files and directories with unusual modes,
 * owners and times. Must run as root to set the owners.
 */
export async function makeRootfs(dir: string): Promise<void> {
  for (const sub of ['bin', 'etc', 'home/user', 'sbin', 'readonly', 'tmp']) {
    await mkdir(join(dir, sub), { recursive: true });
  }
  await copyFile('/bin/busybox', join(dir, 'bin/busybox'));
  await chmod(join(dir, 'bin/busybox'), 0o755);
  await symlink('/bin/busybox', join(dir, 'bin/sh'));
  await symlink('busybox', join(dir, 'bin/ls'));
  await link(join(dir, 'bin/busybox'), join(dir, 'sbin/busybox-hardlink'));

  await special(dir, 'etc/hostname', { body: 'skiff\n', mode: 0o644 });
  await special(dir, 'etc/secret', { body: 'x', mode: 0o600, uid: 1234, gid: 5678 });
  await special(dir, 'bin/suid', { body: '#!/bin/sh\n', mode: 0o4755 });
  await special(dir, 'bin/sgid', { body: '#!/bin/sh\n', mode: 0o2755, uid: 0, gid: 42 });
  await special(dir, 'etc/group-writable', { body: 'g', mode: 0o664, uid: 1000, gid: 1000 });
  await chown(join(dir, 'home/user'), 1000, 1000);
  await chmod(join(dir, 'home/user'), 0o700);
  await chmod(join(dir, 'readonly'), 0o555);
  await chmod(join(dir, 'tmp'), 0o1777);
  await utimes(join(dir, 'etc'), ODD_MTIME, ODD_MTIME);
  await chmod(dir, 0o755);
}

async function special(
  dir: string,
  path: string,
  file: { body: string; mode: number; uid?: number; gid?: number },
): Promise<void> {
  const target = join(dir, path);
  await writeFile(target, file.body);
  await chown(target, file.uid ?? 0, file.gid ?? 0);
  await chmod(target, file.mode);
  await utimes(target, ODD_MTIME, ODD_MTIME);
}
