import { describe, expect, it } from 'vitest';

import { formatDriverFile, parseDriverFile } from './driver-file.js';

describe('driver files', () => {
  it('read the files written before mount programs, one driver name a line', () => {
    expect(parseDriverFile('overlay\n')).toEqual({ driver: 'overlay' });
    expect(parseDriverFile('vfs\n')).toEqual({ driver: 'vfs' });
  });

  it('round-trip an overlay mounted through fuse-overlayfs', () => {
    const choice = { driver: 'overlay' as const, mountProgram: '/usr/bin/fuse-overlayfs' };

    const text = formatDriverFile(choice);

    expect(text).toBe('overlay\nmount_program=/usr/bin/fuse-overlayfs\n');
    expect(parseDriverFile(text)).toEqual(choice);
  });

  it('ignore a mount program for vfs, and an unknown driver or empty file', () => {
    expect(parseDriverFile('vfs\nmount_program=/x\n')).toEqual({ driver: 'vfs' });
    expect(parseDriverFile('btrfs\n')).toBeUndefined();
    expect(parseDriverFile('')).toBeUndefined();
  });
});
