import { SkiffError } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { ERRNO_TABLE } from './errno-table.js';
import { nativeArch } from './native-arch.js';
import { resolveErrno } from './resolve-errno.js';

const AMD64 = nativeArch('amd64');

function failureOf(text: string, arch = AMD64): string {
  try {
    resolveErrno(text, undefined, arch);
  } catch (error) {
    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    return (error as Error).message;
  }
  throw new Error('expected a failure');
}

describe('resolveErrno', () => {
  it('falls back to the legacy number only when the string is empty', () => {
    expect(resolveErrno('', 5, AMD64)).toBe(5);
    expect(resolveErrno('', undefined, AMD64)).toBeUndefined();
    expect(resolveErrno('EPERM', 5, AMD64)).toBe(1);
  });

  it('reads decimal digits, leading zeros included, up to 2^32-1', () => {
    expect(resolveErrno('13', undefined, AMD64)).toBe(13);
    expect(resolveErrno('007', undefined, AMD64)).toBe(7);
    expect(resolveErrno('4294967295', undefined, AMD64)).toBe(4294967295);
  });

  it.each(['4294967296', '+5', '-1', '0x10', ' 5', '5 ', '1_000', 'eperm', 'EFOO'])(
    'calls %j an unknown errno',
    (text) => {
      expect(failureOf(text)).toBe(`unknown errno ${text}`);
    },
  );

  it('knows the common names with their x86_64 numbers', () => {
    expect(resolveErrno('EPERM', undefined, AMD64)).toBe(1);
    expect(resolveErrno('EINVAL', undefined, AMD64)).toBe(22);
    expect(resolveErrno('ENOSYS', undefined, AMD64)).toBe(38);
    expect(resolveErrno('ENOTRECOVERABLE', undefined, AMD64)).toBe(131);
  });

  it('knows aliases and the names Podman 4.3.1 lacks', () => {
    expect(resolveErrno('EWOULDBLOCK', undefined, AMD64)).toBe(11);
    expect(resolveErrno('ENOTSUP', undefined, AMD64)).toBe(95);
    expect(resolveErrno('ECHRNG', undefined, AMD64)).toBe(44);
    expect(resolveErrno('EHWPOISON', undefined, AMD64)).toBe(133);
  });

  it('does not mistake object properties for names', () => {
    expect(failureOf('constructor')).toBe('unknown errno constructor');
    expect(failureOf('__proto__')).toBe('unknown errno __proto__');
  });

  it('uses the PowerPC number of EDEADLOCK', () => {
    expect(resolveErrno('EDEADLOCK', undefined, nativeArch('ppc64le'))).toBe(58);
    expect(resolveErrno('EDEADLOCK', undefined, AMD64)).toBe(35);
  });

  it('refuses names on architectures with their own numbering, but not numbers', () => {
    const mips = nativeArch('mips64le');

    expect(failureOf('ENOSYS', mips)).toBe(
      'cannot resolve errno ENOSYS on mipsel64: use its number in the profile instead',
    );
    expect(resolveErrno('89', undefined, mips)).toBe(89);
  });
});

describe('ERRNO_TABLE', () => {
  it('holds 131 distinct errors and three aliases', () => {
    const codes = new Set([...ERRNO_TABLE.values()].map((entry) => entry.code));

    expect(ERRNO_TABLE.size).toBe(134);
    expect(codes.size).toBe(131);
    expect(Math.max(...codes)).toBe(133);
  });
});
