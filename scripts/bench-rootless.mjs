// Rootless `run --rm IMAGE true` as an unprivileged user, Skiff beside rootless podman, in one
// interleaved run. Run as root: the test users of scripts/rootless-users.sh run the engines.
// Each engine's storage driver is printed, as `info` reports it.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { printMedians } from './bench-report.mjs';

const USER = 'skiff-rl-a';

/** benchRootless prints the medians; `time` and `median` are bench.mjs's helpers. */
export async function benchRootless({ repo, time, median, rounds }) {
  if (process.getuid() !== 0) {
    console.log('rootless: skipped (run the bench as root, which creates the test user)');
    return;
  }
  execFileSync('sh', [join(repo, 'scripts/rootless-users.sh')]);
  const dir = asUser(['mktemp', '-d', '/tmp/skiff-bench-rl-XXXXXX']).trim();
  const env = [`HOME=/home/${USER}`, `XDG_RUNTIME_DIR=${dir}/xdg`, `PATH=${process.env.PATH}`];
  asUser(['mkdir', '-m', '700', `${dir}/xdg`]);
  asUser(['sh', '-c', `${join(repo, 'test/fixtures/make-busybox-rootfs.sh')} ${dir}/busybox.tar`]);

  const skiff = [join(repo, 'bin/skiff'), '--root', `${dir}/s-root`, '--runroot', `${dir}/s-run`];
  // The same driver as podman's here, for a like-for-like figure.
  const skiffVfs = [join(repo, 'bin/skiff'), '--storage-driver', 'vfs'];
  skiffVfs.push('--root', `${dir}/v-root`, '--runroot', `${dir}/v-run`);
  const podman = podmanAvailable()
    ? ['podman', '--root', `${dir}/p-root`, '--runroot', `${dir}/p-run`, '--tmpdir', `${dir}/p-tmp`]
    : undefined;
  const engines = { skiff, 'skiff-vfs': skiffVfs, ...(podman ? { podman } : {}) };
  try {
    const drivers = prepare(engines, dir, env);
    const samples = measure(engines, env, time, rounds);
    report(samples, drivers, median, rounds);
  } finally {
    cleanUp(engines, dir, env);
  }
}

function prepare(engines, dir, env) {
  const drivers = {};
  for (const [name, base] of Object.entries(engines)) {
    asUser(['env', ...env, ...base, 'import', `${dir}/busybox.tar`, 'localhost/busybox'], 'ignore');
    const format = '{{.Store.GraphDriverName}}';
    drivers[name] = asUser(['env', ...env, ...base, 'info', '--format', format]).trim();
  }
  return drivers;
}

function measure(engines, env, time, rounds) {
  const podmanRun = ['--runtime', 'runc', 'run', '--rm', '--network', 'none'];
  const limits = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
  const cases = {
    'runuser -u USER true (floor)': ['true'],
    'skiff run --rm IMAGE true': [...engines.skiff, 'run', '--rm', 'localhost/busybox', 'true'],
    'skiff-vfs run --rm IMAGE true': [
      ...engines['skiff-vfs'],
      ...['run', '--rm', 'localhost/busybox', 'true'],
    ],
  };
  if (engines.podman) {
    cases['podman run --rm IMAGE true'] = [
      ...engines.podman,
      ...podmanRun,
      ...limits,
      'localhost/busybox',
      'true',
    ];
  }

  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  const timed = (argv) => time('runuser', ['-u', USER, '--', 'env', ...env, ...argv]);
  for (const argv of Object.values(cases)) timed(argv);
  for (let round = 0; round < rounds; round++) {
    for (const [name, argv] of Object.entries(cases)) samples[name].push(timed(argv));
  }
  return samples;
}

function report(samples, drivers, median, rounds) {
  printMedians(
    `rootless, as ${USER}: median wall time over ${rounds} interleaved rounds`,
    samples,
    median,
    {
      podmanOf: () => 'podman run --rm IMAGE true',
      note: (name) => (drivers[name.split(' ')[0]] ? `  [${drivers[name.split(' ')[0]]}]` : ''),
    },
  );
}

// Both engines' layers belong to subordinate ids, so each removes its own from inside its
// namespace; then their pause processes stop.
function cleanUp(engines, dir, env) {
  for (const [name, base] of Object.entries(engines)) {
    const prefix = { skiff: 's', 'skiff-vfs': 'v', podman: 'p' }[name];
    const store = `${dir}/${prefix}-root ${dir}/${prefix}-run`;
    spawnSync('runuser', ['-u', USER, '--', 'env', ...env, ...base, 'rm', '-af'], {
      stdio: 'ignore',
    });
    spawnSync(
      'runuser',
      ['-u', USER, '--', 'env', ...env, ...base, 'unshare', 'rm', '-rf', ...store.split(' ')],
      {
        stdio: 'ignore',
      },
    );
  }
  // Podman keeps its pause pid under --tmpdir.
  const pauses = `${dir}/xdg/skiff-userns/pause.pid ${dir}/p-tmp/pause.pid`;
  spawnSync('sh', ['-c', `kill -9 $(cat ${pauses} 2>/dev/null | cut -d' ' -f1) 2>/dev/null`]);
  spawnSync('rm', ['-rf', dir]);
}

function podmanAvailable() {
  return spawnSync('podman', ['--version']).status === 0;
}

function asUser(argv, stderr = 'inherit') {
  const stdio = ['ignore', 'pipe', stderr];
  return execFileSync('runuser', ['-u', USER, '--', ...argv], { encoding: 'utf8', stdio });
}
