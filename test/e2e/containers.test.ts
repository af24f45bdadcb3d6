import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Store, waitFor } from './harness.js';

const LEVEL = /^s0:c(\d+),c(\d+)$/;

/** levelOf returns the MCS level of a label such as `system_u:system_r:container_t:s0:c1,c2`. */
function levelOf(label: string): string {
  return label.split(':').slice(3).join(':');
}

describe('containers with the default (auto) label provider on a host without SELinux', () => {
  let store: Store;
  beforeAll(() => {
    store = new Store();
    store.importBusybox();
  });
  afterAll(() => store.destroy());

  it('creates, lists, starts with -a, inspects and removes a container', () => {
    const id = store
      .skiff(['create', '--name', 'box', 'localhost/busybox', 'sh', '-c', 'exit 4'])
      .stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);

    const ps = store.skiff(['ps', '-a']).stdout.split('\n');
    expect(ps[0]).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
    expect(ps[1]).toContain(id.slice(0, 12));
    expect(ps[1]).toContain('Created');
    expect(store.skiff(['ps', '-aq']).stdout).toBe(`${id.slice(0, 12)}\n`);
    expect(store.skiff(['ps', '-aq', '--no-trunc']).stdout).toBe(`${id}\n`);
    expect(store.skiff(['ps', '-q']).stdout).toBe('');

    expect(store.skiff(['start', '-a', 'box']).code).toBe(4);
    const [inspect] = JSON.parse(store.skiff(['inspect', id.slice(0, 5)]).stdout);
    expect(inspect).toMatchObject({
      Id: id,
      Name: 'box',
      Path: 'sh',
      Args: ['-c', 'exit 4'],
      State: { Status: 'exited', ExitCode: 4, Running: false },
      ImageName: 'localhost/busybox:latest',
      ProcessLabel: '',
      MountLabel: '',
      OCIRuntime: 'runc',
      HostConfig: { SecurityOpt: [], Privileged: false },
      Config: { Cmd: ['sh', '-c', 'exit 4'] },
    });
    expect(store.skiff(['ps', '-a']).stdout).toMatch(/Exited \(4\)/);

    expect(store.skiff(['rm', 'box'])).toMatchObject({ code: 0, stdout: 'box\n' });
    expect(store.skiff(['ps', '-aq']).stdout).toBe('');
  });

  it('keeps labels from --label and --label-file, refusing a bad one in Podman words', () => {
    const file = join(store.dir, 'labels');
    writeFileSync(file, 'tier=web\n# a comment\nowner=ops\n');
    const made = store.skiff([
      'create',
      '-l',
      'app=shop',
      '-l',
      'flag',
      '--label-file',
      file,
      '-l',
      'tier=db',
      'localhost/busybox',
      'true',
    ]);
    const [inspect] = JSON.parse(store.skiff(['inspect', made.stdout.trim()]).stdout);
    expect(inspect.Config.Labels).toEqual({ tier: 'db', owner: 'ops', app: 'shop', flag: '' });

    const bad = store.skiff(['create', '-l', '=x', 'localhost/busybox', 'true']);
    expect(bad).toMatchObject({
      code: 125,
      stderr: 'Error: unable to process labels: invalid label format: "=x"\n',
    });
    store.skiff(['rm', made.stdout.trim()]);
  });

  it('shows the typed security options and privileged flag in inspect as Podman does', () => {
    const id = store
      .skiff([
        'create',
        '--privileged',
        '--security-opt',
        'no-new-privileges',
        '--security-opt',
        'label=type:spc_t',
        '--security-opt',
        'label=level:s0',
        '--security-opt',
        'seccomp=unconfined',
        'localhost/busybox',
        'true',
      ])
      .stdout.trim();
    const [inspect] = JSON.parse(store.skiff(['inspect', id]).stdout);
    expect(inspect.HostConfig.SecurityOpt).toEqual([
      'no-new-privileges',
      'label=type:spc_t,label=level:s0',
      'seccomp=unconfined',
    ]);
    expect(inspect.HostConfig.Privileged).toBe(true);
    store.skiff(['rm', id]);
  });

  it('starts a container in the background and shows it exited once it ends', async () => {
    // Long enough to be seen running on a loaded host, where each command takes a while.
    const id = store.skiff(['create', 'localhost/busybox', 'sleep', '4']).stdout.trim();
    expect(store.skiff(['start', id])).toMatchObject({ code: 0, stdout: `${id}\n` });
    expect(store.skiff(['ps', '-q']).stdout).toBe(`${id.slice(0, 12)}\n`);

    await waitFor('the container to exit', () => store.skiff(['ps', '-q']).stdout === '');
    const [inspect] = JSON.parse(store.skiff(['inspect', id]).stdout);
    expect(inspect.State).toMatchObject({ Status: 'exited', Running: false });
    expect(store.skiff(['rm', id]).code).toBe(0);
  });

  it('removes several containers at once and reports a missing one with status 1', () => {
    const a = store.skiff(['create', 'localhost/busybox', 'true']).stdout.trim();
    const b = store.skiff(['create', 'localhost/busybox', 'true']).stdout.trim();
    const result = store.skiff(['rm', a, 'missing', b]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`${a}\n${b}\n`);
    expect(result.stderr).toBe(
      'Error: no container with name or ID "missing" found: no such container\n',
    );
    expect(store.skiff(['rm', '-f', 'missing']).code).toBe(0);
  });
});

