import type * as Fs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { SkiffError } from '@skiff/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ConfigLoader, type ConfigPaths } from './config-loader.js';
import { emptyEngineConfig } from './engine-config.js';

// The loader reads fixed system paths; they are redirected into a temporary "host root" so the
// tests neither depend on nor touch the machine's /etc/containers and /usr/share/containers.
const host = vi.hoisted(() => ({ root: '' }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const system = /^\/(etc|usr\/share)\/containers(\/|$)/;
  const redirect = <T>(path: T): T =>
    (typeof path === 'string' && system.test(path) ? `${host.root}${path}` : path) as T;
  return {
    ...fs,
    existsSync: (path: string) => fs.existsSync(redirect(path)),
    readFileSync: (path: string, options: BufferEncoding) =>
      fs.readFileSync(redirect(path), options),
    readdirSync: (path: string) => fs.readdirSync(redirect(path)),
  };
});

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-config-'));
  host.root = join(dir, 'host');
  mkdirSync(host.root);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** write puts a file at `path`; system paths land under the fake host root. */
function write(path: string, text: string): string {
  const real = path.startsWith(dir) ? path : join(host.root, path);
  mkdirSync(dirname(real), { recursive: true });
  writeFileSync(real, text);
  return path;
}

function load(paths: Partial<ConfigPaths> = {}) {
  return new ConfigLoader({ env: {}, rootless: false, ...paths }).load();
}

function failureOf(paths: Partial<ConfigPaths>): { code: string; message: string } {
  try {
    load(paths);
  } catch (error) {
    if (SkiffError.is(error)) return { code: error.code, message: error.message };
    throw error;
  }
  return expect.unreachable('expected a ConfigError');
}

const FULL = `
[containers]
default_capabilities = ["CHOWN", "NET_RAW"]
default_ulimits = ["nofile=1024:2048"]
env = ["FOO=bar"]
label = false
seccomp_profile = "/etc/skiff/seccomp.json"
pids_limit = 100

[engine]
runtime = "crun"

[engine.runtimes]
crun = ["/usr/bin/crun", "/usr/local/bin/crun"]
runc = ["/opt/runc"]

[skiff]
image_provider = "oci"
label_provider = "none"
seccomp_provider = "strict"
runtime_provider = "oci"
plugins = ["./my-plugin", "@acme/skiff-label"]
`;

