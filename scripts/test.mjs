// The whole test suite, as CI runs it: build, formatting and lint, unit tests beside the code,
// then end-to-end tests of the built CLI against real runc, as root and then as an unprivileged
// user, and last the SELinux guest (npm run test:selinux). Stops at the first failing step.
import { spawnSync } from 'node:child_process';

const steps = [
  ['build', 'npm', ['run', 'build']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['lint', 'npx', ['eslint', '.']],
  ['unit tests', 'npx', ['vitest', 'run', '--project', 'unit']],
  ['end-to-end tests', 'npx', ['vitest', 'run', '--project', 'e2e']],
  ['rootless end-to-end tests', 'node', ['scripts/test-rootless.mjs']],
  // Last, since its emulated guest keeps both cores busy for minutes.
  ['SELinux isolation in a VM', 'sh', ['scripts/selinux-vm/run.sh']],
];

for (const [name, command, args] of steps) {
  console.log(`\n== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n== ${name} failed`);
    process.exit(result.status ?? 1);
  }
}
console.log('\n== all passed');
