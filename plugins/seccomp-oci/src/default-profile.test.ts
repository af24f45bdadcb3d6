import 'reflect-metadata';

import { existsSync } from 'node:fs';

import type { EngineEnvironment, LinuxSeccomp, LinuxSyscall } from '@skiff/contracts';
import { describe, expect, it } from 'vitest';

import { OciSeccompProvider } from './oci-seccomp-provider.js';
import { PODMAN_DEFAULT_CAPS } from './testing/podman-default-caps.js';

// C4: the profile Debian's golang-github-containers-common installs, converted the way Podman
// 4.3.1 converts it on amd64. Counts and order were checked against Podman's own config.json.
const SHIPPED = '/usr/share/containers/seccomp.json';
const MISSING = existsSync(SHIPPED) ? '' : ` (skipped: ${SHIPPED} is not installed)`;

// Every capability Linux 5.9+ defines, which is what `--cap-add ALL` grants.
const ALL_CAPS = [
  'CAP_AUDIT_CONTROL',
  'CAP_AUDIT_READ',
  'CAP_AUDIT_WRITE',
  'CAP_BLOCK_SUSPEND',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_KILL',
  'CAP_LEASE',
  'CAP_LINUX_IMMUTABLE',
  'CAP_MAC_ADMIN',
  'CAP_MAC_OVERRIDE',
  'CAP_MKNOD',
  'CAP_NET_ADMIN',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_RAW',
  'CAP_PERFMON',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYSLOG',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_CHROOT',
  'CAP_SYS_MODULE',
  'CAP_SYS_NICE',
  'CAP_SYS_PACCT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_WAKE_ALARM',
];

async function convertShipped(capabilities: string[], arch = 'amd64'): Promise<LinuxSeccomp> {
  const host = { selinuxEnabled: false, arch, hardLimits: {} };
  const provider = new OciSeccompProvider({} as EngineEnvironment, host);
  const report = await provider.generate({
    profile: { kind: 'file', path: SHIPPED },
    capabilities,
    privileged: false,
  });

  expect(report.origin).toBe(SHIPPED);
  return report.seccomp as LinuxSeccomp;
}

/** One rule in short: action, errno, first name, number of names, number of arguments. */
function summary(rule: LinuxSyscall): string {
  const errno = rule.errnoRet === undefined ? '' : `(${rule.errnoRet})`;
  const args = rule.args === undefined ? '' : ` args=${rule.args.length}`;
  const action = rule.action.replace('SCMP_ACT_', '');
  return `${action}${errno} ${rule.names[0]} x${rule.names.length}${args}`;
}

const HEAD = [
  'ERRNO(1) bdflush x28',
  'ALLOW _llseek x374',
  'ALLOW personality x1 args=1',
  'ALLOW personality x1 args=1',
  'ALLOW personality x1 args=1',
  'ALLOW personality x1 args=1',
  'ALLOW personality x1 args=1',
  'ALLOW arch_prctl x1',
  'ALLOW modify_ldt x1',
];

const SOCKET_WITHOUT_AUDIT_WRITE = [
  'ERRNO(22) socket x1 args=2',
  'ALLOW socket x1 args=1',
  'ALLOW socket x1 args=1',
  'ALLOW socket x1 args=1',
];

describe(`the shipped default profile on amd64${MISSING}`, () => {
  it.skipIf(MISSING)('gives 22 rules for the 11 default capabilities', async () => {
    const seccomp = await convertShipped(PODMAN_DEFAULT_CAPS);

    expect(seccomp.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(seccomp.defaultErrnoRet).toBe(38);
    expect(seccomp.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    expect(seccomp.syscalls?.map(summary)).toEqual([
      ...HEAD,
      'ERRNO(1) open_by_handle_at x1',
      'ERRNO(1) bpf x8',
      'ALLOW chroot x1',
      'ERRNO(1) delete_module x4',
      'ERRNO(1) acct x1',
      'ERRNO(1) kcmp x2',
      'ERRNO(1) ioperm x2',
      'ERRNO(1) clock_settime x4',
      'ERRNO(1) vhangup x1',
      ...SOCKET_WITHOUT_AUDIT_WRITE,
    ]);
  });

  it.skipIf(MISSING)('writes keys in the order Podman does', async () => {
    const text = JSON.stringify(await convertShipped(PODMAN_DEFAULT_CAPS));

    expect(text).toMatch(
      /^\{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,"architectures":/,
    );
    expect(text).toContain('"SCMP_ARCH_X32"],"syscalls":[{"names":["bdflush",');
    expect(text).toContain(
      '{"names":["personality"],"action":"SCMP_ACT_ALLOW",' +
        '"args":[{"index":0,"value":4294967295,"op":"SCMP_CMP_EQ"}]}',
    );
    expect(text).toContain(
      '{"names":["socket"],"action":"SCMP_ACT_ERRNO","errnoRet":22,"args":[' +
        '{"index":0,"value":16,"op":"SCMP_CMP_EQ"},{"index":2,"value":9,"op":"SCMP_CMP_EQ"}]}',
    );
  });

  it.skipIf(MISSING)('allows clone, mount and setns but not socket-family extras', async () => {
    const allowed = (await convertShipped(PODMAN_DEFAULT_CAPS)).syscalls?.[1].names ?? [];

    for (const name of ['clone', 'clone3', 'unshare', 'mount', 'umount2', 'pivot_root', 'setns']) {
      expect(allowed).toContain(name);
    }
    for (const name of ['add_key', 'request_key', 'bpf', 'personality', 'socket', 'sethostname']) {
      expect(allowed).not.toContain(name);
    }
  });

  it.skipIf(MISSING)('gives 19 rules with CAP_AUDIT_WRITE added', async () => {
    const seccomp = await convertShipped([...PODMAN_DEFAULT_CAPS, 'CAP_AUDIT_WRITE']);

    expect(seccomp.syscalls).toHaveLength(19);
    expect(seccomp.syscalls?.slice(-1).map(summary)).toEqual(['ALLOW socket x1']);
  });

  it.skipIf(MISSING)('gives 22 rules with SYS_ADMIN added and SYS_CHROOT dropped', async () => {
    const caps = [
      ...PODMAN_DEFAULT_CAPS.filter((cap) => cap !== 'CAP_SYS_CHROOT'),
      'CAP_SYS_ADMIN',
    ];
    const seccomp = await convertShipped(caps);

    expect(seccomp.syscalls).toHaveLength(22);
    expect(seccomp.syscalls?.slice(9, 12).map(summary)).toEqual([
      'ERRNO(1) open_by_handle_at x1',
      'ALLOW bpf x8',
      'ERRNO(1) chroot x1',
    ]);
  });

  it.skipIf(MISSING)('gives 19 rules, all allowing, with every capability', async () => {
    const seccomp = await convertShipped(ALL_CAPS);

    expect(seccomp.syscalls).toHaveLength(19);
    expect(seccomp.syscalls?.slice(1).every((rule) => rule.action === 'SCMP_ACT_ALLOW')).toBe(true);
  });

  it.skipIf(MISSING)('uses the arm64 archMap entry and arm rules on arm64', async () => {
    const seccomp = await convertShipped(PODMAN_DEFAULT_CAPS, 'arm64');

    expect(seccomp.architectures).toEqual(['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
    expect(seccomp.syscalls?.[7].names).toContain('arm_fadvise64_64');
    expect(seccomp.syscalls?.some((rule) => rule.names.includes('arch_prctl'))).toBe(false);
  });
});
