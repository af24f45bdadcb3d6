import { execFileSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  hasRegistryBinary,
  startRegistryServer,
  type RegistryServer,
} from '../../plugins/image-oci/src/testing/registry-server';
import {
  assertUnprivileged,
  hostUidOf,
  imageTarball,
  ME,
  REPO,
  RootlessStore,
  subordinateStart,
} from './rootless-harness';

const IMAGE = 'localhost/rl-busybox';

describe('the engine for an unprivileged user', () => {
  let store: RootlessStore;
  let first: number;

  beforeAll(() => {
    assertUnprivileged();
    store = new RootlessStore();
    first = subordinateStart();
    store.ok(['import', imageTarball(store.dir), IMAGE]);
  });

  afterAll(() => store?.destroy());

  it('works inside a user namespace mapped from the subordinate ranges, held by a pause process', () => {
    const map = store
      .ok(['unshare', 'cat', '/proc/self/uid_map'])
      .trim()
      .split(/\s*\n\s*/);

    expect(map.map((line) => line.trim().split(/\s+/).map(Number))).toEqual([
      [0, ME.uid, 1],
      [1, first, 65536],
    ]);
    const pause = store.pausePid();
    expect(pause).toBeDefined();
    expect(hostUidOf(pause!)).toBe(ME.uid);
  });

  it('reports itself rootless in info, with the namespace mapping', () => {
    const info = JSON.parse(store.ok(['info', '--format', 'json'])) as {
      host: { security: { rootless: boolean }; idMappings: { uidmap: unknown[] } };
    };

    expect(info.host.security.rootless).toBe(true);
    expect(info.host.idMappings.uidmap).toEqual([
      { container_id: 0, host_id: ME.uid, size: 1 },
      { container_id: 1, host_id: first, size: 65536 },
    ]);
  });

  it('joins the same namespace in every later command', () => {
    const ns = () => store.ok(['unshare', 'readlink', '/proc/self/ns/user']).trim();

    const inside = ns();
    expect(ns()).toBe(inside);
    expect(inside).not.toBe(readlinkSync('/proc/self/ns/user'));
  });

  it('runs a container as root inside it, which is the user outside', () => {
    const out = store.ok(['run', '--rm', IMAGE, 'sh', '-c', 'id -u; cat /proc/self/uid_map']);

    const [uid, ...map] = out.trim().split('\n');
    expect(uid).toBe('0');
    expect(map[0].trim().split(/\s+/).map(Number)).toEqual([0, ME.uid, 1]);
  });

  it('stores the image files with the owners it names, shifted into the subordinate range', () => {
    const owners = store.ok([
      'run',
      '--rm',
      IMAGE,
      'stat',
      '-c',
      '%u:%g %n',
      '/home/user/file',
      '/nobody',
      '/bin/busybox',
    ]);

    expect(owners.trim().split('\n')).toEqual([
      '1000:1000 /home/user/file',
      '65534:65534 /nobody',
      '0:0 /bin/busybox',
    ]);
    const onHost = store
      .ok(['unshare', 'sh', '-c', `find ${store.root} -name nobody -path '*nobody' | head -1`])
      .trim();
    expect(onHost).not.toBe('');
    expect(statSync(onHost).uid).toBe(first + 65534 - 1);
  });

  it("stacks the layers with the kernel's overlay, mounted with userxattr in the namespace", () => {
    expect(store.ok(['info', '--format', '{{.Store.GraphDriverName}}']).trim()).toBe('overlay');
    const id = store.ok(['run', '-d', IMAGE, 'sleep', '60']).trim();

    const mounts = store.ok(['unshare', 'cat', '/proc/self/mountinfo']).split('\n');
    const rootfs = mounts.find((line) => line.includes(id) && line.includes(' - overlay '));
    expect(rootfs).toMatch(/[,\s]userxattr(,|$)/);
    store.ok(['rm', '-f', '-t', '0', id]);
  });

  it.each(['overlay', 'vfs'])('applies whiteouts and opaque directories with %s', (driver) => {
    const layout = join(store.dir, `layered-${driver}`);
    execFileSync(join(REPO, 'test/fixtures/make-layered-image.sh'), [layout]);
    execFileSync('tar', ['-C', layout, '-cf', `${layout}.tar`, '.']);
    const flags = ['--storage-driver', driver];
    const scoped = new RootlessStore();
    try {
      scoped.ok([...flags, 'load', '-q', '-i', `${layout}.tar`]);
      const image = scoped.ok([...flags, 'images', '-q']).trim();
      const out = scoped.ok([
        ...flags,
        'run',
        '--rm',
        image,
        'sh',
        '-c',
        'cat /data/a; ls /data; ls /opaque',
      ]);

      expect(out.trim().split('\n')).toEqual(['second', 'a', 'b', 'z']);
    } finally {
      scoped.destroy();
    }
  });

  it('keeps a detached container running after the command exits, with logs, exec and stop', async () => {
    const id = store
      .ok(['run', '-d', '--name', 'web', IMAGE, 'sh', '-c', 'echo started; exec sleep 600'])
      .trim();

    const pid = Number(store.ok(['inspect', '--format', '{{.State.Pid}}', id]).trim());
    expect(pid).toBeGreaterThan(0);
    expect(hostUidOf(pid)).toBe(ME.uid);
    const conmon = Number(store.ok(['inspect', '--format', '{{.State.ConmonPid}}', id]).trim());
    expect(hostUidOf(conmon)).toBe(ME.uid);
    expect(store.ok(['ps', '--format', '{{.Names}} {{.Status}}'])).toMatch(/^web Up/);

    expect(store.ok(['logs', 'web'])).toBe('started\n');
    expect(store.ok(['exec', 'web', 'cat', '/proc/1/cmdline']).replaceAll('\0', ' ')).toBe(
      'sleep 600 ',
    );
    store.ok(['stop', '-t', '0', 'web']);
    expect(store.ok(['inspect', '--format', '{{.State.Status}}', 'web']).trim()).toBe('exited');
    store.ok(['rm', 'web']);
    expect(store.ok(['ps', '-aq'])).toBe('');
  });

  it('cleans up a --rm container through the exit command, inside the namespace', async () => {
    const result = store.skiff(['run', '--rm', '--name', 'gone', IMAGE, 'sh', '-c', 'exit 3']);

    expect(result.code).toBe(3);
    expect(store.ok(['ps', '-a', '--format', '{{.Names}}'])).not.toContain('gone');
  });

  it('gives --network none only a loopback device and --network host the host network', () => {
    const none = store.ok(['run', '--rm', '--network', 'none', IMAGE, 'ls', '/sys/class/net']);
    const host = store.ok(['run', '--rm', '--network', 'host', IMAGE, 'cat', '/proc/net/dev']);

    expect(none.trim()).toBe('lo');
    expect(devices(host)).toEqual(devices(readFileSync('/proc/net/dev', 'utf8')));
  });

  it('with --userns=keep-id, runs as the user and writes bind-mounted files as the user', () => {
    const shared = mkdtempSync(join(tmpdir(), 'skiff-rl-keep-'));
    const out = store.ok([
      'run',
      '--rm',
      '--userns=keep-id',
      '-v',
      `${shared}:/shared`,
      IMAGE,
      'sh',
      '-c',
      'id -u; id -g; grep "^' +
        ME.username +
        ':" /etc/passwd | cut -d: -f3; stat -c %u /bin/busybox /home/user/file; touch /shared/made',
    ]);

    // The image's files keep their owners: root's are still root's inside.
    expect(out.trim().split('\n')).toEqual([
      String(ME.uid),
      String(ME.gid),
      String(ME.uid),
      '0',
      '1000',
    ]);
    const made = statSync(join(shared, 'made'));
    expect([made.uid, made.gid]).toEqual([ME.uid, ME.gid]);
  });

  it('with --uidmap, maps the container into the subordinate part of the namespace', () => {
    const out = store.ok([
      'run',
      '--rm',
      '--uidmap',
      '0:1:65536',
      '--gidmap',
      '0:1:65536',
      IMAGE,
      'sh',
      '-c',
      'cat /proc/self/uid_map; stat -c %u /home/user/file',
    ]);

    const [map, owner] = out.trim().split('\n');
    expect(map.trim().split(/\s+/).map(Number)).toEqual([0, 1, 65536]);
    expect(owner).toBe('1000');
  });

  it('with --userns=host, shares the namespace itself, as by default', () => {
    const map = store.ok(['run', '--rm', '--userns=host', IMAGE, 'cat', '/proc/self/uid_map']);

    expect(map.trim().split('\n')[0].trim().split(/\s+/).map(Number)).toEqual([0, ME.uid, 1]);
  });

  it("with --subuidname, maps the container onto the user's own subordinate range", () => {
    const out = store.ok([
      'run',
      '--rm',
      '--subuidname',
      ME.username,
      '--subgidname',
      ME.username,
      IMAGE,
      'cat',
      '/proc/self/uid_map',
    ]);

    expect(out.trim().split(/\s+/).map(Number)).toEqual([0, 1, 65536]);
  });

  it.skipIf(!hasRegistryBinary())(
    'logs in without a session runtime directory, keeping credentials in its own, and pushes',
    async () => {
      const registry = await startRegistryServer({ auth: { username: 'rl', password: 'secret' } });
      const noSession = { XDG_RUNTIME_DIR: '' };
      const fallback = `/tmp/skiff-run-${ME.uid}`;
      try {
        const login = [
          'login',
          '--tls-verify=false',
          '-u',
          'rl',
          '--password-stdin',
          registry.host,
        ];
        expect(store.ok(login, { input: 'secret\n', env: noSession })).toBe('Login Succeeded!\n');
        expect(statSync(`${fallback}/containers/auth.json`).uid).toBe(ME.uid);

        const remote = `${registry.host}/rl/secured:1`;
        store.ok(['push', '--tls-verify=false', IMAGE, remote], { env: noSession });
        // With the store's own runtime directory there are no credentials, and the push fails.
        expect(store.skiff(['push', '--tls-verify=false', IMAGE, remote]).code).toBe(125);
      } finally {
        await registry.stop();
        const pid = store.shell(
          `cut -d' ' -f1 ${fallback}/skiff-userns/pause.pid 2>/dev/null || true`,
        );
        if (pid.trim() !== '') store.run('kill', ['-9', pid.trim()]);
        store.run('rm', ['-rf', `${fallback}/containers`, `${fallback}/skiff-userns`]);
      }
    },
  );

  it.skipIf(!hasRegistryBinary())('pushes to and pulls from a registry on 127.0.0.1', async () => {
    let registry: RegistryServer | undefined;
    const empty = new RootlessStore();
    try {
      registry = await startRegistryServer();
      const remote = `${registry.host}/rl/busybox:1`;
      store.ok(['push', '--tls-verify=false', IMAGE, remote]);

      empty.ok(['pull', '-q', '--tls-verify=false', remote]);
      const owners = empty.ok(['run', '--rm', remote, 'stat', '-c', '%u', '/nobody', '/home/user']);
      expect(owners.trim().split('\n')).toEqual(['65534', '1000']);
    } finally {
      empty.destroy();
      await registry?.stop();
    }
  });
});

