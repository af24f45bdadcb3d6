import { describe, expect, it } from 'vitest';

import { goArch } from './go-arch.js';

describe('goArch', () => {
  it.each([
    ['x64', 'amd64'],
    ['arm64', 'arm64'],
    ['ia32', '386'],
    ['ppc64', 'ppc64le'],
    ['s390x', 's390x'],
    ['riscv64', 'riscv64'],
  ])('spells %s as %s', (node, go) => {
    expect(goArch(node)).toBe(go);
  });

  it('spells this machine as an OCI image would', () => {
    expect(goArch()).toBe(process.arch === 'x64' ? 'amd64' : goArch(process.arch));
  });
});