describe('ConfigLoader: containers.conf', () => {
  it('reads nothing and sets nothing when no file exists', () => {
    expect(load()).toEqual(emptyEngineConfig());
  });

  it('maps every key of [containers], [engine], [engine.runtimes] and [skiff]', () => {
    const file = write(join(dir, 'full.conf'), FULL);

    expect(load({ env: { CONTAINERS_CONF: file } })).toEqual({
      containers: {
        defaultCapabilities: ['CHOWN', 'NET_RAW'],
        defaultUlimits: ['nofile=1024:2048'],
        env: ['FOO=bar'],
        label: false,
        seccompProfile: '/etc/skiff/seccomp.json',
        pidsLimit: 100,
      },
      engine: {
        runtime: 'crun',
        runtimes: { crun: ['/usr/bin/crun', '/usr/local/bin/crun'], runc: ['/opt/runc'] },
      },
      skiff: {
        imageProvider: 'oci',
        labelProvider: 'none',
        seccompProvider: 'strict',
        runtimeProvider: 'oci',
        plugins: ['./my-plugin', '@acme/skiff-label'],
      },
      storage: {},
      sources: [file],
    });
  });

  it('ignores values of the wrong type and keys it does not know', () => {
    const file = write(
      join(dir, 'odd.conf'),
      '[containers]\nlabel = "no"\npids_limit = "100"\nenv = ["A=1", 2]\nnetns = "host"\n' +
        '[engine.runtimes]\nrunc = "/usr/bin/runc"\n[network]\nx = 1\n',
    );

    const config = load({ env: { CONTAINERS_CONF: file } });

    expect(config.containers).toEqual({ env: ['A=1'] });
    expect(config.engine.runtimes).toEqual({});
  });

  it('lets CONTAINERS_CONF replace the system files', () => {
    write('/usr/share/containers/containers.conf', '[engine]\nruntime = "shipped"\n');
    write('/etc/containers/containers.conf', '[containers]\nlabel = false\n');
    const file = write(join(dir, 'mine.conf'), '[engine]\nruntime = "mine"\n');

    const config = load({ env: { CONTAINERS_CONF: file } });

    expect(config.engine.runtime).toBe('mine');
    expect(config.containers.label).toBeUndefined();
    expect(config.sources).toEqual([file]);
  });

  it('prefers --config over CONTAINERS_CONF', () => {
    const fromEnv = write(join(dir, 'env.conf'), '[engine]\nruntime = "env"\n');
    const fromFlag = write(join(dir, 'flag.conf'), '[engine]\nruntime = "flag"\n');

    const config = load({ env: { CONTAINERS_CONF: fromEnv }, containersConf: fromFlag });

    expect(config.engine.runtime).toBe('flag');
    expect(config.sources).toEqual([fromFlag]);
  });

  it('merges the system files in Podman order, later files winning key by key', () => {
    write(
      '/usr/share/containers/containers.conf',
      '[engine]\nruntime = "shipped"\n[containers]\npids_limit = 1\n',
    );
    write('/etc/containers/containers.conf', '[engine]\nruntime = "admin"\n');
    write('/etc/containers/containers.conf.d/20-b.conf', '[containers]\npids_limit = 20\n');
    write(
      '/etc/containers/containers.conf.d/10-a.conf',
      '[containers]\npids_limit = 10\nlabel = true\n',
    );
    write('/etc/containers/containers.conf.d/99-ignored.txt', 'not toml [');

    const config = load();

    expect(config.engine.runtime).toBe('admin');
    expect(config.containers).toEqual({ pidsLimit: 20, label: true });
    expect(config.sources).toEqual([
      '/usr/share/containers/containers.conf',
      '/etc/containers/containers.conf',
      '/etc/containers/containers.conf.d/10-a.conf',
      '/etc/containers/containers.conf.d/20-b.conf',
    ]);
  });

  it('adds the user files after the system ones when rootless', () => {
    const xdg = join(dir, 'xdg');
    write('/etc/containers/containers.conf', '[engine]\nruntime = "admin"\n');
    const user = write(join(xdg, 'containers/containers.conf'), '[engine]\nruntime = "user"\n');
    const drop = write(
      join(xdg, 'containers/containers.conf.d/1.conf'),
      '[containers]\nlabel = false\n',
    );

    const rootless = load({ rootless: true, env: { XDG_CONFIG_HOME: xdg } });
    const rootful = load({ rootless: false, env: { XDG_CONFIG_HOME: xdg } });

    expect(rootless.engine.runtime).toBe('user');
    expect(rootless.containers.label).toBe(false);
    expect(rootless.sources).toEqual(['/etc/containers/containers.conf', user, drop]);
    expect(rootful.engine.runtime).toBe('admin');
  });

  it('reports a missing CONTAINERS_CONF file', () => {
    const file = join(dir, 'missing.conf');

    expect(failureOf({ env: { CONTAINERS_CONF: file } })).toEqual({
      code: 'Config',
      message: `reading ${file}: no such file`,
    });
  });

  it('reports malformed TOML in one line naming the file', () => {
    const file = write(join(dir, 'broken.conf'), '[containers\nlabel = \n');

    const { code, message } = failureOf({ env: { CONTAINERS_CONF: file } });

    expect(code).toBe('Config');
    expect(message).toMatch(new RegExp(`^reading ${file}: Invalid TOML document: .+$`));
    expect(message).not.toContain('\n');
  });

  it('reports malformed TOML in a system file too', () => {
    write('/etc/containers/containers.conf', 'a = 1\na = 2\n');

    expect(failureOf({}).message).toMatch(
      /^reading \/etc\/containers\/containers\.conf: Invalid TOML document: /,
    );
  });

  it.each([
    ['containers = 1\n', 'containers'],
    ['engine = "x"\n', 'engine'],
    ['[engine]\nruntimes = ["runc"]\n', 'engine.runtimes'],
    ['skiff = true\n', 'skiff'],
  ])('refuses %j where a table belongs', (text, name) => {
    const file = write(join(dir, 'shape.conf'), text);

    expect(failureOf({ env: { CONTAINERS_CONF: file } })).toEqual({
      code: 'Config',
      message: `reading ${file}: [${name}] must be a table`,
    });
  });
});

