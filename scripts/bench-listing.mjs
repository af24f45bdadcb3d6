// The listing paths with a full store, beside podman when it is installed: `ps -a` over many
// created containers and `images` over many tags of one image, each engine in a store of its
// own. Creating the containers is set-up, done by a few workers at once, and is not timed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { printMedians } from './bench-report.mjs';

const WORKERS = 4;

function engines(repo, work) {
  const tarball = join(work, 'busybox.tar');
  if (!existsSync(tarball)) {
    execFileSync(join(repo, 'test/fixtures/make-busybox-rootfs.sh'), [tarball]);
  }
  const dir = join(work, 'listing');
  mkdirSync(dir, { recursive: true });
  const skiff = join(repo, 'bin/skiff');
  const list = {
    skiff: {
      command: skiff,
      base: ['--root', join(dir, 'skiff-root'), '--runroot', join(dir, 'skiff-run')],
      create: [],
    },
  };
  if (spawnSync('podman', ['--version']).status === 0) {
    const base = ['--root', join(dir, 'podman-root'), '--runroot', join(dir, 'podman-run')];
    const limits = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024'];
    list.podman = {
      command: 'podman',
      base: [...base, '--tmpdir', join(dir, 'podman-tmp'), '--runtime', 'runc'],
      create: ['--network', 'none', ...limits],
    };
  }
  for (const { command, base } of Object.values(list)) {
    execFileSync(command, [...base, 'import', tarball, 'localhost/busybox'], { stdio: 'ignore' });
  }
  return list;
}

// Each worker runs its share of `create` one after another, as a shell loop would.
function fill({ command, base, create }, containers) {
  const share = Math.ceil(containers / WORKERS);
  const script = 'for i in $(seq "$COUNT"); do "$@" >/dev/null || exit 1; done';
  const args = [...base, 'create', ...create, 'localhost/busybox', 'true'];
  const worker = () =>
    new Promise((done, fail) => {
      const child = spawn('sh', ['-c', script, 'sh', command, ...args], {
        env: { ...process.env, COUNT: String(share) },
        stdio: 'ignore',
      });
      child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} create`))));
    });
  return Promise.all(Array.from({ length: WORKERS }, worker));
}

function tag({ command, base }, tags) {
  for (let i = 0; i < tags; i++) {
    execFileSync(command, [...base, 'tag', 'localhost/busybox', `localhost/tagged-${i}:v1`]);
  }
}

/**
 * benchListing fills a store per engine with `containers` created containers and `tags` tags,
 * then times `ps -a` and `images` over `rounds` interleaved rounds.
 */
export async function benchListing({ repo, work, time, median, rounds }) {
  const containers = Number(process.env.BENCH_LISTING_CONTAINERS ?? 1000);
  const tags = Number(process.env.BENCH_LISTING_TAGS ?? 50);
  const list = engines(repo, work);
  for (const engine of Object.values(list)) {
    await fill(engine, containers);
    tag(engine, tags);
  }

  const cases = {};
  for (const [name, { command, base }] of Object.entries(list)) {
    cases[`${name} ps -a (${containers} containers)`] = [command, [...base, 'ps', '-a']];
    cases[`${name} images (${tags + 1} tags)`] = [command, [...base, 'images']];
  }
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let round = 0; round <= rounds; round++) {
    for (const [name, [command, args]] of Object.entries(cases)) {
      const ms = time(command, args);
      // The first round warms caches and is not counted.
      if (round > 0) samples[name].push(ms);
    }
  }

  // Podman's container locks live in shared memory for the whole host, so its containers are
  // removed, not just their directories, or later podman runs would find no lock free.
  for (const { command, base } of Object.values(list)) {
    spawnSync(command, [...base, 'rm', '-a', '-f'], { stdio: 'ignore' });
  }

  printMedians(`listing, median over ${rounds} interleaved rounds`, samples, median);
}
