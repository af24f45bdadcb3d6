import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { create, extract, list } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  hasRegistryBinary,
  type RegistryServer,
  startRegistryServer,
} from '../../plugins/image-oci/src/testing/registry-server.js';
import { type RawEntry, rawTar } from '../../plugins/image-oci/src/testing/tar-fixtures.js';
import { type CommandResult, mountsUnder, REPO, Store } from './harness.js';

// Skiff's images against the reference clients, both ways: archives, a registry, exports; and
// the archives and tarballs that must be refused without a trace.

type Tool = 'podman' | 'skopeo' | 'registry';
type Format = 'docker-archive' | 'oci-archive';

const INSTALLED: Record<Tool, boolean> = {
  podman: spawnSync('podman', ['--version']).status === 0,
  skopeo: spawnSync('skopeo', ['--version']).status === 0,
  registry: hasRegistryBinary(),
};
const FORMATS: Format[] = ['docker-archive', 'oci-archive'];
const SKIFF = join(REPO, 'bin/skiff');

/** The name both engines give the fixture layout's archive (its ref name is `latest`). */
const FIXTURE_NAME = 'localhost/latest:latest';
const LAYERED = 'localhost/layered:v1';
const PLAIN = 'localhost/plain:v2';
const HOSTILE_NAME = 'localhost/hostile:v1';
/** PROBE reads what the layered image's three layers and their whiteouts leave visible. */
const PROBE = ['sh', '-c', 'cat /data/a /data/b; ls -A /data /opaque'];
const PROBED = 'second\nkept\n/data:\na\nb\n\n/opaque:\nz\n';
/** Podman's default limits exceed this host's hard ones, and its containers need no network. */
const PODMAN_RUN = ['--ulimit=nofile=1024:1024', '--ulimit=nproc=1024:1024', '--network=none'];

/** LayeredFixture is the three-layer image as make-layered-image.sh built it. */
interface LayeredFixture {
  /** The configuration's digest, hex: the image id every engine must show. */
  id: string;
  /** The digests of the three (gzip) layer blobs. */
  blobs: string[];
  /** An oci-archive of the layout, as any engine loads it. */
  archive: string;
}

let work: string;
let layered: LayeredFixture;
/** A skiff store holding LAYERED and PLAIN, the source of everything skiff saves or pushes. */
let source: Store;
let plainId: string;
/** A podman store holding LAYERED, when podman is installed. */
let podman: Podman | undefined;
const cleanups: (() => void)[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'skiff-interop-'));
  layered = buildLayered(join(work, 'layout'));
  source = track(new Store());
  adoptLayered((args) => source.skiff(args));
  plainId = source.importBusybox(PLAIN).replace('sha256:', '');
  if (INSTALLED.podman) {
    podman = track(new Podman());
    adoptLayered((args) => podman!.run(args));
  }
});

afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Podman runs the reference engine against its own root, runroot and tmpdir in a temporary
 * directory, never the host's image store.
 */
class Podman {
  readonly dir = mkdtempSync(join(tmpdir(), 'skiff-interop-podman-'));

