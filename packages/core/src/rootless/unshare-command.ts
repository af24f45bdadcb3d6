import { spawn } from 'node:child_process';
import { accessSync, constants as fs, statSync } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, join } from 'node:path';

import type { EngineEnvironment } from '@skiff/contracts';
import { ExecutableNotFound, ExecutablePermission, InvalidArgument } from '@skiff/contracts';

/**
 * runUnshare is `skiff unshare`: it runs `command` (the user's shell by default) inside the
 * rootless user namespace, where the store's files show the owners containers see, and
 * resolves with its exit status. The store's paths are in Podman's variables for scripts.
 */
export function runUnshare(
  environment: EngineEnvironment,
  command: readonly string[],
): Promise<number> {
  if (!environment.rootless) throw new InvalidArgument('please use unshare with rootless');

  const [file, ...args] = command.length > 0 ? command : [process.env.SHELL || '/bin/sh'];
  const env = {
    ...process.env,
    CONTAINERS_GRAPHROOT: environment.root,
    CONTAINERS_RUNROOT: environment.runroot,
  };
  const child = spawn(lookPath(file, process.env.PATH ?? ''), args, { stdio: 'inherit', env });

  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => reject(spawnFailure(file, error)));
    child.once('exit', (code, signal) =>
      resolve(signal === null ? (code ?? 125) : 128 + constants.signals[signal]),
    );
  });
}

function spawnFailure(file: string, error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOENT') {
    return new ExecutableNotFound(`exec: "${file}": executable file not found in $PATH`);
  }
  return new ExecutablePermission(`exec: "${file}": ${error.message}`, { cause: error });
}

// Node reports EACCES when any directory on $PATH is closed to the user, even if a later one
// has the command; the shell's rule is to take the first executable file found.
function lookPath(file: string, path: string): string {
  if (file.includes('/')) return file;
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir || '.', file);
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, fs.X_OK);
        return candidate;
      }
    } catch {
      // not here, or not executable: keep looking
    }
  }
  throw new ExecutableNotFound(`exec: "${file}": executable file not found in $PATH`);
}
