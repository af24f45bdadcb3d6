import { accessSync, constants, lstatSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { UserNamespaceError } from '@skiff/contracts';

/**
 * rootlessRuntimeDir is where a rootless user's transient files live: `$XDG_RUNTIME_DIR`, or
 * a private directory under /tmp when the session has none (a `su`, `runuser` or cron job).
 * `bin/skiff` finds the user namespace's pause file by the same rule.
 */
export function rootlessRuntimeDir(env: NodeJS.ProcessEnv, uid: number): string {
  return env.XDG_RUNTIME_DIR || join('/tmp', `skiff-run-${uid}`);
}

/**
 * prepareRuntimeDir checks that the user owns and can write the runtime directory, creating
 * the /tmp fallback, and returns it. Checked outside the namespace, where owners are real.
 */
export function prepareRuntimeDir(env: NodeJS.ProcessEnv, uid: number): string {
  const dir = rootlessRuntimeDir(env, uid);
  if (env.XDG_RUNTIME_DIR) checkXdgRuntimeDir(dir, uid);
  else checkFallback(dir, uid);
  return dir;
}

function checkXdgRuntimeDir(dir: string, uid: number): void {
  const stats = statOrUndefined(dir);
  if (stats === undefined || !stats.isDirectory()) {
    throw new UserNamespaceError(
      `XDG_RUNTIME_DIR directory "${dir}" does not exist: create it or unset XDG_RUNTIME_DIR`,
    );
  }
  if (stats.uid !== uid) {
    throw new UserNamespaceError(
      `XDG_RUNTIME_DIR directory "${dir}" is not owned by the current user`,
    );
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new UserNamespaceError(
      `XDG_RUNTIME_DIR directory "${dir}" is not writable by the current user`,
    );
  }
}

// Anyone can create names under /tmp, so a directory that is there already must be ours and
// closed to others, or another user could plant the pause file that commands join.
function checkFallback(dir: string, uid: number): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new UserNamespaceError(`creating runtime directory ${dir}`, { cause: error });
    }
  }
  const stats = lstatSync(dir);
  if (!stats.isDirectory() || stats.uid !== uid || (stats.mode & 0o022) !== 0) {
    throw new UserNamespaceError(
      `runtime directory "${dir}" is not a private directory of the current user: ` +
        'remove it, or set XDG_RUNTIME_DIR',
    );
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
