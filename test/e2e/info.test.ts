import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { REPO, Store } from './harness.js';

const FIXED = join(REPO, 'test/fixtures/plugins/fixed-label');
// This test's expectations are for a host without SELinux, like the machines Skiff builds on.
const SELINUX = existsSync('/sys/fs/selinux/enforce');
const PODMAN = spawnSync('podman', ['--version']).status === 0;
const DEFAULT_PROFILE = ['/etc/containers/seccomp.json', '/usr/share/containers/seccomp.json'].find(
  existsSync,
);

let store: Store | undefined;

afterEach(() => store?.destroy());

function withConf(conf: string): Store {
  store = new Store(conf);
  return store;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function infoJson(s: Store): any {
  const result = s.skiff(['info', '--format', 'json']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout);
}

/** keysOf lists the dotted paths of every key in a report, for comparing shapes. */
function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    `${prefix}${key}`,
    ...keysOf(inner, `${prefix}${key}.`),
  ]);
}

describe('skiff info', () => {
  it.skipIf(SELINUX)('reports no SELinux on this host and the label provider auto chose', () => {
    const info = infoJson(withConf(''));
    expect(info.host.security.selinuxEnabled).toBe(false);

    expect(info.providers.label).toEqual({
      implementation: 'none',
      chosenBy: 'auto',
      plugin: 'label-none',
      packageName: '@skiff/plugin-label-none',
      packageVersion: '0.1.0',
      apiRange: '^1.2.0',
    });
    const yaml = store?.skiff(['info']).stdout ?? '';
    expect(yaml).toContain('\n    selinuxEnabled: false\n');
    expect(yaml).toMatch(
      /\n {2}label:\n {4}apiRange: \^1\.2\.0\n {4}chosenBy: auto\n {4}implementation: none\n/,
    );
  });

  it('shows a label provider containers.conf names as configured', () => {
    const info = infoJson(withConf('[skiff]\nlabel_provider = "selinux"\n'));

    expect(info.providers.label).toMatchObject({
      implementation: 'selinux',
      chosenBy: 'configured',
      packageName: '@skiff/plugin-label-selinux',
    });
    expect(info.providers.seccomp).toMatchObject({ implementation: 'oci', chosenBy: 'auto' });
  });

  it('shows a third-party provider with its package and version', () => {
    const conf = `[skiff]\nplugins = ["${FIXED}"]\nlabel_provider = "fixed"\n`;

    expect(infoJson(withConf(conf)).providers.label).toEqual({
      implementation: 'fixed',
      chosenBy: 'configured',
      plugin: 'fixed-label',
      packageName: 'skiff-plugin-fixed-label',
      packageVersion: '1.0.0',
      apiRange: '^1.0.0',
    });
  });

  it.skipIf(DEFAULT_PROFILE === undefined)(
    'reports seccomp enabled with the default profile, or the one containers.conf names',
    () => {
      const s = withConf('');
      const byDefault = infoJson(s).host.security;
      expect(byDefault).toMatchObject({
        seccompEnabled: true,
        seccompProfilePath: DEFAULT_PROFILE,
      });

      const custom = join(s.dir, 'custom-seccomp.json');
      copyFileSync(DEFAULT_PROFILE as string, custom);
      writeFileSync(s.conf, `[containers]\nseccomp_profile = "${custom}"\n`);
      expect(infoJson(s).host.security.seccompProfilePath).toBe(custom);
    },
  );

  it('describes the store it was pointed at and counts what it holds', () => {
    const s = withConf('');
    s.importBusybox();
    expect(s.skiff(['create', 'localhost/busybox', 'true']).code).toBe(0);

    const info = infoJson(s);
    expect(info.store).toMatchObject({
      graphRoot: s.root,
      runRoot: s.runroot,
      volumePath: join(s.root, 'volumes'),
      imageStore: { number: 1 },
      containerStore: { number: 1, paused: 0, running: 0, stopped: 1 },
    });
  });

  it('names the storage driver the store uses, probed once, or the one configured', () => {
    const s = withConf('');
    const overlay = readFileSync('/proc/filesystems', 'utf8').includes('\toverlay\n');

    const info = infoJson(s);
    expect(info.store.graphDriverName).toBe(overlay ? 'overlay' : 'vfs');
    expect(info.store.graphOptions).toEqual({});
    const driver = s.skiff([
      '--storage-driver',
      'vfs',
      'info',
      '--format',
      '{{.Store.GraphDriverName}}',
    ]);
    expect(driver.stdout).toBe('vfs\n');
  });

  it('shows a storage.conf mount_program under GraphOptions as Podman does', () => {
    const s = withConf('');
    const storage = join(s.dir, 'storage.conf');
    writeFileSync(
      storage,
      '[storage.options.overlay]\nmount_program = "/usr/bin/fuse-overlayfs"\n',
    );
    const env = { CONTAINERS_STORAGE_CONF: storage };

    const info = JSON.parse(s.skiff(['info', '-f', 'json'], { env }).stdout);
    expect(info.store.graphDriverName).toBe('overlay');
    expect(info.store.graphOptions['overlay.mount_program']).toMatchObject({
      Executable: '/usr/bin/fuse-overlayfs',
    });
  });

  it("reports the runtime, conmon and Skiff's own version and API", () => {
    const s = withConf('');
    const info = infoJson(s);
    const version = s.skiff(['--version']).stdout.trim().replace('skiff version ', '');

    expect(info.version).toMatchObject({ Version: version, APIVersion: '1.3.0', Os: 'linux' });
    expect(info.host.ociRuntime).toMatchObject({ name: 'runc' });
    expect(info.host.ociRuntime.version).toMatch(/^runc version /);
    expect(info.host.conmon.version).toMatch(/^conmon version \d+\.\d+\.\d+, commit: /);
    expect(s.skiff(['system', 'info', '-f', 'json']).code).toBe(0);
  });

  it('shows registries.conf as Podman does: each registry by prefix, then search', () => {
    const s = withConf('');
    const registries = join(s.dir, 'registries.conf');
    writeFileSync(
      registries,
      'unqualified-search-registries = ["quay.io"]\n' +
        '[[registry]]\nprefix = "example.com/foo"\nlocation = "mirror.example.com"\n',
    );
    const env = { CONTAINERS_REGISTRIES_CONF: registries };

    const info = JSON.parse(s.skiff(['info', '-f', 'json'], { env }).stdout);
    expect(info.registries).toEqual({
      'example.com/foo': {
        Prefix: 'example.com/foo',
        Location: 'mirror.example.com',
        Insecure: false,
        PullFromMirror: '',
        Mirrors: [],
        Blocked: false,
        MirrorByDigestOnly: false,
      },
      search: ['quay.io'],
    });
    expect(s.skiff(['info'], { env }).stdout).toContain('\n  search:\n  - quay.io\nstore:\n');
  });

  it("applies a Go template to Podman's field names", () => {
    const s = withConf('');
    const arch = s.skiff(['info', '--format', '{{.Host.Arch}} {{.Store.RunRoot}}']);
    expect(arch).toEqual({
      code: 0,
      stdout: `${infoJson(s).host.arch} ${s.runroot}\n`,
      stderr: '',
    });
  });

  it('refuses a bad template in one line with status 125, printing nothing', () => {
    const result = withConf('').skiff(['info', '--format', '{{.Host.Arch']);

    expect(result).toEqual({
      code: 125,
      stdout: '',
      stderr: 'Error: template: info:1: unclosed action\n',
    });
  });

  it.skipIf(!PODMAN)('uses the keys podman info -f json uses, beside its own providers', () => {
    const ours = keysOf(infoJson(withConf(''))).filter((key) => !key.startsWith('providers'));
    const dir = mkdtempSync(join(tmpdir(), 'skiff-e2e-podman-'));
    try {
      const dirs = ['--root', 'root', '--runroot', 'run', '--tmpdir', 'tmp'].map((arg, i) =>
        i % 2 === 1 ? join(dir, arg) : arg,
      );
      const podman = spawnSync('podman', [...dirs, '--runtime', 'runc', 'info', '-f', 'json'], {
        encoding: 'utf8',
      });
      const theirs = new Set(keysOf(JSON.parse(podman.stdout)));

      expect(ours.filter((key) => !theirs.has(key))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
