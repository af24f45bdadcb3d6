import { readFile, realpath } from 'node:fs/promises';

const MOUNTINFO = '/proc/self/mountinfo';
const MOUNT_POINT_FIELD = 4;
/** Optional fields end with a lone `-`; the file system type follows it. */
const SEPARATOR = ' - ';

/** MountEntry is one line of mountinfo: where, and what kind of file system. */
export interface MountEntry {
  mountPoint: string;
  /** `overlay` for the kernel's overlay, `fuse.fuse-overlayfs` for the FUSE one. */
  fsType: string;
  /** The file system's own options, such as `lowerdir=...,userxattr`. */
  superOptions: string;
}

/**
 * isMounted reports whether `path` is a mount point in this process's mount namespace,
 * reading /proc/self/mountinfo as findmnt does.
 */
export async function isMounted(path: string): Promise<boolean> {
  return (await mountAt(path)) !== undefined;
}

/** mountAt returns the topmost mount at `path`, or undefined when nothing is mounted there. */
export async function mountAt(path: string): Promise<MountEntry | undefined> {
  let real: string;
  try {
    // mountinfo lists resolved paths; the store's root may sit behind a symbolic link.
    real = await realpath(path);
  } catch {
    return undefined;
  }

  const table = await readFile(MOUNTINFO, 'utf8');
  // Later lines are mounted later, over the earlier ones at the same place.
  const entries = table.split('\n').map(parseMountInfoLine);
  return entries.filter((entry) => entry?.mountPoint === real).pop();
}

/** parseMountInfoLine reads one line of /proc/self/mountinfo; see proc(5). */
export function parseMountInfoLine(line: string): MountEntry | undefined {
  const field = line.split(' ')[MOUNT_POINT_FIELD];
  const tail = line.split(SEPARATOR)[1];
  if (field === undefined || tail === undefined) return undefined;

  const [fsType = '', , superOptions = ''] = tail.split(' ');
  return { mountPoint: unescape(field), fsType, superOptions: unescape(superOptions) };
}

function unescape(field: string): string {
  // The kernel writes space, tab, newline and backslash in mount points as octal escapes.
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}
