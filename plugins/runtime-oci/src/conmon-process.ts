import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

import { OciRuntime } from '@skiff/contracts';
import createDebug from 'debug';

const debug = createDebug('skiff:runtime-oci:conmon');

/** The descriptors conmon finds its pipes on, named to it by environment variables. */
const SYNC_FD = 3;
const START_FD = 4;
const ATTACH_FD = 5;

/** SyncMessage is one line conmon writes to its sync pipe: a pid, an exit code, or -1. */
export interface SyncMessage {
  data: number;
  message?: string;
}

/**
 * ConmonProcess is one launched conmon (API version 1) and the pipes it talks through: it
 * waits on the start pipe before creating the container or exec session, reports the pid (or
 * a failure) on the sync pipe, and for an attached exec says on the attach pipe when its
 * socket is ready.
 *
 * conmon forks and detaches at once, so the process spawned here exits early; the pipes stay
 * open in the daemon it leaves behind.
 */
export class ConmonProcess {
  private readonly messages: SyncMessage[] = [];
  private readonly waiters: ((message: SyncMessage | undefined) => void)[] = [];
  private ended = false;
  private buffered = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly logPath: string,
  ) {
    // conmon may die before reading or writing a pipe; that shows as a missing sync message.
    for (const pipe of child.stdio.slice(SYNC_FD)) pipe?.on('error', () => {});
    const sync = child.stdio[SYNC_FD] as Readable;
    sync.setEncoding('utf8');
    sync.on('data', (text: string) => this.receive(text));
    sync.on('close', () => this.end());
  }

  /**
   * launch starts conmon with `args`; its own stdout and stderr are appended to `logPath`,
   * never to a pipe, because the daemon outlives this process and must not die writing to it.
   */
  static launch(path: string, args: string[], workDir: string, attachPipe = false): ConmonProcess {
    const logPath = join(workDir, 'conmon.log');
    const log = openSync(logPath, 'a');
    const pipes: ('pipe' | 'ignore' | number)[] = ['ignore', log, log, 'pipe', 'pipe'];
    if (attachPipe) pipes.push('pipe');

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      _OCI_SYNCPIPE: String(SYNC_FD),
      _OCI_STARTPIPE: String(START_FD),
    };
    if (attachPipe) env._OCI_ATTACHPIPE = String(ATTACH_FD);

    debug('%s %s', path, args.join(' '));
    try {
      // A session of its own keeps the caller's terminal and its signals away from conmon.
      const child = spawn(path, args, { stdio: pipes, env, cwd: workDir, detached: true });
      return new ConmonProcess(child, logPath);
    } finally {
      closeSync(log);
    }
  }

  /** launched settles once conmon has been executed, or rejects when it could not be. */
  launched(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.child.once('spawn', resolve);
      this.child.once('error', reject);
    });
  }

  /** go writes to the start pipe: conmon proceeds to its next step. */
  go(): void {
    const start = this.child.stdio[START_FD] as Writable;
    if (!start.destroyed) start.write('0');
  }

  /** attachReady settles once conmon has bound the exec session's attach socket. */
  attachReady(): Promise<void> {
    const pipe = (this.child.stdio as unknown as Readable[])[ATTACH_FD];
    return new Promise((resolve, reject) => {
      pipe.once('data', () => resolve());
      pipe.once('close', () => {
        const words = this.diagnostics();
        const reason = `conmon ended before its attach socket was ready${words ? `: ${words}` : ''}`;
        reject(new OciRuntime(reason, words));
      });
    });
  }

  /** next returns the next sync message, or undefined when conmon closed the pipe. */
  next(): Promise<SyncMessage | undefined> {
    const message = this.messages.shift();
    if (message !== undefined || this.ended) return Promise.resolve(message);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** diagnostics returns what conmon printed about itself, for an error message. */
  diagnostics(): string {
    try {
      return readFileSync(this.logPath, 'utf8').trim();
    } catch {
      return '';
    }
  }

  /** release closes this side of the pipes, leaving conmon to run on its own. */
  release(): void {
    for (const stream of this.child.stdio.slice(SYNC_FD)) stream?.destroy();
    this.child.unref();
  }

  private receive(text: string): void {
    this.buffered += text;
    let newline = this.buffered.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffered.slice(0, newline).trim();
      this.buffered = this.buffered.slice(newline + 1);
      if (line !== '') this.deliver(parseSync(line));
      newline = this.buffered.indexOf('\n');
    }
  }

  private deliver(message: SyncMessage): void {
    debug('sync message %o', message);
    const waiter = this.waiters.shift();
    if (waiter) waiter(message);
    else this.messages.push(message);
  }

  private end(): void {
    this.ended = true;
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }
}

function parseSync(line: string): SyncMessage {
  try {
    const parsed = JSON.parse(line) as { data?: unknown; message?: unknown };
    if (typeof parsed.data === 'number') {
      const message = typeof parsed.message === 'string' ? parsed.message : undefined;
      return { data: parsed.data, message };
    }
  } catch {
    // An unreadable line is reported as a failure with its text below.
  }
  return { data: -1, message: `unexpected message from conmon: ${line}` };
}
