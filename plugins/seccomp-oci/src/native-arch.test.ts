import { describe, expect, it } from 'vitest';

import { nativeArch } from './native-arch.js';

describe('nativeArch', () => {
  it.each([
    ['amd64', { name: 'amd64', archMapKey: 'SCMP_ARCH_X86_64' }],
    ['arm64', { name: 'arm64', archMapKey: 'SCMP_ARCH_AARCH64' }],
    ['s390x', { name: 's390x', archMapKey: 'SCMP_ARCH_S390X' }],
    ['mips64', { name: 'mips64', archMapKey: 'SCMP_ARCH_MIPS64' }],
    ['mips64le', { name: 'mipsel64', archMapKey: 'SCMP_ARCH_MIPSEL64' }],
    ['386', { name: 'x86' }],
    ['mipsle', { name: 'mipsel' }],
    ['arm', { name: 'arm' }],
    ['ppc64le', { name: 'ppc64le' }],
    ['riscv64', { name: 'riscv64' }],
  ])('maps Go arch %s to libseccomp', (goArch, expected) => {
    expect(nativeArch(goArch)).toEqual(expected);
  });

  it('keeps unknown names, object property names included, as given', () => {
    expect(nativeArch('x32')).toEqual({ name: 'x32' });
    expect(nativeArch('constructor')).toEqual({ name: 'constructor' });
  });
});
