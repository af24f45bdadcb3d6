import { posix } from 'node:path';

const PREFIX = '.wh.';
const OPAQUE = '.wh..wh..opq';
/** aufs keeps its own bookkeeping under `.wh..wh.`; the OCI image spec says to ignore it. */
const AUFS_META = '.wh..wh.';

/** WhiteoutKind says what a whiteout entry asks for. */
export type WhiteoutKind = 'whiteout' | 'opaque' | 'ignored';

/** Whiteouts lists what a layer hides of the layers below it, as paths inside the layer. */
export interface Whiteouts {
  /** Paths deleted from the lower layers (`.wh.<name>`). */
  files: string[];
  /** Directories whose lower content is hidden (`.wh..wh..opq`). */
  opaque: string[];
}

/**
 * WhiteoutSet collects the whiteouts of one layer in archive order. Entries are turned into
 * overlay's form (a 0/0 character device, an `opaque` extended attribute) only once the whole
 * archive is read, because a later entry may still take the place of a whiteout: a directory
 * created where the same layer whited out a path is an opaque directory, as in overlay.
 */
export class WhiteoutSet {
  private readonly files = new Set<string>();
  private readonly opaque = new Set<string>();

  /** kindOf tells whether the entry at the relative `path` is a whiteout, and of which kind. */
  static kindOf(path: string): WhiteoutKind | undefined {
    const name = posix.basename(path);
    if (!name.startsWith(PREFIX)) return undefined;
    if (name === OPAQUE) return 'opaque';
    if (name.startsWith(AUFS_META) || name === PREFIX) return 'ignored';
    return 'whiteout';
  }

  /** add records the whiteout entry at `path`, a relative name that the entry guard checked. */
  add(path: string, kind: 'whiteout' | 'opaque'): void {
    const dir = posix.dirname(path);
    if (kind === 'opaque') {
      this.opaque.add(dir);
      return;
    }

    const target = posix.join(dir, posix.basename(path).slice(PREFIX.length));
    this.files.add(target);
  }

  /** replaceBy notes that a real entry lands at `path`, undoing whiteouts it or its parents took. */
  replaceBy(path: string, isDirectory: boolean): void {
    const parts = path.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const prefix = parts.slice(0, depth).join('/');
      if (!this.files.delete(prefix)) continue;

      // Something was deleted and recreated in one layer: hide whatever the lower layers had.
      if (depth < parts.length || isDirectory) this.opaque.add(prefix);
    }
  }

  /** toJSON lists the whiteouts, sorted so that the metadata of a layer is stable. */
  toJSON(): Whiteouts {
    return { files: [...this.files].sort(), opaque: [...this.opaque].sort() };
  }
}
