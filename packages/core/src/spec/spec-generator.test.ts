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
import { generateSpec, type GeneratedSpec } from './spec-generator.js';

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
