import { readFileSync } from 'node:fs';

import { InvalidArgument } from '@skiff/contracts';

// Capability names by number, as the kernel defines them (linux/capability.h).
const ALL_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** DEFAULT_CAPABILITIES is containers.conf's default set, which Podman gives containers. */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_NET_BIND_SERVICE',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];

/**
 * hostCapabilities lists the capabilities the engine itself may hand out: its own bounding set
 * (a runtime cannot give a container what the engine lacks, as in a nested sandbox).
 */
export function hostCapabilities(): string[] {
  let mask = (1n << BigInt(ALL_CAPABILITIES.length)) - 1n;
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const bounding = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status);
    if (bounding) mask = BigInt(`0x${bounding[1]}`);
  } catch {
    // Without /proc, assume every capability the kernel headers name.
  }
  return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/** normalizeCapability turns `net_admin`, `NET_ADMIN` or `CAP_NET_ADMIN` into `CAP_NET_ADMIN`. */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  const full = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!ALL_CAPABILITIES.includes(full)) throw new InvalidArgument(`"${full}": unknown capability`);
  return full;
}

/**
 * mergeCapabilities applies `--cap-add` and `--cap-drop` to a base set: `ALL` in add gives every
 * capability the kernel has, `ALL` in drop starts from none; drop wins over add for one name,
 * except that an explicit add survives `--cap-drop ALL`, as in Podman.
 */
export function mergeCapabilities(base: readonly string[], add: string[], drop: string[]) {
  const adds = add.map(normalizeCapability);
  const drops = drop.map(normalizeCapability);
  const host = hostCapabilities();

  let result = drops.includes('ALL') ? [] : base.map(normalizeCapability);
  if (adds.includes('ALL')) result = [...host];
  for (const cap of adds) if (cap !== 'ALL' && !result.includes(cap)) result.push(cap);
  if (!drops.includes('ALL')) result = result.filter((cap) => !drops.includes(cap));
  return result.sort((a, b) => ALL_CAPABILITIES.indexOf(a) - ALL_CAPABILITIES.indexOf(b));
}
