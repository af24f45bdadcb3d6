import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** REPO is the repository root; the built CLI is REPO/bin/skiff. */
export const REPO = resolve(__dirname, '../..');
const SKIFF = join(REPO, 'bin/skiff');
const TARBALL = join(REPO, '.cache/busybox-rootfs.tar');

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
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** skiffUnscoped runs the CLI without `--root`/`--runroot`, for configuration-driven paths. */
  skiffUnscoped(args: string[], env: NodeJS.ProcessEnv): CommandResult {
    const result = spawnSync(SKIFF, args, {
      encoding: 'utf8',
      env: { ...process.env, CONTAINERS_CONF: this.conf, ...env },
      timeout: 60_000,
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** skiffAsync starts the CLI without waiting, for tests that run several at once. */
  skiffAsync(args: string[]): Promise<CommandResult> {
    return new Promise((done) => {
      const child = spawn(SKIFF, this.args(args), {
        env: { ...process.env, CONTAINERS_CONF: this.conf },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });
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

  destroy(): void {
    this.skiff(['rm', '-f', ...this.containerIds()]);
    unmountUnder(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
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
