import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  hasRegistryBinary,
  startRegistryServer,
  type RegistryServer,
} from '../../plugins/image-oci/src/testing/registry-server';
import { REPO, Store, type CommandResult } from './harness';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';
const USER = { username: 'alice', password: 's3cret' };

const hasSkopeo = spawnSync('skopeo', ['--version']).status === 0;
const canRun = hasRegistryBinary() && hasSkopeo;

/** PushedImage is what a registry holds for one image: the digests a pull must end up with. */
interface PushedImage {
  manifest: string;
  config: string;
  /** Layer blob digests, base first. */
  layers: string[];
  /** The image id Skiff and Podman print: the configuration digest's hex. */
  id: string;
}

/**
 * Client is one isolated store plus the files a registry client reads: an own registries.conf,
 * and `$XDG_RUNTIME_DIR`, `$XDG_CONFIG_HOME` and `$HOME` in the store's directory, so no test
 * reads or writes the real auth.json or registries.conf.
 */
class Client {
  readonly store: Store;
  readonly env: NodeJS.ProcessEnv;
  /** The default auth.json: `$XDG_RUNTIME_DIR/containers/auth.json`. */
  readonly authFile: string;
  readonly registriesConf: string;
  private madeContainers = false;

  constructor(registriesConf = '') {
    this.store = new Store();
    const dir = this.store.dir;
    for (const sub of ['xdg-run', 'xdg-config', 'home']) mkdirSync(join(dir, sub));
    this.registriesConf = join(dir, 'registries.conf');
    writeFileSync(this.registriesConf, registriesConf);
    this.authFile = join(dir, 'xdg-run/containers/auth.json');
    this.env = {
      CONTAINERS_REGISTRIES_CONF: this.registriesConf,
      XDG_RUNTIME_DIR: join(dir, 'xdg-run'),
      XDG_CONFIG_HOME: join(dir, 'xdg-config'),
      HOME: join(dir, 'home'),
      REGISTRY_AUTH_FILE: '',
      DOCKER_CONFIG: '',
    };
  }

  skiff(args: string[], input?: string): CommandResult {
    if (args[0] === 'run' || args[0] === 'create') this.madeContainers = true;
    return this.store.skiff(args, { env: this.env, input });
  }

  /** pull is a quiet pull over plain HTTP, as most tests here make. */
  pull(reference: string, ...flags: string[]): CommandResult {
    return this.skiff(['pull', '-q', '--tls-verify=false', ...flags, reference]);
  }

