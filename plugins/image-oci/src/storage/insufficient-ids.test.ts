import { describe, expect, it } from 'vitest';

import { SkiffError } from '@skiff/contracts';

import { insufficientIdsError, isUnmappedOwner } from './insufficient-ids.js';
import { tarFailure } from './tar-sink.js';

/** An error as Node raises it for a failed system call. */
function systemError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall}`), { code, syscall });
}

describe('too few ids in the user namespace', () => {
  it('is told apart from other failures by EINVAL from a chown call', () => {
    expect(isUnmappedOwner(systemError('EINVAL', 'lchown'))).toBe(true);
    expect(isUnmappedOwner(systemError('EINVAL', 'fchown'))).toBe(true);
    expect(isUnmappedOwner(systemError('EPERM', 'lchown'))).toBe(false);
    expect(isUnmappedOwner(systemError('EINVAL', 'open'))).toBe(false);
    expect(isUnmappedOwner(undefined)).toBe(false);
  });

  it("is reported in Podman's words, with the file as the image names it", () => {
    const error = insufficientIdsError('./home/user', { uid: 1000, gid: 1000 });

    expect(error.code).toBe('Storage');
    expect(SkiffError.chain(error).join(': ')).toBe(
      'potentially insufficient UIDs or GIDs available in user namespace ' +
        '(requested 1000:1000 for /home/user): check /etc/subuid and /etc/subgid: ' +
        'lchown /home/user: invalid argument',
    );
  });

  it("is what node-tar's failed chown of an entry becomes", () => {
    const cause = Object.assign(systemError('EINVAL', 'fchown'), {
      entry: { path: 'etc/shadow', type: 'File', uid: 0, gid: 70000 },
    });

    const error = tarFailure('TAR_ENTRY_ERROR', cause.message, cause);

    expect(SkiffError.chain(error).join(': ')).toBe(
      'potentially insufficient UIDs or GIDs available in user namespace ' +
        '(requested 0:70000 for /etc/shadow): check /etc/subuid and /etc/subgid: ' +
        'fchown /etc/shadow: invalid argument',
    );
  });
});
