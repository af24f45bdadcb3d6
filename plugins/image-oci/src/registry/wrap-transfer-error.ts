import { InvalidArgument, SkiffError } from '@skiff/contracts';

/**
 * wrapTransferError names the transfer step that failed in front of `cause`. A SkiffError
 * keeps its code; anything else (a connection reset half way through a body) is about the
 * registry or the way to it, which the user must fix, hence InvalidArgument.
 */
export function wrapTransferError(step: string, cause: unknown): SkiffError {
  if (SkiffError.is(cause)) return SkiffError.wrap(step, cause);
  return new InvalidArgument(step, { cause });
}
