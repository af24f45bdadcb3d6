import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { isMounted } from './mount-table.js';

describe('isMounted', () => {
  it('recognises a mount point', async () => {
    expect(await isMounted('/proc')).toBe(true);
  });

  it('says no for a plain directory and for a missing path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-mount-table-'));
    try {
      expect(await isMounted(dir)).toBe(false);
      expect(await isMounted(join(dir, 'missing'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
