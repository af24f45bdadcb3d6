import type { RawEntry } from './tar-fixtures.js';

/**
 * whiteoutLayers returns the entries of a three-layer image: the middle layer deletes
 * `a/gone` and `top`, makes `b` opaque, deletes `c` and makes it again, and replaces a lower
 * symbolic link to `victim` (a path outside the store) with a file; the upper layer brings
 * `top` back and adds to `b`. Merged, the image holds a/keep, b/new, b/new2, c/y, passwd, top.
 */
export function whiteoutLayers(victim: string): RawEntry[][] {
  const base: RawEntry[] = [
    { path: 'a/', type: 'Directory' },
    { path: 'a/keep', body: 'kept' },
    { path: 'a/gone', body: 'deleted by layer 2' },
    { path: 'b/', type: 'Directory' },
    { path: 'b/old1', body: 'hidden by opaque b' },
    { path: 'b/sub/', type: 'Directory' },
    { path: 'b/sub/old2', body: 'hidden by opaque b' },
    { path: 'c/', type: 'Directory' },
    { path: 'c/x', body: 'c is deleted and made again' },
    { path: 'top', body: 'first' },
    { path: 'passwd', type: 'SymbolicLink', linkpath: victim },
  ];
  const middle: RawEntry[] = [
    { path: 'a/.wh.gone' },
    { path: 'b/', type: 'Directory' },
    { path: 'b/.wh..wh..opq' },
    { path: 'b/new', body: 'new in b' },
    { path: '.wh.top' },
    { path: '.wh.c' },
    { path: 'c/', type: 'Directory' },
    { path: 'c/y', body: 'y' },
    { path: 'passwd', body: 'root:x:0:0::/root:/bin/sh\n' },
  ];
  const upper: RawEntry[] = [
    { path: 'top', body: 'back' },
    { path: 'b/', type: 'Directory' },
    { path: 'b/new2', body: 'new2' },
  ];
  return [base, middle, upper];
}

/** MERGED_FILES lists what the merged whiteout image holds, as `find . -type f` would. */
export const MERGED_FILES = ['a/keep', 'b/new', 'b/new2', 'c/y', 'passwd', 'top'];
