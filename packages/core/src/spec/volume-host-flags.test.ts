import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { hostMountFlags } from './volume-host-flags.js';

function optionsOf(point: string): string[] | undefined {
  const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  const entries = lines.map((line) => line.split(' ')).filter((f) => f[4] === point);
  return entries.at(-1)?.[5]?.split(',');
}

describe('hostMountFlags', () => {
  it("reads the restrictions of the mount a path lives on from the kernel's mount table", () => {
    const options = optionsOf('/proc') ?? [];

    expect(hostMountFlags('/proc/self')).toEqual({
      noexec: options.includes('noexec'),
      nosuid: options.includes('nosuid'),
      nodev: options.includes('nodev'),
    });
  });

  it('fails for a path that does not exist', () => {
    expect(() => hostMountFlags('/no/such/path')).toThrow();
  });
});
