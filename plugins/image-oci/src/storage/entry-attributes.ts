import { chmod, lchown, lstat, lutimes, utimes } from 'node:fs/promises';
import { join } from 'node:path';

import { insufficientIdsError, isUnmappedOwner } from './insufficient-ids.js';
import type { TarEntry } from './tar-entry.js';

type Kind = 'file' | 'dir' | 'symlink';

interface Attributes {
  kind: Kind;
  mode: number;
  uid: number;
  gid: number;
  mtime?: Date;
  atime?: Date;
}

/**
 * EntryAttributes remembers the mode, owner and times that node-tar does not leave as the
 * archive says, and sets them once extraction is over:
 * - node-tar creates directories with at least 0700 so it can write into them, and applies
 *   the process umask to files;
 * - it sets ownership after writing a file, and chown(2) clears set-user-id and set-group-id;
 * - it sets neither owner nor times on symbolic links, and ignores a failed chown of a directory;
 * - writing a file changes its directory's mtime, so directory times must come last.
 * Only the last entry for a path counts, as it is the one left on disk.
 */
export class EntryAttributes {
  private readonly byPath = new Map<string, Attributes>();

  /** note records the attributes of an entry about to be extracted at `path`. */
  note(path: string, entry: TarEntry): void {
    const kind = kindOf(entry.type);
    if (kind === undefined) {
      // A hard link shares its target's inode, whose attributes are noted under the target.
      this.byPath.delete(path);
      return;
    }

    const { mode = 0o755, uid = 0, gid = 0, mtime, atime } = entry;
    this.byPath.set(path, { kind, mode: mode & 0o7777, uid, gid, mtime, atime });
  }

  /** forget drops what was noted for `path` and below it, which a whiteout has replaced. */
  forget(path: string): void {
    for (const noted of this.byPath.keys()) {
      if (noted === path || noted.startsWith(`${path}/`)) this.byPath.delete(noted);
    }
  }

  /** apply sets the noted attributes under `root`; owners only when `preserveOwner`. */
  async apply(root: string, preserveOwner: boolean): Promise<void> {
    for (const [path, attributes] of this.byPath) {
      const target = join(root, path);
      if (attributes.kind === 'symlink') {
        await applyToSymlink(target, path, attributes, preserveOwner);
      } else {
        await applyToInode(target, path, attributes, preserveOwner);
      }
    }
  }
}

function kindOf(type: string): Kind | undefined {
  if (type === 'Directory' || type === 'GNUDumpDir') return 'dir';
  if (type === 'SymbolicLink') return 'symlink';
  if (type === 'Link') return undefined;
  return 'file';
}

async function applyToSymlink(
  target: string,
  path: string,
  attributes: Attributes,
  owner: boolean,
): Promise<void> {
  if (owner) await lchownInLayer(target, path, attributes);
  if (attributes.mtime) {
    await lutimes(target, attributes.atime ?? attributes.mtime, attributes.mtime);
  }
}

async function lchownInLayer(target: string, path: string, attributes: Attributes) {
  try {
    await lchown(target, attributes.uid, attributes.gid);
  } catch (error) {
    if (isUnmappedOwner(error)) throw insufficientIdsError(path, attributes, 'lchown');
    throw error;
  }
}

async function applyToInode(
  target: string,
  path: string,
  attributes: Attributes,
  owner: boolean,
): Promise<void> {
  // Defence in depth: chmod and utimes follow symbolic links, and the entry guard already
  // ensures the last entry at this path is not one; check what is really there anyway.
  const stats = await lstat(target);
  if (stats.isSymbolicLink()) return;

  // node-tar ignores a failed chown of a directory, which in a user namespace short of ids
  // would leave it silently owned by root; chown(2) clears set-id bits, so chmod comes after.
  const ownedElse = stats.uid !== attributes.uid || stats.gid !== attributes.gid;
  if (owner && ownedElse) await lchownInLayer(target, path, attributes);
  await chmod(target, attributes.mode);
  if (attributes.kind === 'dir' && attributes.mtime) {
    await utimes(target, attributes.atime ?? attributes.mtime, attributes.mtime);
  }
}
