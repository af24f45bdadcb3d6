/**
 * TarEntry is the part of a node-tar entry that this plugin reads and rewrites before the
 * entry is extracted. It is declared here, not imported, so that modules which only need the
 * shape do not load node-tar.
 */
export interface TarEntry {
  type: string;
  path: string;
  linkpath?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: Date;
  atime?: Date;
}
