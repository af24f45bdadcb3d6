import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  StorageError,
  type AttachReport,
  type RuntimeExecOptions,
  type RuntimeExecReport,
} from '@skiff/contracts';

import { attachTo } from './attach-client.js';
import { expectPid, type ConmonCommand } from './conmon-command.js';
import type { ConmonProcess } from './conmon-process.js';
import { RuntimeFailure } from './runtime-failure.js';

/**
 * ExecSession runs one process in a running container under its own conmon, as Podman's exec
 * does: the process spec is written to the session's directory, and when attached, the caller
 * connects to the session's socket before conmon runs `runc exec`, so no output is missed.
 * conmon reports the process's pid, then its exit code, on the sync pipe.
 */
export class ExecSession {
  constructor(
    private readonly conmon: ConmonCommand,
    private readonly options: RuntimeExecOptions,
  ) {}

  async run(): Promise<RuntimeExecReport> {
    const { options } = this;
    const specPath = this.writeSpec();
    const attached = options.streams !== undefined;
    const conmon = this.conmon.launch(
      {
        runtime: options.runtime,
        id: options.id,
        sessionId: options.sessionId,
        dir: options.workDir,
        // A separate exit directory: conmon names the file after the container, not the session.
        exitDir: join(options.workDir, 'exits'),
        terminal: options.process.terminal === true,
        stdin: options.stdin,
        extra: [
          ...['-e', '--exec-process-spec', specPath, '-l', 'none'],
          ...(attached ? ['--exec-attach'] : []),
        ],
      },
      attached,
    );

    try {
      await conmon.launched();
      conmon.go();
      return await (attached ? this.attached(conmon) : this.detached(conmon));
    } finally {
      conmon.release();
    }
  }

  private async detached(conmon: ConmonProcess): Promise<RuntimeExecReport> {
    const pid = expectPid(this.options.runtime, conmon, await conmon.next());
    return { pid, detached: true };
  }

  private async attached(conmon: ConmonProcess): Promise<RuntimeExecReport> {
    const streams = this.options.streams;
    if (!streams) throw new StorageError('an attached exec session needs streams');

    await conmon.attachReady();
    const session = await attachTo(this.options.workDir, streams);
    conmon.go();

    let pid: number;
    try {
      pid = expectPid(this.options.runtime, conmon, await conmon.next());
    } catch (error) {
      session.close();
      throw error;
    }

    // The exit code may arrive before the last output does: wait for both, unless the user
    // detached, which leaves the process running.
    const exit = conmon.next();
    const report: AttachReport = await session.done;
    if (report.detached) return { pid, detached: true };
    return { pid, exitCode: exitCodeOf(this.options, await exit) };
  }

  private writeSpec(): string {
    const path = join(this.options.workDir, 'process.json');
    try {
      mkdirSync(this.options.workDir, { recursive: true, mode: 0o700 });
      writeFileSync(path, JSON.stringify(this.options.process), { mode: 0o600 });
    } catch (error) {
      throw new StorageError(`writing exec process spec ${path}`, { cause: error });
    }
    return path;
  }
}

function exitCodeOf(
  options: RuntimeExecOptions,
  message: { data: number; message?: string } | undefined,
): number {
  if (message === undefined || message.data < 0) {
    const reason = message?.message ?? 'conmon ended without an exit code';
    throw RuntimeFailure.ofCommand(options.runtime.name, reason);
  }
  return message.data;
}
