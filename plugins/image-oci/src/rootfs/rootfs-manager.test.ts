import 'reflect-metadata';

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { lstat, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { LayerReport } from '@skiff/contracts';

import { OciImageProvider } from '../oci-image-provider.js';
import { LayerStore } from '../storage/layer-store.js';
import { StoreLayout } from '../storage/store-layout.js';
import { destroyScratchStore, makeScratchStore, streamOf } from '../testing/scratch-store.js';
import type { ScratchStore } from '../testing/scratch-store.js';
import { gzip, rawTar, zstd } from '../testing/tar-fixtures.js';
import { whiteoutLayers } from '../testing/whiteout-fixture.js';

const execFileAsync = promisify(execFile);

const isRoot = process.getuid?.() === 0;
const hasOverlay = readFileSync('/proc/filesystems', 'utf8').includes('\toverlay\n');

// Whiteouts are device nodes and trusted.* attributes, which only root can make.
describe.skipIf(!isRoot)('container file systems over layers with whiteouts', () => {
  let store: ScratchStore;
  let layers: LayerStore;
  let victim: string;
  let diffIds: string[];

  beforeEach(async () => {
    store = await makeScratchStore();
    layers = new LayerStore(new StoreLayout(store.env.root));
    victim = join(store.base, 'victim');
    await writeFile(victim, 'untouched');

    const blobs = [gzip, zstd, (tar: Buffer) => tar];
    const reports: LayerReport[] = [];
    for (const [index, entries] of whiteoutLayers(victim).entries()) {
      const blob = blobs[index]!(rawTar(entries));
      reports.push(await layers.create(streamOf(blob), { preserveOwner: true, keepBlob: true }));
    }
    diffIds = reports.map((layer) => layer.diffId);
  });

  afterEach(async () => {
    await destroyScratchStore(store);
  });

  it('records the whiteouts of a layer and writes them in overlay form', async () => {
    const middle = await layers.get(diffIds[1]!);
    expect(middle?.whiteouts).toEqual({ files: ['a/gone', 'top'], opaque: ['b', 'c'] });

    const diff = layers.diffPath(diffIds[1]!);
    const gone = await lstat(join(diff, 'a/gone'));
    expect(gone.isCharacterDevice()).toBe(true);
    expect(gone.rdev).toBe(0);
    const { stdout } = await execFileAsync('getfattr', [
      '--only-values',
      '-n',
      'trusted.overlay.opaque',
      join(diff, 'b'),
    ]);
    expect(stdout).toBe('y');
  });

  async function expectMergedView(driver: 'overlay' | 'vfs') {
    const provider = new OciImageProvider({ ...store.env, storageDriver: driver });
    const rootfs = await provider.mountRootfs({ containerId: `c-${driver}`, layers: diffIds });
    const { path } = rootfs;

    try {
      expect(rootfs.driver).toBe(driver);
      expect((await readdir(path)).sort()).toEqual(['a', 'b', 'c', 'passwd', 'top']);
      expect(await readdir(join(path, 'a'))).toEqual(['keep']);
      expect((await readdir(join(path, 'b'))).sort()).toEqual(['new', 'new2']);
      expect(await readdir(join(path, 'c'))).toEqual(['y']);
      expect(await readFile(join(path, 'top'), 'utf8')).toBe('back');
      expect((await lstat(join(path, 'passwd'))).isFile()).toBe(true);
      expect(await readFile(victim, 'utf8')).toBe('untouched');
    } finally {
      await provider.removeRootfs(`c-${driver}`);
    }
  }

  it.skipIf(!hasOverlay)('shows the right files with overlay (needs overlay in the kernel)', () =>
    expectMergedView('overlay'),
  );

  it('shows the right files with vfs', () => expectMergedView('vfs'));

  it('copies no whiteout devices or opaque marks into a vfs copy', async () => {
    const provider = new OciImageProvider({ ...store.env, storageDriver: 'vfs' });
    const { path } = await provider.mountRootfs({ containerId: 'marks', layers: diffIds });

    const { stdout } = await execFileAsync('find', [path, '-type', 'c']);
    expect(stdout).toBe('');
    const xattrs = await execFileAsync('getfattr', ['-R', '-h', '-m', 'trusted', path]);
    expect(xattrs.stdout).toBe('');
  });
});