  run(args: string[]): CommandResult {
    const global = [
      ...['--root', join(this.dir, 'root'), '--runroot', join(this.dir, 'run')],
      ...['--tmpdir', join(this.dir, 'tmp'), '--runtime', 'runc'],
    ];
    const result = spawnSync('podman', [...global, ...args], { encoding: 'utf8', timeout: 60_000 });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** container runs `command` in a throwaway container of `image`. */
  container(image: string, command: string[]): CommandResult {
    return this.run(['run', '--rm', ...PODMAN_RUN, image, ...command]);
  }

  imageId(name: string): string {
    return succeeded(this.run(['image', 'inspect', '--format', '{{.Id}}', name])).trim();
  }

  destroy(): void {
    for (const point of mountsUnder(this.dir)) spawnSync('umount', ['-l', point]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** suite is a describe block that is skipped, saying so in its title, without its tools. */
function suite(tools: Tool[], title: string, body: () => void): void {
  const missing = tools.filter((tool) => !INSTALLED[tool]);
  const note = missing.length ? ` (skipped: ${missing.join(' and ')} not installed)` : '';
  describe.skipIf(missing.length > 0)(`${title}${note}`, body);
}

/** track has `owner` destroyed once the file's tests are done. */
function track<T extends { destroy(): void }>(owner: T): T {
  cleanups.push(() => owner.destroy());
  return owner;
}

/** succeeded checks that a command worked, showing its stderr if not, and returns stdout. */
function succeeded(result: CommandResult): string {
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** blobFile is where an OCI layout or archive keeps the blob with `digest`. */
function blobFile(digest: string): string {
  return join('blobs', ...digest.split(':'));
}

/** pack writes the whole of `dir` as a tarball at `file`, as an engine would read it. */
function pack(dir: string, file: string): string {
  create({ cwd: dir, file, sync: true, portable: true }, readdirSync(dir));
  return file;
}

interface OciManifest {
  config: { digest: string };
  layers: { digest: string }[];
}

function buildLayered(layout: string): LayeredFixture {
  execFileSync(join(REPO, 'test/fixtures/make-layered-image.sh'), [layout], { stdio: 'ignore' });
  const index = readJson<{ manifests: { digest: string }[] }>(join(layout, 'index.json'));
  const manifest = readJson<OciManifest>(join(layout, blobFile(index.manifests[0].digest)));
  return {
    id: manifest.config.digest.replace('sha256:', ''),
    blobs: manifest.layers.map((layer) => layer.digest),
    archive: pack(layout, join(work, 'layered-layout.tar')),
  };
}

/** adoptLayered loads the fixture's archive into an engine and renames the image LAYERED. */
function adoptLayered(engine: (args: string[]) => CommandResult): void {
  succeeded(engine(['load', '-i', layered.archive]));
  succeeded(engine(['tag', FIXTURE_NAME, LAYERED]));
  succeeded(engine(['untag', LAYERED, FIXTURE_NAME]));
}

/** inspected is what `skiff image inspect` says of an image's identity. */
function inspected(store: Store, name: string): { Id: string; RepoTags: string[] } {
  const [image] = JSON.parse(succeeded(store.skiff(['image', 'inspect', name])));
  return { Id: image.Id, RepoTags: image.RepoTags };
}

/** loaded sorts the `Loaded image:` lines both engines print, for archives of several. */
function loaded(stdout: string): string[] {
  return stdout.trimEnd().split('\n').sort();
}

suite(['podman'], 'archives podman saved, loaded by skiff', () => {
  it.each(FORMATS)(
    'podman save --format %s loads into skiff under the same id and name',
    (format) => {
      const archive = join(work, `podman-${format}.tar`);
      succeeded(podman!.run(['save', '--format', format, '-o', archive, LAYERED]));

      const store = track(new Store());
      expect(succeeded(store.skiff(['load', '-i', archive]))).toBe(`Loaded image: ${LAYERED}\n`);
      expect(inspected(store, LAYERED)).toEqual({ Id: layered.id, RepoTags: [LAYERED] });
      expect(succeeded(store.skiff(['run', '--rm', LAYERED, ...PROBE]))).toBe(PROBED);
    },
  );
});

suite(['podman'], 'archives skiff saved, loaded by podman', () => {
  it.each(FORMATS)('skiff save --format %s loads into podman, which runs it', (format) => {
    const archive = join(work, `skiff-${format}.tar`);
    succeeded(source.skiff(['save', '--format', format, '-o', archive, LAYERED]));

    const target = track(new Podman());
    expect(succeeded(target.run(['load', '-i', archive]))).toBe(`Loaded image: ${LAYERED}\n`);
    expect(target.imageId(LAYERED)).toBe(layered.id);
    expect(succeeded(target.container(LAYERED, PROBE))).toBe(PROBED);
  });

  it('skiff save -m of two images loads into podman, whose save -m loads back into skiff', () => {
    const archive = join(work, 'skiff-multi.tar');
    succeeded(source.skiff(['save', '-m', '-o', archive, LAYERED, PLAIN]));
    const both = [`Loaded image: ${LAYERED}`, `Loaded image: ${PLAIN}`];

    const target = track(new Podman());
    expect(loaded(succeeded(target.run(['load', '-i', archive])))).toEqual(both);
    expect([target.imageId(LAYERED), target.imageId(PLAIN)]).toEqual([layered.id, plainId]);
    expect(succeeded(target.container(PLAIN, ['sh', '-c', 'echo plain']))).toBe('plain\n');

    const again = join(work, 'podman-multi.tar');
    succeeded(target.run(['save', '-m', '-o', again, LAYERED, PLAIN]));
    const store = track(new Store());
    expect(loaded(succeeded(store.skiff(['load', '-i', again])))).toEqual(both);
    expect(inspected(store, LAYERED)).toEqual({ Id: layered.id, RepoTags: [LAYERED] });
    expect(inspected(store, PLAIN)).toEqual({ Id: plainId, RepoTags: [PLAIN] });
    expect(succeeded(store.skiff(['run', '--rm', LAYERED, ...PROBE]))).toBe(PROBED);
  });

  it('save IMAGE NAME without -m names one image twice in both engines', () => {
    const save = (file: string) => ['save', '-o', join(work, file), LAYERED, 'other:v9'];
    succeeded(source.skiff(save('skiff-tags.tar')));
    succeeded(podman!.run(save('podman-tags.tar')));

    const [fromSkiff, fromPodman] = ['skiff-tags.tar', 'podman-tags.tar'].map(dockerManifest);
    expect(fromSkiff).toEqual(fromPodman);
    expect(fromSkiff).toEqual([
      { Config: `${layered.id}.json`, RepoTags: ['localhost/layered:v1', 'localhost/other:v9'] },
    ]);
  });

  it('save -m refuses an oci-archive of two images with the words podman uses', () => {
    const args = ['save', '-m', '--format', 'oci-archive', '-o', join(work, 'no.tar')];
    const refused = source.skiff([...args, LAYERED, PLAIN]);
    expect(refused.code).toBe(125);
    // Podman refuses before it looks the images up, so its store needs no PLAIN.
    expect(refused.stderr).toBe(podman!.run([...args, LAYERED, PLAIN]).stderr);
  });
});

/** dockerManifest reads the images of a docker-archive in `work`: names sorted, no layers. */
function dockerManifest(file: string): { Config: string; RepoTags: string[] }[] {
  const dir = mkdtempSync(join(work, 'manifest-'));
  extract({
    file: join(work, file),
    cwd: dir,
    sync: true,
    filter: (path) => path === 'manifest.json',
  });
  const images = readJson<{ Config: string; RepoTags: string[] }[]>(join(dir, 'manifest.json'));
  return images.map((image) => ({ Config: image.Config, RepoTags: image.RepoTags.sort() }));
}

/** spawnSkiff starts the CLI on a store with its standard streams piped. */
function spawnSkiff(store: Store, args: string[]) {
  return spawn(SKIFF, ['--root', store.root, '--runroot', store.runroot, ...args], {
    env: { ...process.env, CONTAINERS_CONF: store.conf },
  });
}

/** finished waits for a child; its stdout is kept only when nothing else reads it. */
function finished(child: ReturnType<typeof spawnSkiff>, piped = false): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  if (!piped) child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => {
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** pipe runs `skiff save` in `from` with its stdout piped into `skiff load` in `to`. */
async function pipe(from: Store, saveArgs: string[], to: Store): Promise<CommandResult[]> {
  const save = spawnSkiff(from, ['save', ...saveArgs]);
  const load = spawnSkiff(to, ['load']);
  save.stdout.pipe(load.stdin);
  return Promise.all([finished(save, true), finished(load)]);
}

describe('save and load through a pipe', () => {
  it.each(FORMATS)(
    'skiff save --format %s to stdout loads from stdin elsewhere',
    async (format) => {
      const store = track(new Store());
      const [save, load] = await pipe(source, ['--format', format, LAYERED], store);
      succeeded(save);
      expect(succeeded(load)).toBe(`Loaded image: ${LAYERED}\n`);

      expect(inspected(store, LAYERED)).toEqual({ Id: layered.id, RepoTags: [LAYERED] });
      expect(succeeded(store.skiff(['run', '--rm', LAYERED, ...PROBE]))).toBe(PROBED);
    },
  );
});

/** skopeoJson runs `skopeo inspect` over plain HTTP and parses what it prints. */
function skopeoJson<T>(flags: string[], reference: string): T {
  const args = ['inspect', '--tls-verify=false', ...flags, `docker://${reference}`];
  const result = spawnSync('skopeo', args, { encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

suite(['registry', 'skopeo'], 'a registry between skiff and the reference clients', () => {
  let registry: RegistryServer;
  let pushed: string;

  beforeAll(async () => {
    registry = await startRegistryServer();
    pushed = `${registry.host}/layered:v1`;
    succeeded(source.skiff(['push', '--tls-verify=false', LAYERED, pushed]));
  });

  afterAll(() => registry?.stop());

  it('skopeo inspect shows the configuration and the three layer blobs skiff pushed', () => {
    const manifest = skopeoJson<OciManifest>(['--raw'], pushed);
    expect(manifest.config.digest).toBe(`sha256:${layered.id}`);
    // Skiff pushes the blobs it kept when it loaded the image, so their digests stay.
    expect(manifest.layers.map((layer) => layer.digest)).toEqual(layered.blobs);

    const image = skopeoJson<{ Layers: string[]; Labels: object; Env: string[] }>([], pushed);
    expect(image.Layers).toEqual(layered.blobs);
    expect(image.Labels).toEqual({ fixture: 'layered' });
    expect(image.Env).toContain('LAYERED=yes');
  });

  suite(['podman'], 'and podman', () => {
    it('podman pulls the image skiff pushed and runs it', () => {
      const target = track(new Podman());
      succeeded(target.run(['pull', '--tls-verify=false', pushed]));
      expect(target.imageId(pushed)).toBe(layered.id);
      expect(succeeded(target.container(pushed, PROBE))).toBe(PROBED);
    });

    it('skiff pulls the image podman pushed under the id podman has, and runs it', () => {
      const reference = `${registry.host}/from-podman:v1`;
      succeeded(podman!.run(['push', '--tls-verify=false', LAYERED, reference]));

      const store = track(new Store());
      expect(succeeded(store.skiff(['pull', '--tls-verify=false', reference]))).toBe(
        `${layered.id}\n`,
      );
      expect(inspected(store, reference)).toEqual({
        Id: podman!.imageId(LAYERED),
        RepoTags: [reference],
      });
      expect(succeeded(store.skiff(['run', '--rm', reference, ...PROBE]))).toBe(PROBED);
    });
  });
});

/** tarNames lists a tarball's entry names the way they would be extracted, without `./`. */
function tarNames(file: string): string[] {
  const names: string[] = [];
  list({ file, sync: true, onReadEntry: (entry) => names.push(entry.path) });
  return names.map((name) => name.replace(/^\.\//, '').replace(/\/$/, ''));
}

describe('skiff export', () => {
  let exported: string;

  beforeAll(() => {
    const container = succeeded(source.skiff(['create', LAYERED, 'true'])).trim();
    exported = join(work, 'exported.tar');
    succeeded(source.skiff(['export', '-o', exported, container]));
  });

  it('writes the merged file system: whited-out files absent, no whiteout leaked', () => {
    const names = tarNames(exported);
    expect(names).toEqual(expect.arrayContaining(['data/a', 'data/b', 'opaque/z', 'bin/busybox']));
    expect(names).not.toContain('data/removed');
    expect(names).not.toContain('opaque/x');
    expect(names.filter((name) => name.split('/').pop()!.startsWith('.wh.'))).toEqual([]);
  });

  suite(['podman'], 'and podman', () => {
    it('imports the tarball and runs it', () => {
      const target = track(new Podman());
      succeeded(target.run(['import', exported, 'localhost/exported:v1']));
      expect(succeeded(target.container('localhost/exported:v1', PROBE))).toBe(PROBED);
    });
  });
});

/** filesUnder lists everything but directories below `dir`. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** expectRefused checks Podman's status 125 and a single `Error: ` line saying `reason`. */
function expectRefused(result: CommandResult, reason: RegExp): void {
  expect(result.code, result.stderr).toBe(125);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^Error: [^\n]+\n$/);
  expect(result.stderr).toMatch(reason);
}

/** expectNothingStored checks that no image is registered and no file but the database kept. */
function expectNothingStored(store: Store): void {
  expect(store.skiff(['images', '-q'])).toMatchObject({ code: 0, stdout: '' });
  const database = join(store.root, 'skiff.db');
  expect(filesUnder(store.root).filter((file) => !file.startsWith(database))).toEqual([]);
}

/** dockerArchive wraps one layer into a docker-archive, built in the empty directory `dir`. */
function dockerArchive(layer: Buffer, dir: string): Buffer {
  const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: [diffId] },
  });
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = [{ Config: configName, RepoTags: [HOSTILE_NAME], Layers: ['l.tar'] }];

  writeFileSync(join(dir, 'l.tar'), layer);
  writeFileSync(join(dir, configName), config);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return readFileSync(pack(dir, `${dir}.tar`));
}

/** lastLayerFile finds, in an extracted archive, the file holding the image's last layer. */
function lastLayerFile(dir: string, format: Format): string {
  if (format === 'docker-archive') {
    const [image] = readJson<{ Layers: string[] }[]>(join(dir, 'manifest.json'));
    return join(dir, image.Layers.at(-1)!);
  }
  const index = readJson<{ manifests: { digest: string }[] }>(join(dir, 'index.json'));
  const manifest = readJson<OciManifest>(join(dir, blobFile(index.manifests[0].digest)));
  return join(dir, blobFile(manifest.layers.at(-1)!.digest));
}

// Each hostile tarball aims at the victim directory, or at /etc/passwd, from a layer directory.
const CLIMB = '../'.repeat(16);
const HOSTILE: [string, (victim: string) => RawEntry[], RegExp][] = [
  ['a "../escape" entry', () => [{ path: '../escape', body: 'out\n' }], /"\.\.\/escape" contains/],
  [
    'a "../" entry climbing into another directory',
    (victim) => [{ path: `${CLIMB}${victim.slice(1)}/climbed`, body: 'out\n' }],
    /contains "\.\."/,
  ],
  [
    'a file written through a symbolic link to another directory',
    (victim) => [
      { path: 'out', type: 'SymbolicLink', linkpath: victim },
      { path: 'out/through', body: 'out\n' },
    ],
    /"out\/through" goes through the symbolic link "out"/,
  ],
  [
    'a file written through a relative symbolic link climbing out',
    (victim) => [
      { path: 'up', type: 'SymbolicLink', linkpath: `${CLIMB}${victim.slice(1)}` },
      { path: 'up/through', body: 'out\n' },
    ],
    /"up\/through" goes through the symbolic link "up"/,
  ],
  [
    'a hard link to /etc/passwd',
    () => [{ path: 'passwd', type: 'Link', linkpath: '/etc/passwd' }],
    /hard link to "etc\/passwd", which no earlier entry created/,
  ],
  [
    'a hard link climbing to /etc/passwd',
    () => [{ path: 'passwd', type: 'Link', linkpath: `${CLIMB}etc/passwd` }],
    /contains "\.\."/,
  ],
];

describe('bad input', () => {
  let store: Store;
  let victim: string;
  let scratch: string;
  let passwdLinks: number;

  beforeAll(() => {
    store = track(new Store());
    victim = mkdtempSync(join(tmpdir(), 'skiff-interop-victim-'));
    cleanups.push(() => rmSync(victim, { recursive: true, force: true }));
    scratch = mkdtempSync(join(work, 'bad-'));
    passwdLinks = statSync('/etc/passwd').nlink;
  });

  /** offer writes `bytes` to a file and asks skiff to import or load it. */
  function offer(verb: 'import' | 'load', bytes: Buffer, into = store): CommandResult {
    const file = join(mkdtempSync(join(scratch, 'offer-')), 'offered.tar');
    writeFileSync(file, bytes);
    return into.skiff(verb === 'import' ? ['import', file, HOSTILE_NAME] : ['load', '-i', file]);
  }

  /** hostileLayer is what `verb` reads: the tarball itself, or a docker-archive around it. */
  function hostileLayer(verb: 'import' | 'load', entries: RawEntry[]): Buffer {
    const layer = rawTar(entries);
    return verb === 'import' ? layer : dockerArchive(layer, mkdtempSync(join(scratch, 'da-')));
  }

  it.each([
    ['random bytes', () => randomBytes(64 * 1024)],
    ['a plain text file', () => Buffer.from('this is no image archive\n'.repeat(64))],
  ])('load refuses %s', (_, bytes) => {
    const reason = /^Error: loading images from archive: payload does not match any of the/;
    expectRefused(offer('load', bytes()), reason);
    expectNothingStored(store);
  });

  it.each([
    ['docker-archive' as const, /layer diff id did not match: expected sha256:/],
    ['oci-archive' as const, /layer blob digest did not match: expected sha256:/],
  ])('load refuses a %s whose layer was swapped for other bytes', (format, reason) => {
    const saved = join(scratch, `saved-${format}.tar`);
    succeeded(source.skiff(['save', '--format', format, '-o', saved, LAYERED]));
    const dir = mkdtempSync(join(scratch, 'tamper-'));
    extract({ file: saved, cwd: dir, sync: true });
    writeFileSync(lastLayerFile(dir, format), rawTar([{ path: 'data/a', body: 'tampered\n' }]));

    expectRefused(offer('load', readFileSync(pack(dir, `${dir}.tar`))), reason);
    expectNothingStored(store);
  });

  describe.each(['import', 'load'] as const)('%s of a hostile layer', (verb) => {
    it.each(HOSTILE)(`${verb} refuses %s and writes nothing`, (_, entries, reason) => {
      const result = offer(verb, hostileLayer(verb, entries(victim)));
      expectRefused(result, reason);
      expectNothingStored(store);
      expect(readdirSync(victim)).toEqual([]);
      expect(statSync('/etc/passwd').nlink).toBe(passwdLinks);
    });

    it(`${verb} keeps an absolute entry name inside the image, as Podman does`, () => {
      const target = track(new Store());
      const entries = [{ path: `${victim}/absolute`, body: 'inside\n' }];
      succeeded(offer(verb, hostileLayer(verb, entries), target));

      const kept = filesUnder(join(target.root, 'layers'));
      expect(kept.filter((file) => file.endsWith(`/diff${victim}/absolute`))).toHaveLength(1);
      expect(readdirSync(victim)).toEqual([]);
    });
  });
});
