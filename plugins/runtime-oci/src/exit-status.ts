import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

/**
 * exitStatus resolves with how a child process ended, in the shell's convention: its exit code,
 * or `128 + signo` when a signal killed it. It rejects when the process could not be started.
 */
export function exitStatus(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
