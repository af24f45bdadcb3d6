import type { OciMount, OciSpec } from '@skiff/contracts';

import { parseNamespaceMode, type NamespaceKind, type NamespaceMode } from './namespace-modes.js';

/** NamespaceChoices are a container's `--pid` and `--ipc` modes. */
export interface NamespaceChoices {
  pid: NamespaceMode;
  ipc: NamespaceMode;
}

type LinuxNamespace = OciSpec['linux']['namespaces'][number];

const OWN_NAMESPACES = ['pid', 'network', 'ipc', 'uts', 'mount'] as const;

/** namespaceChoices reads the stored `--pid` and `--ipc` values of a container. */
export function namespaceChoices(options: { pid?: string; ipc?: string }): NamespaceChoices {
  return {
    pid: parseNamespaceMode('pid', options.pid),
    ipc: parseNamespaceMode('ipc', options.ipc),
  };
}

/**
 * namespaceList is `linux.namespaces` for the choices: the host's namespace is the absence of
 * an entry, a path names the one to join. A namespace shared with another container gets its
 * path only at start, when that container's process is known (see joinSharedNamespaces).
 */
export function namespaceList(choices: NamespaceChoices): LinuxNamespace[] {
  const list: LinuxNamespace[] = [];
  for (const type of OWN_NAMESPACES) {
    const mode = type === 'pid' || type === 'ipc' ? choices[type] : undefined;
    if (mode?.kind === 'host') continue;
    list.push(mode?.kind === 'path' ? { type, path: mode.path } : { type });
  }
  return list;
}

/**
 * adjustShm makes /dev/shm follow the IPC namespace, as Podman does: the host's /dev/shm for
 * `--ipc host`, none at all for `--ipc none`, and the container's own tmpfs otherwise. A
 * shared one is bound at start.
 */
export function adjustShm(mounts: OciMount[], ipc: NamespaceMode): OciMount[] {
  if (ipc.kind === 'none') return mounts.filter((m) => m.destination !== '/dev/shm');
  if (ipc.kind !== 'host') return mounts;
  return mounts.map((m) => (m.destination === '/dev/shm' ? shmBind('/dev/shm') : m));
}

/**
 * joinSharedNamespaces points the namespaces a container shares with others at their running
 * process (`/proc/PID/ns/pid`). `pidOf` gives a running container's pid.
 *
 * TODO: a container joining another's IPC namespace shares its System V objects and message
 * queues but keeps a /dev/shm of its own: the kernel refuses to bind a mount from another mount
 * namespace, and sharing it would need a host-side /dev/shm per container, as Podman mounts.
 */
export function joinSharedNamespaces(
  spec: OciSpec,
  choices: NamespaceChoices,
  pidOf: (id: string) => number,
): void {
  for (const kind of ['pid', 'ipc'] as NamespaceKind[]) {
    const mode = choices[kind];
    if (mode.kind !== 'container') continue;

    const pid = pidOf(mode.target);
    const entry = spec.linux.namespaces.find((ns) => ns.type === kind);
    if (entry) entry.path = `/proc/${pid}/ns/${kind}`;
  }
}

/** sharedTargets are the containers whose namespaces these choices join. */
export function sharedTargets(choices: NamespaceChoices): string[] {
  const targets = [choices.pid, choices.ipc].flatMap((m) =>
    m.kind === 'container' ? [m.target] : [],
  );
  return [...new Set(targets)];
}

function shmBind(source: string): OciMount {
  return {
    destination: '/dev/shm',
    type: 'bind',
    source,
    options: ['bind', 'rprivate', 'nosuid', 'noexec', 'nodev'],
  };
}