// /proc/net/dev: two header lines, then `name: counters` per device.
function devices(text: string): string[] {
  return text
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0].trim())
    .filter(Boolean)
    .sort();
}

describe('sVirt labels for an unprivileged user', () => {
  let store: RootlessStore;

  beforeAll(() => {
    assertUnprivileged();
    store = new RootlessStore(ME.username, '[skiff]\nlabel_provider = "selinux"\n');
    store.ok(['import', imageTarball(store.dir), IMAGE]);
  });

  afterAll(() => store?.destroy());

  it("gives each container of the user's store a level of its own, and frees it at rm", () => {
    const ids = ['one', 'two', 'three'].map((name) =>
      store.ok(['create', '--name', name, IMAGE, 'true']).trim(),
    );
    const labels = ids.map((id) =>
      store.ok(['inspect', '--format', '{{.ProcessLabel}}', id]).trim(),
    );

    for (const label of labels) {
      expect(label).toMatch(/^system_u:system_r:container_t:s0:c\d+,c\d+$/);
    }
    expect(new Set(labels.map((label) => label.split(':').slice(3).join(':'))).size).toBe(3);

    expect(reservedLevels(store)).toBe(3);
    store.ok(['rm', ...ids]);
    expect(reservedLevels(store)).toBe(0);
  });
});

