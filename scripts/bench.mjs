// Prints the median wall time of Skiff's hot paths beside a bare `runc run` of an equivalent
// bundle (and podman, when installed), measured in one interleaved run so that the machine's
// noise falls on all of them alike. Then the heavy paths, beside podman the same way: pull of a
// ~150 MB image in five layers from a local registry into empty storage, and save/load of it.
// Figures only: nothing here passes or fails.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { benchListing } from './bench-listing.mjs';
import { benchRootless } from './bench-rootless.mjs';
import { printMedians } from './bench-report.mjs';

const REPO = resolve(import.meta.dirname, '..');
const SKIFF = join(REPO, 'bin/skiff');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const HEAVY_ROUNDS = Number(process.env.BENCH_HEAVY_ROUNDS ?? 5);
const MB = 1e6;
const work = mkdtempSync(join(tmpdir(), 'skiff-bench-'));
const tarball = join(work, 'busybox.tar');
const skiffArgs = ['--root', join(work, 'root'), '--runroot', join(work, 'run')];
let registry;

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

function podmanInstalled() {
  return spawnSync('podman', ['--version']).status === 0;
}

// Podman's own tmpdir, so that this run never touches the /run/libpod other podmans share.
function podmanStorage(dir) {
  const paths = ['--root', join(dir, 'podman-root'), '--runroot', join(dir, 'podman-run')];
  return [...paths, '--tmpdir', join(dir, 'podman-tmp')];
}

function podmanCommand() {
  if (!podmanInstalled()) return undefined;
  const base = podmanStorage(work);
  execFileSync('podman', [...base, 'import', tarball, 'localhost/busybox'], { stdio: 'ignore' });
  const limits = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
  return [...base, '--runtime', 'runc', 'run', '--rm', '--network', 'none', ...limits];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function benchLight() {
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
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function serving(host) {
  return new Promise((done) => {
    const request = get(`http://${host}/v2/`, (response) => {
      response.resume();
      done(response.statusCode === 200);
    });
    request.on('error', () => done(false));
  });
}

// The registry is Debian's docker-registry (Distribution), as in the e2e tests; `registry` keeps
// the child so that the finally below can stop it by its pid even if it never came up.
async function startRegistry(dir) {
  const port = await freePort();
  const config = join(dir, 'config.yml');
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
  ];
  writeFileSync(config, `${lines.join('\n')}\n`);
  registry = spawn('/usr/bin/docker-registry', ['serve', config], { stdio: 'ignore' });

  const host = `127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await serving(host)) return host;
    await sleep(100);
  }
  throw new Error(`registry on ${host} did not start`);
}

// The bytes a pull transfers: the layers as stored in the registry (gzip) and the configuration.
function imageBytes(layout) {
  const blob = (digest) => join(layout, 'blobs', digest.replace(':', '/'));
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  return [manifest.config, ...manifest.layers].reduce((sum, { size }) => sum + size, 0);
}

function buildBenchImage(host) {
  const layout = join(work, 'bench-image');
  execFileSync(join(REPO, 'test/fixtures/make-bench-image.sh'), [layout], { stdio: 'ignore' });
  const reference = `${host}/bench:latest`;
  const copy = ['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:latest`];
  execFileSync('skopeo', [...copy, `docker://${reference}`], { stdio: 'ignore' });
  const bytes = imageBytes(layout);
  rmSync(layout, { recursive: true, force: true });
  return { reference, bytes };
}

// Podman's overlay driver can leave mounts under its root; they go before the tree does.
function removeTree(dir) {
  spawnSync('sh', ['-c', `grep -o ' ${dir}[^ ]*' /proc/self/mountinfo | xargs -r -n1 umount -l`]);
  rmSync(dir, { recursive: true, force: true });
}

function heavyEngines() {
  const storage = (dir) => ['--root', join(dir, 'root'), '--runroot', join(dir, 'run')];
  const engines = { skiff: (dir) => [SKIFF, storage(dir)] };
  if (podmanInstalled()) {
    engines.podman = (dir) => [
      'podman',
      [...storage(dir), '--tmpdir', join(dir, 'tmp'), '--runtime', 'runc'],
    ];
  }
  return engines;
}

// One round: each step runs for every engine before the next step, each into empty storage.
// The names stay short because podman refuses a runroot longer than 50 characters.
function heavyRound(engines, reference, samples, archiveBytes) {
  const dir = mkdtempSync(join(work, 'h'));
  const step = (name, engine, where, args) => {
    const [command, base] = engines[engine](join(dir, `${engine}-${where}`));
    const ms = time(command, [...base, ...args]);
    samples?.[`${engine} ${name}`].push(ms);
  };
  const archive = (engine) => join(dir, `${engine}.tar`);

  for (const engine of Object.keys(engines)) {
    step('pull', engine, 'pull', ['pull', '--tls-verify=false', '-q', reference]);
  }
  for (const engine of Object.keys(engines)) {
    step('save -o FILE', engine, 'pull', ['save', '-q', '-o', archive(engine), reference]);
    archiveBytes[engine] = statSync(archive(engine)).size;
  }
  for (const engine of Object.keys(engines)) {
    step('load -i FILE', engine, 'load', ['load', '-q', '-i', archive(engine)]);
  }
  removeTree(dir);
}

