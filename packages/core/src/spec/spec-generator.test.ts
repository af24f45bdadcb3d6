import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type {
  ContainerCreateOptions,
  ImageRecord,
  OciImageRunConfig,
  SeccompOptions,
  SeccompProvider,
  SeccompReport,
  SpecDirective,
} from '@skiff/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EngineConfig } from '../config/engine-config.js';
import { createOptions } from '../testing/create-options.js';
import { hostCapabilities } from './capabilities.js';
import { MASKED_PATHS, READONLY_PATHS } from './default-mounts.js';
import { parseSecurityOptions } from './security-options.js';
import { generateSpec, type GeneratedSpec, type SpecInputs } from './spec-generator.js';
import { keepIdMappings } from './user-namespace.js';

const ID = `0123456789ab${'c'.repeat(52)}`;
const SHORT_ID = '0123456789ab';

const DEFAULT_CAPS_BY_NUMBER = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_SETFCAP',
];

const FAKE_RULES = {
  defaultAction: 'SCMP_ACT_ERRNO',
  syscalls: [{ names: ['mount'], action: 'SCMP_ACT_ALLOW' }],
};

/** A seccomp provider that records what it was asked and answers in a recognisable way. */
class RecordingSeccomp implements SeccompProvider {
  readonly calls: SeccompOptions[] = [];

  async generate(options: SeccompOptions): Promise<SeccompReport> {
    this.calls.push(structuredClone(options));
    const { profile } = options;
    if (profile.kind === 'unconfined') return { origin: 'unconfined' };
    if (profile.kind === 'default' && options.privileged) return { origin: 'privileged' };
    const origin = profile.kind === 'file' ? profile.path : 'fake default';
    return { seccomp: structuredClone(FAKE_RULES), origin };
  }
}

interface Setup {
  image?: OciImageRunConfig;
  options?: Partial<ContainerCreateOptions>;
  defaults?: EngineConfig['containers'];
  hostEnv?: NodeJS.ProcessEnv;
  inputs?: Partial<SpecInputs>;
}

function imageRecord(config: OciImageRunConfig): ImageRecord {
  return {
    id: 'd'.repeat(64),
    names: ['localhost/app:latest'],
    digest: `sha256:${'e'.repeat(64)}`,
    created: '2024-01-01T00:00:00Z',
    size: 0,
    layers: [],
    config: {
      architecture: 'amd64',
      os: 'linux',
      config,
      rootfs: { type: 'layers', diff_ids: [] },
    },
  };
}

async function generate(setup: Setup = {}) {
  const seccomp = new RecordingSeccomp();
  const options = createOptions(setup.options ?? {});
  const generated = await generateSpec({
    id: ID,
    image: imageRecord(setup.image ?? { Cmd: ['/bin/sh'] }),
    options,
    security: parseSecurityOptions(options.securityOpt),
    defaults: setup.defaults ?? {},
    host: { selinuxEnabled: false, arch: 'amd64', hardLimits: { RLIMIT_NOFILE: 20000 } },
    hostEnv: setup.hostEnv ?? {},
    seccomp,
    ...setup.inputs,
  });
  return { ...generated, seccomp, directive: (path: string) => directiveOf(generated, path) };
}

