// The rootless end-to-end suite, as CI runs it: as root, create the unprivileged test users
// (scripts/rootless-users.sh), then run `vitest --project rootless` as one of them. Nothing in
// the suite runs the engine as root. When that user cannot read this checkout (a clone under
// /root, say), the suite runs from a copy of it that they can.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USER = 'skiff-rl-a';
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

if (process.getuid() !== 0) {
  console.error('test-rootless: run as root; it creates the test users, then drops to them');
  process.exit(1);
}
run('sh', [join(repo, 'scripts/rootless-users.sh')]);

const tree = readableBy(USER, repo) ? repo : copyFor(repo);
const vitest = join(tree, 'node_modules/.bin/vitest');
const env = [`PATH=${process.env.PATH}`, `HOME=/home/${USER}`, 'TMPDIR=/tmp', 'CI=1'];
// Arguments pass on to vitest: `npm run test:rootless -- test/rootless/setup.test.ts`.
const vitestArgs = [
  'run',
  '--configLoader',
  'runner',
  '--project',
  'rootless',
  ...process.argv.slice(2),
];
const status = run('runuser', ['-u', USER, '--', 'env', '-i', ...env, vitest, ...vitestArgs], tree);
if (tree !== repo) rmSync(tree, { recursive: true, force: true });
process.exit(status);

function readableBy(user, dir) {
  const probe = `test -x ${dir}/bin/skiff && test -r ${dir}/node_modules/vitest/package.json`;
  return spawnSync('runuser', ['-u', user, '--', 'sh', '-c', probe]).status === 0;
}

function copyFor(dir) {
  const copy = '/var/tmp/skiff-rootless-tree';
  console.log(`test-rootless: ${USER} cannot read ${dir}; running from a copy in ${copy}`);
  rmSync(copy, { recursive: true, force: true });
  cpSync(dir, copy, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => !/\/\.(git|cache)(\/|$)/.test(src.slice(dir.length)),
  });
  run('chmod', ['-R', 'a+rX', copy]);
  return copy;
}

function run(command, args, cwd = repo) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
