import { InvalidArgument } from '@skiff/contracts';

import { logger } from '../logger.js';
import { EntryAttributes } from './entry-attributes.js';
import type { TarEntry } from './tar-entry.js';
import { WhiteoutSet } from './whiteout-set.js';

const log = logger('layers');

const EXTRACTED = new Set([
  'File',
  'OldFile',
  'ContiguousFile',
  'Directory',
  'GNUDumpDir',
  'Link',
  'SymbolicLink',
]);
const DIRECTORIES = new Set(['Directory', 'GNUDumpDir']);
const DEVICES = new Set(['CharacterDevice', 'BlockDevice', 'FIFO']);

/**
 * EntryGuard decides, entry by entry and in archive order, what node-tar may extract into a
 * layer directory. It runs node-tar with `preservePaths`, because node-tar's own protection
 * rewrites absolute symlink targets (`/bin/sh -> /bin/busybox` would point at `bin/busybox`
 * relative to the link), which breaks every root file system. The guard replaces that
 * protection: it makes names relative, refuses `..`, and refuses any entry whose path or
 * hard-link target goes through a symbolic link that the archive created earlier. The layer
 * directory starts empty, so those are the only links there can be.
 */
export class EntryGuard {
  /** The attributes to set once extraction is over. */
  readonly attributes = new EntryAttributes();
  /** The whiteouts of the layer, which are recorded instead of extracted. */
  readonly whiteouts = new WhiteoutSet();
  /** Why the archive was refused; set on the first hostile entry. */
  refusal: InvalidArgument | undefined;
  private readonly symlinks = new Set<string>();

  /** admit rewrites `entry` to a safe relative name and says whether to extract it. */
  admit(entry: TarEntry): boolean {
    if (this.refusal !== undefined) return false;

    const path = this.checkPath(entry.path, entry.path);
    if (path === undefined) return false;
    if (this.isWhiteout(path)) return false;
    if (!this.isExtractable(entry)) return false;

    const target = entry.type === 'Link' ? this.checkPath(entry.linkpath ?? '', entry.path) : '';
    if (target === undefined) return false;
    if (path === '.' && !DIRECTORIES.has(entry.type)) {
      this.refuse(entry.path, 'the root of the layer must be a directory');
      return false;
    }

    entry.path = path;
    if (entry.type === 'Link') entry.linkpath = target;
    this.track(path, entry.type, target);
    this.attributes.note(path, entry);
    this.whiteouts.replaceBy(path, DIRECTORIES.has(entry.type));
    return true;
  }

  private isWhiteout(path: string): boolean {
    const kind = WhiteoutSet.kindOf(path);
    if (kind === undefined) return false;

    if (kind !== 'ignored') this.whiteouts.add(path, kind);
    // The whiteout replaces whatever an earlier entry of this layer put at that path. A
    // symbolic link stays in `symlinks`: node-tar has created it, and until the whiteouts
    // are written, later entries must not go through it.
    log('whiteout %s (%s)', path, kind);
    return true;
  }

  private isExtractable(entry: TarEntry): boolean {
    if (EXTRACTED.has(entry.type)) return true;

    // TODO: create device nodes and FIFOs when running as root; node-tar cannot make them and
    // Node has no mknod, so this needs mknod(1) with the owner and mode fixed afterwards.
    // Root file system tarballs rarely carry them, as the runtime populates /dev.
    const what = DEVICES.has(entry.type) ? 'device node' : 'unsupported entry';
    log('skipping %s %s (%s)', what, entry.path, entry.type);
    return false;
  }

  private checkPath(name: string, entryName: string): string | undefined {
    const parts = name.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.includes('..')) return this.refuse(entryName, `"${name}" contains ".."`);

    for (let depth = 1; depth < parts.length; depth++) {
      const parent = parts.slice(0, depth).join('/');
      if (this.symlinks.has(parent)) {
        return this.refuse(entryName, `"${name}" goes through the symbolic link "${parent}"`);
      }
    }
    return parts.length === 0 ? '.' : parts.join('/');
  }

  private track(path: string, type: string, target: string): void {
    // A hard link to a symbolic link is a symbolic link too.
    const isSymlink = type === 'SymbolicLink' || (type === 'Link' && this.symlinks.has(target));
    if (isSymlink) this.symlinks.add(path);
    else this.symlinks.delete(path);
  }

  private refuse(entryName: string, reason: string): undefined {
    this.refusal = new InvalidArgument(`refusing archive entry "${entryName}": ${reason}`);
    log('%s', this.refusal.message);
    return undefined;
  }
}
