import 'reflect-metadata';

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SkiffError } from '@skiff/contracts';
import type { ArchiveFormat, ImageRecord } from '@skiff/contracts';

import { OciImageProvider } from '../oci-image-provider.js';
import { listTar, saveToFile } from '../testing/archive-files.js';
import { destroyScratchStore, makeScratchStore } from '../testing/scratch-store.js';
import type { ScratchStore } from '../testing/scratch-store.js';
import { storeLayeredImage } from '../testing/layered-image.js';
import { gzip, rawTar, zstd } from '../testing/tar-fixtures.js';
import { MERGED_FILES, whiteoutLayers } from '../testing/whiteout-fixture.js';

const execFileAsync = promisify(execFile);
const isRoot = process.getuid?.() === 0;

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function filesUnder(dir: string): Promise<string[]> {
  const { stdout } = await execFileAsync('find', ['.', '-type', 'f'], { cwd: dir });
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(2))
    .sort();
}

// Layers with owners and whiteout devices can only be stored by root.
describe.skipIf(!isRoot)('save and load', () => {
  let source: ScratchStore;
  let target: ScratchStore;
  let image: ImageRecord;
  let blobs: Buffer[];

  beforeEach(async () => {
    source = await makeScratchStore('vfs');
    target = await makeScratchStore('vfs');
    const victim = join(source.base, 'victim');
    await writeFile(victim, 'untouched');
    const tars = whiteoutLayers(victim).map((entries) => rawTar(entries));
    blobs = [gzip(tars[0]!), zstd(tars[1]!), tars[2]!];
    image = await storeLayeredImage(source.env.root, blobs);
  });

  afterEach(async () => {
    await destroyScratchStore(source);
    await destroyScratchStore(target);
  });

  it.each(['docker-archive', 'oci-archive'] as const)(
    'round-trips a layered image with whiteouts through %s',
    async (format) => {
      const file = join(source.base, 'archive.tar');
      await saveToFile(
        new OciImageProvider(source.env),
        [{ image, names: ['localhost/layered:v1'] }],
        format,
        file,
      );

      const provider = new OciImageProvider(target.env);
      const [loaded, ...rest] = await provider.load({ input: createReadStream(file) });

      expect(rest).toEqual([]);
      expect(loaded?.names).toEqual(['localhost/layered:v1']);
      expect(loaded?.id).toBe(image.id);
      expect(loaded?.layers.map((layer) => layer.diffId)).toEqual(
        image.layers.map((layer) => layer.diffId),
      );
      const rootfs = await provider.mountRootfs({
        containerId: 'loaded',
        layers: loaded!.layers.map((layer) => layer.diffId),
      });
      expect(await filesUnder(rootfs.path)).toEqual(MERGED_FILES);
    },
  );

  it('keeps compressed blobs and the manifest digest through oci-archive', async () => {
    const file = join(source.base, 'archive.tar');
    await saveToFile(
      new OciImageProvider(source.env),
      [{ image, names: ['localhost/x:1'] }],
      'oci-archive',
      file,
    );

    const [loaded] = await new OciImageProvider(target.env).load({ input: createReadStream(file) });

    expect(loaded?.digest).toBe(image.digest);
    expect(loaded?.layers.map((layer) => layer.digest)).toEqual(blobs.map(sha256));
    expect(loaded?.layers.map((layer) => layer.mediaType)).toEqual([
      'application/vnd.oci.image.layer.v1.tar+gzip',
      'application/vnd.oci.image.layer.v1.tar+zstd',
      'application/vnd.oci.image.layer.v1.tar',
    ]);
  });

  it('writes docker-archive layers uncompressed, each hashing to its diff id', async () => {
    const file = join(source.base, 'archive.tar');
    await saveToFile(
      new OciImageProvider(source.env),
      [{ image, names: ['localhost/x:1'] }],
      'docker-archive',
      file,
    );
    const dir = join(source.base, 'unpacked');
    await execFileAsync('mkdir', [dir]);
    await execFileAsync('tar', ['-xf', file, '-C', dir]);

    const [entry] = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(entry.Config).toBe(`${image.id}.json`);
    expect(entry.RepoTags).toEqual(['localhost/x:1']);
    const hashes = await Promise.all(
      entry.Layers.map(async (path: string) => sha256(await readFile(join(dir, path)))),
    );
    expect(hashes).toEqual(image.layers.map((layer) => layer.diffId));
    const repositories = JSON.parse(await readFile(join(dir, 'repositories'), 'utf8'));
    expect(repositories).toEqual({ 'localhost/x': { '1': image.layers[2]!.diffId.slice(7) } });
  });

  it.each(['docker-archive', 'oci-archive'] as const)(
    'writes several images in one %s, a shared layer once',
    async (format) => {
      const extra = rawTar([{ path: 'extra', body: 'only in the second image' }]);
      const second = await storeLayeredImage(source.env.root, [blobs[0]!, gzip(extra)], 'second');
      const file = join(source.base, 'archive.tar');
      const images = [
        { image, names: ['localhost/first:1', 'localhost/first:2'] },
        { image: second, names: ['quay.io/team/second:latest'] },
      ];
      await saveToFile(new OciImageProvider(source.env), images, format, file);

      const entries = await listTar(file);
      const shared = image.layers[0]!;
      const name =
        format === 'docker-archive'
          ? `${shared.diffId.slice(7)}/layer.tar`
          : `blobs/sha256/${shared.digest!.slice(7)}`;
      expect(entries.filter((entry) => entry === name)).toHaveLength(1);

      const loaded = await new OciImageProvider(target.env).load({ input: createReadStream(file) });
      expect(loaded.map((one) => [one.id, one.names])).toEqual([
        [image.id, ['localhost/first:1', 'localhost/first:2']],
        [second.id, ['quay.io/team/second:latest']],
      ]);
      const layerDirs = await readdir(join(target.env.root, 'layers'));
      expect(layerDirs).toHaveLength(4);
    },
  );

  it('refuses an unknown format before writing anything', async () => {
    const file = join(source.base, 'archive.tar');
    const error = await saveToFile(
      new OciImageProvider(source.env),
      [{ image, names: [] }],
      'tar' as ArchiveFormat,
      file,
    ).catch((thrown: unknown) => thrown);

    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    expect(SkiffError.chain(error).join(': ')).toContain('unsupported archive format "tar"');
    expect(await readFile(file)).toHaveLength(0);
  });
});
