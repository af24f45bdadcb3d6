import 'reflect-metadata';

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { lstat, mkdir, readFile, readdir, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SkiffError } from '@skiff/contracts';
import type { ImportReport } from '@skiff/contracts';

import { OciImageProvider } from './oci-image-provider.js';
import { goArch } from './image/go-arch.js';
import {
  destroyScratchStore,
  makeScratchStore,
  mountsUnder,
  streamOf,
} from './testing/scratch-store.js';
import type { ScratchStore } from './testing/scratch-store.js';
import { gzip, makeRootfs, ODD_MTIME, tarDirectory } from './testing/tar-fixtures.js';

const execFileAsync = promisify(execFile);

const isRoot = process.getuid?.() === 0;
const hasOverlay = readFileSync('/proc/filesystems', 'utf8').includes('\toverlay\n');

/** ImportedImage is a scratch store with one image imported from the busybox fixture. */
interface ImportedImage {
  store: ScratchStore;
  provider: OciImageProvider;
  tar: Buffer;
  report: ImportReport;
}

async function importFixture(storageDriver?: string): Promise<ImportedImage> {
  const store = await makeScratchStore(storageDriver);
  const source = join(store.base, 'source');
  await mkdir(source);
  await makeRootfs(source);
  const tar = await tarDirectory(source);

  const provider = new OciImageProvider(store.env);
  const report = await provider.importRootfs({ source: streamOf(tar) });
  return { store, provider, tar, report };
}

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// Fixtures give files other owners, which only root can do.
describe.skipIf(!isRoot)('OciImageProvider (as root)', () => {
  let image: ImportedImage;

  afterEach(async () => {
    if (image) await destroyScratchStore(image.store);
  });

  describe('importRootfs', () => {
    beforeEach(async () => {
      image = await importFixture();
    });

    it('names the layer by the sha256 of the uncompressed tarball', () => {
      const { report, tar } = image;
      const diffId = `sha256:${sha256(tar)}`;
      const mediaType = 'application/vnd.oci.image.layer.v1.tar';
      expect(report.layers).toEqual([{ diffId, size: tar.length, digest: diffId, mediaType }]);
      expect(report.config.rootfs).toEqual({ type: 'layers', diff_ids: [`sha256:${sha256(tar)}`] });
    });

    it('stores the config and manifest as blobs named by their digests', async () => {
      const { report, store } = image;
      const blobs = join(store.env.root, 'blobs/sha256');
      const configBytes = await readFile(join(blobs, report.id));
      const manifestHex = report.digest.slice('sha256:'.length);
      const manifest = JSON.parse(await readFile(join(blobs, manifestHex), 'utf8'));

      expect(sha256(configBytes)).toBe(report.id);
      expect(JSON.parse(configBytes.toString())).toEqual(report.config);
      expect(sha256(await readFile(join(blobs, manifestHex)))).toBe(manifestHex);
      expect(report.size).toBe(image.tar.length + configBytes.length);
      expect(manifest).toEqual({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: `sha256:${report.id}`,
          size: configBytes.length,
        },
        layers: [
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar',
            digest: report.layers[0]?.diffId,
            size: image.tar.length,
          },
        ],
      });
    });

    it('writes an OCI configuration for this machine', () => {
      const { config } = image.report;
      expect(config.architecture).toBe(goArch());
      expect(config.os).toBe('linux');
      expect(config.config).toEqual({});
      expect(config.history).toEqual([
        { created: config.created, created_by: 'imported from tarball' },
      ]);
      expect(Date.parse(config.created ?? '')).not.toBeNaN();
    });

    it('keeps owners, modes, times, links and set-id bits', async () => {
      const diff = join(
        image.store.env.root,
        'layers',
        image.report.layers[0]!.diffId.slice(7),
        'diff',
      );
      const mode = async (path: string) => (await lstat(join(diff, path))).mode & 0o7777;
      const owner = async (path: string) => {
        const stats = await lstat(join(diff, path));
        return [stats.uid, stats.gid];
      };

      expect(await mode('.')).toBe(0o755);
      expect(await mode('bin/suid')).toBe(0o4755);
      expect(await mode('bin/sgid')).toBe(0o2755);
      expect(await owner('bin/sgid')).toEqual([0, 42]);
      expect(await mode('etc/secret')).toBe(0o600);
      expect(await owner('etc/secret')).toEqual([1234, 5678]);
      expect(await mode('etc/group-writable')).toBe(0o664);
      expect(await mode('home/user')).toBe(0o700);
      expect(await owner('home/user')).toEqual([1000, 1000]);
      expect(await mode('readonly')).toBe(0o555);
      expect(await mode('tmp')).toBe(0o1777);
      expect((await lstat(join(diff, 'etc/secret'))).mtime).toEqual(ODD_MTIME);
      expect((await lstat(join(diff, 'etc'))).mtime).toEqual(ODD_MTIME);
      expect(await readlink(join(diff, 'bin/sh'))).toBe('/bin/busybox');
      expect(await readlink(join(diff, 'bin/ls'))).toBe('busybox');
      expect((await stat(join(diff, 'sbin/busybox-hardlink'))).ino).toBe(
        (await stat(join(diff, 'bin/busybox'))).ino,
      );
      expect(sha256(await readFile(join(diff, 'bin/busybox')))).toBe(
        sha256(await readFile('/bin/busybox')),
      );
    });

    it('reuses the layer when the same tarball is imported again, gzip or not', async () => {
      const { provider, report, tar, store } = image;
      const again = await provider.importRootfs({
        source: streamOf(gzip(tar)),
        config: { Cmd: ['/bin/sh'], Env: ['PATH=/bin'] },
        message: 'second import',
      });

      expect(again.layers).toEqual(report.layers);
      expect(again.id).not.toBe(report.id);
      expect(again.config.config).toEqual({ Cmd: ['/bin/sh'], Env: ['PATH=/bin'] });
      expect(again.config.history?.[0]?.comment).toBe('second import');
      expect(await readdir(join(store.env.root, 'layers'))).toEqual([
        report.layers[0]!.diffId.slice(7),
      ]);
    });

    it('wraps a refused archive with the step that failed', async () => {
      const error = await image.provider
        .importRootfs({ source: streamOf(Buffer.from('garbage'.repeat(200))) })
        .catch((thrown: unknown) => thrown);

      expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
      expect(SkiffError.chain(error)[0]).toBe('importing root file system tarball');
    });
  });

  describe.skipIf(!hasOverlay)('overlay (needs overlay in /proc/filesystems)', () => {
    beforeEach(async () => {
      image = await importFixture('overlay');
    });

    it('mounts the layer and sends writes to the upper directory', async () => {
      const { provider, report, store } = image;
      const layers = report.layers.map((layer) => layer.diffId);
      const container = join(store.env.root, 'containers/c1');

      const mounted = await provider.mountRootfs({ containerId: 'c1', layers });
      expect(mounted).toEqual({ driver: 'overlay', path: join(container, 'merged') });
      expect(await readFile(join(mounted.path, 'etc/hostname'), 'utf8')).toBe('skiff\n');

      await writeFile(join(mounted.path, 'etc/hostname'), 'changed\n');
      expect(await readFile(join(container, 'upper/etc/hostname'), 'utf8')).toBe('changed\n');
      const diff = join(store.env.root, 'layers', layers[0]!.slice(7), 'diff');
      expect(await readFile(join(diff, 'etc/hostname'), 'utf8')).toBe('skiff\n');
    });

    it('runs busybox from the mounted file system', async () => {
      const layers = image.report.layers.map((layer) => layer.diffId);
      const { path } = await image.provider.mountRootfs({ containerId: 'c1', layers });

      const { stdout } = await execFileAsync('chroot', [path, '/bin/sh', '-c', 'echo hello']);
      expect(stdout).toBe('hello\n');
    });

    it('returns the existing mount, and mounts again after an unmount', async () => {
      const { provider, store, report } = image;
      const options = { containerId: 'c1', layers: report.layers.map((layer) => layer.diffId) };

      const first = await provider.mountRootfs(options);
      expect(await provider.mountRootfs(options)).toEqual(first);
      expect(await mountsUnder(store.base)).toEqual([first.path]);

      await provider.unmountRootfs('c1');
      await provider.unmountRootfs('c1');
      expect(await mountsUnder(store.base)).toEqual([]);

      await writeFile(join(store.env.root, 'containers/c1/upper/kept'), 'x');
      const again = await provider.mountRootfs(options);
      expect(again).toEqual(first);
      expect(await readFile(join(again.path, 'kept'), 'utf8')).toBe('x');
    });

    it('removes a mounted container file system completely', async () => {
      const { provider, store, report } = image;
      const layers = report.layers.map((layer) => layer.diffId);
      await provider.mountRootfs({ containerId: 'c1', layers });

      await provider.removeRootfs('c1');

      expect(await mountsUnder(store.base)).toEqual([]);
      expect(await readdir(join(store.env.root, 'containers'))).toEqual([]);
      await provider.removeRootfs('c1');
    });

    it('fails clearly when a layer is missing', async () => {
      const error = await image.provider
        .mountRootfs({ containerId: 'c1', layers: [`sha256:${'1'.repeat(64)}`] })
        .catch((thrown: unknown) => thrown);

      expect(SkiffError.codeOf(error)).toBe('Storage');
      expect(SkiffError.chain(error).join(': ')).toContain('is not in the store');
    });
  });

  describe('vfs', () => {
    beforeEach(async () => {
      image = await importFixture('vfs');
    });

    it('copies the layer, keeping owners and modes, once', async () => {
      const { provider, report, store } = image;
      const options = { containerId: 'c2', layers: report.layers.map((layer) => layer.diffId) };

      const copy = await provider.mountRootfs(options);
      expect(copy).toEqual({ driver: 'vfs', path: join(store.env.root, 'containers/c2/rootfs') });

      const secret = await lstat(join(copy.path, 'etc/secret'));
      expect([secret.uid, secret.gid, secret.mode & 0o7777]).toEqual([1234, 5678, 0o600]);
      expect((await lstat(join(copy.path, 'bin/sgid'))).mode & 0o7777).toBe(0o2755);
      expect((await lstat(join(copy.path, 'readonly'))).mode & 0o7777).toBe(0o555);
      expect((await lstat(copy.path)).mode & 0o7777).toBe(0o755);
      expect(await readlink(join(copy.path, 'bin/sh'))).toBe('/bin/busybox');

      await writeFile(join(copy.path, 'marker'), '');
      expect(await provider.mountRootfs(options)).toEqual(copy);
      expect(await stat(join(copy.path, 'marker'))).toBeTruthy();
    });

    it('keeps the driver a container started with when the configuration changes', async () => {
      const { report, store } = image;
      const layers = report.layers.map((layer) => layer.diffId);
      await image.provider.mountRootfs({ containerId: 'c2', layers });

      const switched = new OciImageProvider({ ...store.env, storageDriver: 'overlay' });
      expect((await switched.mountRootfs({ containerId: 'c2', layers })).driver).toBe('vfs');
    });

    it('removes the copy', async () => {
      const { provider, report, store } = image;
      await provider.mountRootfs({ containerId: 'c2', layers: report.layers.map((l) => l.diffId) });

      await provider.unmountRootfs('c2');
      await provider.removeRootfs('c2');

      expect(await readdir(join(store.env.root, 'containers'))).toEqual([]);
    });
  });

  describe('driver choice', () => {
    beforeEach(async () => {
      image = await importFixture();
    });

    it('refuses a storage driver it does not implement', async () => {
      const provider = new OciImageProvider({ ...image.store.env, storageDriver: 'btrfs' });
      const error = await provider
        .mountRootfs({ containerId: 'c3', layers: [] })
        .catch((thrown: unknown) => thrown);

      expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
      expect(SkiffError.chain(error).join(': ')).toContain('unsupported storage driver "btrfs"');
    });

    it('refuses a container id that is not a plain name', async () => {
      const error = await image.provider
        .removeRootfs('../../etc')
        .catch((thrown: unknown) => thrown);
      expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    });

    it('probes overlay once per store and remembers the answer', async () => {
      const { provider, report, store } = image;
      const layers = report.layers.map((layer) => layer.diffId);
      const probeFile = join(store.env.root, 'overlay-probe');

      const first = await provider.mountRootfs({ containerId: 'c4', layers });
      const remembered = (await readFile(probeFile, 'utf8')).trim();
      expect(first.driver).toBe(remembered);
      expect(remembered).toBe(hasOverlay ? 'overlay' : 'vfs');
      expect((await readdir(store.env.root)).filter((name) => name.startsWith('.'))).toEqual([]);

      // A remembered answer is trusted without probing again.
      await writeFile(probeFile, 'vfs\n');
      const second = await provider.mountRootfs({ containerId: 'c5', layers });
      expect(second.driver).toBe('vfs');
    });
  });

  describe('removeLayers', () => {
    beforeEach(async () => {
      image = await importFixture('vfs');
    });

    it('deletes the layer directories', async () => {
      const { provider, report, store } = image;
      await provider.removeLayers(report.layers.map((layer) => layer.diffId));
      expect(await readdir(join(store.env.root, 'layers'))).toEqual([]);
    });
  });
});
