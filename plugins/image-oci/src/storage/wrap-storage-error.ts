import { SkiffError, StorageError } from '@skiff/contracts';

/**
 * wrapStorageError names the storage step that failed in front of `cause`. A SkiffError keeps
 * its code; a plain system error (ENOSPC, EIO ...) becomes a StorageError.
 */
export function wrapStorageError(step: string, cause: unknown): SkiffError {
  if (SkiffError.is(cause)) return SkiffError.wrap(step, cause);
  return new StorageError(step, { cause });
}
