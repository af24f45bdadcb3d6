import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  RuntimeNotFound,
  StorageError,
  type RuntimeCreateOptions,
  type RuntimeCreateReport,
  type RuntimeInfo,
} from '@skiff/contracts';
import createDebug from 'debug';

import { ConmonProcess, type SyncMessage } from './conmon-process.js';
import type { RuncCommand } from './runc-command.js';
import { RuntimeFailure } from './runtime-failure.js';

const debug = createDebug('skiff:runtime-oci:conmon');

/** ConmonSessionOptions are what every conmon invocation, container or exec, is given. */
export interface ConmonSessionOptions {
  runtime: RuntimeInfo;
  id: string;
  /** conmon's name for the session: the container id, or the exec session's id. */
  sessionId: string;
  /** conmon's `--bundle`: where it keeps the attach socket, FIFOs and pid files. */
  dir: string;
  exitDir: string;
  terminal: boolean;
  stdin: boolean;
  extra: string[];
}

/**
 * ConmonCommand finds the conmon binary and builds its command lines: the runtime and its
 * global options, the session's files, and for containers the log and the exit command.
 */
export class ConmonCommand {
  private path?: string;

  constructor(
    private readonly candidates: readonly string[],
    private readonly socketDir: string,
    private readonly runc: RuncCommand,
  ) {}

  /** create launches conmon for a container and resolves once the runtime has created it. */
  async create(options: RuntimeCreateOptions): Promise<RuntimeCreateReport> {
    const extra = ['-n', options.name, '-l', `${options.logDriver}:${options.logPath}`];
    if (options.logSizeMax >= 0) extra.push('--log-size-max', String(options.logSizeMax));
    extra.push('-P', join(options.bundle, 'conmon.pid'));
    extra.push(...exitCommandArgs(options.exitCommand));

    const conmon = this.launch({
      runtime: options.runtime,
      id: options.id,
      sessionId: options.id,
      dir: options.bundle,
      exitDir: options.exitDir,
      terminal: options.terminal,
      // As Podman does, a terminal goes without conmon's -i: with it, conmon closes the
      // terminal's input once the first client detaches, and no later attach can type.
      stdin: options.stdin && !options.terminal,
      extra,
    });
    try {
      await conmon.launched();
      conmon.go();
      const pid = expectPid(options.runtime, conmon, await conmon.next());
      return { pid, monitorPid: readPid(join(options.bundle, 'conmon.pid')) };
    } finally {
      conmon.release();
    }
  }

  /** launch starts conmon for one session with the arguments every session shares. */
  launch(session: ConmonSessionOptions, attachPipe = false): ConmonProcess {
    const path = this.locate();
    mkdirSync(session.exitDir, { recursive: true, mode: 0o700 });
    mkdirSync(this.socketDir, { recursive: true, mode: 0o700 });

    const args = [
      '--api-version',
      '1',
      '-c',
      session.id,
      '-u',
      session.sessionId,
      '-r',
      session.runtime.path,
      '-b',
      session.dir,
      '-p',
      join(session.dir, 'pidfile'),
      '--exit-dir',
      session.exitDir,
      '--socket-dir-path',
      this.socketDir,
      ...this.runtimeArgs(session.dir),
      ...(session.terminal ? ['-t'] : []),
      ...(session.stdin ? ['-i'] : []),
      ...session.extra,
    ];
    return ConmonProcess.launch(path, args, session.dir, attachPipe);
  }

  /** runtimeArgs are runc's global options, with its JSON log in the session's directory. */
  private runtimeArgs(dir: string): string[] {
    const global = this.runc.globalArgs(join(dir, 'runtime.log'));
    return global.flatMap((arg) => ['--runtime-arg', arg]);
  }

  private locate(): string {
    this.path ??= this.candidates.find((candidate) => isExecutable(candidate));
    if (this.path === undefined) {
      throw new RuntimeNotFound(
        `could not find a working conmon binary (configured options: ` +
          `[${this.candidates.join(' ')}]): invalid argument`,
      );
    }
    debug('using %s', this.path);
    return this.path;
  }
}

/**
 * expectPid turns conmon's first sync message into the new process's pid, or into the error
 * the runtime reported: conmon sends -1 and the runtime's words when creation failed. No message
 * at all means conmon itself gave up before running the runtime.
 */
export function expectPid(
  runtime: RuntimeInfo,
  conmon: ConmonProcess,
  message: SyncMessage | undefined,
): number {
  if (message !== undefined && message.data > 0) return message.data;

  if (message === undefined) {
    // Its words ("Failed to open log file No such file or directory") say nothing about the
    // container's command, so they must not be read as a missing executable.
    const reason = `conmon failed: ${conmon.diagnostics() || 'it exited without a message'}`;
    debug('%s', reason);
    throw RuntimeFailure.ofCommand(runtime.name, reason);
  }

  const reason = message.message?.trim() || conmon.diagnostics() || 'no reason given';
  debug('%s failed: %s', runtime.name, reason);
  throw RuntimeFailure.ofProcess(runtime.name, reason);
}

function exitCommandArgs(exitCommand: string[] | undefined): string[] {
  if (!exitCommand || exitCommand.length === 0) return [];
  const [command, ...args] = exitCommand;
  return ['--exit-command', command, ...args.flatMap((arg) => ['--exit-command-arg', arg])];
}

function readPid(path: string): number {
  try {
    return Number.parseInt(readFileSync(path, 'utf8').trim(), 10) || 0;
  } catch (error) {
    throw new StorageError(`reading conmon pid file ${path}`, { cause: error });
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
