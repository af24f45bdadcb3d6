import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SkiffError } from '@skiff/contracts';

import { destroyScratchStore, makeScratchStore, streamOf } from '../testing/scratch-store.js';
import type { ScratchStore } from '../testing/scratch-store.js';
import { gzip, rawTar, zstd } from '../testing/tar-fixtures.js';
import type { RawEntry } from '../testing/tar-fixtures.js';
import { LayerStore } from './layer-store.js';
import { StoreLayout } from './store-layout.js';

const OPTIONS = { preserveOwner: process.getuid?.() === 0 };

describe('LayerStore', () => {
  let store: ScratchStore;
  let layout: StoreLayout;
  let layers: LayerStore;
  let outside: string;

  beforeEach(async () => {
    store = await makeScratchStore();
    layout = new StoreLayout(store.env.root);
    layers = new LayerStore(layout);
    outside = join(store.base, 'outside');
    await mkdir(outside);
  });

  afterEach(async () => {
    await destroyScratchStore(store);
  });

  async function create(entries: RawEntry[]) {
    return layers.create(streamOf(rawTar(entries)), OPTIONS);
  }

  async function expectRefused(entries: RawEntry[], detail: string) {
    const error = await create(entries).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    expect(SkiffError.chain(error).join(': ')).toContain(detail);
  }

  async function expectNothingLeft() {
    expect(await readdir(outside)).toEqual([]);
    expect(await readdir(store.base)).toEqual(['outside', 'root']);
    expect(await readdir(store.env.root)).toEqual(['layers']);
    expect(await readdir(layout.layers)).toEqual([]);
  }

  it('names a layer by the sha256 of its uncompressed tar, gzip or not', async () => {
    const tar = rawTar([{ path: 'hello', body: 'world' }]);
    const expected = `sha256:${createHash('sha256').update(tar).digest('hex')}`;

    const plain = await layers.create(streamOf(tar), OPTIONS);
    const zipped = await layers.create(streamOf(gzip(tar)), OPTIONS);

    expect(plain).toEqual({
      diffId: expected,
      size: tar.length,
      digest: expected,
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
    });
    expect(zipped).toMatchObject({ diffId: expected, size: tar.length });
    expect(zipped.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
    expect(await readdir(layout.layers)).toEqual([expected.slice('sha256:'.length)]);
  });

  it('sweeps the temporary directories of dead extractions, never a live one', async () => {
    const deadPid = spawnSync('true').pid;
    const abandoned = join(layout.layers, `.tmp-${deadPid}-killed`);
    const running = join(layout.layers, `.tmp-${process.pid}-running`);
    await mkdir(join(abandoned, 'diff'), { recursive: true });
    await mkdir(join(running, 'diff'), { recursive: true });

    const layer = await create([{ path: 'fresh' }]);

    const left = await readdir(layout.layers);
    expect(left.sort()).toEqual([`.tmp-${process.pid}-running`, layer.diffId.slice(7)].sort());
  });

  it('keeps the stored copy when the same layer arrives again', async () => {
    const entries = [{ path: 'a', body: 'first' }];
    const layer = await create(entries);
    const marker = join(layout.layerDiff(layer.diffId), 'marker');
    await writeFile(marker, '');

    expect(await create(entries)).toEqual(layer);
    expect(await stat(marker)).toBeTruthy();
    expect(await readdir(layout.layers)).toHaveLength(1);
  });

  it('keeps absolute and relative symbolic link targets as written', async () => {
    const layer = await create([
      { path: 'bin/', type: 'Directory' },
      { path: 'bin/sh', type: 'SymbolicLink', linkpath: '/bin/busybox' },
      { path: 'bin/up', type: 'SymbolicLink', linkpath: '../../../etc' },
    ]);

    const diff = layout.layerDiff(layer.diffId);
    expect(await readlink(join(diff, 'bin/sh'))).toBe('/bin/busybox');
    expect(await readlink(join(diff, 'bin/up'))).toBe('../../../etc');
  });

  it('extracts absolute names inside the layer', async () => {
    const layer = await create([{ path: `${outside}/pwned`, body: 'x' }, { path: '/top' }]);

    const diff = layout.layerDiff(layer.diffId);
    expect(await readdir(outside)).toEqual([]);
    expect((await stat(join(diff, outside.slice(1), 'pwned'))).isFile()).toBe(true);
    expect((await stat(join(diff, 'top'))).isFile()).toBe(true);
  });

  it('skips device nodes and FIFOs', async () => {
    const layer = await create([
      { path: 'dev/', type: 'Directory' },
      { path: 'dev/null', type: 'CharacterDevice' },
      { path: 'dev/pipe', type: 'FIFO' },
      { path: 'etc/hostname', body: 'skiff' },
    ]);

    const diff = layout.layerDiff(layer.diffId);
    expect(await readdir(join(diff, 'dev'))).toEqual([]);
    expect(await readdir(join(diff, 'etc'))).toEqual(['hostname']);
  });

  describe('refuses hostile archives, writing nothing outside and leaving nothing behind', () => {
    it('an entry climbing out with ..', async () => {
      await expectRefused([{ path: '../escape', body: 'x' }], '"../escape" contains ".."');
      await expectNothingLeft();
    });

    it('an entry climbing out half way through its name', async () => {
      await expectRefused([{ path: 'a/../../outside/x', body: 'x' }], 'contains ".."');
      await expectNothingLeft();
    });

    it('a file written through a symbolic link pointing out', async () => {
      const entries: RawEntry[] = [
        { path: 'evil', type: 'SymbolicLink', linkpath: outside },
        { path: 'evil/pwned', body: 'x' },
      ];
      await expectRefused(entries, 'goes through the symbolic link "evil"');
      await expectNothingLeft();
    });

    it('a directory made through a relative symbolic link pointing out', async () => {
      const entries: RawEntry[] = [
        // From layers/.tmp-*/diff, four levels up is the scratch directory holding `outside`.
        { path: 'up', type: 'SymbolicLink', linkpath: '../../../../outside' },
        { path: 'up/pwned/', type: 'Directory' },
      ];
      await expectRefused(entries, 'goes through the symbolic link "up"');
      await expectNothingLeft();
    });

    it('a symbolic link reached through a hard link to it', async () => {
      const entries: RawEntry[] = [
        { path: 'evil', type: 'SymbolicLink', linkpath: outside },
        { path: 'again', type: 'Link', linkpath: 'evil' },
        { path: 'again/pwned', body: 'x' },
      ];
      await expectRefused(entries, 'goes through the symbolic link "again"');
      await expectNothingLeft();
    });

    it('a hard link to /etc/passwd', async () => {
      const before = await stat('/etc/passwd');
      const error = await create([{ path: 'passwd', type: 'Link', linkpath: '/etc/passwd' }]).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );

      // The target is looked up inside the layer, where there is no etc/passwd.
      expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
      expect(SkiffError.chain(error).join(': ')).toContain('hard link to "etc/passwd"');
      expect((await stat('/etc/passwd')).nlink).toBe(before.nlink);
      await expectNothingLeft();
    });

    it('a hard link climbing out with ..', async () => {
      const entries: RawEntry[] = [{ path: 'p', type: 'Link', linkpath: '../../../etc/passwd' }];
      await expectRefused(entries, 'contains ".."');
      await expectNothingLeft();
    });

    it('a hard link through a symbolic link pointing out', async () => {
      const entries: RawEntry[] = [
        { path: 'etc', type: 'SymbolicLink', linkpath: '/etc' },
        { path: 'p', type: 'Link', linkpath: 'etc/passwd' },
      ];
      await expectRefused(entries, '"etc/passwd" goes through the symbolic link "etc"');
      await expectNothingLeft();
    });

    it('a whiteout through a symbolic link pointing out', async () => {
      const entries: RawEntry[] = [
        { path: 'evil', type: 'SymbolicLink', linkpath: outside },
        { path: 'evil/.wh.victim' },
      ];
      await writeFile(join(outside, 'victim'), 'x');
      await expectRefused(entries, 'goes through the symbolic link "evil"');
      expect(await readdir(outside)).toEqual(['victim']);
      await rm(join(outside, 'victim'));
      await expectNothingLeft();
    });

    it('an entry replacing the layer root with a symbolic link', async () => {
      await expectRefused([{ path: './', type: 'SymbolicLink', linkpath: '/' }], 'root');
      await expectNothingLeft();
    });
  });

  describe('refuses damaged input, leaving nothing behind', () => {
    const tar = rawTar([{ path: 'file', body: 'y'.repeat(5000) }]);

    it.each([
      ['empty input', Buffer.alloc(0), 'invalid tar archive'],
      ['bytes that are not a tar', Buffer.from('not a tarball at all'.repeat(100)), 'invalid'],
      ['a truncated tar', tar.subarray(0, 1500), 'invalid tar archive'],
      ['a truncated gzip', gzip(tar).subarray(0, 40), 'decompressing gzip'],
      ['a tarball compressed twice', gzip(gzip(tar)), 'compressed twice'],
      ['an xz tarball', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0]), 'xz'],
    ])('%s', async (_name, bytes, detail) => {
      const error = await layers.create(streamOf(bytes), OPTIONS).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );

      expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
      expect(SkiffError.chain(error).join(': ')).toContain(detail);
      await expectNothingLeft();
    });
  });

  describe('remove', () => {
    it('deletes the named layers and skips unknown ones', async () => {
      const kept = await create([{ path: 'kept' }]);
      const doomed = await create([{ path: 'doomed', type: 'Directory', mode: 0o000 }]);
      await mkdir(join(layout.layers, '.rm-left-by-a-crash', 'diff'), { recursive: true });

      await layers.remove([doomed.diffId, `sha256:${'0'.repeat(64)}`]);

      expect(await layers.has(doomed.diffId)).toBe(false);
      expect(await layers.has(kept.diffId)).toBe(true);
      expect(await readdir(layout.layers)).toEqual([kept.diffId.slice('sha256:'.length)]);
    });

    it('refuses a diff id that is not a sha256 digest', async () => {
      const error = await layers.remove(['../../etc']).catch((thrown: unknown) => thrown);
      expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    });
  });

  it('sets the layer root as a ./ entry asks', async () => {
    const layer = await create([{ path: './', type: 'Directory', mode: 0o700 }, { path: 'x' }]);
    const root = await lstat(layout.layerDiff(layer.diffId));
    expect(root.mode & 0o7777).toBe(0o700);
  });
});