  /** start runs the CLI without waiting, for tests that signal it half way. */
  start(args: string[]): ChildProcess {
    const store = this.store;
    const argv = ['--root', store.root, '--runroot', store.runroot, ...args];
    return spawn(join(REPO, 'bin/skiff'), argv, {
      env: { ...process.env, CONTAINERS_CONF: store.conf, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** imageIds lists the ids `images -q` shows. */
  imageIds(): string[] {
    return this.skiff(['images', '-q']).stdout.split('\n').filter(Boolean);
  }

  /** imageRows are `images` without its header, as [repository, tag, short id]. */
  imageRows(): string[][] {
    const lines = this.skiff(['images']).stdout.trim().split('\n').slice(1);
    return lines.map((line) => line.split(/\s+/).slice(0, 3));
  }

  /** layerEntries lists everything under the store's `layers/`, temporary names included. */
  layerEntries(): string[] {
    const layers = join(this.store.root, 'layers');
    return existsSync(layers) ? readdirSync(layers).sort() : [];
  }

  /** blobEntries lists the store's kept blobs: configurations, manifests and layer blobs. */
  blobEntries(): string[] {
    const blobs = join(this.store.root, 'blobs/sha256');
    return existsSync(blobs) ? readdirSync(blobs).sort() : [];
  }

  destroy(): void {
    // Only run and create leave containers or mounts; a store that only pulled is just files.
    if (this.madeContainers) this.store.destroy();
    else rmSync(this.store.dir, { recursive: true, force: true });
  }
}

const hexOf = (digest: string) => digest.replace(/^sha256:/, '');
const sha256 = (bytes: Buffer | string) =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** manifestDigest is the Docker-Content-Digest the registry reports for a tag. */
async function manifestDigest(host: string, name: string, tag: string): Promise<string> {
  const response = await fetch(`http://${host}/v2/${name}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { Accept: OCI_MANIFEST },
  });
  expect(response.status).toBe(200);
  return response.headers.get('docker-content-digest') ?? '';
}

/** readPushed reads back what the registry holds under a tag. */
async function readPushed(host: string, name: string, tag: string): Promise<PushedImage> {
  const response = await fetch(`http://${host}/v2/${name}/manifests/${tag}`, {
    headers: { Accept: OCI_MANIFEST },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const manifest = JSON.parse(bytes.toString('utf8'));
  return {
    manifest: sha256(bytes),
    config: manifest.config.digest,
    layers: manifest.layers.map((layer: { digest: string }) => layer.digest),
    id: hexOf(manifest.config.digest),
  };
}

/** seedLayered copies the three-layer fixture (whiteouts included) to `host/name:latest`. */
function seedLayered(layout: string, host: string, name: string, creds?: string): void {
  const auth = creds ? ['--dest-creds', creds] : [];
  const target = `docker://${host}/${name}:latest`;
  const source = `oci:${layout}:latest`;
  execFileSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', ...auth, source, target]);
}

/** tarOf packs files (path -> content) into an uncompressed tar owned by root. */
function tarOf(files: Record<string, Buffer>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-layer-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const args = ['--numeric-owner', '--owner=0', '--group=0', '-C', dir, '-cf', '-', '.'];
    return execFileSync('tar', args, { maxBuffer: 256 * 1024 * 1024 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** uploadBlob puts one blob in a repository with the registry API's two-step upload. */
async function uploadBlob(host: string, name: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  const started = await fetch(`http://${host}/v2/${name}/blobs/uploads/`, { method: 'POST' });
  expect(started.status).toBe(202);

  const location = new URL(started.headers.get('location') ?? '', `http://${host}`);
  location.searchParams.set('digest', digest);
  const finished = await fetch(location, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  expect(finished.status).toBe(201);
  return digest;
}

/**
 * pushLayers makes `host/name:latest` an image of uncompressed tar layers (so a layer's blob
 * digest is its diff id). Blobs are shared by every repository of a registry, so a test that
 * damages one gives it content of its own.
 */
async function pushLayers(host: string, name: string, tars: Buffer[]): Promise<PushedImage> {
  const layers: string[] = [];
  for (const tar of tars) layers.push(await uploadBlob(host, name, tar));
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: layers },
  });
  const configDigest = await uploadBlob(host, name, Buffer.from(config));

  const descriptor = (mediaType: string, digest: string, size: number) => ({
    mediaType,
    digest,
    size,
  });
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: descriptor(OCI_CONFIG, configDigest, Buffer.byteLength(config)),
    layers: tars.map((tar, index) => descriptor(OCI_LAYER, layers[index], tar.length)),
  });
  const response = await fetch(`http://${host}/v2/${name}/manifests/latest`, {
    method: 'PUT',
    headers: { 'Content-Type': OCI_MANIFEST },
    body: manifest,
  });
  expect(response.status).toBe(201);
  return { manifest: sha256(manifest), config: configDigest, layers, id: hexOf(configDigest) };
}

/** closedPort is a port of 127.0.0.1 nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createTcpServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * StallingProxy passes requests on to a registry, except that it stops sending one blob after
 * its first `after` bytes and holds the connection open, so a pull is reliably caught half way.
 */
interface StallingProxy {
  host: string;
  /** Resolves once a download of the blob has been stopped. */
  stalled(): Promise<void>;
  stop(): Promise<void>;
}

/** startStallingProxy listens on a free port of 127.0.0.1 in front of `registry`. */
async function startStallingProxy(
  registry: RegistryServer,
  digest: string,
  after: number,
): Promise<StallingProxy> {
  let waiting: Array<() => void> = [];
  const server: Server = createHttpServer((incoming, outgoing) => {
    const { method, url, headers } = incoming;
    const options = { host: '127.0.0.1', port: registry.port, method, path: url, headers };
    const upstream = request(options, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      if (method !== 'GET' || !url?.endsWith(`/blobs/${digest}`)) {
        answer.pipe(outgoing);
        return;
      }
      passSome(answer, outgoing, after, () => {
        waiting.forEach((resolve) => resolve());
        waiting = [];
      });
    });
    incoming.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    stalled: () => new Promise((resolve) => waiting.push(resolve)),
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** passSome copies the first `limit` bytes, then cuts the upstream off and leaves `to` open. */
function passSome(
  from: NodeJS.ReadableStream & { destroy(): void },
  to: NodeJS.WritableStream,
  limit: number,
  onStall: () => void,
): void {
  let sent = 0;
  from.on('data', (chunk: Buffer) => {
    const room = limit - sent;
    if (room <= 0) return;
    to.write(chunk.subarray(0, room));
    sent += Math.min(room, chunk.length);
    if (sent < limit) return;
    from.destroy();
    onStall();
  });
}

/** waitFor polls `check` until it holds; the test's timeout bounds it. */
async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** exited resolves with a child's exit status (null when a signal ended it) and its stderr. */
async function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

/** expectPullError checks Podman's status 125 and the one `Error: ` line of a quiet pull. */
function expectPullError(result: CommandResult, text: string | RegExp): void {
  expect(result.code).toBe(125);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^Error: [^\n]*\n$/);
  if (typeof text === 'string') expect(result.stderr).toBe(`Error: ${text}\n`);
  else expect(result.stderr).toMatch(text);
}

/** expectNothingStored checks that a failed pull left no image, layer or blob behind. */
function expectNothingStored(client: Client): void {
  expect(client.imageIds()).toEqual([]);
  expect(client.layerEntries()).toEqual([]);
  expect(client.blobEntries()).toEqual([]);
}

/** insecureRegistry is a registries.conf entry that allows plain HTTP to `location`. */
const insecureRegistry = (location: string) =>
  `[[registry]]\nlocation = "${location}"\ninsecure = true\n`;

/** escaped makes text usable inside a RegExp as it is. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe.skipIf(!canRun)('a real Distribution registry', () => {
  const work = mkdtempSync(join(tmpdir(), 'skiff-registry-e2e-'));
  const layout = join(work, 'layered');
  let registry: RegistryServer;
  let layered: PushedImage;
  let clients: Client[] = [];

  /** client makes a client that afterEach destroys. */
  function client(registriesConf = ''): Client {
    const made = new Client(registriesConf);
    clients.push(made);
    return made;
  }

  beforeAll(async () => {
    registry = await startRegistryServer();
    execFileSync(join(REPO, 'test/fixtures/make-layered-image.sh'), [layout]);
    seedLayered(layout, registry.host, 'layered');
    layered = await readPushed(registry.host, 'layered', 'latest');
  });

  afterAll(async () => {
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  afterEach(() => {
    clients.forEach((made) => made.destroy());
    clients = [];
  });

  describe('pull', () => {
    it("prints the image id on stdout and Podman's progress lines on stderr", () => {
      const puller = client();
      const result = puller.skiff(['pull', '--tls-verify=false', `${registry.host}/layered`]);

      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${layered.id}\n`);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines.slice(0, 2)).toEqual([
        `Trying to pull ${registry.host}/layered:latest...`,
        'Getting image source signatures',
      ]);
      expect(lines.slice(2, 5).sort()).toEqual(
        layered.layers.map((digest) => `Copying blob ${digest}`).sort(),
      );
      expect(lines.slice(5)).toEqual([
        `Copying config ${layered.config}`,
        'Writing manifest to image destination',
        'Storing signatures',
      ]);
    });

    it('applies whiteouts and opaque directories in the container it runs', () => {
      const puller = client();
      puller.pull(`${registry.host}/layered`);

      const script = 'cat /data/a /data/b; ls -A /opaque; test -e /data/removed || echo removed';
      const run = puller.skiff(['run', '--rm', `${registry.host}/layered`, 'sh', '-c', script]);
      expect(run).toMatchObject({ code: 0, stdout: 'second\nkept\nz\nremoved\n' });
    });

    it('prints nothing on stderr with -q', () => {
      const result = client().pull(`${registry.host}/layered`);

      expect(result).toMatchObject({ code: 0, stdout: `${layered.id}\n`, stderr: '' });
    });

    it('draws a bar per layer, redrawn in place, when stderr is a terminal', () => {
      const puller = client();
      const store = puller.store;
      const argv = ['--root', store.root, '--runroot', store.runroot, 'pull', '--tls-verify=false'];
      const command = [join(REPO, 'bin/skiff'), ...argv, `${registry.host}/layered`].join(' ');
      // script(1) gives the command a pseudo-terminal and copies what it draws to stdout.
      const result = spawnSync('script', ['-qec', command, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, CONTAINERS_CONF: store.conf, ...puller.env },
      });

      expect(result.status).toBe(0);
      for (const layer of layered.layers) {
        const short = hexOf(layer).slice(0, 12);
        expect(result.stdout).toMatch(new RegExp(`\x1b\\[2KCopying blob ${short} \\[[=-]{30}\\]`));
        expect(result.stdout).toContain(`\x1b[2KCopying blob ${short} done`);
      }
      expect(result.stdout).toContain('\x1b[3A');
      expect(result.stdout).toContain(`${layered.id}\r\n`);
    });

    it('skips the blobs it has when pulling again, and stores nothing twice', () => {
      const puller = client();
      const name = `${registry.host}/layered`;
      puller.pull(name);
      const layers = puller.layerEntries();
      const blobs = puller.blobEntries();

      const again = puller.skiff(['pull', '--tls-verify=false', name]);
      expect(again.stdout).toBe(`${layered.id}\n`);
      for (const digest of layered.layers) {
        expect(again.stderr).toContain(`Copying blob ${digest} skipped: already exists\n`);
      }
      expect(puller.imageRows()).toEqual([[name, 'latest', layered.id.slice(0, 12)]]);
      expect(puller.layerEntries()).toEqual(layers);
      expect(layers).toHaveLength(3);
      expect(puller.blobEntries()).toEqual(blobs);
    });

    it('pulls by manifest digest, and lists the image once beside its tag', () => {
      const puller = client();
      const byDigest = `${registry.host}/layered@${layered.manifest}`;
      const result = puller.pull(byDigest);

      expect(result).toMatchObject({ code: 0, stdout: `${layered.id}\n` });
      const short = layered.id.slice(0, 12);
      expect(puller.imageRows()).toEqual([[`${registry.host}/layered`, '<none>', short]]);
      const [inspect] = JSON.parse(puller.skiff(['image', 'inspect', byDigest]).stdout);
      expect(inspect).toMatchObject({ Id: layered.id, Digest: layered.manifest, RepoTags: [] });
      expect(inspect.RepoDigests).toEqual([byDigest]);

      puller.pull(`${registry.host}/layered:latest`);
      expect(puller.imageRows()).toEqual([[`${registry.host}/layered`, 'latest', short]]);
    });
  });

  describe('push', () => {
    it('pushes an imported image that a fresh store pulls back with the same id', async () => {
      const pusher = client();
      const id = hexOf(pusher.store.importBusybox());
      const digestFile = join(pusher.store.dir, 'digest');
      const destination = `${registry.host}/pushed:v1`;
      const flags = ['--tls-verify=false', '--digestfile', digestFile];
      const push = pusher.skiff(['push', ...flags, 'localhost/busybox', destination]);
      expect(push.code).toBe(0);

      const digest = await manifestDigest(registry.host, 'pushed', 'v1');
      expect(readFileSync(digestFile, 'utf8')).toBe(digest);
      const skopeo = ['inspect', '--tls-verify=false', `docker://${destination}`];
      const inspect = JSON.parse(execFileSync('skopeo', skopeo).toString());
      expect(inspect).toMatchObject({ Digest: digest, Os: 'linux' });
      expect(push.stderr.trimEnd().split('\n')).toEqual([
        'Getting image source signatures',
        ...inspect.Layers.map((layer: string) => `Copying blob ${layer}`),
        `Copying config sha256:${id}`,
        'Writing manifest to image destination',
        'Storing signatures',
      ]);

      const puller = client();
      expect(puller.pull(destination)).toMatchObject({ code: 0, stdout: `${id}\n` });
      const run = puller.skiff(['run', '--rm', destination, 'echo', 'pulled back']);
      expect(run.stdout).toBe('pulled back\n');
    });
  });

  describe('an htpasswd-protected registry', () => {
    let secured: RegistryServer;
    let reference: string;
    const creds = `${USER.username}:${USER.password}`;

    beforeAll(async () => {
      secured = await startRegistryServer({ auth: USER });
      seedLayered(layout, secured.host, 'layered', creds);
      reference = `${secured.host}/layered`;
    });

    afterAll(() => secured?.stop());

    function login(puller: Client, password: string, ...flags: string[]) {
      const args = ['login', '--tls-verify=false', '-u', USER.username, '--password-stdin'];
      return puller.skiff([...args, ...flags, secured.host], `${password}\n`);
    }

    it('refuses a pull without credentials with 125, as Podman words it', () => {
      const puller = client();
      const result = puller.pull(reference);

      expect(result).toMatchObject({
        code: 125,
        stdout: '',
        stderr:
          `Error: initializing source docker://${reference}:latest: reading manifest latest ` +
          `in ${reference}: unauthorized: authentication required\n`,
      });
      expectNothingStored(puller);
    });

    it('rejects a wrong password and writes no auth.json', () => {
      const puller = client();
      const result = login(puller, 'wrong');

      expect(result).toMatchObject({
        code: 125,
        stdout: '',
        stderr: `Error: logging into "${secured.host}": invalid username/password\n`,
      });
      expect(existsSync(puller.authFile)).toBe(false);
    });

    it('logs in, then pushes and pulls with the stored credentials until logout', () => {
      const puller = client();
      const id = hexOf(puller.store.importBusybox());
      expect(login(puller, USER.password)).toMatchObject({
        code: 0,
        stdout: 'Login Succeeded!\n',
      });
      const auths = () => JSON.parse(readFileSync(puller.authFile, 'utf8')).auths;
      expect(auths()).toEqual({
        [secured.host]: { auth: Buffer.from(creds).toString('base64') },
      });

      const pushed = `${secured.host}/private:v1`;
      const push = puller.skiff(['push', '-q', '--tls-verify=false', 'localhost/busybox', pushed]);
      expect(push).toMatchObject({ code: 0, stderr: '' });
      expect(puller.skiff(['rmi', 'localhost/busybox']).code).toBe(0);
      const pull = puller.pull(pushed);
      expect(pull).toMatchObject({ code: 0, stdout: `${id}\n` });

      const logout = puller.skiff(['logout', secured.host]);
      expect(logout).toMatchObject({
        code: 0,
        stdout: `Removed login credentials for ${secured.host}\n`,
      });
      expect(auths()).toEqual({});
      const refused = puller.pull(reference);
      expect(refused.code).toBe(125);
      expect(refused.stderr).toMatch(/unauthorized: authentication required\n$/);
    });

    it('pulls with --creds and no login, writing no auth.json', () => {
      const puller = client();
      const result = puller.pull(reference, '--creds', creds);

      expect(result).toMatchObject({ code: 0, stdout: `${layered.id}\n` });
      expect(existsSync(puller.authFile)).toBe(false);
    });

    it('lets run pull with the same --tls-verify and --creds flags as pull', () => {
      const puller = client();
      const args = ['run', '--rm', '-q', '--tls-verify=false', '--creds', creds, reference];
      const result = puller.skiff([...args, 'cat', '/data/b']);

      expect(result).toMatchObject({ code: 0, stdout: 'kept\n', stderr: '' });
      expect(puller.imageIds()).toEqual([layered.id.slice(0, 12)]);
    });

    it('keeps a login in the file --authfile names, and uses it from there', () => {
      const puller = client();
      const authFile = join(puller.store.dir, 'elsewhere.json');
      expect(login(puller, USER.password, '--authfile', authFile).code).toBe(0);
      expect(Object.keys(JSON.parse(readFileSync(authFile, 'utf8')).auths)).toEqual([secured.host]);
      expect(existsSync(puller.authFile)).toBe(false);

      const result = puller.pull(reference, '--authfile', authFile);
      expect(result).toMatchObject({ code: 0, stdout: `${layered.id}\n` });
    });
  });

  describe('registries.conf', () => {
    let emptyMirror: RegistryServer;
    let deadMirror: string;

    beforeAll(async () => {
      emptyMirror = await startRegistryServer();
      deadMirror = `127.0.0.1:${await closedPort()}`;
    });

    afterAll(() => emptyMirror?.stop());

    it('resolves a short name by its unqualified-search registry, insecure as configured', () => {
      const search = `unqualified-search-registries = ["${registry.host}"]\n`;
      const puller = client(`${search}${insecureRegistry(registry.host)}`);
      const result = puller.skiff(['pull', 'layered']);

      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${layered.id}\n`);
      expect(result.stderr.split('\n').slice(0, 2)).toEqual([
        `Resolving "layered" using unqualified-search registries (${puller.registriesConf})`,
        `Trying to pull ${registry.host}/layered:latest...`,
      ]);
      expect(puller.imageRows()).toEqual([
        [`${registry.host}/layered`, 'latest', layered.id.slice(0, 12)],
      ]);
    });

    it('skips a mirror without the image and a dead one, and pulls from the registry', async () => {
      const mirrors = [emptyMirror.host, deadMirror]
        .map((location) => `[[registry.mirror]]\nlocation = "${location}"\ninsecure = true\n`)
        .join('');
      const puller = client(`${insecureRegistry(registry.host)}${mirrors}`);
      const result = puller.skiff(['pull', `${registry.host}/layered`]);

      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${layered.id}\n`);
      // As in Podman, mirrors are tried quietly: the line names what was asked for.
      expect(result.stderr.match(/^Trying to pull .*$/gm)).toEqual([
        `Trying to pull ${registry.host}/layered:latest...`,
      ]);
      expect(await emptyMirror.log()).toContain('/v2/layered/manifests/latest');
      expect(puller.imageRows()).toEqual([
        [`${registry.host}/layered`, 'latest', layered.id.slice(0, 12)],
      ]);
    });

    it('refuses to pull from a blocked registry, as Podman words it', () => {
      const puller = client(`[[registry]]\nlocation = "${registry.host}"\nblocked = true\n`);
      const result = puller.skiff(['pull', '--tls-verify=false', `${registry.host}/layered`]);

      expect(result.code).toBe(125);
      const confDir = join(puller.env.HOME ?? '', '.config/containers/registries.conf.d');
      expect(result.stderr).toBe(
        `Trying to pull ${registry.host}/layered:latest...\n` +
          `Error: initializing source docker://${registry.host}/layered:latest: ` +
          `registry ${registry.host} is blocked in ${puller.registriesConf} or ${confDir}\n`,
      );
      expectNothingStored(puller);
    });
  });

  describe('failed pulls leave nothing behind', () => {
    it('reports an unknown image as manifest unknown, naming the reference', () => {
      const puller = client();
      const result = puller.pull(`${registry.host}/nothere:v9`);

      expectPullError(
        result,
        `initializing source docker://${registry.host}/nothere:v9: reading manifest v9 ` +
          `in ${registry.host}/nothere: manifest unknown: manifest unknown`,
      );
      expectNothingStored(puller);
    });

    it('reports a registry that does not answer', async () => {
      const host = `127.0.0.1:${await closedPort()}`;
      const puller = client();
      const result = puller.pull(`${host}/busybox`);

      const prefix =
        `Error: initializing source docker://${host}/busybox:latest: ` +
        `pinging container registry ${host}: Get "http://${host}/v2/": `;
      expectPullError(result, new RegExp(`^${escaped(prefix)}.*ECONNREFUSED`));
      expectNothingStored(puller);
    });

    it('refuses a blob whose bytes were changed in the registry: digest mismatch', async () => {
      const noise = randomBytes(64 * 1024);
      const image = await pushLayers(registry.host, 'corrupt', [
        tarOf({ 'data/ok': randomBytes(1024) }),
        tarOf({ 'data/noise': noise }),
      ]);
      // One bit of the file's content, so the tar stays well formed and only the digest tells.
      const damaged = registry.blobPath(image.layers[1]);
      const bytes = readFileSync(damaged);
      bytes[bytes.indexOf(noise.subarray(0, 64)) + 1000] ^= 0x01;
      writeFileSync(damaged, bytes);

      const puller = client();
      const result = puller.pull(`${registry.host}/corrupt`);

      const digest = image.layers[1];
      expectPullError(
        result,
        `writing blob ${digest}: digest did not match: expected ${digest}, got ${sha256(bytes)}`,
      );
      expectNothingStored(puller);
    });

    it('refuses a blob that ends short of its size', async () => {
      const image = await pushLayers(registry.host, 'truncated', [
        tarOf({ 'data/ok': randomBytes(1024) }),
        tarOf({ 'data/noise': randomBytes(64 * 1024) }),
      ]);
      const digest = image.layers[1];
      const size = statSync(registry.blobPath(digest)).size;
      truncateSync(registry.blobPath(digest), 20 * 1024);

      const puller = client();
      const result = puller.pull(`${registry.host}/truncated`);

      expectPullError(
        result,
        `writing blob ${digest}: extracting layer: ` +
          `blob ${digest} ended after 20480 of ${size} bytes`,
      );
      expectNothingStored(puller);
    });

    describe('interrupted half way', () => {
      let big: PushedImage;
      let proxy: StallingProxy;

      beforeAll(async () => {
        big = await pushLayers(registry.host, 'big', [
          tarOf({ 'data/small': randomBytes(4 * 1024) }),
          tarOf({ 'data/big': randomBytes(8 * 1024 * 1024) }),
        ]);
        proxy = await startStallingProxy(registry, big.layers[1], 1024 * 1024);
      });

      afterAll(() => proxy?.stop());

      /** startStalledPull starts a pull through the proxy and waits until it is caught. */
      async function startStalledPull(puller: Client): Promise<ChildProcess> {
        const stalled = proxy.stalled();
        const child = puller.start(['pull', '--tls-verify=false', `${proxy.host}/big`]);
        await stalled;
        // The first layer is small and not held back: wait until it is stored, so the
        // interruption must also take away a layer this pull completed.
        const small = hexOf(big.layers[0]);
        await waitFor(() => child.exitCode !== null || puller.layerEntries().includes(small));
        expect(child.exitCode).toBeNull();
        return child;
      }

      function expectPullCompletes(puller: Client): void {
        const result = puller.pull(`${registry.host}/big`);
        expect(result).toMatchObject({ code: 0, stdout: `${big.id}\n` });
        expect(puller.imageIds()).toEqual([big.id.slice(0, 12)]);
        const layers = puller.layerEntries().filter((name) => !name.startsWith('.'));
        expect(layers.sort()).toEqual(big.layers.map(hexOf).sort());
        const file = join(puller.store.root, 'layers', hexOf(big.layers[1]), 'diff/data/big');
        expect(statSync(file).size).toBe(8 * 1024 * 1024);
      }

      it('removes what it stored on SIGINT, then a new pull completes', async () => {
        const puller = client();
        const child = await startStalledPull(puller);
        const outcome = exited(child);
        child.kill('SIGINT');

        // Skiff reports the abort as an engine error; Podman 4.3 exits 1 without a word.
        const { code, stderr } = await outcome;
        expect(code).toBe(125);
        const last = stderr.trimEnd().split('\n').at(-1);
        expect(last).toBe(`Error: writing blob ${big.layers[1]}: extracting layer: aborted`);
        expectNothingStored(puller);
        expectPullCompletes(puller);
      });

      it('recovers from SIGKILL: a new pull completes and stores one image', async () => {
        const puller = client();
        const child = await startStalledPull(puller);
        const outcome = exited(child);
        child.kill('SIGKILL');
        await outcome;

        // The layer it finished stays, unreferenced, for the next pull to reuse; the one it was
        // extracting stays as a `.tmp-<pid>-` directory until the next extraction sweeps it.
        const temporary = () => puller.layerEntries().filter((name) => name.startsWith('.tmp-'));
        expect(puller.imageIds()).toEqual([]);
        expect(puller.layerEntries()).toContain(hexOf(big.layers[0]));
        expect(temporary()).toEqual([expect.stringMatching(`^\\.tmp-${child.pid}-`)]);

        expectPullCompletes(puller);
        expect(temporary()).toEqual([]);
      });
    });
  });

  describe('run', () => {
    const conf = () => insecureRegistry(registry.host);

    it('pulls an image that is only in the registry, then runs it', () => {
      const runner = client(conf());
      const result = runner.skiff(['run', '--rm', `${registry.host}/layered`, 'cat', '/data/a']);

      expect(result).toMatchObject({ code: 0, stdout: 'second\n' });
      expect(result.stderr.split('\n')[0]).toBe(
        `Trying to pull ${registry.host}/layered:latest...`,
      );
      expect(result.stderr).toContain('Writing manifest to image destination\n');
      expect(runner.imageRows()).toEqual([
        [`${registry.host}/layered`, 'latest', layered.id.slice(0, 12)],
      ]);
    });

    it('pulls nothing for an image it has, unless --pull=always', () => {
      const runner = client(conf());
      const name = `${registry.host}/layered`;
      runner.skiff(['pull', '-q', name]);

      const missing = runner.skiff(['run', '--rm', '--pull=missing', name, 'true']);
      expect(missing).toMatchObject({ code: 0, stderr: '' });
      const always = runner.skiff(['run', '--rm', '--pull=always', name, 'true']);
      expect(always.code).toBe(0);
      expect(always.stderr).toContain(`Trying to pull ${name}:latest...\n`);
      expect(runner.imageIds()).toEqual([layered.id.slice(0, 12)]);
    });

    it('refuses with --pull=never when the image is not stored', () => {
      const runner = client(conf());
      const name = `${registry.host}/layered`;
      const result = runner.skiff(['run', '--rm', '--pull=never', name, 'true']);

      expect(result).toMatchObject({
        code: 125,
        stdout: '',
        stderr: `Error: ${name}: image not known\n`,
      });
      expectNothingStored(runner);
    });
  });
});