describe('containers with the selinux label provider forced on a host without SELinux', () => {
  let store: Store;
  beforeAll(() => {
    store = new Store('[skiff]\nlabel_provider = "selinux"\n');
    store.importBusybox();
  });
  afterAll(() => store.destroy());

  const labels = (id: string) => {
    const [inspect] = JSON.parse(store.skiff(['inspect', id]).stdout);
    return { process: inspect.ProcessLabel as string, mount: inspect.MountLabel as string };
  };

  it('gives two containers different MCS levels, the same for process and mount label', () => {
    const a = labels(store.skiff(['create', 'localhost/busybox', 'true']).stdout.trim());
    const b = labels(store.skiff(['create', 'localhost/busybox', 'true']).stdout.trim());
    for (const label of [a, b]) {
      expect(label.process).toMatch(/^system_u:system_r:container_t:s0:c\d+,c\d+$/);
      expect(label.mount).toMatch(/^system_u:object_r:container_file_t:s0:c\d+,c\d+$/);
      expect(levelOf(label.process)).toBe(levelOf(label.mount));
      const [, low, high] = LEVEL.exec(levelOf(label.process)) ?? [];
      expect(Number(low)).toBeLessThan(Number(high));
      expect(Number(high)).toBeLessThanOrEqual(1023);
    }
    expect(levelOf(a.process)).not.toBe(levelOf(b.process));
  });

  it('keeps the label across runs and releases the level when the container is removed', () => {
    const id = store.skiff(['create', 'localhost/busybox', 'true']).stdout.trim();
    const before = labels(id);
    expect(store.skiff(['start', '-a', id]).code).toBe(0);
    expect(store.skiff(['start', '-a', id]).code).toBe(0);
    expect(labels(id)).toEqual(before);

    const level = levelOf(before.process);
    expect(store.sql(`SELECT level FROM mcs_levels WHERE owner = '${id}'`)).toEqual([{ level }]);
    store.skiff(['rm', id]);
    expect(store.sql(`SELECT level FROM mcs_levels WHERE owner = '${id}'`)).toEqual([]);
  });

  it('gives 30 concurrent creates 30 distinct names and levels', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, () => store.skiffAsync(['create', 'localhost/busybox', 'true'])),
    );
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });

    const ids = results.map((r) => r.stdout.trim());
    const inspected = JSON.parse(store.skiff(['inspect', ...ids]).stdout) as {
      Name: string;
      ProcessLabel: string;
    }[];
    expect(new Set(inspected.map((c) => c.Name)).size).toBe(30);
    expect(new Set(inspected.map((c) => levelOf(c.ProcessLabel))).size).toBe(30);
    expect(store.skiff(['rm', ...ids]).code).toBe(0);
  });

  it('runs a labelled container even though runc refuses labels on this host', () => {
    const result = store.skiff(['run', '--rm', 'localhost/busybox', 'echo', 'labelled']);
    expect(result).toMatchObject({ code: 0, stdout: 'labelled\n' });
  });

  it('disables labelling for --privileged and label=disable containers', () => {
    const privileged = labels(
      store.skiff(['create', '--privileged', 'localhost/busybox', 'true']).stdout.trim(),
    );
    expect(privileged.process).toBe('');
    expect(privileged.mount).toBe('system_u:object_r:container_file_t:s0:c1022,c1023');
    const disabled = labels(
      store
        .skiff(['create', '--security-opt', 'label=disable', 'localhost/busybox', 'true'])
        .stdout.trim(),
    );
    expect(disabled.process).toBe('');
  });

  it('applies the label options a user gives', () => {
    const chosen = labels(
      store
        .skiff([
          'create',
          '--security-opt',
          'label=level:s0:c1,c2',
          '--security-opt',
          'label=type:spc_t',
          'localhost/busybox',
          'true',
        ])
        .stdout.trim(),
    );
    expect(chosen.process).toBe('system_u:system_r:spc_t:s0:c1,c2');
    expect(chosen.mount).toBe('system_u:object_r:container_file_t:s0:c1,c2');
  });
});
