// Prints the median wall time of Skiff's hot paths beside a bare `runc run` of an equivalent
// bundle (and podman, when installed), measured in one interleaved run so that the machine's
// noise falls on all of them alike. Figures only: nothing here passes or fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const SKIFF = join(REPO, 'bin/skiff');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const work = mkdtempSync(join(tmpdir(), 'skiff-bench-'));
const tarball = join(work, 'busybox.tar');
const skiffArgs = ['--root', join(work, 'root'), '--runroot', join(work, 'run')];

function time(command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.toString()}`);
  }
  return ms;
}

function runcBundle() {
  const bundle = join(work, 'bundle');
  execFileSync('mkdir', ['-p', join(bundle, 'rootfs')]);
  execFileSync('tar', ['-C', join(bundle, 'rootfs'), '-xf', tarball]);
  execFileSync('runc', ['spec'], { cwd: bundle });
  const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
  spec.process.terminal = false;
  spec.process.args = ['true'];
  // The machine's hard RLIMIT_NOFILE is below runc's template value.
  spec.process.rlimits = [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }];
  spec.root.readonly = false;
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
  return bundle;
}

function podmanCommand() {
  const found = spawnSync('podman', ['--version']).status === 0;
  if (!found) return undefined;
  const base = ['--root', join(work, 'podman-root'), '--runroot', join(work, 'podman-run')];
  execFileSync('podman', [...base, 'import', tarball, 'localhost/busybox'], { stdio: 'ignore' });
  const limits = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
  return [...base, '--runtime', 'runc', 'run', '--rm', '--network', 'none', ...limits];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

try {
  execFileSync(join(REPO, 'test/fixtures/make-busybox-rootfs.sh'), [tarball]);
  execFileSync(SKIFF, [...skiffArgs, 'import', tarball, 'localhost/busybox'], { stdio: 'ignore' });
  const bundle = runcBundle();
  const podman = podmanCommand();

  const cases = {
    'node -e 0 (start-up floor)': [process.execPath, ['-e', '0']],
    'skiff --version': [SKIFF, ['--version']],
    'skiff ps -a': [SKIFF, [...skiffArgs, 'ps', '-a']],
    'skiff run --rm IMAGE true': [
      SKIFF,
      [...skiffArgs, 'run', '--rm', 'localhost/busybox', 'true'],
    ],
    'runc run (same image, bare bundle)': [
      'runc',
      ['--root', join(work, 'runc'), 'run', '--bundle', bundle, 'bench'],
    ],
  };
  if (podman)
    cases['podman run --rm IMAGE true'] = ['podman', [...podman, 'localhost/busybox', 'true']];

  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const [command, args] of Object.values(cases)) time(command, args);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, [command, args]] of Object.entries(cases)) {
      samples[name].push(time(command, args));
    }
  }

  console.log(`median wall time over ${ROUNDS} interleaved rounds (node ${process.version})`);
  const runc = median(samples['runc run (same image, bare bundle)']);
  for (const [name, values] of Object.entries(samples)) {
    const ms = median(values);
    const ratio =
      name.includes(' run') && !name.startsWith('runc')
        ? `  (${(ms / runc).toFixed(2)}x runc)`
        : '';
    console.log(`${name.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms${ratio}`);
  }
} finally {
  if (existsSync(join(work, 'podman-root'))) {
    spawnSync(
      'podman',
      ['--root', join(work, 'podman-root'), '--runroot', join(work, 'podman-run'), 'rm', '-af'],
      { stdio: 'ignore' },
    );
    spawnSync(
      'podman',
      [
        '--root',
        join(work, 'podman-root'),
        '--runroot',
        join(work, 'podman-run'),
        'system',
        'reset',
        '-f',
      ],
      { stdio: 'ignore' },
    );
  }
  spawnSync('sh', ['-c', `grep -o ' ${work}[^ ]*' /proc/self/mountinfo | xargs -r -n1 umount -l`]);
  rmSync(work, { recursive: true, force: true });
}
