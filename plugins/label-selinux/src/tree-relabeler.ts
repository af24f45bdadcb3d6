import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';

import { SkiffError, StorageError } from '@skiff/contracts';
import createDebug from 'debug';

import { SelinuxXattr } from './selinux-xattr.js';

const debug = createDebug('skiff:label-selinux:relabel');

const SLASH = Buffer.from('/');

/** TreeRelabelReport says how much of a tree a relabel touched. */
export interface TreeRelabelReport {
  /** Entries found under the root, the root included. */
  entries: number;
  /** Entries whose label was written. */
  written: number;
}

/**
 * TreeRelabeler gives a path and everything under it one SELinux file label, as `chcon -R`
 * would but without following symbolic links. Entries that vanish during the walk are ignored.
 */
export class TreeRelabeler {
  constructor(private readonly xattr = new SelinuxXattr()) {}

  /** relabel labels the tree at `path`; throws StorageError when a label cannot be set. */
  async relabel(path: string, label: string): Promise<TreeRelabelReport> {
    try {
      const entries = await TreeRelabeler.collect(Buffer.from(path, 'utf8'));
      const pending = await this.unlabelled(path, entries, label);

      await this.xattr.write(pending, label);

      debug('%s: %d entries, %d labelled %s', path, entries.length, pending.length, label);
      return { entries: entries.length, written: pending.length };
    } catch (error) {
      throw SkiffError.wrap(`relabeling ${path}`, error);
    }
  }

  /**
   * collect lists the tree below `root` depth first, with `root` itself LAST: a relabel cut
   * short leaves the root unlabelled, so the next one does not take the tree as already done.
   * Paths are raw bytes so that names which are not UTF-8 survive.
   */
  static async collect(root: Buffer): Promise<Buffer[]> {
    const rootStat = await lstat(root).catch((error: unknown) => {
      throw new StorageError(`reading ${root.toString()}`, { cause: error });
    });

    const entries: Buffer[] = [];
    const directories = rootStat.isDirectory() ? [root] : [];

    for (let dir = directories.pop(); dir !== undefined; dir = directories.pop()) {
      for (const dirent of await readDirectory(dir)) {
        const child = Buffer.concat([dir, SLASH, dirent.name]);
        entries.push(child);
        // Dirent types come from lstat semantics: a link to a directory is not descended into.
        if (dirent.isDirectory()) directories.push(child);
      }
    }

    entries.push(root);
    return entries;
  }

  // go-selinux trusts a root that already carries the label to mean the whole tree does, and
  // (a v1.10.2 bug) then skips everything. Here each entry is checked, which costs one more
  // getfattr run, and only when the root already looks done, as after a container restart.
  private async unlabelled(path: string, entries: Buffer[], label: string): Promise<Buffer[]> {
    if ((await this.xattr.read(path)) !== label) return entries;

    const current = await this.xattr.readTree(path);
    return entries.filter((entry) => current.get(SelinuxXattr.key(entry)) !== label);
  }
}

async function readDirectory(dir: Buffer): Promise<Dirent<Buffer>[]> {
  try {
    return await readdir(dir, { encoding: 'buffer', withFileTypes: true });
  } catch (error) {
    // Removed or replaced by a file since it was listed: nothing left to label below it.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new StorageError(`reading ${dir.toString()}`, { cause: error });
  }
}
