import 'reflect-metadata';

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { lstat, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SkiffError } from '@skiff/contracts';
import type { EngineEnvironment, IdMappings } from '@skiff/contracts';

import { OciImageProvider } from '../oci-image-provider.js';
import { LayerStore } from '../storage/layer-store.js';
import { StoreLayout } from '../storage/store-layout.js';
import { destroyScratchStore, makeScratchStore, streamOf } from '../testing/scratch-store.js';
import type { ScratchStore } from '../testing/scratch-store.js';
import { rawTar } from '../testing/tar-fixtures.js';
import { whiteoutLayers } from '../testing/whiteout-fixture.js';
import { mountAt } from './mount-table.js';
import { probeFuseOverlay, probeKernelOverlay } from './overlay-probe.js';

const execFileAsync = promisify(execFile);

const isRoot = process.getuid?.() === 0;
const hasOverlay = readFileSync('/proc/filesystems', 'utf8').includes('\toverlay\n');
const FUSE_OVERLAYFS = '/usr/bin/fuse-overlayfs';
// Root may open /dev/fuse; the test needs the program and the device.
const hasFuse = existsSync(FUSE_OVERLAYFS) && existsSync('/dev/fuse');

// Container ids 0-65535 at 100000-165535, as a user namespace of --uidmap 0:100000:65536.
const RANGE = [{ containerID: 0, hostID: 100000, size: 65536 }];
const MAPPED: IdMappings = { uidMappings: RANGE, gidMappings: RANGE };

async function owner(path: string): Promise<string> {
  const stats = await lstat(path);
  return `${stats.uid}:${stats.gid}`;
}

async function xattrs(dir: string): Promise<string> {
  const { stdout } = await execFileAsync('getfattr', ['-R', '-h', '-d', '-m', '.', dir]);
  return stdout;
}

// Device nodes, other owners and trusted.* attributes take root.
describe.skipIf(!isRoot)('root file systems of stores and containers', () => {
  let store: ScratchStore;
  let diffIds: string[];

  async function storeLayers(rootless: boolean) {
    const layers = new LayerStore(new StoreLayout(store.env.root, rootless));
    const [base, ...rest] = whiteoutLayers(join(store.base, 'victim'));
    const owned = [...base!, { path: 'home/', type: 'Directory' as const }];
    owned.push({ path: 'home/user/', type: 'Directory', uid: 1000, gid: 1000 });
    owned.push({ path: 'home/user/tool', body: '#!', mode: 0o4755, uid: 1000, gid: 1000 });
    diffIds = [];
    for (const entries of [owned, ...rest]) {
      const report = await layers.create(streamOf(rawTar(entries)), { preserveOwner: true });
      diffIds.push(report.diffId);
    }
    return layers;
  }

  function provider(env: Partial<EngineEnvironment>) {
    return new OciImageProvider({ ...store.env, ...env });
  }

  beforeEach(async () => {
    store = await makeScratchStore();
    await writeFile(join(store.base, 'victim'), 'untouched');
  });

  afterEach(async () => {
    await destroyScratchStore(store);
  });

  it('marks opaque directories with user.overlay.opaque in a rootless store', async () => {
    const layers = await storeLayers(true);

    const dump = await xattrs(layers.diffPath(diffIds[1]!));

    expect(dump).toContain('user.overlay.opaque="y"');
    expect(dump).not.toContain('trusted.overlay');
  });

  it.skipIf(!hasOverlay)(
    'mounts a rootless store with userxattr, honouring its marks',
    async () => {
      await storeLayers(true);
      const rootless = provider({ rootless: true, storageDriver: 'overlay' });

      const { path } = await rootless.mountRootfs({ containerId: 'rl', layers: diffIds });

      expect((await mountAt(path))?.superOptions).toMatch(/,userxattr(,|$)/);
      expect((await readdir(join(path, 'b'))).sort()).toEqual(['new', 'new2']);
      expect(await readdir(join(path, 'a'))).toEqual(['keep']);
      await rootless.removeRootfs('rl');
    },
  );

  it.skipIf(!hasFuse)('mounts through fuse-overlayfs and unmounts with fusermount', async () => {
    await storeLayers(true);
    const fuse = provider({ rootless: true, overlayMountProgram: FUSE_OVERLAYFS });

    const mounted = await fuse.mountRootfs({ containerId: 'f', layers: diffIds, volatile: true });

    expect(mounted.driver).toBe('overlay');
    expect((await mountAt(mounted.path))?.fsType).toBe('fuse.fuse-overlayfs');
    expect((await readdir(join(mounted.path, 'b'))).sort()).toEqual(['new', 'new2']);
    expect(await readFile(join(mounted.path, 'top'), 'utf8')).toBe('back');
    await fuse.unmountRootfs('f');
    expect(await mountAt(mounted.path)).toBeUndefined();
    await fuse.removeRootfs('f');
  });

  it.skipIf(!hasOverlay)('mounts a root store without userxattr', async () => {
    await storeLayers(false);
    const root = provider({ storageDriver: 'overlay' });

    const { path } = await root.mountRootfs({ containerId: 'r', layers: diffIds });

    expect((await mountAt(path))?.superOptions).not.toContain('userxattr');
    await root.removeRootfs('r');
  });

  it.skipIf(!hasOverlay)('gives an id-mapped overlay one shared, shifted lower', async () => {
    await storeLayers(false);
    const root = provider({ storageDriver: 'overlay' });

    const one = await root.mountRootfs({ containerId: 'm1', layers: diffIds, idMappings: MAPPED });
    const two = await root.mountRootfs({ containerId: 'm2', layers: diffIds, idMappings: MAPPED });

    const lowers = [one.path, two.path].map(async (path) => (await mountAt(path))?.superOptions);
    const [first, second] = await Promise.all(lowers);
    const lower = /lowerdir=([^,]+)/.exec(first ?? '')?.[1] ?? '';
    expect(lower).toMatch(/\/idmapped\/[0-9a-f]{64}\/diff$/);
    expect(second).toContain(`lowerdir=${lower},`);

    expect(await owner(one.path)).toBe('100000:100000');
    expect(await owner(join(one.path, 'home/user'))).toBe('101000:101000');
    expect((await lstat(join(one.path, 'home/user/tool'))).mode & 0o7777).toBe(0o4755);
    expect((await readdir(join(one.path, 'b'))).sort()).toEqual(['new', 'new2']);
    expect(await readFile(join(one.path, 'top'), 'utf8')).toBe('back');
    expect(await readFile(join(store.base, 'victim'), 'utf8')).toBe('untouched');
  });

  it.skipIf(!hasOverlay)('keeps the shifted copy until its layers are removed', async () => {
    await storeLayers(false);
    const root = provider({ storageDriver: 'overlay' });
    const idmapped = join(store.env.root, 'idmapped');
    await root.mountRootfs({ containerId: 'k', layers: diffIds, idMappings: MAPPED });

    await root.removeRootfs('k');
    expect(await readdir(idmapped)).toHaveLength(1);

    await root.removeLayers([diffIds[2]!]);
    expect(await readdir(idmapped)).toEqual([]);
  });

  it('shifts the owners of a vfs copy', async () => {
    await storeLayers(false);
    const root = provider({ storageDriver: 'vfs' });

    const { path } = await root.mountRootfs({
      containerId: 'v',
      layers: diffIds,
      idMappings: MAPPED,
    });

    expect(await owner(path)).toBe('100000:100000');
    expect(await owner(join(path, 'home/user/tool'))).toBe('101000:101000');
    expect((await lstat(join(path, 'home/user/tool'))).mode & 0o7777).toBe(0o4755);
    expect(await readdir(join(store.env.root, 'idmapped')).catch(() => [])).toEqual([]);
  });

  it('leaves owners as stored without id mappings', async () => {
    await storeLayers(false);
    const root = provider({ storageDriver: 'vfs' });

    const { path } = await root.mountRootfs({ containerId: 'plain', layers: diffIds });

    expect(await owner(path)).toBe('0:0');
    expect(await owner(join(path, 'home/user'))).toBe('1000:1000');
  });

  it('refuses to map a container whose image owns a file by an id no range covers', async () => {
    await storeLayers(false);
    const root = provider({ storageDriver: 'vfs' });
    const narrow = [{ containerID: 0, hostID: 100000, size: 1000 }];
    const idMappings = { uidMappings: narrow, gidMappings: narrow };

    const failure = await root
      .mountRootfs({ containerId: 'n', layers: diffIds, idMappings })
      .catch((error: unknown) => error);

    expect(SkiffError.chain(failure).join(': ')).toBe(
      'mounting root file system of container n: ' +
        "cannot map the owner of /home/user into the container's user namespace: " +
        'no uid mapping covers uid 1000',
    );
    expect(await readdir(join(store.env.root, 'containers/n'))).toEqual(['driver']);
  });
});

