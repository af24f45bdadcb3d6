import 'reflect-metadata';

import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SkiffError } from '@skiff/contracts';
import type { ArchiveFormat, ImageRecord } from '@skiff/contracts';

import { OciImageProvider } from '../oci-image-provider.js';
import { LayerStore } from '../storage/layer-store.js';
import { StoreLayout } from '../storage/store-layout.js';
import { saveToFile } from '../testing/archive-files.js';
import { storeLayeredImage } from '../testing/layered-image.js';
import { PodmanStore, hasPodman } from '../testing/podman-store.js';
import { destroyScratchStore, makeScratchStore } from '../testing/scratch-store.js';
import type { ScratchStore } from '../testing/scratch-store.js';
import { gzip, makeRootfs, rawTar, tarDirectory, zstd } from '../testing/tar-fixtures.js';
import { MERGED_FILES, whiteoutLayers } from '../testing/whiteout-fixture.js';

const execFileAsync = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const FORMATS: ArchiveFormat[] = ['docker-archive', 'oci-archive'];

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a failure'),
    (thrown: unknown) => thrown,
  );
}

async function entriesOf(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

async function filesUnder(dir: string): Promise<string[]> {
  const { stdout } = await execFileAsync('find', ['.', '-type', 'f'], { cwd: dir });
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.slice(2))
    .sort();
}

/** rewriteArchive unpacks `file`, lets `change` edit the files, and packs them again. */
async function rewriteArchive(file: string, change: (dir: string) => Promise<void>) {
  const dir = `${file}.d`;
  await mkdir(dir);
  await execFileAsync('tar', ['-xf', file, '-C', dir]);
  await change(dir);
  await execFileAsync('tar', ['-cf', file, '-C', dir, '.']);
}