function printHeavy(samples, bytes, archiveBytes) {
  const size = `${(bytes / MB).toFixed(1)} MB`;
  console.log(`\nmedian wall time over ${HEAVY_ROUNDS} interleaved rounds, into empty storage`);
  console.log(`(a ${size} image in 5 gzip layers from a local registry; MB/s is ${size} / time)`);
  for (const [name, values] of Object.entries(samples)) {
    const ms = median(values);
    const rate = `${((bytes / MB) * (1000 / ms)).toFixed(1).padStart(7)} MB/s`;
    const podman = samples[name.replace(/^skiff /, 'podman ')];
    const ratio =
      name.startsWith('skiff ') && podman
        ? `  (${(ms / median(podman)).toFixed(2)}x podman's time)`
        : '';
    console.log(`${name.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms ${rate}${ratio}`);
  }
  const archives = Object.entries(archiveBytes).map(
    ([engine, length]) => `${engine} ${(length / MB).toFixed(1)} MB`,
  );
  console.log(`save wrote docker-archives of ${archives.join(', ')}`);
}

// The lifecycle paths: a detached container's whole life (run -d, stop -t 0, rm), and 20
// `run --rm` at once, which conmon, the exit command and the per-container locks must carry.
function lifecycleEngines() {
  const limits = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
  const engines = { skiff: { command: SKIFF, base: skiffArgs, run: [] } };
  if (existsSync(join(work, 'podman-root'))) {
    const base = [...podmanStorage(work), '--runtime', 'runc'];
    engines.podman = { command: 'podman', base, run: ['--network', 'none', ...limits] };
  }
  return engines;
}

function detachedLife({ command, base, run }) {
  const start = process.hrtime.bigint();
  const id = execFileSync(command, [
    ...base,
    'run',
    '-d',
    ...run,
    'localhost/busybox',
    'sleep',
    '1000',
  ])
    .toString()
    .trim();
  execFileSync(command, [...base, 'stop', '-t', '0', id], { stdio: 'ignore' });
  execFileSync(command, [...base, 'rm', id], { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function concurrentRuns({ command, base, run }, count) {
  const start = process.hrtime.bigint();
  const one = () =>
    new Promise((done, fail) => {
      const child = spawn(command, [...base, 'run', '--rm', ...run, 'localhost/busybox', 'true'], {
        stdio: 'ignore',
      });
      child.on('exit', (code) =>
        code === 0 ? done() : fail(new Error(`${command} exit ${code}`)),
      );
    });
  await Promise.all(Array.from({ length: count }, one));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function benchLifecycle() {
  const engines = lifecycleEngines();
  const rounds = Number(process.env.BENCH_LIFECYCLE_ROUNDS ?? 5);
  const samples = {};
  for (const engine of Object.keys(engines)) {
    samples[`${engine} run -d + stop -t 0 + rm`] = [];
    samples[`${engine} 20 x run --rm true at once`] = [];
  }
  for (let round = 0; round <= rounds; round++) {
    for (const [engine, spec] of Object.entries(engines)) {
      const life = detachedLife(spec);
      const burst = await concurrentRuns(spec, 20);
      // The first round warms caches and is not counted.
      if (round === 0) continue;
      samples[`${engine} run -d + stop -t 0 + rm`].push(life);
      samples[`${engine} 20 x run --rm true at once`].push(burst);
    }
  }

  printMedians(`lifecycle, median over ${rounds} interleaved rounds`, samples, median);
}

async function benchHeavy() {
  const registryDir = join(work, 'registry');
  mkdirSync(registryDir);
  const { reference, bytes } = buildBenchImage(await startRegistry(registryDir));
  const engines = heavyEngines();

  const samples = {};
  for (const name of ['pull', 'save -o FILE', 'load -i FILE']) {
    for (const engine of Object.keys(engines)) samples[`${engine} ${name}`] = [];
  }
  const archiveBytes = {};
  heavyRound(engines, reference, undefined, archiveBytes);
  for (let round = 0; round < HEAVY_ROUNDS; round++) {
    heavyRound(engines, reference, samples, archiveBytes);
  }

  printHeavy(samples, bytes, archiveBytes);
}

// BENCH_ONLY picks one part: light, lifecycle, listing, heavy or rootless; by default all run.
const only = process.env.BENCH_ONLY;
try {
  if (!only || only === 'light' || only === 'lifecycle') benchLight();
  if (!only || only === 'lifecycle') await benchLifecycle();
  if (!only || only === 'listing')
    await benchListing({ repo: REPO, work, time, median, rounds: 10 });
  if (!only || only === 'heavy') await benchHeavy();
  if (!only || only === 'rootless')
    await benchRootless({ repo: REPO, time, median, rounds: ROUNDS });
} finally {
  if (registry?.pid) registry.kill('SIGTERM');
  if (existsSync(join(work, 'podman-root'))) {
    spawnSync('podman', [...podmanStorage(work), 'rm', '-af'], { stdio: 'ignore' });
  }
  // The listing stores hold only created containers: no process or mount to stop first.
  removeTree(work);
}
