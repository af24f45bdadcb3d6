import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';

/** REPO is the repository root; the built CLI is REPO/bin/skiff. */
export const REPO = resolve(__dirname, '../..');
export const SKIFF = join(REPO, 'bin/skiff');

/** CommandResult is what one command did. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** RunOptions feed a command: its standard input and extra environment. */
export interface RunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
}

/** ME is the unprivileged user the suite runs as. */
export const ME = userInfo();

/** assertUnprivileged stops the suite if it was started as root: it must prove rootless. */
export function assertUnprivileged(): void {
  if (ME.uid === 0) {
    throw new Error(
      'the rootless suite runs as an unprivileged user: see scripts/test-rootless.mjs',
    );
  }
}

/**
 * RootlessStore is one user's isolated engine store: its own `--root`, `--runroot`, runtime
 * directory (so its user namespace is its own) and containers.conf, in a temporary directory.
 * `user` other than the suite's own runs every command through sudo as that user.
 */
export class RootlessStore {
  readonly dir: string;
  readonly root: string;
  readonly runroot: string;
  readonly runtimeDir: string;
  readonly conf: string;
  readonly home: string;

  constructor(
    readonly user: string = ME.username,
    containersConf = '',
  ) {
    this.dir = user === ME.username ? mkdtempSync(join(tmpdir(), 'skiff-rl-')) : this.sudoTemp();
    this.root = join(this.dir, 'root');
    this.runroot = join(this.dir, 'run');
    this.runtimeDir = join(this.dir, 'xdg');
    this.conf = join(this.dir, 'containers.conf');
    this.home = user === ME.username ? ME.homedir : `/home/${user}`;
    // Passable, as the store inside must be for a container in a user namespace of its own.
    this.shell(`chmod 711 ${this.dir} && mkdir -m 700 ${this.runtimeDir}`);
    this.shell(`printf '%s' '${containersConf}' > ${this.conf}`);
  }

  /** skiff runs the CLI against this store as the store's user. */
  skiff(args: string[], options: RunOptions = {}): CommandResult {
    return this.unscoped(['--root', this.root, '--runroot', this.runroot, ...args], options);
  }

  /** unscoped runs the CLI with the user's default paths (no `--root`/`--runroot`). */
  unscoped(args: string[], options: RunOptions = {}) {
    return this.run(SKIFF, args, options);
  }

  /** run runs any program as the store's user, with the store's runtime directory. */
  run(file: string, args: string[], options: RunOptions = {}) {
    const env = this.environment(options.env);
    const [command, argv] =
      this.user === ME.username
        ? [file, args]
        : ['sudo', ['-n', '-u', this.user, 'env', ...assignments(env), file, ...args]];
    const result = spawnSync(command, argv, {
      encoding: 'utf8',
      input: options.input ?? '',
      env: this.user === ME.username ? env : process.env,
      timeout: 90_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** skiffAsync starts the CLI against this store without waiting, for concurrent commands. */
  skiffAsync(args: string[]): Promise<CommandResult> {
    const child = spawn(SKIFF, ['--root', this.root, '--runroot', this.runroot, ...args], {
      env: this.environment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((done) => {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** shell runs a shell command line as the store's user and fails on a non-zero status. */
  shell(script: string): string {
    const result = this.run('/bin/sh', ['-c', script]);
    if (result.code !== 0) throw new Error(`${script}: ${result.stderr}`);
    return result.stdout;
  }

  /** ok runs the CLI and returns its standard output, failing the test on a non-zero status. */
  ok(args: string[], options: RunOptions = {}): string {
    const result = this.skiff(args, options);
    if (result.code !== 0) {
      throw new Error(`skiff ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    }
    return result.stdout;
  }

  /** pausePid is the pid of the process holding this store's user namespace, if any. */
  pausePid(): number | undefined {
    const line = this.shell(`cat ${this.runtimeDir}/skiff-userns/pause.pid 2>/dev/null || true`);
    const pid = Number(line.split(' ')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  /**
   * destroy removes the store's containers, then its files from inside the namespace (layers
   * belong to subordinate ids the user cannot remove from outside), then stops the pause
   * process by its pid.
   */
  destroy(): void {
    const ids = this.skiff(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (ids.length > 0) this.skiff(['rm', '-f', '-t', '0', ...ids]);
    const unmount = `awk '{print $5}' /proc/self/mountinfo | grep '^${this.dir}/' | sort -r | xargs -r umount -l`;
    this.skiff(['unshare', 'sh', '-c', `${unmount}; rm -rf ${this.root} ${this.runroot}`]);
    const pid = this.pausePid();
    if (pid !== undefined) this.run('kill', ['-9', String(pid)]);
    this.run('rm', ['-rf', this.dir]);
    if (this.user === ME.username) rmSync(this.dir, { recursive: true, force: true });
  }

  private environment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: this.home,
      XDG_RUNTIME_DIR: this.runtimeDir,
      CONTAINERS_CONF: this.conf,
      ...extra,
    };
  }

  private sudoTemp(): string {
    const result = spawnSync(
      'sudo',
      ['-n', '-u', this.user, 'mktemp', '-d', '/tmp/skiff-rl-XXXXXX'],
      {
        encoding: 'utf8',
      },
    );
    if (result.status !== 0) throw new Error(`sudo -u ${this.user} mktemp: ${result.stderr}`);
    return result.stdout.trim();
  }
}

function assignments(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env).flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}=${value}`],
  );
}

/**
 * imageTarball writes a root file system tarball with the host's static busybox, owned by
 * root but for `/home/user` (uid 1000) and `/nobody` (uid 65534), and returns its path. Tar
 * writes owners it is told, so no privilege is needed.
 */
export function imageTarball(dir: string): string {
  const tree = mkdtempSync(join(dir, 'tree-'));
  const tarball = join(dir, 'image.tar');
  const busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
  execFileSync('sh', [
    '-c',
    [
      `cd ${tree}`,
      'mkdir -p bin etc tmp root proc sys dev home/user',
      `cp ${busybox} bin/busybox`,
      'for a in $(bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "bin/$a"; done',
      "printf 'root:x:0:0:root:/root:/bin/sh\\nuser:x:1000:1000:user:/home/user:/bin/sh\\n" +
        "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\\n' > etc/passwd",
      "printf 'root:x:0:\\nuser:x:1000:\\nnogroup:x:65534:\\n' > etc/group",
      'echo mine > home/user/file && echo nobody > nobody && chmod 1777 tmp && chmod 755 .',
      `tar --numeric-owner --owner=0 --group=0 --exclude=./home/user --exclude=./nobody -cf ${tarball} .`,
      `tar --numeric-owner --owner=1000 --group=1000 -rf ${tarball} ./home/user`,
      `tar --numeric-owner --owner=65534 --group=65534 -rf ${tarball} ./nobody`,
    ].join(' && '),
  ]);
  rmSync(tree, { recursive: true, force: true });
  return tarball;
}

/** hostUidOf reads the real (host) uid of a live process from /proc. */
export function hostUidOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
}

/** subordinateStart is the first subordinate uid /etc/subuid grants `user`. */
export function subordinateStart(user: string = ME.username): number {
  const line = readFileSync('/etc/subuid', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${user}:`));
  if (line === undefined) throw new Error(`no /etc/subuid entry for ${user}`);
  return Number(line.split(':')[1]);
}
