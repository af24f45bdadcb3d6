import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPO, Store } from './harness.js';

const SELINUX_CONF = '[skiff]\nlabel_provider = "selinux"\n';

// A profile that allows everything but mkdir, which fails with EPERM.
const NO_MKDIR = JSON.stringify({
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
});

function labelsOf(store: Store, id: string): { process: string; mount: string } {
  const [inspect] = JSON.parse(store.skiff(['inspect', id]).stdout);
  return { process: inspect.ProcessLabel, mount: inspect.MountLabel };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function created(store: Store, args: string[]): string {
  const result = store.skiff(['create', ...args]);
  if (result.code !== 0) throw new Error(`create ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

describe('--pid and --ipc', () => {
  let store: Store;
  beforeAll(() => {
    store = new Store();
    store.importBusybox();
  });
  afterAll(() => store.destroy());

  it('joins another container, starting it first, and sees its processes', () => {
    created(store, ['--name', 'donor', 'localhost/busybox', 'sleep', '300']);
    const shares = ['--pid', 'container:donor', '--ipc', 'container:donor'];
    created(store, ['--name', 'joiner', ...shares, 'localhost/busybox', 'true']);
    const script = 'ps -o pid,args; readlink /proc/self/ns/ipc';
    created(store, ['--name', 'joiner2', ...shares, 'localhost/busybox', 'sh', '-c', script]);
    const joined = store.skiff(['start', '-a', 'joiner2']);
    expect(joined.code).toBe(0);
    expect(joined.stdout).toMatch(/^\s*1 sleep 300$/m);

    const [donor] = JSON.parse(store.skiff(['inspect', 'donor']).stdout);
    expect(donor.State.Status).toBe('running');
    expect(joined.stdout).toContain(readlinkSync(`/proc/${donor.State.Pid}/ns/ipc`));

    const [joiner] = JSON.parse(store.skiff(['inspect', 'joiner2']).stdout);
    expect(joiner.HostConfig).toMatchObject({
      PidMode: `container:${donor.Id}`,
      IpcMode: `container:${donor.Id}`,
    });
    expect(donor.HostConfig).toMatchObject({ PidMode: 'private', IpcMode: 'shareable' });
  });

  it('refuses to remove a container others join, even with --force, as Podman does', () => {
    const [donor] = JSON.parse(store.skiff(['inspect', 'donor']).stdout);
    const [joiner] = JSON.parse(store.skiff(['inspect', 'joiner2']).stdout);
    const refused = store.skiff(['rm', '-f', 'donor']);
    expect(refused.code).toBe(125);
    expect(refused.stderr).toContain(
      `container ${donor.Id} has dependent containers which must be removed before it: `,
    );
    expect(refused.stderr).toContain(`${joiner.Id}`);
    expect(refused.stderr.trimEnd()).toMatch(/: container already exists$/);
    expect(store.skiff(['ps', '-q', '--no-trunc']).stdout).toContain(donor.Id);

    expect(store.skiff(['rm', '-f', 'joiner', 'joiner2']).code).toBe(0);
    expect(store.skiff(['rm', '-f', '-t', '0', 'donor']).code).toBe(0);
  });

  it('shares the host namespaces with host, and has no /dev/shm with --ipc none', () => {
    const pid = store.skiff([
      'run',
      '--rm',
      '--pid',
      'host',
      'localhost/busybox',
      'readlink',
      '/proc/self/ns/pid',
    ]);
    expect(pid.stdout.trim()).toBe(readlinkSync('/proc/self/ns/pid'));

    const marker = `skiff-e2e-${process.pid}`;
    writeFileSync(join('/dev/shm', marker), 'host');
    try {
      const ipc = store.skiff([
        'run',
        '--rm',
        '--ipc',
        'host',
        'localhost/busybox',
        'ls',
        '/dev/shm',
      ]);
      expect(ipc.stdout.split('\n')).toContain(marker);
    } finally {
      rmSync(join('/dev/shm', marker));
    }

    const none = store.skiff([
      'run',
      '--rm',
      '--ipc',
      'none',
      'localhost/busybox',
      'ls',
      '/dev/shm',
    ]);
    expect(none.code).toBe(1);
  });

  it.each([
    [['--pid', 'bogus'], 'unrecognized namespace mode bogus passed'],
    [['--ipc', 'container:'], 'unrecognized namespace mode container: passed'],
    [
      ['--pid', 'container:nope'],
      'looking up container to share pid namespace with: no container with name or ID "nope" ' +
        'found: no such container',
    ],
    [
      ['--ipc', 'ns:/nonexistent'],
      'cannot find specified IPC namespace path: stat /nonexistent: no such file or directory',
    ],
    [
      ['--systemd', 'yes'],
      'invalid config provided: --systemd values must be one of "true, false, always": ' +
        'invalid configuration',
    ],
    [
      ['--seccomp-policy', 'bogus'],
      'invalid seccomp policy "bogus": valid policies are ["default" "image"]',
    ],
    [['--seccomp-policy', 'image'], 'no seccomp policy defined by image'],
    [
      ['--security-opt', 'apparmor=myprofile'],
      'apparmor profile "myprofile" specified, but Apparmor is not enabled on this system',
    ],
  ])('rejects %j with Podman words, creating nothing', (flags, message) => {
    const result = store.skiff(['run', '--rm', ...flags, 'localhost/busybox', 'true']);
    expect(result).toMatchObject({ code: 125, stdout: '', stderr: `Error: ${message}\n` });
    expect(store.skiff(['ps', '-aq']).stdout).toBe('');
  });

  it('accepts apparmor=unconfined and an unknown policy beside seccomp=unconfined', () => {
    const id = created(store, [
      '--security-opt',
      'apparmor=unconfined',
      '--security-opt',
      'seccomp=unconfined',
      '--seccomp-policy',
      'bogus',
      'localhost/busybox',
      'true',
    ]);
    const [inspect] = JSON.parse(store.skiff(['inspect', id]).stdout);
    expect(inspect.HostConfig.SecurityOpt).toEqual(['seccomp=unconfined', 'apparmor=unconfined']);
    store.skiff(['rm', id]);
  });
});

describe('labels Podman implies from other flags (label_provider = "selinux")', () => {
  let store: Store;
  let donor: string;
  beforeAll(() => {
    store = new Store(SELINUX_CONF);
    store.importBusybox();
    donor = created(store, ['localhost/busybox', 'sleep', '300']);
  });
  afterAll(() => store.destroy());

  it('gives a container that joins another one its whole label', () => {
    const own = labelsOf(store, donor);
    expect(own.process).toMatch(/^system_u:system_r:container_t:s0:c\d+,c\d+$/);
    for (const flag of ['--pid', '--ipc']) {
      const id = created(store, [flag, `container:${donor}`, 'localhost/busybox', 'true']);
      expect(labelsOf(store, id)).toEqual(own);
    }
  });

  it('disables labelling for the host PID or IPC namespace, unless a label option is given', () => {
    const privileged = 'system_u:object_r:container_file_t:s0:c1022,c1023';
    for (const flag of ['--pid', '--ipc']) {
      const id = created(store, [flag, 'host', 'localhost/busybox', 'true']);
      expect(labelsOf(store, id)).toEqual({ process: '', mount: privileged });
    }
    const typed = created(store, [
      '--pid',
      'host',
      '--security-opt',
      'label=type:spc_t',
      'localhost/busybox',
      'true',
    ]);
    expect(labelsOf(store, typed).process).toMatch(/^system_u:system_r:spc_t:s0:c\d+,c\d+$/);
  });

  it('lets a label option override the joined container label', () => {
    const id = created(store, [
      '--pid',
      `container:${donor}`,
      '--security-opt',
      'label=level:s0:c1,c2',
      'localhost/busybox',
      'true',
    ]);
    expect(labelsOf(store, id).process).toBe('system_u:system_r:container_t:s0:c1,c2');
  });

  it.each([
    [['label=bogus'], 'Bad label option "bogus", valid options \'disable\' or '],
    [['label='], 'Bad label option "", valid options \'disable\' or '],
    [['label=colour:red'], 'Bad label option "colour", valid options \'disable, user, role, '],
    [['label=bogus', 'label=disable'], 'Bad label option "bogus"'],
  ])('refuses label options %j before creating anything, holding no level', (labels, text) => {
    const before = store.sql<{ level: string }>('SELECT level FROM mcs_levels');
    const names = store.skiff(['ps', '-aq']).stdout;
    const flags = labels.flatMap((label) => ['--security-opt', label]);

    const result = store.skiff(['create', ...flags, 'localhost/busybox', 'true']);
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(
      new RegExp(`^Error: creating container storage: ${escape(text)}`),
    );
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(store.skiff(['ps', '-aq']).stdout).toBe(names);
    expect(store.sql('SELECT level FROM mcs_levels')).toEqual(before);
  });

  it('accepts options after disable, and disable:x, unexamined as go-selinux 1.10 does', () => {
    for (const labels of [['label=disable', 'label=bogus'], ['label=disable:foo']]) {
      const flags = labels.flatMap((label) => ['--security-opt', label]);
      expect(store.skiff(['create', ...flags, 'localhost/busybox', 'true']).code).toBe(0);
    }
  });

  it('keeps the same labels across start, stop and restart', () => {
    const id = created(store, ['localhost/busybox', 'sleep', '300']);
    const first = labelsOf(store, id);
    expect(store.skiff(['start', id]).code).toBe(0);
    expect(store.skiff(['restart', '-t', '0', id]).code).toBe(0);
    expect(labelsOf(store, id)).toEqual(first);
    expect(store.skiff(['stop', '-t', '0', id]).code).toBe(0);
    expect(store.skiff(['start', id]).code).toBe(0);
    expect(labelsOf(store, id)).toEqual(first);
    store.skiff(['rm', '-f', '-t', '0', id]);
  });

  it('runs an init command, or --systemd=always, with the init type and its own level', () => {
    const init = created(store, ['localhost/busybox', '/sbin/init']);
    const always = created(store, ['--systemd', 'always', 'localhost/busybox', 'true']);
    const off = created(store, ['--systemd', 'false', 'localhost/busybox', '/sbin/init']);
    const typed = created(store, [
      '--systemd',
      'always',
      '--security-opt',
      'label=type:spc_t',
      'localhost/busybox',
      'true',
    ]);

    expect(labelsOf(store, init).process).toMatch(/^system_u:system_r:container_init_t:s0:c/);
    expect(labelsOf(store, always).process).toMatch(/^system_u:system_r:container_init_t:s0:c/);
    expect(labelsOf(store, off).process).toMatch(/^system_u:system_r:container_t:s0:c/);
    expect(labelsOf(store, typed).process).toMatch(/^system_u:system_r:spc_t:s0:c/);
    expect(labelsOf(store, init).mount).toMatch(/^system_u:object_r:container_file_t:s0:c/);
  });
});

const hasSkopeo = spawnSync('skopeo', ['--version']).status === 0;

describe.skipIf(!hasSkopeo)('--seccomp-policy=image', () => {
  const store = new Store();
  const work = mkdtempSync(join(tmpdir(), 'skiff-seccomp-image-'));

  beforeAll(() => {
    const layout = join(work, 'layout');
    const config = { Labels: { 'io.containers.seccomp.profile': NO_MKDIR } };
    execFileSync(join(REPO, 'test/fixtures/make-layered-image.sh'), [layout], {
      env: { ...process.env, IMAGE_RUN_CONFIG: JSON.stringify(config) },
    });
    const archive = join(work, 'profiled.tar');
    const target = `oci-archive:${archive}:localhost/profiled:latest`;
    execFileSync('skopeo', ['copy', '-q', `oci:${layout}:latest`, target]);
    expect(store.skiff(['load', '-i', archive]).code).toBe(0);
  });

  afterAll(() => {
    store.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('applies the profile the image carries, and only when asked to', () => {
    const mkdir = ['localhost/profiled', 'mkdir', '/tmp/made'];
    const confined = store.skiff(['run', '--rm', '--seccomp-policy', 'image', ...mkdir]);
    expect(confined.code).toBe(1);
    expect(confined.stderr).toMatch(/Operation not permitted/);

    expect(store.skiff(['run', '--rm', ...mkdir]).code).toBe(0);
    const unconfined = ['--security-opt', 'seccomp=unconfined', '--seccomp-policy', 'image'];
    expect(store.skiff(['run', '--rm', ...unconfined, ...mkdir]).code).toBe(0);
  });
});
