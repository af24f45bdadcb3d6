import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';

import { StorageError } from '@skiff/contracts';

// Fields: id, parent, major:minor, root, mount point, ... (proc(5)).
const MOUNT_POINT_FIELD = 4;

/** mountsUnder lists the mount points inside `dir` (not `dir` itself), deepest first. */
export function mountsUnder(dir: string): string[] {
  let real: string;
  try {
    // mountinfo shows resolved paths; a store may sit behind a symbolic link.
    real = realpathSync(dir);
  } catch {
    return [];
  }
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => unescape(line.split(' ')[MOUNT_POINT_FIELD] ?? ''))
    .filter((point) => point.startsWith(`${real}/`))
    .sort((a, b) => b.length - a.length);
}

/**
 * unmountUnder unmounts whatever is still mounted inside `dir`, and fails if anything stays,
 * so that a recursive delete never reaches through a mount into files outside the store.
 */
export function unmountUnder(dir: string): void {
  for (const point of mountsUnder(dir)) {
    try {
      execFileSync('umount', [point], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
      throw new StorageError(`unmounting ${point}: ${stderr || String(error)}`, { cause: error });
    }
  }
  const left = mountsUnder(dir);
  if (left.length > 0) throw new StorageError(`${left[0]} is still mounted`);
}

// The kernel writes space, tab, newline and backslash in mount points as octal escapes.
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}
