import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { SkiffError } from '@skiff/contracts';
import type { PullOptions, TransferEvent } from '@skiff/contracts';

import { OciImageProvider } from '../oci-image-provider.js';
import { OciLayout } from '../testing/oci-layout.js';
import type { FixtureImage } from '../testing/oci-layout.js';
import { hasRegistryBinary, startRegistryServer } from '../testing/registry-server.js';
import type { RegistryServer } from '../testing/registry-server.js';
import { destroyScratchStore, makeScratchStore } from '../testing/scratch-store.js';
import type { ScratchStore } from '../testing/scratch-store.js';
import { rawTar } from '../testing/tar-fixtures.js';

const AMD64 = { os: 'linux', architecture: 'amd64' };

/** Files of a layer fixture, unique per call so that no two images share a layer by chance. */
function layerTar(name: string): Buffer {
  const stamp = randomBytes(8).toString('hex');
  return rawTar([
    { path: 'etc/', type: 'Directory' },
    { path: `etc/${name}`, body: `${name} ${stamp}\n` },
  ]);
}

/** A layer that takes a while to send: random bytes do not compress. */
function bigLayerTar(): Buffer {
  return rawTar([{ path: 'big', body: randomBytes(24 * 1024 * 1024).toString('latin1') }]);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the pull to fail'),
    (error: unknown) => error,
  );
}

function text(error: unknown): string {
  return SkiffError.chain(error).join(': ');
}

