import { readFile, realpath } from 'node:fs/promises';

const MOUNTINFO = '/proc/self/mountinfo';
const MOUNT_POINT_FIELD = 4;

/**
 * isMounted reports whether `path` is a mount point in this process's mount namespace,
 * reading /proc/self/mountinfo as findmnt does.
 */
export async function isMounted(path: string): Promise<boolean> {
  let real: string;
  try {
    // mountinfo lists resolved paths; the store's root may sit behind a symbolic link.
    real = await realpath(path);
  } catch {
    return false;
  }

  const table = await readFile(MOUNTINFO, 'utf8');
  return table.split('\n').some((line) => mountPointOf(line) === real);
}

function mountPointOf(line: string): string | undefined {
  const field = line.split(' ')[MOUNT_POINT_FIELD];
  // The kernel writes space, tab, newline and backslash in mount points as octal escapes.
  return field?.replace(/\\([0-7]{3})/g, (_match, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}
