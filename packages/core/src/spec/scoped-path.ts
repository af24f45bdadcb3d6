import { lstatSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';

const MAX_LINKS = 40;

/**
 * scopedPath resolves `path` inside `rootfs` as the container would see it: symbolic links are
 * followed relative to the container's root, never the host's, so an image whose /etc/passwd
 * points at /etc/shadow cannot make the engine read a host file.
 */
export function scopedPath(rootfs: string, path: string): string {
  // Not normalised first: `..` after a symlinked directory must leave where the link leads.
  const pending = path.split('/').filter(Boolean);
  const resolved: string[] = [];
  let links = 0;

  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }

    const candidate = posix.join(rootfs, ...resolved, part);
    const target = readLink(candidate);
    if (target === undefined) {
      resolved.push(part);
      continue;
    }
    if (++links > MAX_LINKS) break;
    if (target.startsWith('/')) resolved.length = 0;
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return posix.join(rootfs, ...resolved);
}

function readLink(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}
