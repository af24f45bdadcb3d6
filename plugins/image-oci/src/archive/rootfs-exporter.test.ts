import 'reflect-metadata';

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ImageRecord } from '@skiff/contracts';

import { OciImageProvider } from '../oci-image-provider.js';
import { isMounted } from '../rootfs/mount-table.js';
import { storeLayeredImage } from '../testing/layered-image.js';
import { destroyScratchStore, makeScratchStore } from '../testing/scratch-store.js';
import type { ScratchStore } from '../testing/scratch-store.js';
import { gzip, rawTar, zstd } from '../testing/tar-fixtures.js';
import { whiteoutLayers } from '../testing/whiteout-fixture.js';

const execFileAsync = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const hasOverlay = readFileSync('/proc/filesystems', 'utf8').includes('\toverlay\n');

// Layers with owners and whiteout devices can only be stored by root.
describe.skipIf(!isRoot)('exportRootfs', () => {
  let store: ScratchStore;
  let image: ImageRecord;

  beforeEach(async () => {
    store = await makeScratchStore();
    const victim = join(store.base, 'victim');
    await writeFile(victim, 'untouched');
    const tars = whiteoutLayers(victim).map((entries) => rawTar(entries));
    image = await storeLayeredImage(store.env.root, [gzip(tars[0]!), zstd(tars[1]!), tars[2]!]);
  });

  afterEach(async () => {
    await destroyScratchStore(store);
  });

  async function exportContainer(driver: 'overlay' | 'vfs') {
    const provider = new OciImageProvider({ ...store.env, storageDriver: driver });
    const options = { containerId: `export-${driver}`, layers: image.layers.map((l) => l.diffId) };
    const { path } = await provider.mountRootfs(options);
    await writeFile(join(path, 'made-in-container'), 'hello');
    await provider.unmountRootfs(options.containerId);

    const file = join(store.base, `${driver}.tar`);
    const output = createWriteStream(file);
    await provider.exportRootfs({ ...options, output });
    output.end();
    await finished(output);

    const { stdout } = await execFileAsync('tar', ['-tvf', file]);
    const lines = stdout.split('\n').filter((line) => line !== '');
    return { lines, names: lines.map((line) => line.split(' ').pop()!), path };
  }

  async function expectPodmanLikeExport(driver: 'overlay' | 'vfs') {
    const { lines, names, path } = await exportContainer(driver);

    const wanted = ['a/keep', 'b/new2', 'c/y', 'made-in-container'];
    expect(names).toEqual(expect.arrayContaining(wanted));
    expect(names).not.toContain('a/gone');
    expect(names.filter((name) => name.startsWith('./') || name.includes('.wh.'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('c'))).toEqual([]);
    expect(await isMounted(path)).toBe(false);
  }

  it.skipIf(!hasOverlay)('writes the merged overlay file system as podman export does', () =>
    expectPodmanLikeExport('overlay'),
  );

  it('writes the vfs copy as podman export does', () => expectPodmanLikeExport('vfs'));
});