describe.skipIf(!isRoot)('overlay probes (as root)', () => {
  let store: ScratchStore;

  beforeEach(async () => {
    store = await makeScratchStore();
    await mkdir(store.env.root);
  });

  afterEach(async () => {
    await destroyScratchStore(store);
  });

  it.skipIf(!hasOverlay)('find the kernel overlay, with and without userxattr', async () => {
    expect(await probeKernelOverlay(store.env.root, false)).toBe(true);
    expect(await probeKernelOverlay(store.env.root, true)).toBe(true);
    expect(await readdir(store.env.root)).toEqual([]);
  });

  it.skipIf(!hasFuse)(
    'find fuse-overlayfs working, and a program that is not it failing',
    async () => {
      expect(await probeFuseOverlay(store.env.root, FUSE_OVERLAYFS)).toBe(true);
      expect(await probeFuseOverlay(store.env.root, '/bin/false')).toBe(false);
      expect(await readdir(store.env.root)).toEqual([]);
    },
  );
});

describe('the storage driver a provider reports', () => {
  let store: ScratchStore;

  beforeEach(async () => {
    store = await makeScratchStore();
  });

  afterEach(async () => {
    await destroyScratchStore(store);
  });

  it('is the configured one, with its mount program', async () => {
    const vfs = new OciImageProvider({ ...store.env, storageDriver: 'vfs' });
    const fuse = new OciImageProvider({ ...store.env, overlayMountProgram: '/opt/fuse' });

    expect(await vfs.storageDriver()).toEqual({ name: 'vfs' });
    expect(await fuse.storageDriver()).toEqual({ name: 'overlay', mountProgram: '/opt/fuse' });
  });

  it('is probed once and then read from the store', async () => {
    const provider = new OciImageProvider(store.env);

    const first = await provider.storageDriver();
    await writeFile(join(store.env.root, 'overlay-probe'), 'vfs\n');

    expect(first.name).toBe(isRoot && hasOverlay ? 'overlay' : 'vfs');
    expect(await provider.storageDriver()).toEqual({ name: 'vfs' });
  });
});
