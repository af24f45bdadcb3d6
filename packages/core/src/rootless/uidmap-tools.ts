import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

import { UserNamespaceError } from '@skiff/contracts';

/** UidmapTool is shadow-utils' helper that writes a namespace's uid or gid map. */
export type UidmapTool = 'newuidmap' | 'newgidmap';

/**
 * findUidmapTool returns the path of `tool` on `$PATH`, checked to be privileged: only a
 * set-user-id root (or file-capability) helper may map the subordinate ids of /etc/subuid.
 */
export function findUidmapTool(tool: UidmapTool, env: NodeJS.ProcessEnv): string {
  const path = onPath(tool, env.PATH ?? '');
  if (path === undefined) {
    throw new UserNamespaceError(
      `${tool} not found in $PATH: rootless containers need it to map subordinate ids; ` +
        'install the uidmap package',
    );
  }

  const stats = statSync(path);
  const setuidRoot = (stats.mode & 0o4000) !== 0 && stats.uid === 0;
  if (!setuidRoot && !hasFileCapabilities(path)) {
    throw new UserNamespaceError(
      `${path} is neither set-user-id root nor given file capabilities, so it cannot map ` +
        'subordinate ids: reinstall the uidmap package',
    );
  }
  return path;
}

function onPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

// Some distributions grant newuidmap CAP_SETUID as a file capability instead of set-user-id.
function hasFileCapabilities(path: string): boolean {
  try {
    execFileSync('getfattr', ['--absolute-names', '-n', 'security.capability', path], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}
