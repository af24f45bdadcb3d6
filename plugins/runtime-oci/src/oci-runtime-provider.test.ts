import 'reflect-metadata';

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  ExecutableNotFound,
  ExecutablePermission,
  OciRuntime,
  StorageError,
  type EngineEnvironment,
  type OciSpec,
  type RuntimeInfo,
  type RuntimeStateReport,
} from '@skiff/contracts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { OciRuntimeProvider } from './oci-runtime-provider.js';

const RUNC = '/usr/bin/runc';
const BUSYBOX = '/bin/busybox';
const APPLETS = ['sh', 'true', 'false', 'echo', 'sleep', 'touch'];

const missing = [
  process.getuid?.() === 0 ? undefined : 'root',
  existsSync(RUNC) ? undefined : RUNC,
  existsSync(BUSYBOX) ? undefined : BUSYBOX,
].filter((need) => need !== undefined);
const skipReason = `needs ${missing.join(', ')} to run containers`;

let dir: string;
let rootfs: string;
let template: OciSpec;
let provider: OciRuntimeProvider;
let runtime: RuntimeInfo;
let created: string[] = [];

async function makeRootfs(): Promise<void> {
  rootfs = join(dir, 'rootfs');
  await mkdir(join(rootfs, 'bin'), { recursive: true });
  await copyFile(BUSYBOX, join(rootfs, 'bin/busybox'));
  await chmod(join(rootfs, 'bin/busybox'), 0o755);
  for (const applet of APPLETS) {
    await symlink('busybox', join(rootfs, 'bin', applet));
  }
  await writeFile(join(rootfs, 'bin/noexec'), 'echo never\n', { mode: 0o644 });
}

/** The spec runc itself proposes, made to fit this host and a non-terminal test run. */
async function makeTemplate(): Promise<void> {
  const specDir = join(dir, 'spec');
  await mkdir(specDir);
  execFileSync(RUNC, ['spec'], { cwd: specDir });
  template = JSON.parse(await readFile(join(specDir, 'config.json'), 'utf8')) as OciSpec;

  template.process.terminal = false;
  // A limit above the caller's hard limit makes runc fail; the host default is enough here.
  template.process.rlimits = (template.process.rlimits ?? []).filter(
    (limit) => limit.type !== 'RLIMIT_NOFILE',
  );
  template.root = { path: rootfs, readonly: false };
}

