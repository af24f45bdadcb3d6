import 'reflect-metadata';

import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { HostFacts } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MemoryLabelReservations } from '@skiff/contracts/testing';
import { SelinuxLabelProvider } from './selinux-label-provider.js';

const LABEL = 'system_u:object_r:container_file_t:s0:c1,c2';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-file-label-'));
});

afterEach(() => rm(dir, { recursive: true, force: true }));

describe('SelinuxLabelProvider.fileLabel', () => {
  const provider = new SelinuxLabelProvider(new MemoryLabelReservations(), {
    selinuxEnabled: false,
  } as HostFacts);

  it.skipIf(process.getuid?.() !== 0)(
    'reads the label a path carries, empty when none',
    async () => {
      const file = join(dir, 'f');
      await writeFile(file, '');
      expect(await provider.fileLabel(file)).toBe('');

      spawnSync('setfattr', ['-h', '-n', 'security.selinux', '-v', LABEL, file]);
      expect(await provider.fileLabel(file)).toBe(LABEL);
    },
  );
});
