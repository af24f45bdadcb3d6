import type { OciMount } from '@skiff/contracts';

/** defaultMounts are the kernel file systems every container gets, as Podman mounts them. */
export function defaultMounts(privileged: boolean): OciMount[] {
  const sysOptions = ['nosuid', 'noexec', 'nodev', ...(privileged ? [] : ['ro'])];
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'noexec', 'strictatime', 'mode=755', 'size=65536k'],
    },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: sysOptions },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    {
      destination: '/dev/mqueue',
      type: 'mqueue',
      source: 'mqueue',
      options: ['nosuid', 'noexec', 'nodev'],
    },
    {
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'shm',
      options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
    },
    {
      destination: '/sys/fs/cgroup',
      type: 'cgroup',
      source: 'cgroup',
      options: ['rprivate', 'nosuid', 'noexec', 'nodev', 'relatime', ...(privileged ? [] : ['ro'])],
    },
  ];
}

/** readOnlyTmpfsMounts are the writable places a `--read-only` container still gets. */
export function readOnlyTmpfsMounts(): OciMount[] {
  return ['/tmp', '/var/tmp', '/run'].map((destination) => ({
    destination,
    type: 'tmpfs',
    source: 'tmpfs',
    options: ['rw', 'rprivate', 'nosuid', 'nodev', 'tmpcopyup'],
  }));
}

/** MASKED_PATHS are hidden from unprivileged containers (kernel interfaces that leak). */
export const MASKED_PATHS = [
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/fs/selinux',
  '/sys/dev/block',
];

/** READONLY_PATHS are read-only in unprivileged containers. */
export const READONLY_PATHS = [
  '/proc/asound',
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];