// The database belongs to the namespace's root, so it is read from inside.
function reservedLevels(store: RootlessStore): number {
  const sqlite = join(REPO, 'node_modules/better-sqlite3');
  const query = `select count(*) as n from mcs_levels`;
  const script = `const D = require(${JSON.stringify(sqlite)}); const db = new D(${JSON.stringify(join(store.root, 'skiff.db'))}, { readonly: true }); console.log(db.prepare(${JSON.stringify(query)}).get().n)`;
  return Number(store.ok(['unshare', process.execPath, '-e', script]).trim());
}

// fuse-overlayfs needs /dev/fuse, which some hosts (this project's CI among them) keep for root.
const fuseUsable = (() => {
  try {
    accessSync('/dev/fuse', constants.R_OK | constants.W_OK);
    return existsSync('/usr/bin/fuse-overlayfs');
  } catch {
    return false;
  }
})();

describe.skipIf(!fuseUsable)(
  'fuse-overlayfs as the mount program (needs a usable /dev/fuse)',
  () => {
    let store: RootlessStore;

    beforeAll(() => {
      store = new RootlessStore();
      const conf = join(store.dir, 'storage.conf');
      writeFileSync(conf, '[storage.options.overlay]\nmount_program = "/usr/bin/fuse-overlayfs"\n');
      store.ok(['import', imageTarball(store.dir), IMAGE], {
        env: { CONTAINERS_STORAGE_CONF: conf },
      });
    });

    afterAll(() => store?.destroy());

    it('mounts the layers with fuse-overlayfs and says so in info', () => {
      const env = { CONTAINERS_STORAGE_CONF: join(store.dir, 'storage.conf') };
      const info = JSON.parse(store.ok(['info', '--format', 'json'], { env })) as {
        store: { graphDriverName: string; graphOptions: Record<string, { Executable: string }> };
      };
      expect(info.store.graphDriverName).toBe('overlay');
      expect(info.store.graphOptions['overlay.mount_program'].Executable).toBe(
        '/usr/bin/fuse-overlayfs',
      );

      const out = store.ok(['run', '--rm', IMAGE, 'stat', '-c', '%u', '/nobody'], { env });
      expect(out.trim()).toBe('65534');
    });
  },
);
