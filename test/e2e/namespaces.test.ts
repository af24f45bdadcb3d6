import { chmodSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Store } from './harness.js';

interface Directive {
  path: string;
  source: string;
  origin: string;
}

interface Explanation {
  config: {
    hostname?: string;
    mounts: { destination: string; type: string; source: string }[];
    linux: Record<string, unknown> & { namespaces: { type: string }[] };
  };
  directives: Directive[];
}

const IMAGE = 'localhost/busybox';

describe('--network', () => {
  let store: Store;
  beforeAll(() => {
    store = new Store();
    store.importBusybox();
  });
  afterAll(() => store.destroy());

  const run = (args: string[], script: string) =>
    store.skiff(['run', '--rm', ...args, IMAGE, 'sh', '-c', script]);
  const inspect = (name: string) => JSON.parse(store.skiff(['inspect', name]).stdout)[0];

  it('gives a container loopback alone with none, as by default', () => {
    for (const args of [[], ['--network', 'none'], ['--net=none']]) {
      const result = run(args, 'ls /sys/class/net; test -e /etc/resolv.conf || echo no-resolv');
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n').filter(Boolean)).toEqual(['lo', 'no-resolv']);
    }

    expect(store.skiff(['create', '--name', 'none', '--network', 'none', IMAGE, 'true']).code).toBe(
      0,
    );
    const shown = inspect('none');
    expect(shown.HostConfig.NetworkMode).toBe('none');
    expect(shown.NetworkSettings).toMatchObject({ IPAddress: '', Gateway: '', Ports: {} });
    expect(shown.ResolvConfPath).toBe('');
  });

  it("shares the host's network, name and resolver configuration with host", () => {
    const script = 'ls /sys/class/net; hostname; cat /etc/resolv.conf';
    const result = run(['--network', 'host'], script);

    expect(result.code).toBe(0);
    const interfaces = readdirSync('/sys/class/net').sort();
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, interfaces.length).sort()).toEqual(interfaces);
    expect(lines[interfaces.length]).toBe(hostname());
    expect(lines.slice(interfaces.length + 1).join('\n')).toBe(
      readFileSync('/etc/resolv.conf', 'utf8'),
    );
    const hosts = run(['--net', 'host'], 'cat /etc/hosts');
    expect(hosts.stdout).toContain(readFileSync('/etc/hosts', 'utf8').trim());
  });

  it('records host in inspect and leaves the network namespace and sysctl out of the spec', () => {
    expect(store.skiff(['create', '--name', 'host', '--network', 'host', IMAGE, 'true']).code).toBe(
      0,
    );
    const shown = inspect('host');
    expect(shown.HostConfig.NetworkMode).toBe('host');
    expect(shown.ResolvConfPath).toMatch(/\/resolv\.conf$/);
    expect(shown.Config.Hostname).toBe(hostname());

    const explained: Explanation = JSON.parse(
      store.skiff(['inspect', '--explain', '--format', 'json', 'host']).stdout,
    );
    expect(explained.config.linux.namespaces.map((ns) => ns.type)).not.toContain('network');
    expect(explained.config.linux.sysctl).toBeUndefined();
    expect(explained.directives.find((d) => d.path === 'linux.namespaces')).toMatchObject({
      source: 'user',
      origin: '--network host',
    });
  });

  it('refuses modes Skiff cannot give, and a repeated --network, with status 125', () => {
    const refusals: [string[], string][] = [
      [['--network', 'bridge'], 'Error: network mode bridge is not supported yet'],
      [['--network', 'slirp4netns'], 'Error: network mode slirp4netns is not supported yet'],
      [['--network', 'web'], 'Error: cannot join network web: networks are not supported yet'],
      [
        ['--network', 'none', '--network', 'host'],
        'Error: cannot set multiple networks without bridge network mode, selected mode none: invalid argument',
      ],
    ];
    for (const [args, words] of refusals) {
      const result = store.skiff(['create', ...args, IMAGE]);
      expect(result.code).toBe(125);
      expect(result.stderr.trim()).toMatch(
        new RegExp(`^${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('--uidmap, rootful', () => {
  let store: Store;
  beforeAll(() => {
    store = new Store();
    // A mapped root must pass through the store's parents to reach its root file system, as
    // it can through /var/lib/skiff (0711).
    chmodSync(store.dir, 0o711);
    store.importBusybox();
  });
  afterAll(() => store.destroy());

  const explain = (name: string): Explanation =>
    JSON.parse(store.skiff(['inspect', '--explain', '--format', 'json', name]).stdout);

  it('puts the container in a user namespace of its own with the mappings', () => {
    // Mapping onto the host's own low ids needs no shifted file system.
    const result = store.skiff([
      'run',
      '--rm',
      '--uidmap',
      '0:0:65536',
      IMAGE,
      'sh',
      '-c',
      'cat /proc/self/uid_map /proc/self/gid_map; readlink /proc/self/ns/user',
    ]);

    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').map((l) => l.trim().split(/\s+/).join(' '));
    expect(lines.slice(0, 2)).toEqual(['0 0 65536', '0 0 65536']);
    expect(lines[2]).not.toBe(readlinkSync('/proc/self/ns/user'));
  });

  it('writes the mappings into the spec and inspect, recorded as the user asked', () => {
    const args = ['--name', 'mapped', '--uidmap', '0:100000:65536', IMAGE, 'true'];
    expect(store.skiff(['create', ...args]).code).toBe(0);

    const explained = explain('mapped');
    expect(explained.config.linux.uidMappings).toEqual([
      { containerID: 0, hostID: 100000, size: 65536 },
    ]);
    expect(explained.config.linux.gidMappings).toEqual(explained.config.linux.uidMappings);
    expect(explained.config.linux.namespaces.at(-1)).toEqual({ type: 'user' });
    expect(explained.directives.find((d) => d.path === 'linux.uidMappings')).toMatchObject({
      source: 'user',
      origin: '--uidmap',
    });

    const [shown] = JSON.parse(store.skiff(['inspect', 'mapped']).stdout);
    expect(shown.HostConfig.UsernsMode).toBe('private');
    expect(shown.HostConfig.IDMappings).toEqual({
      UidMap: ['0:100000:65536'],
      GidMap: ['0:100000:65536'],
    });
  });

  it('runs with ids shifted onto the subordinate range', () => {
    // The image provider prepares a file system owned by the mapped ids; without it the
    // mapped root could not even create the engine's mount points.
    const result = store.skiff([
      'run',
      '--rm',
      '--uidmap',
      '0:100000:65536',
      IMAGE,
      'sh',
      '-c',
      'cat /proc/self/uid_map; stat -c %u /etc',
    ]);

    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n').map((l) => l.trim().split(/\s+/).join(' '))).toEqual([
      '0 100000 65536',
      '0',
      '',
    ]);
  });

  it('binds /sys from the host in the host network, since sysfs needs a network namespace', () => {
    const args = ['--name', 'mapped-host', '--network', 'host', '--uidmap', '0:0:65536'];
    expect(store.skiff(['create', ...args, IMAGE, 'true']).code).toBe(0);

    const { config, directives } = explain('mapped-host');
    expect(config.mounts.find((m) => m.destination === '/sys')).toMatchObject({
      type: 'bind',
      source: '/sys',
    });
    expect(config.mounts.some((m) => m.destination === '/sys/fs/cgroup')).toBe(false);
    expect(directives.find((d) => d.path === 'mounts[/sys]')?.origin).toContain('--network host');
    expect(store.skiff(['start', '-a', 'mapped-host']).code).toBe(0);
  });

  it('refuses bad mappings and modes in Podman words, with status 125', () => {
    const refusals: [string[], string][] = [
      [
        ['--uidmap', '0:100000'],
        'Error: initializing ID mappings: UID setting is malformed expected ["uint32:uint32:uint32"]: ["0:100000"]',
      ],
      [['--uidmap', '1:100000:10'], 'Error: container ID 0 cannot be mapped to a host ID'],
      [
        ['--uidmap', '0:100000:10', '--uidmap', '5:200000:10'],
        'Error: creating container storage: the specified UID and/or GID mapping 5:200000:10 conflicts with other mappings: invalid mappings specified',
      ],
      [
        ['--uidmap', '0:1:1', '--userns', 'host'],
        'Error: --userns and --uidmap/--gidmap/--subuidname/--subgidname are mutually exclusive',
      ],
      [['--userns', 'keep-id'], 'Error: keep-id is only supported in rootless mode'],
      [['--userns', 'bogus'], 'Error: unrecognized namespace mode bogus passed'],
      [
        ['--subuidname', 'no-such-user'],
        'Error: no subuid ranges found for user "no-such-user" in /etc/subuid',
      ],
    ];
    for (const [args, words] of refusals) {
      const result = store.skiff(['create', ...args, IMAGE]);
      expect(result.code).toBe(125);
      expect(result.stderr.trim()).toBe(words);
    }
  });
});

describe('--uidmap in a store its root user cannot pass through', () => {
  let store: Store;
  beforeAll(() => {
    store = new Store();
    store.importBusybox();
  });
  afterAll(() => store.destroy());

  it('names the closed directory instead of letting runc fail', () => {
    const result = store.skiff([
      'run',
      '--rm',
      '--uidmap',
      '0:100000:65536',
      'localhost/busybox',
      'true',
    ]);

    expect(result.code).toBe(125);
    expect(result.stderr).toContain(
      `the container's root user (uid 100000) cannot reach its root file system: ${store.dir} ` +
        `is mode 0700, owned by 0:0; let others pass with chmod o+x ${store.dir}`,
    );
    expect(store.skiff(['ps', '-aq']).stdout).toBe('');
  });
});
