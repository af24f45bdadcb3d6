import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** REPO is the repository root; the built CLI is REPO/bin/skiff. */
export const REPO = resolve(__dirname, '../..');
const SKIFF = join(REPO, 'bin/skiff');
const TARBALL = join(REPO, '.cache/busybox-rootfs.tar');

/** HostProcess is a live process on the host, as /proc shows it. */
export interface HostProcess {
  pid: number;
  cmdline: string;
  cgroup: string;
}

/** CommandResult is what one CLI invocation did. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** busyboxTarball builds (once per checkout) the root file system tarball tests import. */
export function busyboxTarball(): string {
  mkdirSync(join(REPO, '.cache'), { recursive: true });
  execFileSync(join(REPO, 'test/fixtures/make-busybox-rootfs.sh'), [TARBALL]);
  return TARBALL;
}

/**
 * Store is one isolated engine store (`--root`, `--runroot`, a containers.conf) in a temp
 * directory, so that tests never share state; `destroy` removes every trace of it.
 */
export class Store {
  readonly dir: string;
  readonly root: string;
  readonly runroot: string;
  readonly conf: string;

  constructor(containersConf = '') {
    this.dir = mkdtempSync(join(tmpdir(), 'skiff-e2e-'));
    this.root = join(this.dir, 'root');
    this.runroot = join(this.dir, 'run');
    this.conf = join(this.dir, 'containers.conf');
    writeFileSync(this.conf, containersConf);
  }

  /** skiff runs the built CLI against this store and waits for it. */
  skiff(args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}) {
    const result = spawnSync(SKIFF, this.args(args), {
      encoding: 'utf8',
      input: options.input ?? '',
      env: { ...process.env, CONTAINERS_CONF: this.conf, ...options.env },
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** skiffUnscoped runs the CLI without `--root`/`--runroot`, for configuration-driven paths. */
  skiffUnscoped(args: string[], env: NodeJS.ProcessEnv): CommandResult {
    const result = spawnSync(SKIFF, args, {
      encoding: 'utf8',
      env: { ...process.env, CONTAINERS_CONF: this.conf, ...env },
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** skiffAsync starts the CLI without waiting, for tests that run several at once. */
  skiffAsync(args: string[]): Promise<CommandResult> {
    return finished(this.spawnSkiff(args, ['ignore', 'pipe', 'pipe']));
  }

  /** spawnSkiff starts the CLI and hands over the child, for tests that watch it as it runs. */
  spawnSkiff(args: string[], stdio: ('pipe' | 'ignore')[] = ['pipe', 'pipe', 'pipe']) {
    return spawn(SKIFF, this.args(args), {
      env: { ...process.env, CONTAINERS_CONF: this.conf },
      stdio,
    });
  }

  /** commandLine is the CLI's argv for `args` against this store, for wrappers like script(1). */
  commandLine(args: string[]): string[] {
    return [SKIFF, ...this.args(args)];
  }

  /** importBusybox imports the busybox tarball as `name` and returns the image id. */
  importBusybox(name = 'localhost/busybox'): string {
    const result = this.skiff(['import', busyboxTarball(), name]);
    if (result.code !== 0) throw new Error(`import failed: ${result.stderr}`);
    return result.stdout.trim();
  }

  /** sql runs a query on the store's database with the sqlite3 CLI-free better-sqlite3. */
  sql<T>(query: string): T[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3');
    const db = new Database(join(this.root, 'skiff.db'), { readonly: true });
    try {
      return db.prepare(query).all() as T[];
    } finally {
      db.close();
    }
  }

  /**
   * destroy removes every trace of the store: its containers, then whatever process is still
   * tied to it (a conmon, a runc, an exit command, a container process), its mounts and files.
   */
  destroy(): void {
    const ids = this.containerIds();
    if (ids.length > 0) this.skiff(['rm', '-f', '-t', '0', ...ids]);
    for (const id of runcContainers(this.runroot)) {
      spawnSync('runc', ['--root', join(this.runroot, 'runc'), 'delete', '--force', id]);
    }
    killAll(() => this.processes(ids));
    unmountUnder(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * processes lists the live processes tied to this store: those whose command line names the
   * store's directory (conmon, runc, exit commands) and those in the cgroup of one of `ids`
   * (the containers' own processes).
   */
  processes(ids: readonly string[] = this.containerIds()): HostProcess[] {
    return liveProcesses().filter(
      (p) => p.cmdline.includes(this.dir) || ids.some((id) => p.cgroup.includes(id)),
    );
  }

  /** processesOf lists the live processes of one container: its monitor, runtime, own ones. */
  processesOf(id: string): HostProcess[] {
    return liveProcesses().filter((p) => p.cmdline.includes(id) || p.cgroup.includes(id));
  }

  /** bundles lists the container directories under `<runroot>/containers`. */
  bundles(): string[] {
    try {
      return readdirSync(join(this.runroot, 'containers'));
    } catch {
      return [];
    }
  }

  private containerIds(): string[] {
    const result = this.skiff(['ps', '-aq', '--no-trunc']);
    return result.stdout.split('\n').filter(Boolean);
  }

  private args(args: string[]): string[] {
    return ['--root', this.root, '--runroot', this.runroot, ...args];
  }
}

/** mountsUnder lists mount points below `dir`, deepest first. */
export function mountsUnder(dir: string): string[] {
  const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  return lines
    .map((line) => line.split(' ')[4])
    .filter((point) => point?.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

function unmountUnder(dir: string): void {
  for (const point of mountsUnder(dir)) spawnSync('umount', ['-l', point]);
}

/** runcContainers lists the containers runc knows under a runroot. */
export function runcContainers(runroot: string): string[] {
  const result = spawnSync('runc', ['--root', join(runroot, 'runc'), 'list', '-q'], {
    encoding: 'utf8',
  });
  return result.stdout.split('\n').filter(Boolean);
}

/** WaitOptions bound a `waitFor`: how long to keep trying and how often to look. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * waitFor polls `check` until it returns true, and fails after `timeoutMs` with what it was
 * waiting for, so that a test never sleeps longer than the condition takes.
 */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 15_000, intervalMs = 100 }: WaitOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * pidAlive says whether a process runs. A zombie does not: this host's init may leave orphans
 * unreaped for a long time.
 */
export function pidAlive(pid: number | string): boolean {
  const stat = readProc(String(pid), 'stat');
  // The state follows the command name, which is in parentheses and may hold spaces.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return stat !== '' && state !== 'Z';
}

/** finished collects a child's output and resolves with it once the child has exited. */
export function finished(child: ChildProcess): Promise<CommandResult> {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** liveProcesses lists the host's processes but this one and zombies. */
function liveProcesses(): HostProcess[] {
  const found: HostProcess[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid || !pidAlive(pid)) continue;
    const cmdline = readProc(pid, 'cmdline').replaceAll('\0', ' ').trim();
    found.push({ pid: Number(pid), cmdline, cgroup: readProc(pid, 'cgroup') });
  }
  return found;
}

function readProc(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

/** killAll sends SIGKILL to what `list` names until it names nothing, for up to 10 s. */
function killAll(list: () => HostProcess[]): void {
  const deadline = Date.now() + 10_000;
  for (let left = list(); left.length > 0 && Date.now() < deadline; left = list()) {
    for (const { pid } of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // It ended meanwhile.
      }
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}
