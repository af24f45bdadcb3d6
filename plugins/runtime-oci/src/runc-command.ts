import { execFile } from 'node:child_process';

import type { RuntimeInfo } from '@skiff/contracts';
import createDebug from 'debug';

import { RuntimeLog } from './runtime-log.js';

const debug = createDebug('skiff:runtime-oci:command');

/** Short operations answer in milliseconds; one that takes this long is stuck. */
const TIMEOUT_MS = 30_000;

/** RuncOutcome is what a short runtime command printed, or the reason it failed. */
export interface RuncOutcome {
  stdout: string;
  /** The runtime's own message when it exited unsuccessfully. */
  failure?: string;
}

/**
 * RuncCommand builds runc command lines for one state directory and runs the short ones
 * (`state`, `kill`, `delete`) to completion. It never uses a shell.
 */
export class RuncCommand {
  constructor(private readonly stateRoot: string) {}

  /** globalArgs are the options placed before the verb; `logPath` adds a JSON log file. */
  globalArgs(logPath?: string): string[] {
    const log = logPath === undefined ? [] : ['--log', logPath];
    return ['--root', this.stateRoot, ...log, '--log-format', 'json'];
  }

  /** exec runs `runtime <global options> <args>` and reports its output or its failure. */
  exec(runtime: RuntimeInfo, args: string[]): Promise<RuncOutcome> {
    const argv = [...this.globalArgs(), ...args];
    debug('%s %s', runtime.path, argv.join(' '));

    return new Promise((resolve) => {
      const options = {
        timeout: TIMEOUT_MS,
        killSignal: 'SIGKILL' as const,
        encoding: 'utf8' as const,
      };
      execFile(runtime.path, argv, options, (error, stdout, stderr) => {
        if (error === null) {
          resolve({ stdout });
          return;
        }
        resolve({ stdout, failure: describeFailure(args[0], error, stderr) });
      });
    });
  }
}

type ExecFailure = Error & { killed?: boolean; code?: number | string | null };

function describeFailure(verb: string | undefined, error: ExecFailure, stderr: string): string {
  if (error.killed) {
    return `${verb} did not finish within ${TIMEOUT_MS / 1000}s`;
  }
  // With `--log-format json` and no `--log`, runc writes its log entries to stderr.
  return RuntimeLog.lastFailureIn(stderr) ?? (stderr.trim() || error.message);
}