function directiveOf({ provenance }: GeneratedSpec, path: string): Omit<SpecDirective, 'path'> {
  const found = provenance.find((d) => d.path === path);
  if (!found) return expect.unreachable(`no provenance for ${path}`);
  return { source: found.source, origin: found.origin };
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-core-spec-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('generateSpec: the image bucket', () => {
  const image = {
    Entrypoint: ['/entry'],
    Cmd: ['serve'],
    Env: ['APP=1', 'PATH=/app/bin'],
    WorkingDir: '/srv',
  };

  it('takes the command, environment and working directory from the image', async () => {
    const { spec } = await generate({ image });

    expect(spec.process.args).toEqual(['/entry', 'serve']);
    expect(spec.process.env).toEqual([
      'PATH=/app/bin',
      'TERM=xterm',
      'container=podman',
      'APP=1',
      `HOSTNAME=${SHORT_ID}`,
    ]);
    expect(spec.process.cwd).toBe('/srv');
  });

  it('records the image as the source of what it gave', async () => {
    const { directive } = await generate({ image });

    expect(directive('process.args')).toEqual({ source: 'image', origin: 'Entrypoint + Cmd' });
    expect(directive('process.env')).toEqual({
      source: 'image',
      origin: 'engine defaults + image Env',
    });
    expect(directive('process.cwd')).toEqual({ source: 'image', origin: 'WorkingDir' });
  });

  it('records the image user as the user to resolve at start', async () => {
    const { directive } = await generate({ image: { Cmd: ['id'], User: 'app' } });

    expect(directive('process.user')).toEqual({ source: 'image', origin: 'User app' });
  });
});

describe('generateSpec: the engine bucket', () => {
  it('fills defaults where neither the image nor the user said anything', async () => {
    const { spec } = await generate();

    expect(spec.process.env).toEqual([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'TERM=xterm',
      'container=podman',
      `HOSTNAME=${SHORT_ID}`,
    ]);
    expect(spec.process.cwd).toBe('/');
    expect(spec.hostname).toBe(SHORT_ID);
    expect(spec.process.terminal).toBe(false);
    expect(spec.process.noNewPrivileges).toBeUndefined();
    expect(spec.linux.maskedPaths).toEqual(MASKED_PATHS);
    expect(spec.linux.readonlyPaths).toEqual(READONLY_PATHS);
    expect(spec.linux.namespaces.map((ns) => ns.type)).toEqual([
      'pid',
      'network',
      'ipc',
      'uts',
      'mount',
    ]);
    expect(spec.linux.cgroupsPath).toBe(`/skiff_parent/skiff-${ID}`);
    expect(spec.linux.resources).toMatchObject({ pids: { limit: 2048 } });
  });

  it('gives the default capabilities to all three effective sets and none inheritable', async () => {
    const { spec } = await generate();

    expect(spec.process.capabilities).toEqual({
      bounding: DEFAULT_CAPS_BY_NUMBER,
      effective: DEFAULT_CAPS_BY_NUMBER,
      inheritable: [],
      permitted: DEFAULT_CAPS_BY_NUMBER,
      ambient: [],
    });
  });

  it('caps the default rlimits at the caller hard limits', async () => {
    const { spec } = await generate();

    expect(spec.process.rlimits).toEqual([
      { type: 'RLIMIT_NOFILE', soft: 20000, hard: 20000 },
      { type: 'RLIMIT_NPROC', soft: 4194304, hard: 4194304 },
    ]);
  });

  it('asks the seccomp provider for the default profile and uses its answer', async () => {
    const { spec, seccomp } = await generate();

    expect(seccomp.calls).toEqual([
      { profile: { kind: 'default' }, capabilities: DEFAULT_CAPS_BY_NUMBER, privileged: false },
    ]);
    expect(spec.linux.seccomp).toEqual(FAKE_RULES);
  });

  it('records the engine as the source of every default', async () => {
    const { directive } = await generate();

    expect(directive('process.env')).toEqual({ source: 'engine', origin: 'engine defaults' });
    expect(directive('process.cwd')).toEqual({
      source: 'engine',
      origin: 'default working directory',
    });
    expect(directive('process.capabilities')).toEqual({
      source: 'engine',
      origin: 'default capabilities',
    });
    expect(directive('linux.seccomp')).toEqual({
      source: 'engine',
      origin: 'seccomp provider: fake default',
    });
    expect(directive('process.user')).toEqual({ source: 'engine', origin: 'root by default' });
    expect(directive('hostname')).toEqual({ source: 'engine', origin: 'short container id' });
  });

  it('applies containers.conf defaults', async () => {
    const { spec, directive } = await generate({
      defaults: {
        defaultCapabilities: ['chown', 'NET_RAW'],
        env: ['CONF=1', 'TERM=vt100'],
        pidsLimit: 100,
        defaultUlimits: ['core=0', 'nofile=1000:2000'],
      },
    });

    expect(spec.process.capabilities?.bounding).toEqual(['CAP_CHOWN', 'CAP_NET_RAW']);
    expect(spec.process.env).toContain('CONF=1');
    expect(spec.process.env[1]).toBe('TERM=vt100');
    expect(spec.linux.resources).toMatchObject({ pids: { limit: 100 } });
    expect(spec.process.rlimits).toEqual([
      { type: 'RLIMIT_NOFILE', soft: 1000, hard: 2000 },
      { type: 'RLIMIT_NPROC', soft: 4194304, hard: 4194304 },
      { type: 'RLIMIT_CORE', soft: 0, hard: 0 },
    ]);
    expect(directive('process.capabilities')).toEqual({
      source: 'engine',
      origin: 'containers.conf default_capabilities',
    });
    expect(directive('process.env')).toEqual({
      source: 'engine',
      origin: 'engine defaults + containers.conf env',
    });
  });

  it('lets the image Env override containers.conf env, as Podman does', async () => {
    const { spec } = await generate({
      image: { Cmd: ['/bin/sh'], Env: ['SHARED=image'] },
      defaults: { env: ['SHARED=conf', 'CONF=1'] },
    });

    expect(spec.process.env).toContain('SHARED=image');
    expect(spec.process.env).not.toContain('SHARED=conf');
    expect(spec.process.env).toContain('CONF=1');
  });
});

describe('generateSpec: the user bucket', () => {
  const image = { Entrypoint: ['/entry'], Cmd: ['serve'], Env: ['APP=1'], WorkingDir: '/srv' };

  it('lets flags override the image and the engine, and records the user as source', async () => {
    const { spec, directive } = await generate({
      image,
      options: {
        command: ['migrate'],
        env: ['APP=2', 'NEW=x'],
        workdir: '/work',
        user: 'app',
        hostname: 'box',
        tty: true,
      },
    });

    expect(spec.process.args).toEqual(['/entry', 'migrate']);
    expect(spec.process.env).toEqual([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'TERM=xterm',
      'container=podman',
      'APP=2',
      'NEW=x',
      'HOSTNAME=box',
    ]);
    expect(spec.process.cwd).toBe('/work');
    expect(spec.hostname).toBe('box');
    expect(spec.process.terminal).toBe(true);
    expect(directive('process.args')).toEqual({
      source: 'user',
      origin: 'Entrypoint + command arguments',
    });
    expect(directive('process.env')).toEqual({
      source: 'user',
      origin: 'engine defaults + image Env + --env',
    });
    expect(directive('process.cwd')).toEqual({ source: 'user', origin: '--workdir' });
    expect(directive('process.user')).toEqual({ source: 'user', origin: '--user app' });
    expect(directive('hostname')).toEqual({ source: 'user', origin: '--hostname' });
    expect(directive('process.terminal')).toEqual({ source: 'user', origin: '--tty' });
  });

  it('records --entrypoint as the source of the command line', async () => {
    const { spec, directive } = await generate({ image, options: { entrypoint: '/bin/sh' } });

    expect(spec.process.args).toEqual(['/bin/sh']);
    expect(directive('process.args')).toEqual({ source: 'user', origin: '--entrypoint' });
  });

  it('reads env files before -e, and keeps a HOSTNAME the user set', async () => {
    const file = join(dir, 'app.env');
    writeFileSync(file, '# comment\nFROM_FILE=1\nAPP=file\n');

    const { spec, directive } = await generate({
      image,
      options: { envFiles: [file], env: ['APP=flag', 'HOSTNAME=mine', 'PASSED'] },
      hostEnv: { PASSED: 'through' },
    });

    expect(spec.process.env.slice(3)).toEqual([
      'APP=flag',
      'FROM_FILE=1',
      'HOSTNAME=mine',
      'PASSED=through',
    ]);
    expect(directive('process.env')).toEqual({
      source: 'user',
      origin: 'engine defaults + image Env + --env-file + --env',
    });
  });

  it('gives the seccomp provider the final capabilities after --cap-add and --cap-drop', async () => {
    const { spec, seccomp, directive } = await generate({
      options: { capAdd: ['SYS_ADMIN'], capDrop: ['chown'] },
    });

    const bounding = spec.process.capabilities?.bounding;
    expect(bounding).toContain('CAP_SYS_ADMIN');
    expect(bounding).not.toContain('CAP_CHOWN');
    expect(seccomp.calls.map((call) => call.capabilities)).toEqual([bounding]);
    expect(directive('process.capabilities')).toEqual({
      source: 'user',
      origin: 'default capabilities + --cap-add/--cap-drop',
    });
  });

  it('asks for a profile file named with seccomp=, and records the user as source', async () => {
    const { spec, seccomp, directive } = await generate({
      options: { securityOpt: ['seccomp=/a.json', 'seccomp=/custom.json'] },
    });

    expect(seccomp.calls[0].profile).toEqual({ kind: 'file', path: '/custom.json' });
    expect(spec.linux.seccomp).toEqual(FAKE_RULES);
    expect(directive('linux.seccomp')).toEqual({
      source: 'user',
      origin: 'seccomp provider: /custom.json',
    });
  });

  it('leaves linux.seccomp out with seccomp=unconfined', async () => {
    const { spec, seccomp, directive } = await generate({
      options: { securityOpt: ['seccomp=unconfined'] },
    });

    expect(seccomp.calls[0].profile).toEqual({ kind: 'unconfined' });
    expect('seccomp' in spec.linux).toBe(false);
    expect(directive('linux.seccomp')).toEqual({
      source: 'user',
      origin: 'seccomp provider: unconfined',
    });
  });

  it('asks for the default profile with an empty seccomp=', async () => {
    const { seccomp, directive } = await generate({ options: { securityOpt: ['seccomp='] } });

    expect(seccomp.calls[0].profile).toEqual({ kind: 'default' });
    expect(directive('linux.seccomp').source).toBe('engine');
  });

  it('merges --ulimit over the engine defaults', async () => {
    const { spec, directive } = await generate({ options: { ulimits: ['nofile=100:200'] } });

    expect(spec.process.rlimits?.[0]).toEqual({ type: 'RLIMIT_NOFILE', soft: 100, hard: 200 });
    expect(directive('process.rlimits').source).toBe('user');
  });

  it('unmasks and masks paths, and sets no-new-privileges', async () => {
    const { spec, directive } = await generate({
      options: {
        securityOpt: ['unmask=/proc/kcore:/proc/sys', 'mask=/proc/secret', 'no-new-privileges'],
      },
    });

    expect(spec.linux.maskedPaths).toEqual([
      ...MASKED_PATHS.filter((p) => p !== '/proc/kcore'),
      '/proc/secret',
    ]);
    expect(spec.linux.readonlyPaths).toEqual(READONLY_PATHS.filter((p) => p !== '/proc/sys'));
    expect(spec.process.noNewPrivileges).toBe(true);
    expect(directive('linux.maskedPaths').source).toBe('user');
    expect(directive('process.noNewPrivileges').source).toBe('user');
  });

  it('unmasks everything with systempaths=unconfined', async () => {
    const { spec } = await generate({ options: { securityOpt: ['systempaths=unconfined'] } });

    expect(spec.linux.maskedPaths).toEqual([]);
    expect(spec.linux.readonlyPaths).toEqual([]);
  });
});

describe('generateSpec: --privileged', () => {
  it('gives the engine bounding set and tells the seccomp provider', async () => {
    const { spec, seccomp, directive } = await generate({
      options: { privileged: true, capDrop: ['CHOWN'] },
    });

    const host = hostCapabilities();
    expect(spec.process.capabilities).toMatchObject({
      bounding: host,
      effective: host,
      permitted: host,
    });
    expect(seccomp.calls).toEqual([
      { profile: { kind: 'default' }, capabilities: host, privileged: true },
    ]);
    expect('seccomp' in spec.linux).toBe(false);
    expect(directive('process.capabilities')).toEqual({
      source: 'user',
      origin: '--privileged: every capability',
    });
    expect(directive('linux.seccomp').source).toBe('user');
  });

  it('masks no paths and mounts /sys and cgroups read-write', async () => {
    const { spec, directive } = await generate({ options: { privileged: true } });

    expect('maskedPaths' in spec.linux).toBe(false);
    expect('readonlyPaths' in spec.linux).toBe(false);
    const sys = spec.mounts.filter((m) => m.destination.startsWith('/sys'));
    expect(sys.map((m) => m.destination)).toEqual(['/sys', '/sys/fs/cgroup']);
    for (const mount of sys) expect(mount.options).not.toContain('ro');
    expect(directive('linux.maskedPaths')).toEqual({ source: 'user', origin: '--privileged' });
  });

  it('mounts /sys and cgroups read-only otherwise', async () => {
    const { spec } = await generate();

    const sys = spec.mounts.filter((m) => m.destination.startsWith('/sys'));
    for (const mount of sys) expect(mount.options).toContain('ro');
  });
});

describe('generateSpec: --read-only', () => {
  it('makes the root read-only and adds writable tmpfs mounts', async () => {
    const { spec, directive } = await generate({ options: { readOnly: true } });

    expect(spec.root.readonly).toBe(true);
    const tmpfs = spec.mounts.filter((m) => ['/tmp', '/var/tmp', '/run'].includes(m.destination));
    expect(tmpfs).toEqual(
      ['/tmp', '/var/tmp', '/run'].map((destination) => ({
        destination,
        type: 'tmpfs',
        source: 'tmpfs',
        options: ['rw', 'rprivate', 'nosuid', 'nodev', 'tmpcopyup'],
      })),
    );
    expect(directive('root.readonly')).toEqual({ source: 'user', origin: '--read-only' });
  });

  it('leaves the root writable and adds no tmpfs otherwise', async () => {
    const { spec } = await generate();

    expect(spec.root.readonly).toBeUndefined();
    expect(spec.mounts.map((m) => m.destination)).not.toContain('/tmp');
  });
});

describe('generateSpec: annotations', () => {
  it('writes the Podman annotations for what the user typed', async () => {
    const { spec } = await generate({
      image: { Cmd: ['/bin/sh'], StopSignal: 'SIGINT' },
      options: {
        autoRemove: true,
        securityOpt: ['label=type:spc_t', 'label:level:s0', 'seccomp=unconfined'],
      },
    });

    expect(spec.annotations).toEqual({
      'io.container.manager': 'skiff',
      'io.podman.annotations.autoremove': 'TRUE',
      'io.podman.annotations.privileged': 'FALSE',
      'io.podman.annotations.label': 'type:spc_t,label=level:s0',
      'io.podman.annotations.seccomp': 'unconfined',
      'org.opencontainers.image.stopSignal': 'SIGINT',
    });
  });

  it('writes only the fixed annotations by default', async () => {
    const { spec } = await generate({ options: { privileged: true } });

    expect(spec.annotations).toEqual({
      'io.container.manager': 'skiff',
      'io.podman.annotations.autoremove': 'FALSE',
      'io.podman.annotations.privileged': 'TRUE',
    });
  });
});

describe('generateSpec: bad input', () => {
  it('refuses an image and flags that give nothing to run', async () => {
    await expect(generate({ image: {} })).rejects.toThrow(
      'no command or entrypoint provided, and no CMD or ENTRYPOINT from image',
    );
  });

  it('refuses a bad --ulimit', async () => {
    await expect(generate({ options: { ulimits: ['nofile=2:1'] } })).rejects.toThrow(
      'ulimit option "nofile=2:1" requires name=SOFT:HARD',
    );
  });
});

describe('generateSpec: --network', () => {
  it('gives a network namespace of its own with the ping sysctl by default and with none', async () => {
    for (const network of [undefined, 'none', 'private']) {
      const { spec } = await generate({ options: { network } });

      expect(spec.linux.namespaces.map((ns) => ns.type)).toContain('network');
      expect(spec.linux.sysctl).toEqual({ 'net.ipv4.ping_group_range': '0 0' });
      expect(spec.hostname).toBe(SHORT_ID);
    }
  });

  it('leaves the network namespace and net sysctls out with host, and takes the host name', async () => {
    const { spec, directive } = await generate({
      options: { network: 'host' },
      inputs: { hostName: 'buildhost' },
    });

    expect(spec.linux.namespaces.map((ns) => ns.type)).toEqual(['pid', 'ipc', 'uts', 'mount']);
    expect(spec.linux.sysctl).toBeUndefined();
    expect(spec.hostname).toBe('buildhost');
    expect(spec.process.env).toContain('HOSTNAME=buildhost');
    expect(directive('linux.namespaces')).toEqual({ source: 'user', origin: '--network host' });
    expect(directive('linux.sysctl').origin).toContain('--network host');
  });

  it('keeps a --hostname over the host name with host', async () => {
    const { spec } = await generate({
      options: { network: 'host', hostname: 'web' },
      inputs: { hostName: 'buildhost' },
    });

    expect(spec.hostname).toBe('web');
  });

  it('mounts sysfs for a rootful container in the host network with no user namespace', async () => {
    const { spec } = await generate({ options: { network: 'host' } });

    expect(spec.mounts.find((m) => m.destination === '/sys')?.type).toBe('sysfs');
    expect(spec.mounts.some((m) => m.destination === '/sys/fs/cgroup')).toBe(true);
  });
});

describe('generateSpec: rootless', () => {
  it('gives no cgroup path and empty resources on cgroup v1, as rootless Podman', async () => {
    const { spec, directive } = await generate({ inputs: { rootless: true } });

    expect(spec.linux.cgroupsPath).toBeUndefined();
    expect(spec.linux.resources).toEqual({});
    expect(directive('linux.cgroupsPath')).toEqual({
      source: 'engine',
      origin: 'rootless: no cgroups on cgroup v1',
    });
    expect(directive('linux.resources').origin).toBe('rootless: no cgroups on cgroup v1');
  });

  it('keeps the cgroup and its limits when rootful', async () => {
    const { spec } = await generate();

    expect(spec.linux.cgroupsPath).toBe(`/skiff_parent/skiff-${ID}`);
    expect(spec.linux.resources).toMatchObject({ pids: { limit: 2048 } });
  });

  it('binds /sys, drops the cgroup mount and masks /sys/kernel in the host network', async () => {
    const { spec, directive } = await generate({
      options: { network: 'host' },
      inputs: { rootless: true },
    });

    expect(spec.mounts.find((m) => m.destination === '/sys')).toEqual({
      destination: '/sys',
      type: 'bind',
      source: '/sys',
      options: ['rprivate', 'nosuid', 'noexec', 'nodev', 'ro', 'rbind'],
    });
    expect(spec.mounts.some((m) => m.destination === '/sys/fs/cgroup')).toBe(false);
    expect(spec.linux.maskedPaths?.[0]).toBe('/sys/kernel');
    expect(directive('mounts[/sys]').origin).toContain('--network host + rootless');
    expect(directive('linux.maskedPaths').origin).toContain('/sys/kernel masked');
  });

  it('binds /sys read-write and masks nothing when privileged', async () => {
    const { spec } = await generate({
      options: { network: 'host', privileged: true },
      inputs: { rootless: true },
    });

    expect(spec.mounts.find((m) => m.destination === '/sys')?.options).toContain('rw');
    expect(spec.linux.maskedPaths).toBeUndefined();
  });

  it('mounts sysfs as usual when the container has a network namespace', async () => {
    const { spec } = await generate({ inputs: { rootless: true } });

    expect(spec.mounts.find((m) => m.destination === '/sys')?.type).toBe('sysfs');
    expect(spec.linux.maskedPaths).toEqual(MASKED_PATHS);
  });
});

describe('generateSpec: user namespaces', () => {
  const mapped = {
    origin: '--uidmap',
    uidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }],
    gidMappings: [{ containerID: 0, hostID: 200000, size: 65536 }],
  };

  it('adds a user namespace with the mappings, recorded as the user asked', async () => {
    const { spec, directive } = await generate({
      options: { uidmap: ['0:100000:65536'] },
      inputs: { userNamespace: mapped },
    });

    expect(spec.linux.namespaces.at(-1)).toEqual({ type: 'user' });
    expect(spec.linux.uidMappings).toEqual(mapped.uidMappings);
    expect(spec.linux.gidMappings).toEqual(mapped.gidMappings);
    expect(directive('linux.uidMappings')).toEqual({ source: 'user', origin: '--uidmap' });
    expect(directive('linux.namespaces').origin).toBe('--uidmap');
  });

  it('binds /sys without masking /sys/kernel for a rootful mapped container in the host network', async () => {
    const { spec } = await generate({
      options: { network: 'host' },
      inputs: { userNamespace: mapped },
    });

    expect(spec.mounts.find((m) => m.destination === '/sys')?.type).toBe('bind');
    expect(spec.mounts.some((m) => m.destination === '/sys/fs/cgroup')).toBe(false);
    expect(spec.linux.maskedPaths).toEqual(MASKED_PATHS);
  });

  it('records the keep-id ids as the user to run as', async () => {
    const keepId = {
      origin: '--userns keep-id',
      uidMappings: keepIdMappings(1001, 65537),
      gidMappings: keepIdMappings(1001, 65537),
      keepId: { uid: 1001, gid: 1001 },
    };
    const { directive } = await generate({
      options: { userns: 'keep-id' },
      inputs: { rootless: true, userNamespace: keepId },
    });

    expect(directive('process.user')).toEqual({
      source: 'user',
      origin: '--userns keep-id: 1001:1001',
    });
  });

  it('has no user namespace by default', async () => {
    const { spec } = await generate();

    expect(spec.linux.namespaces.map((ns) => ns.type)).not.toContain('user');
    expect(spec.linux.uidMappings).toBeUndefined();
  });
});
