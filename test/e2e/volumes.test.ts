import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mountsUnder, runcContainers, Store, waitFor, type CommandResult } from './harness.js';

/** fileLabel reads a path's own security.selinux attribute; '' when it has none. */
function fileLabel(path: string): string {
  const result = spawnSync('getfattr', ['-h', '--only-values', '-n', 'security.selinux', path], {
    encoding: 'utf8',
  });
  return result.status === 0 ? result.stdout.replace(/\0$/, '') : '';
}

/** expectEngineError checks Podman's status 125 and a single `Error: ` line. */
function expectEngineError(result: CommandResult, text: string): void {
  expect(result.stderr).toBe(`Error: ${text}\n`);
  expect(result.code).toBe(125);
  expect(result.stdout).toBe('');
}

/** expectNothingLeft checks that a failed command left no container, volume or runtime state. */
function expectNothingLeft(store: Store): void {
  expect(store.skiff(['ps', '-aq']).stdout).toBe('');
  expect(store.skiff(['volume', 'ls', '-q']).stdout).toBe('');
  expect(runcContainers(store.runroot)).toEqual([]);
  expect(mountsUnder(store.dir)).toEqual([]);
  expect(store.bundles()).toEqual([]);
}

function run(store: Store, args: string[]): CommandResult {
  return store.skiff(['run', '--rm', ...args]);
}

