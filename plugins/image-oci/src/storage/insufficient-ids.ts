import { StorageError } from '@skiff/contracts';

/** The system calls that give a file its owner. */
const CHOWN_CALLS = new Set(['chown', 'fchown', 'lchown']);

/**
 * isUnmappedOwner reports whether a failed system call gave a file an owner that the user
 * namespace does not map: the kernel answers chown(2) with EINVAL for an id it cannot map.
 */
export function isUnmappedOwner(error: unknown): error is NodeJS.ErrnoException {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return code === 'EINVAL' && syscall !== undefined && CHOWN_CALLS.has(syscall);
}

/**
 * insufficientIdsError says that a layer names an owner the user's subordinate id ranges do
 * not cover, in the words Podman uses, so that its advice applies: `path` is the file as the
 * layer names it, `syscall` the call that failed.
 */
export function insufficientIdsError(
  path: string,
  owner: { uid?: number; gid?: number },
  syscall = 'lchown',
): StorageError {
  const file = `/${path.replace(/^(\.\/|\/)+/, '')}`;
  const requested = `${owner.uid ?? 0}:${owner.gid ?? 0}`;
  return new StorageError(
    `potentially insufficient UIDs or GIDs available in user namespace ` +
      `(requested ${requested} for ${file}): check /etc/subuid and /etc/subgid`,
    { cause: new StorageError(`${syscall} ${file}: invalid argument`) },
  );
}
