import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { InvalidArgument } from '@skiff/contracts';
import type { EngineEnvironment } from '@skiff/contracts';

import { StoreLayout } from '../storage/store-layout.js';
import { DriverSelector } from './driver-selector.js';
import type { DriverProbes } from './driver-selector.js';

const FUSE = '/usr/bin/fuse-overlayfs';

/** Probes with fixed answers, recording what was asked. */
function probes(
  answers: Partial<Record<'kernel' | 'fuse' | 'owns', boolean>> & { program?: string },
) {
  const asked: string[] = [];
  const fake: DriverProbes = {
    kernelOverlay: async (_root, userxattr) => {
      asked.push(userxattr ? 'kernel+userxattr' : 'kernel');
      return answers.kernel ?? false;
    },
    findFuseOverlay: async () => {
      asked.push('find');
      return 'program' in answers ? answers.program : FUSE;
    },
    fuseOverlay: async (_root, program) => {
      asked.push(`fuse ${program}`);
      return answers.fuse ?? false;
    },
    ownsFiles: () => answers.owns ?? true,
  };
  return { fake, asked };
}

describe('DriverSelector', () => {
  let base: string;
  let layout: StoreLayout;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'skiff-driver-selector-'));
    layout = new StoreLayout(join(base, 'root'));
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  function selector(env: Partial<EngineEnvironment>, fake: DriverProbes) {
    const full: EngineEnvironment = {
      root: layout.root,
      runroot: join(base, 'run'),
      rootless: false,
      ociRuntime: { name: 'runc', paths: [] },
      conmonPaths: [],
      ...env,
    };
    return new DriverSelector(layout, full, fake);
  }

  it('chooses the kernel overlay for a root store, probing without userxattr', async () => {
    const { fake, asked } = probes({ kernel: true });

    expect(await selector({}, fake).select()).toEqual({ driver: 'overlay' });
    expect(asked).toEqual(['kernel']);
  });

  it('falls back to vfs for a root store without overlay, never trying FUSE', async () => {
    const { fake, asked } = probes({ kernel: false, fuse: true });

    expect(await selector({}, fake).select()).toEqual({ driver: 'vfs' });
    expect(asked).toEqual(['kernel']);
  });

  it('chooses the kernel overlay with userxattr for a rootless store where it mounts', async () => {
    const { fake, asked } = probes({ kernel: true, fuse: true });

    expect(await selector({ rootless: true }, fake).select()).toEqual({ driver: 'overlay' });
    expect(asked).toEqual(['kernel+userxattr']);
  });

  it('chooses fuse-overlayfs for a rootless store when only it mounts', async () => {
    const { fake, asked } = probes({ kernel: false, fuse: true });

    const choice = await selector({ rootless: true }, fake).select();

    expect(choice).toEqual({ driver: 'overlay', mountProgram: FUSE });
    expect(asked).toEqual(['kernel+userxattr', 'find', `fuse ${FUSE}`]);
  });

  it('falls back to vfs for a rootless store when neither mounts', async () => {
    const { fake, asked } = probes({ kernel: false, fuse: false });

    expect(await selector({ rootless: true }, fake).select()).toEqual({ driver: 'vfs' });
    expect(asked).toEqual(['kernel+userxattr', 'find', `fuse ${FUSE}`]);
  });

  it('does not probe FUSE when fuse-overlayfs is not installed', async () => {
    const { fake, asked } = probes({ kernel: false, fuse: true, program: undefined });

    expect(await selector({ rootless: true }, fake).select()).toEqual({ driver: 'vfs' });
    expect(asked).toEqual(['kernel+userxattr', 'find']);
  });

  it('uses vfs without probing outside the user namespace, where owners cannot be kept', async () => {
    const { fake, asked } = probes({ kernel: true, owns: false });

    expect(await selector({ rootless: true }, fake).select()).toEqual({ driver: 'vfs' });
    expect(asked).toEqual([]);
    expect(await readFile(layout.overlayProbe, 'utf8').catch(() => 'none')).toBe('none');
  });

  it('probes once per store and remembers the answer, mount program included', async () => {
    const first = probes({ kernel: false, fuse: true });
    await selector({ rootless: true }, first.fake).select();
    const second = probes({ kernel: true });

    const choice = await selector({ rootless: true }, second.fake).select();

    expect(choice).toEqual({ driver: 'overlay', mountProgram: FUSE });
    expect(second.asked).toEqual([]);
    expect(await readFile(layout.overlayProbe, 'utf8')).toBe(`overlay\nmount_program=${FUSE}\n`);
  });

  it('lets a configured driver win over probing and over what was remembered', async () => {
    await selector({ rootless: true }, probes({ kernel: true }).fake).select();
    const { fake, asked } = probes({ kernel: true });

    expect(await selector({ storageDriver: 'vfs' }, fake).select()).toEqual({ driver: 'vfs' });
    expect(await selector({ storageDriver: 'overlay' }, fake).select()).toEqual({
      driver: 'overlay',
    });
    expect(asked).toEqual([]);
  });

  it('sends overlay through a configured mount_program without probing it', async () => {
    const { fake, asked } = probes({ kernel: true, fuse: false });
    const env = { rootless: true, overlayMountProgram: '/opt/fuse-overlayfs' };

    const auto = await selector(env, fake).select();
    const overlay = await selector({ ...env, storageDriver: 'overlay' }, fake).select();
    const vfs = await selector({ ...env, storageDriver: 'vfs' }, fake).select();

    expect(auto).toEqual({ driver: 'overlay', mountProgram: '/opt/fuse-overlayfs' });
    expect(overlay).toEqual(auto);
    expect(vfs).toEqual({ driver: 'vfs' });
    expect(asked).toEqual([]);
  });

  it('refuses a driver it does not implement', async () => {
    const { fake } = probes({});

    await expect(selector({ storageDriver: 'btrfs' }, fake).select()).rejects.toThrow(
      InvalidArgument,
    );
  });
});
