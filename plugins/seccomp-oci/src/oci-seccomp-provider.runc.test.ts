import 'reflect-metadata';

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { EngineEnvironment, LinuxSeccomp, SeccompProfileChoice } from '@skiff/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OciSeccompProvider } from './oci-seccomp-provider.js';
import { PODMAN_DEFAULT_CAPS } from './testing/podman-default-caps.js';

// Runs the converted profiles under the real runc, so a conversion that runc or the kernel
// rejects, or that does not deny what it should, fails here rather than in a user's container.

const RUNC = ['/usr/bin/runc', '/usr/sbin/runc'].find((path) => existsSync(path));
const BUSYBOX = '/bin/busybox';
const SHIPPED = '/usr/share/containers/seccomp.json';

function skipReason(): string {
  if (process.getuid?.() !== 0) return 'needs root to run runc';
  if (RUNC === undefined) return 'runc is not installed';
  if (!existsSync(BUSYBOX)) return `${BUSYBOX} (busybox-static) is not installed`;
  if (!existsSync(SHIPPED)) return `${SHIPPED} is not installed`;
  return '';
}

const SKIP = skipReason();

let dir: string;
let runs = 0;

beforeAll(async () => {
  if (SKIP) return;

  dir = await mkdtemp(join(tmpdir(), 'skiff-seccomp-runc-'));
  mkdirSync(join(dir, 'bundle', 'rootfs', 'bin'), { recursive: true });
  copyFileSync(BUSYBOX, join(dir, 'bundle', 'rootfs', 'bin', 'busybox'));
  spawnSync(RUNC as string, ['spec', '--bundle', join(dir, 'bundle')]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function seccompFor(profile: SeccompProfileChoice): Promise<LinuxSeccomp | undefined> {
  const host = { selinuxEnabled: false, arch: 'amd64', hardLimits: {} };
  const provider = new OciSeccompProvider({} as EngineEnvironment, host);
  const report = await provider.generate({
    profile,
    capabilities: PODMAN_DEFAULT_CAPS,
    privileged: false,
  });

  return report.seccomp;
}

/** Runs `script` under busybox sh with the given filter and capabilities; returns its output. */
function run(seccomp: LinuxSeccomp | undefined, caps: string[], script: string): string {
  const bundle = join(dir, 'bundle');
  const config = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
  config.process.terminal = false;
  config.process.args = ['/bin/busybox', 'sh', '-c', script];
  config.process.capabilities = {
    bounding: caps,
    effective: caps,
    permitted: caps,
    inheritable: [],
    ambient: [],
  };
  config.root.readonly = false;
  config.linux.seccomp = seccomp;
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(config));

  runs += 1;
  const id = `skiff-seccomp-${process.pid}-${runs}`;
  const args = ['--root', join(dir, 'state'), 'run', '--bundle', bundle, id];
  const result = spawnSync(RUNC as string, args, { encoding: 'utf8', timeout: 30_000 });

  return `${result.stdout}${result.stderr}`;
}

describe(`converted profiles under runc${SKIP ? ` (skipped: ${SKIP})` : ''}`, () => {
  it.skipIf(SKIP)('denies sethostname by the default profile even with CAP_SYS_ADMIN', async () => {
    const seccomp = await seccompFor({ kind: 'file', path: SHIPPED });
    const caps = [...PODMAN_DEFAULT_CAPS, 'CAP_SYS_ADMIN'];
    const script = 'busybox grep Seccomp: /proc/self/status; busybox hostname probe; echo done';

    const confined = run(seccomp, caps, script);
    const unconfined = run(undefined, caps, script);

    expect(confined).toContain('Seccomp:\t2');
    expect(confined).toContain('sethostname: Operation not permitted');
    expect(confined).toContain('done');
    expect(unconfined).toContain('Seccomp:\t0');
    expect(unconfined).not.toContain('Operation not permitted');
  });

  it.skipIf(SKIP)('applies a custom profile that denies mkdir', async () => {
    const json = JSON.stringify({
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errno: 'EPERM' }],
    });
    const seccomp = await seccompFor({ kind: 'image', json });

    const output = run(seccomp, PODMAN_DEFAULT_CAPS, 'busybox mkdir /made && echo made');

    expect(output).toContain("can't create directory '/made': Operation not permitted");
    expect(output).not.toContain('made\n');
  });
});
