import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';

import { StorageError } from '@skiff/contracts';

import { exitStatus } from './exit-status.js';

/**
 * startDetached runs an OCI runtime command that leaves the container running on its own
 * (`runc run --detach`) and resolves with the runtime's exit status once it has returned.
 *
 * The container's stdin is /dev/null and its stdout and stderr are appended to `outputPath`.
 * The runtime shares those descriptors, so a fatal error of its own lands in that file too.
 */
export async function startDetached(
  path: string,
  args: string[],
  outputPath: string,
): Promise<number> {
  const output = await open(outputPath, 'a').catch((error: unknown) => {
    throw new StorageError(`opening container log ${outputPath}`, { cause: error });
  });

  try {
    // A new session detaches the container from the caller's terminal and job control, so
    // closing the shell that started it does not send it SIGHUP.
    const child = spawn(path, args, { stdio: ['ignore', output.fd, output.fd], detached: true });
    return await exitStatus(child);
  } finally {
    await output.close();
  }
}