describe('LayerStore blobs and digests', () => {
  const TAR = rawTar([
    { path: 'etc/', type: 'Directory' },
    { path: 'etc/motd', body: 'hello\n'.repeat(300) },
  ]);
  const DIFF_ID = `sha256:${sha256(TAR)}`;
  let store: ScratchStore;
  let layout: StoreLayout;
  let layers: LayerStore;

  beforeEach(async () => {
    store = await makeScratchStore();
    layout = new StoreLayout(store.env.root);
    layers = new LayerStore(layout);
  });

  afterEach(async () => {
    await destroyScratchStore(store);
  });

  async function expectNothingStored() {
    expect(await readdir(store.env.root)).toEqual(['layers']);
    expect(await readdir(layout.layers)).toEqual([]);
  }

  async function failureOf(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => expect.fail('expected a failure'),
      (thrown: unknown) => thrown,
    );
  }

  it.each([
    ['gzip', gzip(TAR), 'application/vnd.oci.image.layer.v1.tar+gzip'],
    ['zstd', zstd(TAR), 'application/vnd.oci.image.layer.v1.tar+zstd'],
    ['plain', TAR, 'application/vnd.oci.image.layer.v1.tar'],
  ])('keeps a %s blob byte for byte and finds the layer by its digest', async (_n, blob, type) => {
    const digest = `sha256:${sha256(blob)}`;
    const options = { ...OPTIONS, keepBlob: true, expectedDigest: digest, expectedDiffId: DIFF_ID };

    const layer = await layers.create(streamOf(blob, 100), options);

    expect(layer).toEqual({ diffId: DIFF_ID, size: TAR.length, digest, mediaType: type });
    expect(await readFile(layers.blobPath(digest))).toEqual(blob);
    expect(await layers.findByDigest(digest)).toEqual(layer);
    const motd = await readFile(join(layers.diffPath(DIFF_ID), 'etc/motd'), 'utf8');
    expect(motd).toBe('hello\n'.repeat(300));
  });

  it('keeps the uncompressed tar of a gzip source under the diff id when asked', async () => {
    const layer = await layers.create(streamOf(gzip(TAR)), { ...OPTIONS, keepTar: true });

    expect(layer.digest).toBe(DIFF_ID);
    expect(layer.mediaType).toBe('application/vnd.oci.image.layer.v1.tar');
    expect(await readFile(layers.blobPath(DIFF_ID))).toEqual(TAR);
  });

  it('records a second blob of a layer that is already stored', async () => {
    const gzipped = gzip(TAR);
    const zstded = zstd(TAR);
    await layers.create(streamOf(gzipped), { ...OPTIONS, keepBlob: true });
    await layers.create(streamOf(zstded), { ...OPTIONS, keepBlob: true });

    const stored = await layers.get(DIFF_ID);
    const digests = stored?.blobs.map((blob) => blob.digest).sort();
    expect(digests).toEqual([`sha256:${sha256(gzipped)}`, `sha256:${sha256(zstded)}`].sort());
    expect((await layers.findByDigest(`sha256:${sha256(zstded)}`))?.diffId).toBe(DIFF_ID);
  });

  it('does not find a layer by a blob it did not keep', async () => {
    const gzipped = gzip(TAR);
    await layers.create(streamOf(gzipped), OPTIONS);
    expect(await layers.findByDigest(`sha256:${sha256(gzipped)}`)).toBeUndefined();
  });

  it('refuses a blob whose digest does not match, naming both, and stores nothing', async () => {
    const blob = gzip(TAR);
    const expected = `sha256:${'a'.repeat(64)}`;
    const options = { ...OPTIONS, keepBlob: true, expectedDigest: expected };

    const error = await failureOf(layers.create(streamOf(blob), options));

    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    const message = SkiffError.chain(error).join(': ');
    expect(message).toContain(`digest did not match: expected ${expected}, got sha256:`);
    expect(message).toContain(sha256(blob));
    await expectNothingStored();
  });

  it('takes the digest from a source that hashes itself, and still checks it', async () => {
    const blob = gzip(TAR);
    const digest = `sha256:${sha256(blob)}`;
    const wrong = `sha256:${'c'.repeat(64)}`;
    const options = { ...OPTIONS, keepBlob: true, expectedDigest: digest };

    const error = await failureOf(
      layers.create(streamOf(blob), { ...options, sourceDigest: () => wrong }),
    );
    expect(SkiffError.chain(error).join(': ')).toContain(
      `layer blob digest did not match: expected ${digest}, got ${wrong}`,
    );
    await expectNothingStored();

    const layer = await layers.create(streamOf(blob), { ...options, sourceDigest: () => digest });
    expect(layer.digest).toBe(digest);
    expect(await readFile(layers.blobPath(digest))).toEqual(blob);
  });

  it('refuses a blob whose uncompressed tar has another diff id, and stores nothing', async () => {
    const expected = `sha256:${'b'.repeat(64)}`;
    const options = { ...OPTIONS, keepBlob: true, keepTar: true, expectedDiffId: expected };

    const error = await failureOf(layers.create(streamOf(zstd(TAR)), options));

    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    expect(SkiffError.chain(error).join(': ')).toContain(
      `diff id did not match: expected ${expected}, got ${DIFF_ID}`,
    );
    await expectNothingStored();
  });

  it('refuses a truncated zstd blob and stores nothing', async () => {
    const blob = zstd(TAR);
    const error = await failureOf(layers.create(streamOf(blob.subarray(0, 30)), OPTIONS));

    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    expect(SkiffError.chain(error).join(': ')).toContain('zstd');
    await expectNothingStored();
  });

  it('deletes the kept blobs with the layer', async () => {
    const blob = gzip(TAR);
    const layer = await layers.create(streamOf(blob), { ...OPTIONS, keepBlob: true });

    await layers.remove([layer.diffId]);

    expect(await readdir(layout.blobs)).toEqual([]);
    expect(await layers.findByDigest(`sha256:${sha256(blob)}`)).toBeUndefined();
  });
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
