import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  startRegistryServer,
  type RegistryServer,
} from '../../plugins/image-oci/src/testing/registry-server';
import { REPO, Store } from './harness';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const ARCHES = ['amd64', 'arm64'] as const;

const hasSkopeo = spawnSync('skopeo', ['--version']).status === 0;

interface Entry {
  digest: string;
  size: number;
  configDigest: string;
}

/** pushImage puts a layered image that claims `arch` under the tag `arch`. */
async function pushImage(registry: RegistryServer, work: string, arch: string): Promise<Entry> {
  const layout = join(work, arch);
  execFileSync(join(REPO, 'test/fixtures/make-layered-image.sh'), [layout], {
    env: {
      ...process.env,
      IMAGE_ARCH: arch,
      IMAGE_RUN_CONFIG: JSON.stringify({ Cmd: ['sh'], Labels: { arch } }),
    },
  });
  const target = `docker://${registry.host}/multi:${arch}`;
  execFileSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:latest`, target]);

  const response = await fetch(`http://${registry.host}/v2/multi/manifests/${arch}`, {
    headers: { Accept: OCI_MANIFEST },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const manifest = JSON.parse(bytes.toString('utf8'));
  return {
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    size: bytes.length,
    configDigest: manifest.config.digest,
  };
}

/** pushIndex makes `multi:latest` an OCI image index of the per-architecture images. */
async function pushIndex(registry: RegistryServer, entries: Record<string, Entry>) {
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: Object.entries(entries).map(([architecture, entry]) => ({
      mediaType: OCI_MANIFEST,
      digest: entry.digest,
      size: entry.size,
      platform: { os: 'linux', architecture },
    })),
  };
  const body = JSON.stringify(index);
  const response = await fetch(`http://${registry.host}/v2/multi/manifests/latest`, {
    method: 'PUT',
    headers: { 'Content-Type': OCI_INDEX },
    body,
  });
  expect(response.status).toBe(201);
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

describe.skipIf(!hasSkopeo)('pulling from an image index', () => {
  const work = mkdtempSync(join(tmpdir(), 'skiff-platforms-'));
  const entries: Record<string, Entry> = {};
  let registry: RegistryServer;
  let indexDigest = '';
  let store: Store;

  beforeAll(async () => {
    registry = await startRegistryServer();
    for (const arch of ARCHES) entries[arch] = await pushImage(registry, work, arch);
    indexDigest = await pushIndex(registry, entries);
  });

  afterAll(async () => {
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  afterEach(() => store?.destroy());

  function pull(...flags: string[]) {
    store = new Store();
    return store.skiff(['pull', '-q', '--tls-verify=false', ...flags]);
  }

  function architectureOf(name: string): string {
    const [inspect] = JSON.parse(store.skiff(['image', 'inspect', name]).stdout);
    return inspect.Architecture;
  }

  it("picks this machine's image from the index and runs it", () => {
    const result = pull(`${registry.host}/multi`);

    expect(result.stdout.trim()).toBe(entries.amd64.configDigest.slice('sha256:'.length));
    expect(architectureOf(`${registry.host}/multi`)).toBe('amd64');
    const run = store.skiff(['run', '--rm', `${registry.host}/multi`, 'cat', '/data/a']);
    expect(run.stdout).toBe('second\n');
  });

  it.each([
    [['--platform', 'linux/arm64']],
    [['--arch', 'arm64']],
    [['--os=linux', '--arch=arm64']],
  ])('picks another platform with %j', (flags) => {
    const result = pull(...flags, `${registry.host}/multi:latest`);

    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(entries.arm64.configDigest.slice('sha256:'.length));
    expect(architectureOf(`${registry.host}/multi:latest`)).toBe('arm64');
  });

  it('pulls the index by its digest', () => {
    const result = pull(`${registry.host}/multi@${indexDigest}`);

    expect(result.stdout.trim()).toBe(entries.amd64.configDigest.slice('sha256:'.length));
    expect(architectureOf(`${registry.host}/multi@${indexDigest}`)).toBe('amd64');
  });

  it('fails clearly when the index has nothing for the platform, storing nothing', () => {
    const result = pull('--platform', 'linux/s390x', `${registry.host}/multi`);

    expect(result.code).toBe(125);
    expect(result.stderr).toBe(
      `Error: choosing an image from manifest list docker://${registry.host}/multi:latest: ` +
        'no image found in image index for architecture s390x, variant "", OS linux\n',
    );
    expect(store.skiff(['images', '-q']).stdout).toBe('');
  });

  it('refuses --platform together with --arch, as Podman does', () => {
    const result = pull('--platform', 'linux/arm64', '--arch', 'arm64', `${registry.host}/multi`);

    expect(result.code).toBe(125);
    expect(result.stderr).toBe(
      'Error: --platform option can not be specified with --arch or --os\n',
    );
  });
});