describe('ConfigLoader: storage.conf', () => {
  const STORAGE = '[storage]\ndriver = "vfs"\ngraphroot = "/data/skiff"\nrunroot = "/run/data"\n';

  it('takes driver, graphroot and runroot from CONTAINERS_STORAGE_CONF', () => {
    const file = write(join(dir, 'storage.conf'), STORAGE);

    const config = load({ env: { CONTAINERS_STORAGE_CONF: file } });

    expect(config.storage).toEqual({
      driver: 'vfs',
      graphroot: '/data/skiff',
      runroot: '/run/data',
    });
    expect(config.sources).toEqual([file]);
  });

  it('takes only the driver from the system storage.conf', () => {
    write('/etc/containers/storage.conf', STORAGE);

    const config = load();

    expect(config.storage).toEqual({ driver: 'vfs' });
    expect(config.sources).toEqual(['/etc/containers/storage.conf']);
  });

  it('takes overlay mount_program from either file, the overlay table over the older key', () => {
    write(
      '/etc/containers/storage.conf',
      '[storage.options]\nmount_program = "/old/fuse"\n' +
        '[storage.options.overlay]\nmount_program = "/usr/bin/fuse-overlayfs"\n',
    );
    const older = write(
      join(dir, 'older.conf'),
      '[storage.options]\nmount_program = "/old/fuse"\n',
    );

    expect(load().storage).toEqual({ mountProgram: '/usr/bin/fuse-overlayfs' });
    const explicit = load({ env: { CONTAINERS_STORAGE_CONF: older } });
    expect(explicit.storage).toEqual({ mountProgram: '/old/fuse' });
  });

  it('reports a [storage.options.overlay] that is not a table', () => {
    const file = write(join(dir, 'shape.conf'), '[storage.options]\noverlay = 1\n');

    expect(failureOf({ env: { CONTAINERS_STORAGE_CONF: file } })).toEqual({
      code: 'Config',
      message: `reading ${file}: [storage.options.overlay] must be a table`,
    });
  });

  it('reads CONTAINERS_STORAGE_CONF instead of the system storage.conf', () => {
    write('/etc/containers/storage.conf', '[storage]\ndriver = "overlay"\n');
    const file = write(join(dir, 'storage.conf'), '[storage]\ngraphroot = "/data"\n');

    const config = load({ env: { CONTAINERS_STORAGE_CONF: file } });

    expect(config.storage).toEqual({ graphroot: '/data' });
  });

  it('reads storage.conf after containers.conf', () => {
    const conf = write(join(dir, 'containers.conf'), '[engine]\nruntime = "runc"\n');
    const storage = write(join(dir, 'storage.conf'), STORAGE);

    const config = load({ env: { CONTAINERS_CONF: conf, CONTAINERS_STORAGE_CONF: storage } });

    expect(config.sources).toEqual([conf, storage]);
  });

  it('reports a missing CONTAINERS_STORAGE_CONF file', () => {
    const file = join(dir, 'nope.conf');

    expect(failureOf({ env: { CONTAINERS_STORAGE_CONF: file } })).toEqual({
      code: 'Config',
      message: `reading ${file}: no such file`,
    });
  });

  it('reports malformed storage.conf and a [storage] that is not a table', () => {
    const broken = write(join(dir, 'broken.conf'), '[storage\n');
    const shape = write(join(dir, 'shape.conf'), 'storage = 5\n');

    expect(failureOf({ env: { CONTAINERS_STORAGE_CONF: broken } }).message).toMatch(
      new RegExp(`^reading ${broken}: Invalid TOML document: [^\\n]+$`),
    );
    expect(failureOf({ env: { CONTAINERS_STORAGE_CONF: shape } }).message).toBe(
      `reading ${shape}: [storage] must be a table`,
    );
  });
});
