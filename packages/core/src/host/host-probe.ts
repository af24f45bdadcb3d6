import { readFileSync, statfsSync } from 'node:fs';

import type { HostFacts } from '@skiff/contracts';

const SELINUX_MAGIC = 0xf97cff8c;

const GO_ARCH: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  mips: 'mips',
  mipsel: 'mipsle',
  loong64: 'loong64',
};

// /proc/self/limits names resources in words; the OCI spec names them RLIMIT_*.
const LIMIT_NAMES: Record<string, string> = {
  'Max open files': 'RLIMIT_NOFILE',
  'Max processes': 'RLIMIT_NPROC',
  'Max core file size': 'RLIMIT_CORE',
  'Max locked memory': 'RLIMIT_MEMLOCK',
  'Max file size': 'RLIMIT_FSIZE',
  'Max stack size': 'RLIMIT_STACK',
  'Max cpu time': 'RLIMIT_CPU',
  'Max data size': 'RLIMIT_DATA',
  'Max address space': 'RLIMIT_AS',
  'Max file locks': 'RLIMIT_LOCKS',
  'Max pending signals': 'RLIMIT_SIGPENDING',
  'Max msgqueue size': 'RLIMIT_MSGQUEUE',
  'Max nice priority': 'RLIMIT_NICE',
  'Max realtime priority': 'RLIMIT_RTPRIO',
  'Max realtime timeout': 'RLIMIT_RTTIME',
  'Max resident set': 'RLIMIT_RSS',
};

/** probeHost reads what the engine needs to know about the kernel it runs on. */
export function probeHost(): HostFacts {
  return {
    selinuxEnabled: selinuxEnabled(),
    apparmorEnabled: apparmorEnabled(),
    arch: GO_ARCH[process.arch] ?? process.arch,
    hardLimits: hardLimits(),
  };
}

// SELinux counts as enabled only when selinuxfs is mounted read-write and this process is not
// labelled `kernel`, the same test the SELinux library Podman uses applies.
function selinuxEnabled(): boolean {
  const mount = selinuxfsMount();
  if (!mount) return false;
  try {
    if (Number(statfsSync(mount).type) !== SELINUX_MAGIC) return false;
    const current = readFileSync('/proc/self/attr/current', 'utf8').replace(/\0/g, '').trim();
    return current !== 'kernel';
  } catch {
    return false;
  }
}

// The test Podman's AppArmor check makes: the module's own switch.
function apparmorEnabled(): boolean {
  try {
    return readFileSync('/sys/module/apparmor/parameters/enabled', 'utf8').trim() === 'Y';
  } catch {
    return false;
  }
}

function selinuxfsMount(): string | undefined {
  let mountinfo: string;
  try {
    mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!right?.startsWith('selinuxfs ')) continue;
    const fields = left.split(' ');
    const options = fields[5] ?? '';
    if (options.split(',').includes('ro')) return undefined;
    return fields[4];
  }
  return undefined;
}

function hardLimits(): Record<string, number> {
  const limits: Record<string, number> = {};
  let text = '';
  try {
    text = readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return limits;
  }
  for (const line of text.split('\n').slice(1)) {
    const name = Object.keys(LIMIT_NAMES).find((key) => line.startsWith(key));
    if (!name) continue;
    const hard = line.slice(name.length).trim().split(/\s+/)[1];
    limits[LIMIT_NAMES[name]] = hard === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(hard);
  }
  return limits;
}