async function bundleFor(args: string[]): Promise<{ id: string; bundle: string; workDir: string }> {
  const id = `skiff-test-${Math.random().toString(16).slice(2, 10)}`;
  const bundle = join(dir, 'bundles', id);
  await mkdir(bundle, { recursive: true });

  const config = structuredClone(template);
  config.process.args = args;
  await writeFile(join(bundle, 'config.json'), JSON.stringify(config));

  created.push(id);
  return { id, bundle, workDir: join(dir, 'work', id) };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function stateIs(id: string, status: RuntimeStateReport['status']) {
  return async () => {
    const state = await provider.state(runtime, id);
    return state?.status === status ? state : undefined;
  };
}

beforeAll(async () => {
  if (missing.length > 0) {
    return;
  }

  dir = await mkdtemp(join(tmpdir(), 'skiff-runtime-oci-'));
  const env: EngineEnvironment = {
    root: join(dir, 'root'),
    runroot: join(dir, 'runroot'),
    rootless: false,
    ociRuntime: { name: 'runc', paths: [RUNC] },
  };
  provider = new OciRuntimeProvider(env);
  runtime = await provider.locate('runc');

  await makeRootfs();
  await makeTemplate();
});

beforeEach((context) => {
  context.skip(missing.length > 0, skipReason);
});

afterEach(async () => {
  vi.restoreAllMocks();
  for (const id of created) {
    await provider.delete(runtime, id, true);
  }
  created = [];
});

afterAll(async () => {
  if (dir !== undefined) {
    await rm(dir, { recursive: true, force: true });
  }
});

describe('OciRuntimeProvider in the foreground', { timeout: 30_000 }, () => {
  it('returns 0 when the command succeeds', async () => {
    const bundle = await bundleFor(['true']);

    await expect(provider.run({ runtime, ...bundle })).resolves.toEqual({ exitCode: 0 });
  });

  it("returns the command's own exit status", async () => {
    const bundle = await bundleFor(['sh', '-c', 'exit 3']);

    await expect(provider.run({ runtime, ...bundle })).resolves.toEqual({ exitCode: 3 });
  });

  it('throws ExecutableNotFound, and keeps runc from printing it too', async () => {
    const bundle = await bundleFor(['nope']);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const error = await provider.run({ runtime, ...bundle }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExecutableNotFound);
    expect((error as Error).message).toBe(
      'runc: runc run failed: unable to start container process: exec: "nope": ' +
        'executable file not found in $PATH: ' +
        'OCI runtime attempted to invoke a command that was not found',
    );
    expect(stderr.mock.calls.map((call) => String(call[0])).join('')).not.toContain('runc run');
  });

  it('throws ExecutablePermission for a file without execute permission', async () => {
    const bundle = await bundleFor(['/bin/noexec']);

    await expect(provider.run({ runtime, ...bundle })).rejects.toThrow(
      new ExecutablePermission(
        'runc: runc run failed: unable to start container process: exec: "/bin/noexec": ' +
          'permission denied: OCI permission denied',
      ),
    );
  });

  it("passes the container's stderr through", async () => {
    const bundle = await bundleFor(['sh', '-c', 'echo to-stderr >&2; exit 1']);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    await expect(provider.run({ runtime, ...bundle })).resolves.toEqual({ exitCode: 1 });
    expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toContain('to-stderr\n');
  });

  it('forwards signals to the container and stops forwarding afterwards', async () => {
    const script = 'trap "exit 7" USR2; touch /ready-$0; while :; do sleep 0.1; done';
    const bundle = await bundleFor(['sh', '-c', script, 'usr2']);
    const listeners = process.listenerCount('SIGUSR2');

    const running = provider.run({ runtime, ...bundle });
    await until(async () => (existsSync(join(rootfs, 'ready-usr2')) ? true : undefined), 'trap');
    process.emit('SIGUSR2', 'SIGUSR2');

    await expect(running).resolves.toEqual({ exitCode: 7 });
    expect(process.listenerCount('SIGUSR2')).toBe(listeners);
  });

  it('returns 128 + signo when the container is killed', async () => {
    const bundle = await bundleFor(['sleep', '30']);

    const running = provider.run({ runtime, ...bundle });
    await until(stateIs(bundle.id, 'running'), 'the container to run');
    await provider.kill(runtime, bundle.id, 'KILL');

    await expect(running).resolves.toEqual({ exitCode: 137 });
  });
});

describe('OciRuntimeProvider in the background', { timeout: 30_000 }, () => {
  it('starts a container, reports it running, then stopped and deleted', async () => {
    const bundle = await bundleFor(['sh', '-c', 'echo started; exec sleep 30']);
    const logPath = join(dir, `${bundle.id}.log`);

    const started = await provider.start({ runtime, ...bundle, logPath });
    expect(started.status).toBe('running');
    expect(started.pid).toBeGreaterThan(0);
    await until(async () => {
      const output = await readFile(logPath, 'utf8');
      return output.includes('started\n') ? output : undefined;
    }, 'the container output');

    await provider.kill(runtime, bundle.id, 'KILL');
    await expect(until(stateIs(bundle.id, 'stopped'), 'the stop')).resolves.toMatchObject({
      status: 'stopped',
    });

    await provider.delete(runtime, bundle.id, false);
    await expect(provider.state(runtime, bundle.id)).resolves.toBeUndefined();
  });

  it('classifies a failed start like a foreground one', async () => {
    const bundle = await bundleFor(['nope']);
    const logPath = join(dir, `${bundle.id}.log`);

    await expect(provider.start({ runtime, ...bundle, logPath })).rejects.toThrow(
      ExecutableNotFound,
    );
  });

  it('reports an output file it cannot open as a storage failure', async () => {
    const bundle = await bundleFor(['true']);
    const logPath = join(dir, 'no-such-dir', `${bundle.id}.log`);

    await expect(provider.start({ runtime, ...bundle, logPath })).rejects.toThrow(StorageError);
  });

  it('reports a runtime binary that vanished as OciRuntime', async () => {
    const bundle = await bundleFor(['true']);
    const gone = { name: 'gone', path: join(dir, 'gone/runc') };

    await expect(provider.run({ runtime: gone, ...bundle })).rejects.toThrow(OciRuntime);
  });

  it('refuses to delete a running container unless forced', async () => {
    const bundle = await bundleFor(['sleep', '30']);
    await provider.start({ runtime, ...bundle, logPath: join(dir, `${bundle.id}.log`) });

    await expect(provider.delete(runtime, bundle.id, false)).rejects.toThrow(OciRuntime);
    await provider.delete(runtime, bundle.id, true);
    await expect(provider.state(runtime, bundle.id)).resolves.toBeUndefined();
  });
});

describe('OciRuntimeProvider with an unknown container', () => {
  it('reports no state', async () => {
    await expect(provider.state(runtime, 'skiff-test-unknown')).resolves.toBeUndefined();
  });

  it('treats deleting it as done', async () => {
    await expect(provider.delete(runtime, 'skiff-test-unknown', false)).resolves.toBeUndefined();
  });

  it('fails to signal it', async () => {
    await expect(provider.kill(runtime, 'skiff-test-unknown', 'TERM')).rejects.toThrow(
      new OciRuntime(
        'OCI runtime error: runc: container does not exist',
        'container does not exist',
      ),
    );
  });
});