// Layers with owners and whiteout devices can only be stored by root.
describe.skipIf(!isRoot)('load', () => {
  let source: ScratchStore;
  let target: ScratchStore;
  let image: ImageRecord;
  let archive: string;

  beforeEach(async () => {
    source = await makeScratchStore('vfs');
    target = await makeScratchStore('vfs');
    const victim = join(source.base, 'victim');
    await writeFile(victim, 'untouched');
    const tars = whiteoutLayers(victim).map((entries) => rawTar(entries));
    image = await storeLayeredImage(source.env.root, [gzip(tars[0]!), zstd(tars[1]!), tars[2]!]);
    archive = join(source.base, 'archive.tar');
  });

  afterEach(async () => {
    await destroyScratchStore(source);
    await destroyScratchStore(target);
  });

  async function save(format: ArchiveFormat, names: string[], extra: ImageRecord[] = []) {
    const images = [{ image, names }, ...extra.map((one) => ({ image: one, names: [] }))];
    await saveToFile(new OciImageProvider(source.env), images, format, archive);
  }

  async function load(input: NodeJS.ReadableStream = createReadStream(archive)) {
    return new OciImageProvider(target.env).load({ input });
  }

  async function expectNothingStored() {
    const root = target.env.root;
    expect(await entriesOf(join(root, 'layers'))).toEqual([]);
    expect(await entriesOf(join(root, 'blobs/sha256'))).toEqual([]);
    expect(await entriesOf(join(root, 'tmp'))).toEqual([]);
  }

  describe('refuses input that is not an image archive, storing nothing', () => {
    it.each([
      ['random bytes', Buffer.from(Array.from({ length: 5000 }, (_v, i) => (i * 7919) % 251))],
      ['text', Buffer.from('hello\n')],
      ['nothing', Buffer.alloc(0)],
      ['a tarball of a file system', rawTar([{ path: 'etc/hostname', body: 'x' }])],
    ])('%s', async (_name, bytes) => {
      const error = await failureOf(load(Readable.from([bytes])));

      expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
      const message = SkiffError.chain(error).join(': ');
      expect(message).toContain('payload does not match any of the supported image formats');
      await expectNothingStored();
    });
  });

  it('refuses a docker-archive layer that does not hash to its diff id, storing nothing', async () => {
    const second = await storeLayeredImage(source.env.root, [rawTar([{ path: 'x' }])], 'second');
    await save('docker-archive', ['localhost/first:1'], [second]);
    const broken = `${second.layers[0]!.diffId.slice(7)}/layer.tar`;
    await rewriteArchive(archive, (dir) => appendFile(join(dir, broken), Buffer.alloc(1024)));

    const error = await failureOf(load());

    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    const message = SkiffError.chain(error).join(': ');
    expect(message).toContain(`diff id did not match: expected ${second.layers[0]!.diffId}, got`);
    await expectNothingStored();
  });

  it('refuses an oci-archive blob that does not match its digest, storing nothing', async () => {
    await save('oci-archive', ['localhost/first:1']);
    const blob = `blobs/sha256/${image.layers[2]!.digest!.slice(7)}`;
    await rewriteArchive(archive, (dir) => appendFile(join(dir, blob), Buffer.alloc(1024)));

    const error = await failureOf(load());

    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    const message = SkiffError.chain(error).join(': ');
    expect(message).toContain(`digest did not match: expected ${image.layers[2]!.digest}, got`);
    await expectNothingStored();
  });

  it('keeps layers stored before a load that fails', async () => {
    await save('oci-archive', ['localhost/first:1']);
    await load();
    const before = await entriesOf(join(target.env.root, 'layers'));
    await rewriteArchive(archive, async (dir) => {
      const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
      index.manifests[0].digest = `sha256:${'0'.repeat(64)}`;
      await writeFile(join(dir, 'index.json'), JSON.stringify(index));
    });

    const error = await failureOf(load());

    expect(SkiffError.chain(error).join(': ')).toContain('has no file');
    expect(await entriesOf(join(target.env.root, 'layers'))).toEqual(before);
  });

  it('keeps the blob an oci-archive names for a layer stored from another blob', async () => {
    await save('oci-archive', ['localhost/first:1']);
    const layers = new LayerStore(new StoreLayout(target.env.root));
    const plain = await decompressedTar(image.layers[0]!.digest!);
    await layers.create(Readable.from([plain]), { preserveOwner: true, keepBlob: true });

    const [loaded] = await load();

    expect(loaded?.layers[0]?.digest).toBe(image.layers[0]!.digest);
    expect(await layers.findByDigest(image.layers[0]!.digest!)).toMatchObject({
      diffId: image.layers[0]!.diffId,
    });
  });

  async function decompressedTar(digest: string): Promise<Buffer> {
    const blob = await readFile(new StoreLayout(source.env.root).blobPath(digest));
    return gunzipSync(blob);
  }

  it('names images as Podman does: bare names are local, tags default to latest', async () => {
    await save('docker-archive', ['bb:v1', 'docker.io/library/bb:v2']);
    expect((await load())[0]?.names).toEqual(['localhost/bb:v1', 'docker.io/library/bb:v2']);

    await save('oci-archive', ['v1']);
    expect((await load())[0]?.names).toEqual(['localhost/v1:latest']);
  });

  it('loads a gzip-compressed docker-archive', async () => {
    await save('docker-archive', ['localhost/zipped:1']);
    const zipped = gzip(await readFile(archive));

    const [loaded] = await load(Readable.from([zipped]));
    expect(loaded?.id).toBe(image.id);
  });

  // podman is the reference implementation of both formats.
  describe.skipIf(!hasPodman)(
    hasPodman ? 'with podman' : 'with podman (skipped: podman is not installed)',
    () => {
      let podman: PodmanStore;

      beforeEach(() => {
        podman = new PodmanStore(source.base);
      });

      afterEach(async () => {
        await podman.destroy();
      });

      async function podmanId(name: string): Promise<string> {
        return (await podman.run(['image', 'inspect', '--format', '{{.Id}}', name])).trim();
      }

      it.each(FORMATS)('loads the %s that podman save writes', async (format) => {
        const rootfs = join(source.base, 'rootfs');
        await mkdir(rootfs);
        await makeRootfs(rootfs);
        await writeFile(join(source.base, 'rootfs.tar'), await tarDirectory(rootfs));
        await podman.run(['import', join(source.base, 'rootfs.tar'), 'localhost/bb:v1']);
        await podman.run(['save', '--format', format, '-o', archive, 'localhost/bb:v1']);

        const [loaded] = await load();

        expect(loaded?.names).toEqual(['localhost/bb:v1']);
        expect(loaded?.id).toBe(await podmanId('localhost/bb:v1'));
        const provider = new OciImageProvider(target.env);
        const layers = loaded!.layers.map((layer) => layer.diffId);
        const { path } = await provider.mountRootfs({ containerId: 'bb', layers });
        expect(await readFile(join(path, 'etc/hostname'), 'utf8')).toBe('skiff\n');
      });

      it.each(FORMATS)('writes a %s that podman loads, whiteouts and all', async (format) => {
        await save(format, ['localhost/layered:v1']);

        await podman.run(['load', '-i', archive]);

        expect(await podmanId('localhost/layered:v1')).toBe(image.id);
        // Back through podman's own writer: the layers must still merge to the same files.
        const back = join(source.base, 'back.tar');
        await podman.run(['save', '--format', format, '-o', back, 'localhost/layered:v1']);
        const [loaded] = await load(createReadStream(back));
        const provider = new OciImageProvider(target.env);
        const layers = loaded!.layers.map((layer) => layer.diffId);
        const { path } = await provider.mountRootfs({ containerId: 'back', layers });
        expect(await filesUnder(path)).toEqual(MERGED_FILES);
      });

      it('loads several images from one docker-archive written by Skiff', async () => {
        const second = await storeLayeredImage(source.env.root, [rawTar([{ path: 'y' }])], 'two');
        const images = [
          { image, names: ['localhost/first:1'] },
          { image: second, names: ['localhost/second:1'] },
        ];
        await saveToFile(new OciImageProvider(source.env), images, 'docker-archive', archive);

        await podman.run(['load', '-i', archive]);

        expect(await podmanId('localhost/first:1')).toBe(image.id);
        expect(await podmanId('localhost/second:1')).toBe(second.id);
      });
    },
  );
});