describe('bind mounts, tmpfs and named volumes with the default label provider', () => {
  let store: Store;
  let src: string;
  beforeAll(() => {
    store = new Store();
    store.importBusybox();
    src = join(store.dir, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'hello'), 'hi\n');
  });
  afterAll(() => store.destroy());

  it('makes a bind mount readable and writable in the container', () => {
    const result = run(store, [
      '-v',
      `${src}:/d`,
      'localhost/busybox',
      'sh',
      '-c',
      'cat /d/hello; echo w > /d/new',
    ]);

    expect(result).toMatchObject({ code: 0, stdout: 'hi\n' });
    expect(readFileSync(join(src, 'new'), 'utf8')).toBe('w\n');
  });

  it('enforces ro', () => {
    const result = run(store, ['-v', `${src}:/d:ro`, 'localhost/busybox', 'touch', '/d/x']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Read-only file system');
    expect(existsSync(join(src, 'x'))).toBe(false);
  });

  it('mounts a tmpfs with its options', () => {
    const result = run(store, [
      '--tmpfs',
      '/t:size=1m',
      'localhost/busybox',
      'grep',
      ' /t ',
      '/proc/mounts',
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^tmpfs \/t tmpfs rw,nosuid,nodev,.*size=1024k/);
  });

  it('keeps a named volume, created on demand, across containers and container removal', () => {
    expect(
      run(store, ['-v', 'keep:/data', 'localhost/busybox', 'sh', '-c', 'echo kept > /data/f']).code,
    ).toBe(0);

    const again = run(store, ['-v', 'keep:/data', 'localhost/busybox', 'cat', '/data/f']);
    expect(again).toMatchObject({ code: 0, stdout: 'kept\n' });
    expect(readFileSync(join(store.root, 'volumes/keep/_data/f'), 'utf8')).toBe('kept\n');
    expect(store.skiff(['volume', 'rm', 'keep'])).toMatchObject({ code: 0, stdout: 'keep\n' });
  });

  it("copies the image's content into a new volume at its first use", () => {
    const result = run(store, ['-v', 'etc:/etc', 'localhost/busybox', 'cat', '/etc/passwd']);

    expect(result.stdout).toContain('root:x:0:0');
    expect(readdirSync(join(store.root, 'volumes/etc/_data'))).toContain('passwd');
    const [volume] = JSON.parse(store.skiff(['volume', 'inspect', 'etc']).stdout);
    expect(volume.NeedsCopyUp).toBeUndefined();
    store.skiff(['volume', 'rm', 'etc']);
  });

  it('creates, lists, inspects and removes volumes as Podman does', () => {
    expect(store.skiff(['volume', 'create', '--label', 'a=b', 'v1'])).toMatchObject({
      code: 0,
      stdout: 'v1\n',
    });
    const generated = store.skiff(['volume', 'create']).stdout.trim();
    expect(generated).toMatch(/^[0-9a-f]{64}$/);

    const names = [generated, 'v1'].sort();
    const table = `DRIVER      VOLUME NAME\n${names.map((n) => `local       ${n}\n`).join('')}`;
    expect(store.skiff(['volume', 'ls']).stdout).toBe(table);
    expect(store.skiff(['volume', 'list', '-q']).stdout).toBe(names.map((n) => `${n}\n`).join(''));
    const listed = JSON.parse(store.skiff(['volume', 'ls', '--format', 'json']).stdout);
    expect(listed.map((v: { Name: string }) => v.Name)).toEqual(names);

    const [inspect] = JSON.parse(store.skiff(['volume', 'inspect', 'v1']).stdout);
    expect(Object.keys(inspect)).toEqual([
      'Name',
      'Driver',
      'Mountpoint',
      'CreatedAt',
      'Labels',
      'Scope',
      'Options',
      'MountCount',
      'NeedsCopyUp',
      'NeedsChown',
    ]);
    expect(inspect).toMatchObject({
      Name: 'v1',
      Driver: 'local',
      Mountpoint: join(store.root, 'volumes/v1/_data'),
      Labels: { a: 'b' },
      Scope: 'local',
    });

    expect(store.skiff(['volume', 'rm', 'v1', generated]).code).toBe(0);
    expect(store.skiff(['volume', 'ls', '-q']).stdout).toBe('');
    expect(existsSync(join(store.root, 'volumes/v1'))).toBe(false);
  });

  it('reports missing and duplicate volumes with Podman messages and statuses', () => {
    expect(store.skiff(['volume', 'rm', 'nope'])).toMatchObject({
      code: 1,
      stderr: 'Error: no volume with name "nope" found: no such volume\n',
    });
    expect(store.skiff(['volume', 'rm', '-f', 'nope'])).toMatchObject({ code: 0, stdout: '' });
    expect(store.skiff(['volume', 'inspect', 'nope'])).toMatchObject({
      code: 125,
      stdout: '[]\n',
      stderr: 'Error: inspecting object: no such volume nope\n',
    });

    store.skiff(['volume', 'create', 'dup']);
    expectEngineError(
      store.skiff(['volume', 'create', 'dup']),
      'volume with name dup already exists: volume already exists',
    );
    store.skiff(['volume', 'rm', 'dup']);
  });

  it('refuses to remove a volume in use, removes it and its container with -f, and prunes', () => {
    const id = store.skiff(['create', '-v', 'used:/d', 'localhost/busybox', 'true']).stdout.trim();
    store.skiff(['volume', 'create', 'unused']);

    expect(store.skiff(['volume', 'rm', 'used'])).toMatchObject({
      code: 2,
      stderr: `Error: volume used is being used by the following container(s): ${id}: volume is being used\n`,
    });
    expect(store.skiff(['volume', 'prune', '-f'])).toMatchObject({ code: 0, stdout: 'unused\n' });
    expect(store.skiff(['volume', 'ls', '-q']).stdout).toBe('used\n');

    expect(store.skiff(['rm', id]).code).toBe(0);
    expect(store.skiff(['volume', 'ls', '-q']).stdout).toBe('used\n');
    const again = store
      .skiff(['create', '-v', 'used:/d', 'localhost/busybox', 'true'])
      .stdout.trim();
    expect(store.skiff(['volume', 'rm', '-f', 'used'])).toMatchObject({
      code: 0,
      stdout: 'used\n',
    });
    expect(store.skiff(['ps', '-aq', '--no-trunc']).stdout).not.toContain(again);
  });

  it('shows Mounts in inspect as Podman does, with z/Z only until the first start', () => {
    const id = store
      .skiff([
        'create',
        '-v',
        `${src}:/b:Z`,
        '-v',
        'insp:/v:ro,z',
        '--tmpfs',
        '/t',
        'localhost/busybox',
        'true',
      ])
      .stdout.trim();

    const before = JSON.parse(store.skiff(['inspect', id]).stdout)[0].Mounts;
    expect(before).toEqual([
      {
        Type: 'volume',
        Name: 'insp',
        Source: join(store.root, 'volumes/insp/_data'),
        Destination: '/v',
        Driver: 'local',
        Mode: 'z',
        Options: ['nosuid', 'nodev', 'rbind'],
        RW: false,
        Propagation: 'rprivate',
      },
      {
        Type: 'bind',
        Source: src,
        Destination: '/b',
        Driver: '',
        Mode: 'Z',
        Options: ['rbind'],
        RW: true,
        Propagation: 'rprivate',
      },
    ]);
    expect(store.skiff(['start', '-a', id]).code).toBe(0);
    const after = JSON.parse(store.skiff(['inspect', id]).stdout)[0].Mounts;
    expect(after.map((m: { Mode: string }) => m.Mode)).toEqual(['z', '']);
    store.skiff(['rm', id]);
    store.skiff(['volume', 'rm', 'insp']);
  });

  it('runs -v /usr:/x:Z fine, as Podman with SELinux off does', () => {
    expect(run(store, ['-v', '/usr:/x:Z', 'localhost/busybox', 'true']).code).toBe(0);
  });

  describe('bad input', () => {
    it.each([
      [['-v', 'SRC:/d:z,Z'], `invalid options "z, Z", can only specify 1 'z', 'Z', or 'O' option`],
      [['-v', 'SRC:/d:z,z'], `invalid options "z, z", can only specify 1 'z', 'Z', or 'O' option`],
      [['-v', 'vol:/d:z,Z'], `invalid options "z, Z", can only specify 1 'z', 'Z', or 'O' option`],
      [
        ['--tmpfs', '/d:Z'],
        "the 'z' and 'Z' options are not allowed with tmpfs mounts: invalid mount option",
      ],
      [
        ['--mount', 'type=bind,src=SRC,dst=/d,relabel=foo'],
        "relabel mount option must be 'private' or 'shared': invalid mount option",
      ],
      [
        ['--mount', 'type=bind,src=SRC,dst=/d,relabel=private,relabel=shared'],
        "cannot pass 'relabel' option more than once: must provide an argument for option",
      ],
      [['-v', '/nope:/d'], 'statfs /nope: no such file or directory'],
      [['-v', 'fresh:/d', '-v', '/nope:/e'], 'statfs /nope: no such file or directory'],
      [['-v', 'SRC:rel'], 'invalid container path "rel", must be an absolute path'],
      [['-v', 'SRC:/d', '-v', '/tmp:/d'], '/d: duplicate mount destination'],
      [['-v', 'SRC:/d', '--tmpfs', '/d'], '/d: duplicate mount destination'],
      [
        ['-v', 'bad name!:/d'],
        'creating named volume "bad name!": running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument',
      ],
    ])('refuses %j with exit 125 and leaves nothing behind', (flags, text) => {
      const args = flags.map((flag) => flag.replace('SRC', src));

      expectEngineError(store.skiff(['run', ...args, 'localhost/busybox', 'true']), text);
      expectNothingLeft(store);
    });
  });
});

describe('volume relabelling with the selinux label provider', () => {
  let store: Store;
  beforeAll(() => {
    store = new Store('[skiff]\nlabel_provider = "selinux"\n');
    store.importBusybox();
  });
  afterAll(() => store.destroy());

  /** tree makes a directory with a file, a subdirectory and a symlink to a file outside it. */
  function tree(name: string): { dir: string; outside: string } {
    const dir = join(store.dir, name);
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a'), 'a');
    writeFileSync(join(dir, 'sub/b'), 'b');
    const outside = join(store.dir, `${name}-outside`);
    writeFileSync(outside, 'o');
    symlinkSync(outside, join(dir, 'link'));
    return { dir, outside };
  }

  function mountLabelOf(id: string): string {
    return JSON.parse(store.skiff(['inspect', id]).stdout)[0].MountLabel;
  }

  it('labels every entry of a :Z source, not a link target, and keeps z/Z out of config.json', async () => {
    const { dir, outside } = tree('private');
    const id = store
      .skiff(['run', '-d', '-v', `${dir}:/d:Z`, 'localhost/busybox', 'sleep', '30'])
      .stdout.trim();
    const label = mountLabelOf(id);
    expect(label).toMatch(/^system_u:object_r:container_file_t:s0:c\d+,c\d+$/);

    for (const entry of ['', 'a', 'sub', 'sub/b', 'link'])
      expect(fileLabel(join(dir, entry))).toBe(label);
    expect(fileLabel(outside)).toBe('');
    const configPath = join(store.runroot, 'containers', id, 'config.json');
    await waitFor('config.json', () => existsSync(configPath));
    const config = JSON.parse(readFileSync(configPath, 'utf8'));
    const mount = config.mounts.find((m: { destination: string }) => m.destination === '/d');
    expect(mount.options).toEqual(['rw', 'rprivate', 'rbind']);

    store.skiff(['rm', '-f', '-t', '0', id]);
  });

  it('labels a :z source at level s0', () => {
    const { dir } = tree('shared');
    expect(
      store.skiff(['run', '--rm', '-v', `${dir}:/d:z`, 'localhost/busybox', 'true']).code,
    ).toBe(0);

    for (const entry of ['', 'a', 'sub/b']) {
      expect(fileLabel(join(dir, entry))).toBe('system_u:object_r:container_file_t:s0');
    }
  });

  it('does not walk a :Z source again on restart once its root carries the label', () => {
    const { dir } = tree('restart');
    const id = store
      .skiff(['create', '-v', `${dir}:/d:Z`, 'localhost/busybox', 'true'])
      .stdout.trim();
    expect(store.skiff(['start', '-a', id]).code).toBe(0);
    spawnSync('setfattr', [
      '-h',
      '-n',
      'security.selinux',
      '-v',
      'changed_by_hand',
      join(dir, 'a'),
    ]);

    expect(store.skiff(['start', '-a', id]).code).toBe(0);
    expect(fileLabel(join(dir, 'a'))).toBe('changed_by_hand');
    expect(fileLabel(dir)).toBe(mountLabelOf(id));
    store.skiff(['rm', id]);
  });

  it("labels a new volume's data shared", () => {
    store.skiff(['volume', 'create', 'labelled']);

    expect(fileLabel(join(store.root, 'volumes/labelled/_data'))).toBe(
      'system_u:object_r:container_file_t:s0',
    );
    store.skiff(['volume', 'rm', 'labelled']);
  });

  it('refuses to relabel /usr: the start fails with 125 and holds nothing', () => {
    const id = store
      .skiff(['create', '-v', '/usr:/x:Z', 'localhost/busybox', 'true'])
      .stdout.trim();

    expectEngineError(store.skiff(['start', id]), 'SELinux relabeling of /usr is not allowed');
    expect(runcContainers(store.runroot)).toEqual([]);
    expect(mountsUnder(store.dir)).toEqual([]);
    expect(store.bundles()).toEqual([]);
    expectEngineError(
      store.skiff(['run', '--rm', '-v', '/usr:/x:Z', 'localhost/busybox', 'true']),
      'SELinux relabeling of /usr is not allowed',
    );
    store.skiff(['rm', id]);
    expect(store.skiff(['ps', '-aq']).stdout).toBe('');
  });
});
