import { readFileSync, realpathSync } from 'node:fs';

import type { HostMountFlags } from './volume-mount-options.js';

interface MountEntry {
  point: string;
  options: string[];
}

/**
 * hostMountFlags says which of nosuid, nodev and noexec the host mount holding `path` has: a
 * bind of a path from such a mount keeps those restrictions, as Podman adds them from
 * statfs(2). Node has no statfs flags, so the mount is found in /proc/self/mountinfo: the
 * last-mounted entry whose mount point is the longest prefix of the resolved path.
 */
export function hostMountFlags(path: string): HostMountFlags {
  const resolved = realpathSync(path);
  let best: MountEntry | undefined;

  for (const entry of readMountInfo()) {
    if (!contains(entry.point, resolved)) continue;
    if (best === undefined || entry.point.length >= best.point.length) best = entry;
  }
  const options = best?.options ?? [];
  return {
    noexec: options.includes('noexec'),
    nosuid: options.includes('nosuid'),
    nodev: options.includes('nodev'),
  };
}

function contains(point: string, path: string): boolean {
  return point === '/' || path === point || path.startsWith(`${point}/`);
}

// Fields: id, parent, major:minor, root, mount point, per-mount options, ... (proc(5)).
function readMountInfo(): MountEntry[] {
  let text: string;
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '))
    .map((fields) => ({ point: unescape(fields[4] ?? ''), options: (fields[5] ?? '').split(',') }));
}

// The kernel writes space, tab, newline and backslash in mount points as octal escapes.
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}