describe.skipIf(!hasRegistryBinary())('pull from docker-registry', () => {
  let registry: RegistryServer;
  let layoutDir: string;
  let layout: OciLayout;
  let mixed: FixtureImage;
  let amd64: FixtureImage;
  let arm64: FixtureImage;
  let list: { digest: string; size: number };

  beforeAll(async () => {
    registry = await startRegistryServer();
    layoutDir = await mkdtemp(join(tmpdir(), 'skiff-layout-'));
    layout = new OciLayout(layoutDir);

    mixed = await layout.addImage([
      { tar: layerTar('base'), compression: 'gzip' },
      { tar: layerTar('middle'), compression: 'zstd' },
      // skopeo compresses a plain tar layer on its way to a registry; the push tests pull one.
      { tar: layerTar('top'), compression: 'gzip' },
    ]);
    await layout.tag('mixed', { digest: mixed.manifestDigest, size: mixed.manifestSize });
    await layout.pushWithSkopeo('mixed', `${registry.host}/mixed:1`);

    amd64 = await layout.addImage([{ tar: layerTar('amd64'), compression: 'gzip' }], AMD64);
    const arm = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    arm64 = await layout.addImage([{ tar: layerTar('arm64'), compression: 'gzip' }], arm);
    list = await layout.addIndex([amd64, arm64]);
    await layout.tag('multi', list, true);
    await layout.pushWithSkopeo('multi', `${registry.host}/multi:1`);
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    if (layoutDir) await rm(layoutDir, { recursive: true, force: true });
  });

  let store: ScratchStore;
  let provider: OciImageProvider;
  let events: TransferEvent[];

  beforeEach(async () => {
    store = await makeScratchStore();
    provider = new OciImageProvider(store.env);
    events = [];
  });

  afterEach(async () => {
    await destroyScratchStore(store);
  });

  function options(text: string, extra: Partial<PullOptions> = {}): PullOptions {
    return {
      reference: provider.parseReference(text),
      endpoints: [{ location: registry.host, insecure: true }],
      platform: AMD64,
      credentials: () => undefined,
      onProgress: (event) => events.push(event),
      ...extra,
    };
  }

  async function expectNothingStored(): Promise<void> {
    const layers = await readdir(join(store.env.root, 'layers')).catch(() => []);
    const blobs = await readdir(join(store.env.root, 'blobs/sha256')).catch(() => []);
    expect({ layers, blobs }).toEqual({ layers: [], blobs: [] });
  }

  it('pulls an image of gzip and zstd layers and reports it as stored', async () => {
    const report = await provider.pull(options(`${registry.host}/mixed:1`));

    expect(report.id).toBe(mixed.configDigest.slice('sha256:'.length));
    expect(report.digest).toBe(mixed.manifestDigest);
    expect(report.manifestType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(report.config.rootfs.diff_ids).toEqual(mixed.layers.map((layer) => layer.diffId));
    expect(
      report.layers.map(({ diffId, digest, mediaType }) => ({ diffId, digest, mediaType })),
    ).toEqual(mixed.layers.map(({ diffId, digest, mediaType }) => ({ diffId, digest, mediaType })));

    const top = join(store.env.root, 'layers', mixed.layers[1].diffId.slice(7), 'diff/etc');
    expect(await readFile(join(top, 'middle'), 'utf8')).toMatch(/^middle /);
    const blobs = join(store.env.root, 'blobs/sha256');
    const manifest = await readFile(join(blobs, mixed.manifestDigest.slice(7)));
    expect(JSON.parse(manifest.toString()).layers).toHaveLength(3);
  });

  it('reports each blob as it arrives, then the config and the manifest', async () => {
    await provider.pull(options(`${registry.host}/mixed:1`));

    const kinds = events.filter((event) => event.kind !== 'progress');
    expect(kinds[0]).toEqual({ kind: 'resolving', reference: `${registry.host}/mixed:1` });
    for (const layer of mixed.layers) {
      const phases = kinds.flatMap((event) =>
        event.kind === 'blob' && event.digest === layer.digest ? [event.phase] : [],
      );
      expect(phases).toEqual(['start', 'done']);
    }
    expect(kinds.slice(-2)).toEqual([
      { kind: 'config', digest: mixed.configDigest },
      { kind: 'manifest' },
    ]);
    const progress = events.filter((event) => event.kind === 'progress');
    expect(progress.at(-1)).toMatchObject({ done: expect.any(Number), total: expect.any(Number) });
  });

  it('skips layers that are already stored', async () => {
    const first = await provider.pull(options(`${registry.host}/mixed:1`));
    events = [];
    const second = await provider.pull(options(`${registry.host}/mixed:1`));

    expect(second).toEqual(first);
    const phases = events.flatMap((event) => (event.kind === 'blob' ? [event.phase] : []));
    expect(phases).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('pulls by digest and refuses a digest the registry does not have', async () => {
    const report = await provider.pull(options(`${registry.host}/mixed@${mixed.manifestDigest}`));
    expect(report.digest).toBe(mixed.manifestDigest);

    const missing = `sha256:${'0'.repeat(64)}`;
    const error = await failure(provider.pull(options(`${registry.host}/mixed@${missing}`)));
    expect(SkiffError.codeOf(error)).toBe('NoSuchImage');
    expect(text(error)).toBe(
      `initializing source docker://${registry.host}/mixed@${missing}: ` +
        `reading manifest ${missing} in ${registry.host}/mixed: manifest unknown: manifest unknown`,
    );
  });

  it('chooses the platform asked for from an image index', async () => {
    const forAmd64 = await provider.pull(options(`${registry.host}/multi:1`));
    expect(forAmd64.digest).toBe(amd64.manifestDigest);
    expect(forAmd64.config.architecture).toBe('amd64');

    const platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    const forArm = await provider.pull(options(`${registry.host}/multi:1`, { platform }));
    expect(forArm.digest).toBe(arm64.manifestDigest);
    expect(forArm.layers[0].diffId).toBe(arm64.layers[0].diffId);

    const byList = await provider.pull(options(`${registry.host}/multi@${list.digest}`));
    expect(byList.digest).toBe(amd64.manifestDigest);
  });

  it('fails clearly when the index has nothing for the platform', async () => {
    const platform = { os: 'linux', architecture: 's390x' };
    const error = await failure(provider.pull(options(`${registry.host}/multi:1`, { platform })));

    expect(SkiffError.codeOf(error)).toBe('NoSuchImage');
    expect(text(error)).toBe(
      `choosing an image from manifest list docker://${registry.host}/multi:1: ` +
        'no image found in image index for architecture s390x, variant "", OS linux',
    );
  });

  it('names the reference when the tag is unknown, as Podman does', async () => {
    const error = await failure(provider.pull(options(`${registry.host}/nope`)));

    expect(SkiffError.codeOf(error)).toBe('NoSuchImage');
    expect(text(error)).toBe(
      `initializing source docker://${registry.host}/nope:latest: ` +
        `reading manifest latest in ${registry.host}/nope: manifest unknown: manifest unknown`,
    );
    await expectNothingStored();
  });

  it('reports an unreachable registry with the address it tried', async () => {
    const closed = await closedPort();
    const endpoints = [{ location: `127.0.0.1:${closed}`, insecure: true }];
    const error = await failure(provider.pull(options(`127.0.0.1:${closed}/app:1`, { endpoints })));

    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    expect(text(error)).toBe(
      `initializing source docker://127.0.0.1:${closed}/app:1: ` +
        `pinging container registry 127.0.0.1:${closed}: ` +
        `Get "http://127.0.0.1:${closed}/v2/": connect ECONNREFUSED 127.0.0.1:${closed}`,
    );
  });

  it('refuses plain HTTP for a registry not marked insecure', async () => {
    const endpoints = [{ location: registry.host, insecure: false }];
    const error = await failure(provider.pull(options(`${registry.host}/mixed:1`, { endpoints })));

    expect(text(error)).toMatch(
      new RegExp(
        `^initializing source .*: pinging container registry ${registry.host}: Get "https:`,
      ),
    );
  });

  it('falls through mirrors that are down or lack the image', async () => {
    const empty = await startRegistryServer();
    try {
      const endpoints = [
        { location: `127.0.0.1:${await closedPort()}`, insecure: true },
        { location: empty.host, insecure: true },
        { location: registry.host, insecure: true },
      ];
      const report = await provider.pull(options(`${registry.host}/mixed:1`, { endpoints }));
      expect(report.digest).toBe(mixed.manifestDigest);
    } finally {
      await empty.stop();
    }
  });

  it('stores nothing when a blob does not match its digest', async () => {
    const image = await layout.addImage([
      { tar: layerTar('good'), compression: 'gzip' },
      { tar: layerTar('bad'), compression: 'gzip' },
    ]);
    await layout.tag('corrupt', { digest: image.manifestDigest, size: image.manifestSize });
    await layout.pushWithSkopeo('corrupt', `${registry.host}/corrupt:1`);
    const bad = image.layers[1];
    await writeFile(registry.blobPath(bad.digest), randomBytes(bad.size));

    const error = await failure(provider.pull(options(`${registry.host}/corrupt:1`)));
    expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
    const expected =
      `^writing blob ${bad.digest}: digest did not match: ` +
      `expected ${bad.digest}, got sha256:[0-9a-f]{64}$`;
    expect(text(error)).toMatch(new RegExp(expected));
    await expectNothingStored();
  });

  it('stores nothing when a blob is sound gzip but not the one its digest names', async () => {
    const image = await layout.addImage([{ tar: layerTar('stamped'), compression: 'gzip' }]);
    await layout.tag('stamped', { digest: image.manifestDigest, size: image.manifestSize });
    await layout.pushWithSkopeo('stamped', `${registry.host}/stamped:1`);
    const [layer] = image.layers;
    const path = registry.blobPath(layer.digest);
    // Another modification time in the gzip header: the same tar inflates, the digest differs.
    const blob = await readFile(path);
    blob.writeUInt32LE(0x12345678, 4);
    await writeFile(path, blob);

    const error = await failure(provider.pull(options(`${registry.host}/stamped:1`)));
    const expected =
      `^writing blob ${layer.digest}: digest did not match: ` +
      `expected ${layer.digest}, got sha256:[0-9a-f]{64}$`;
    expect(text(error)).toMatch(new RegExp(expected));
    await expectNothingStored();
  });

  it('stores nothing when a blob arrives truncated', async () => {
    const image = await layout.addImage([{ tar: layerTar('short'), compression: 'gzip' }]);
    await layout.tag('short', { digest: image.manifestDigest, size: image.manifestSize });
    await layout.pushWithSkopeo('short', `${registry.host}/short:1`);
    const [layer] = image.layers;
    const path = registry.blobPath(layer.digest);
    await writeFile(path, (await readFile(path)).subarray(0, 40));

    const error = await failure(provider.pull(options(`${registry.host}/short:1`)));
    expect(text(error)).toContain(`blob ${layer.digest} ended after 40 of ${layer.size} bytes`);
    await expectNothingStored();
  });

  it('leaves nothing behind when aborted half way through a download', async () => {
    const image = await layout.addImage([
      { tar: layerTar('small'), compression: 'gzip' },
      { tar: bigLayerTar(), compression: 'none' },
    ]);
    await layout.tag('big', { digest: image.manifestDigest, size: image.manifestSize });
    await layout.pushWithSkopeo('big', `${registry.host}/big:1`);

    const controller = new AbortController();
    const onProgress = (event: TransferEvent) => {
      if (event.kind === 'progress' && event.done > 4 * 1024 * 1024) controller.abort();
    };
    const pulling = provider.pull(
      options(`${registry.host}/big:1`, { signal: controller.signal, onProgress }),
    );

    await failure(pulling);
    expect(controller.signal.aborted).toBe(true);
    await expectNothingStored();
  }, 60_000);
});

async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 1;
}
