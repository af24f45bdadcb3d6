import { statSync } from 'node:fs';

import { InvalidArgument } from '@skiff/contracts';

/** NamespaceKind is a namespace a container may share: its processes or its IPC objects. */
export type NamespaceKind = 'pid' | 'ipc';

/**
 * NamespaceMode is what `--pid` or `--ipc` asked for: a namespace of the container's own
 * (`private`; for IPC also `shareable`, and `none`, which has no /dev/shm), the host's, another
 * container's, or one named by a path.
 */
export type NamespaceMode =
  | { kind: 'private' }
  | { kind: 'none' }
  | { kind: 'host' }
  | { kind: 'container'; target: string }
  | { kind: 'path'; path: string };

// Go prints errno values in these words; Podman's messages quote them.
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
};

const NAMES: Record<NamespaceKind, string> = { pid: 'PID', ipc: 'IPC' };

/**
 * parseNamespaceMode reads a `--pid` or `--ipc` value with Podman's words for a bad one. An
 * unset value is `private`. A `container:` target is returned as typed; core resolves it.
 */
export function parseNamespaceMode(kind: NamespaceKind, value: string | undefined): NamespaceMode {
  if (value === undefined || value === '' || value === 'private') return { kind: 'private' };
  if (value === 'host') return { kind: 'host' };
  if (kind === 'ipc' && value === 'shareable') return { kind: 'private' };
  if (kind === 'ipc' && value === 'none') return { kind: 'none' };

  const at = value.indexOf(':');
  const prefix = at < 0 ? value : value.slice(0, at);
  const rest = at < 0 ? '' : value.slice(at + 1);
  if (prefix === 'container' && rest !== '') return { kind: 'container', target: rest };
  if (prefix === 'ns' && rest !== '') return { kind: 'path', path: checkPath(kind, rest) };
  throw new InvalidArgument(`unrecognized namespace mode ${value} passed`);
}

// Podman looks at the path when the container is created, so a typo fails early.
function checkPath(kind: NamespaceKind, path: string): string {
  try {
    statSync(path);
    return path;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = ERRNO_TEXT[code] ?? (error as Error).message;
    throw new InvalidArgument(
      `cannot find specified ${NAMES[kind]} namespace path: stat ${path}: ${reason}`,
    );
  }
}

/**
 * sharedContainer is the container whose namespace `value` joins, or undefined when it joins
 * none (`container:ID` is the only form that names one).
 */
export function sharedContainer(value: string | undefined): string | undefined {
  return value?.startsWith('container:') ? value.slice('container:'.length) : undefined;
}
