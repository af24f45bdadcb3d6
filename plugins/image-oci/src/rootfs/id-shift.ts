import { chmod, lchown, lstat, readdir, rm, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';

import { StorageError } from '@skiff/contracts';
import type { IdMappings, OciIdMapping } from '@skiff/contracts';

import { logger } from '../logger.js';
import { runCommand } from './run-command.js';

const log = logger('idmap');

/** chown(2) clears these bits of a regular file, so they are set again after it. */
const SET_ID_BITS = 0o6000;
/** chown(2) also drops file capabilities, which live in this attribute. */
const CAPABILITY_XATTR = 'security.capability';

/** mapId returns the id that the namespace id `id` maps to, or undefined if no range has it. */
export function mapId(id: number, ranges: readonly OciIdMapping[]): number | undefined {
  const range = ranges.find(
    ({ containerID, size }) => id >= containerID && id < containerID + size,
  );
  return range === undefined ? undefined : range.hostID + id - range.containerID;
}

/**
 * shiftingMappings returns the mappings a root file system must be shifted by, or undefined
 * when there are none or they map every id to itself: the layers' owners are then right as
 * they are stored.
 */
export function shiftingMappings(mappings: IdMappings | undefined): IdMappings | undefined {
  if (mappings === undefined) return undefined;

  const ranges = [...mappings.uidMappings, ...mappings.gidMappings];
  if (ranges.every((range) => range.containerID === range.hostID)) return undefined;
  return mappings;
}

/**
 * shiftOwners gives every file under `root` the owner its current one maps to: a file that the
 * image owns as uid N becomes owned by the id the container's uid N maps to, so that inside the
 * container's user namespace it appears owned by N again. Set-id bits and file capabilities,
 * which chown(2) clears, are put back; modes, times and other attributes chown leaves alone.
 * A file whose owner no range covers fails the shift, naming the file and the id.
 */
export async function shiftOwners(root: string, mappings: IdMappings): Promise<void> {
  const capabilities = await readCapabilities(root);
  const seen = new Set<string>();
  await shiftEntry(root, '/', mappings, seen);
  await restoreCapabilities(root, capabilities);
  log('shifted the owners of %d files under %s', seen.size, root);
}

async function shiftEntry(
  path: string,
  shown: string,
  mappings: IdMappings,
  seen: Set<string>,
): Promise<void> {
  const stats = await lstat(path);
  // A hard link shares its inode with another name, which must not be shifted twice.
  const inode = `${stats.dev}:${stats.ino}`;
  if (!seen.has(inode)) {
    seen.add(inode);
    await shiftInode(path, shown, stats, mappings);
  }
  if (!stats.isDirectory()) return;

  for (const name of await readdir(path)) {
    const child = shown === '/' ? `/${name}` : `${shown}/${name}`;
    await shiftEntry(join(path, name), child, mappings, seen);
  }
}

async function shiftInode(path: string, shown: string, stats: Stats, mappings: IdMappings) {
  const uid = mapId(stats.uid, mappings.uidMappings);
  const gid = mapId(stats.gid, mappings.gidMappings);
  if (uid === undefined) throw unmapped(shown, 'uid', stats.uid);
  if (gid === undefined) throw unmapped(shown, 'gid', stats.gid);
  if (uid === stats.uid && gid === stats.gid) return;

  await lchown(path, uid, gid);
  if (!stats.isSymbolicLink() && (stats.mode & SET_ID_BITS) !== 0) {
    await chmod(path, stats.mode & 0o7777);
  }
}

function unmapped(path: string, kind: 'uid' | 'gid', id: number): StorageError {
  return new StorageError(
    `cannot map the owner of ${path} into the container's user namespace: ` +
      `no ${kind} mapping covers ${kind} ${id}`,
  );
}

/** readCapabilities dumps the file capabilities under `root` in setfattr's restore format. */
async function readCapabilities(root: string): Promise<string> {
  // -P: walk the tree itself, never through its symbolic links.
  const args = ['-R', '-P', '-h', '-d', '--absolute-names', '-e', 'hex'];
  const pattern = `^${CAPABILITY_XATTR.replace('.', '\\.')}$`;
  return runCommand('getfattr', [...args, '-m', pattern, root]).catch((error: Error) => {
    log('file capabilities under %s are not kept: %s', root, error.message);
    return '';
  });
}

async function restoreCapabilities(root: string, dump: string): Promise<void> {
  if (dump.trim() === '') return;

  const file = `${root}.capabilities`;
  try {
    await writeFile(file, dump);
    await runCommand('setfattr', ['-h', `--restore=${file}`]);
  } finally {
    await rm(file, { force: true });
  }
}
