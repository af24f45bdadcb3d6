import { execFile, execFileSync } from 'node:child_process';
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
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type {
  AttachSession,
  AttachStreams,
  EngineEnvironment,
  OciSpec,
  RuntimeCreateOptions,
  RuntimeInfo,
} from '@skiff/contracts';

import { OciRuntimeProvider } from '../oci-runtime-provider.js';

const execFileAsync = promisify(execFile);

const RUNC_PATHS = ['/usr/sbin/runc', '/usr/bin/runc'];
const CONMON = '/usr/bin/conmon';
const BUSYBOX = '/bin/busybox';
const APPLETS = ['sh', 'cat', 'echo', 'sleep', 'tty', 'stty', 'seq', 'touch'];

/** runc fails on a limit above the caller's hard limit (20000 on the CI machines). */
const NOFILE = 1024;

/** TestContainer is one bundle the fixture made, and the paths its monitor writes to. */
export interface TestContainer {
  id: string;
  bundle: string;
  exitDir: string;
  logPath: string;
}

/**
 * missingForContainers names what this host lacks to run real containers (root, runc, conmon,
 * a static busybox), empty when the container tests can run.
 */
export function missingForContainers(): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root');
  if (!RUNC_PATHS.some((path) => existsSync(path))) missing.push('runc');
  if (!existsSync(CONMON)) missing.push('conmon');
  if (!existsSync(BUSYBOX)) missing.push('busybox');
  return missing;
}

/**
 * ContainerFixture is a throwaway engine environment in a temp directory: a busybox rootfs, a
 * config.json template from `runc spec`, a provider on its own runroot, and a record of every
 * container made so that `cleanUp` can kill and delete them whether or not a test passed.
 */
export class ContainerFixture {
  private created: TestContainer[] = [];
  private sessions: AttachSession[] = [];
  private template!: OciSpec;

  private constructor(
    readonly dir: string,
    readonly env: EngineEnvironment,
    readonly provider: OciRuntimeProvider,
    readonly runtime: RuntimeInfo,
  ) {}

  static async setUp(): Promise<ContainerFixture> {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-runtime-oci-'));
    const env = environmentIn(dir);
    const provider = new OciRuntimeProvider(env);
    const fixture = new ContainerFixture(dir, env, provider, await provider.locate('runc'));
    await fixture.makeRootfs();
    await fixture.makeTemplate();
    return fixture;
  }

  get rootfs(): string {
    return join(this.dir, 'rootfs');
  }

  /** container writes a bundle whose process runs `args`; `edit` may change its spec. */
  async container(args: string[], edit?: (spec: OciSpec) => void): Promise<TestContainer> {
    const id = `skiff-test-${Math.random().toString(16).slice(2, 12)}`;
    const bundle = join(this.dir, 'bundles', id);
    await mkdir(bundle, { recursive: true });

    const spec = structuredClone(this.template);
    spec.process.args = args;
    edit?.(spec);
    await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));

    const container = {
      id,
      bundle,
      exitDir: join(this.dir, 'exits'),
      logPath: join(bundle, 'ctr.log'),
    };
    this.created.push(container);
    return container;
  }

  /** createOptions are the options core would pass for `container`, without stdin or tty. */
  createOptions(
    container: TestContainer,
    overrides: Partial<RuntimeCreateOptions> = {},
  ): RuntimeCreateOptions {
    return {
      runtime: this.runtime,
      id: container.id,
      name: container.id,
      bundle: container.bundle,
      exitDir: container.exitDir,
      logDriver: 'k8s-file',
      logPath: container.logPath,
      logSizeMax: -1,
      terminal: false,
      stdin: false,
      ...overrides,
    };
  }

  /** attach attaches through the provider, and closes the session at clean-up if still open. */
  async attach(dir: string, streams: AttachStreams): Promise<AttachSession> {
    const session = await this.provider.attach(dir, streams);
    this.sessions.push(session);
    return session;
  }

  /** execDir is a fresh work directory for one exec session. */
  execDir(): { workDir: string; sessionId: string } {
    const sessionId = `exec-${Math.random().toString(16).slice(2, 12)}`;
    return { workDir: join(this.dir, 'exec', sessionId), sessionId };
  }

  /** runtimeState asks runc itself, not the provider, whether it keeps a record of `id`. */
  async runtimeState(id: string): Promise<string | undefined> {
    try {
      const { stdout } = await execFileAsync(this.runtime.path, [...this.runcRoot(), 'state', id]);
      return (JSON.parse(stdout) as { status: string }).status;
    } catch {
      return undefined;
    }
  }

  /** conmonPids lists the live conmon processes whose command line names `id`. */
  conmonPids(id: string): number[] {
    const pids = execFileSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' });
    return pids
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith('conmon') && fields.includes(id))
      .map((fields) => Number(fields[0]));
  }

  /** cleanUp closes attaches, force-deletes every container made so far and kills its conmons. */
  async cleanUp(): Promise<void> {
    for (const session of this.sessions.splice(0)) session.close();
    for (const { id } of this.created.splice(0)) {
      await execFileAsync(this.runtime.path, [...this.runcRoot(), 'delete', '--force', id]).catch(
        () => undefined,
      );
      for (const pid of this.conmonPids(id)) killQuietly(pid);
    }
  }

  async tearDown(): Promise<void> {
    await this.cleanUp();
    await rm(this.dir, { recursive: true, force: true });
  }

  private runcRoot(): string[] {
    return ['--root', join(this.env.runroot, 'runc')];
  }

  private async makeRootfs(): Promise<void> {
    const bin = join(this.rootfs, 'bin');
    await mkdir(bin, { recursive: true });
    await copyFile(BUSYBOX, join(bin, 'busybox'));
    await chmod(join(bin, 'busybox'), 0o755);
    for (const applet of APPLETS) await symlink('busybox', join(bin, applet));
    await writeFile(join(bin, 'not-executable'), '#!/bin/sh\necho never\n', { mode: 0o644 });
  }

  /** makeTemplate takes runc's own proposal and fits it to a test run on this host. */
  private async makeTemplate(): Promise<void> {
    const specDir = join(this.dir, 'spec');
    await mkdir(specDir);
    execFileSync(this.runtime.path, ['spec'], { cwd: specDir });
    const spec = JSON.parse(await readFile(join(specDir, 'config.json'), 'utf8')) as OciSpec;

    spec.process.terminal = false;
    spec.process.rlimits = [{ type: 'RLIMIT_NOFILE', hard: NOFILE, soft: NOFILE }];
    spec.root = { path: this.rootfs, readonly: false };
    this.template = spec;
  }
}

function environmentIn(dir: string): EngineEnvironment {
  return {
    root: join(dir, 'root'),
    runroot: join(dir, 'runroot'),
    rootless: false,
    ociRuntime: { name: 'runc', paths: RUNC_PATHS },
    conmonPaths: [CONMON],
  };
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * useContainerFixture registers the hooks a file of container tests needs: one fixture for the
 * file, each test's containers cleaned up after it, and every test skipped with the reason when
 * the host cannot run containers. It returns the fixture, available once the file has begun.
 */
export function useContainerFixture(): () => ContainerFixture {
  const missing = missingForContainers();
  let fixture: ContainerFixture | undefined;

  beforeAll(async () => {
    if (missing.length === 0) fixture = await ContainerFixture.setUp();
  });
  beforeEach((context) => {
    context.skip(missing.length > 0, `needs ${missing.join(', ')} to run containers`);
  });
  afterEach(async () => {
    await fixture?.cleanUp();
  });
  afterAll(async () => {
    await fixture?.tearDown();
  });
  return () => fixture as ContainerFixture;
}
