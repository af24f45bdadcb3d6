import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  EngineEnvironment,
  type AttachSession,
  type AttachStreams,
  type RuntimeCreateOptions,
  type RuntimeCreateReport,
  type RuntimeExecOptions,
  type RuntimeExecReport,
  type RuntimeInfo,
  type RuntimeProvider,
  type RuntimeStateReport,
} from '@skiff/contracts';
import createDebug from 'debug';
import { inject, injectable } from 'tsyringe';

import { attachTo } from './attach-client.js';
import { ConmonCommand } from './conmon-command.js';
import { ExecSession } from './exec-session.js';
import { RuncCommand } from './runc-command.js';
import { RuntimeFailure } from './runtime-failure.js';
import { RuntimeLocator } from './runtime-locator.js';

const debug = createDebug('skiff:runtime-oci:run');

/** runc's words when it keeps no record of the container asked about. */
const MISSING = 'container does not exist';

const STATUSES: ReadonlySet<string> = new Set([
  'creating',
  'created',
  'running',
  'paused',
  'stopped',
]);

/**
 * OciRuntimeProvider drives runc (or a runtime with the same command line) under conmon: each
 * container gets a conmon that creates it, keeps its stdio and log, records its exit code and
 * runs the exit command, so that no Skiff process has to stay. Short operations (start, kill,
 * state, delete) are one runtime invocation each, with the runtime's state under
 * `<runroot>/runc`.
 */
@injectable()
export class OciRuntimeProvider implements RuntimeProvider {
  private readonly locator: RuntimeLocator;
  private readonly runc: RuncCommand;
  private readonly conmon: ConmonCommand;
  private readonly rootless: boolean;

  constructor(@inject(EngineEnvironment) env: EngineEnvironment) {
    this.rootless = env.rootless;
    this.locator = new RuntimeLocator(env.ociRuntime);
    this.runc = new RuncCommand(join(env.runroot, 'runc'));
    this.conmon = new ConmonCommand(env.conmonPaths, join(env.runroot, 'socket'), this.runc);
  }

  /** locate finds the runtime binary from checks on the file system alone. */
  locate(nameOrPath: string): Promise<RuntimeInfo> {
    return this.locator.locate(nameOrPath);
  }

  /** create launches conmon, which creates the container and stays to watch it. */
  create(options: RuntimeCreateOptions): Promise<RuntimeCreateReport> {
    return this.conmon.create(options);
  }

  attach(bundle: string, streams: AttachStreams): Promise<AttachSession> {
    return attachTo(bundle, streams);
  }

  async start(runtime: RuntimeInfo, id: string): Promise<void> {
    debug('starting %s', id);
    await this.command(runtime, ['start', id], { allowMissing: false });
  }

  async exitCode(exitDir: string, id: string): Promise<number | undefined> {
    try {
      const text = await readFile(join(exitDir, id), 'utf8');
      const code = Number.parseInt(text.trim(), 10);
      return Number.isNaN(code) ? undefined : code;
    } catch {
      return undefined;
    }
  }

  /**
   * monitorAlive checks /proc rather than signalling: after a reboot the pid may belong to
   * another process, so it must be a conmon watching this container.
   */
  monitorAlive(monitorPid: number, id: string): boolean {
    if (monitorPid <= 0) return false;
    try {
      const argv = readFileSync(`/proc/${monitorPid}/cmdline`, 'utf8').split('\0');
      return (argv[0] ?? '').endsWith('conmon') && argv.includes(id);
    } catch {
      return false;
    }
  }

  /** state asks the runtime for the container's status and pid. */
  async state(runtime: RuntimeInfo, id: string): Promise<RuntimeStateReport | undefined> {
    const stdout = await this.command(runtime, ['state', id]);
    return stdout === undefined ? undefined : parseState(runtime, stdout);
  }

  /**
   * kill signals every process of the container, not only its first one. runc finds them in
   * the container's cgroup, and a rootless container has none: there runc would signal no
   * process at all, so only the first is signalled, which ends its whole PID namespace when
   * the signal is fatal.
   */
  async kill(runtime: RuntimeInfo, id: string, signal: string): Promise<void> {
    debug('sending %s to %s', signal, id);
    const args = this.rootless ? ['kill', id, signal] : ['kill', '--all', id, signal];
    await this.command(runtime, args, { allowMissing: false });
  }

  async pause(runtime: RuntimeInfo, id: string): Promise<void> {
    await this.command(runtime, ['pause', id], { allowMissing: false });
  }

  async resume(runtime: RuntimeInfo, id: string): Promise<void> {
    await this.command(runtime, ['resume', id], { allowMissing: false });
  }

  async processes(runtime: RuntimeInfo, id: string): Promise<number[]> {
    const stdout = await this.command(runtime, ['ps', '--format', 'json', id], {
      allowMissing: false,
    });
    const pids: unknown = JSON.parse(stdout ?? '[]');
    return Array.isArray(pids) ? pids.filter((pid): pid is number => typeof pid === 'number') : [];
  }

  exec(options: RuntimeExecOptions): Promise<RuntimeExecReport> {
    return new ExecSession(this.conmon, options).run();
  }

  /** delete removes the runtime's record; a container it never knew is already deleted. */
  async delete(runtime: RuntimeInfo, id: string, force: boolean): Promise<void> {
    debug('deleting %s%s', id, force ? ' by force' : '');
    const flags = force ? ['--force'] : [];
    await this.command(runtime, ['delete', ...flags, id]);
  }

  /**
   * command runs a short runtime command and returns its output; undefined means the runtime
   * knows no such container, unless that is to be an error too.
   */
  private async command(
    runtime: RuntimeInfo,
    args: string[],
    { allowMissing } = { allowMissing: true },
  ): Promise<string | undefined> {
    const outcome = await this.runc.exec(runtime, args);
    if (outcome.failure === undefined) {
      return outcome.stdout;
    }

    if (allowMissing && outcome.failure.includes(MISSING)) {
      return undefined;
    }
    throw RuntimeFailure.ofCommand(runtime.name, outcome.failure);
  }
}

function parseState(runtime: RuntimeInfo, stdout: string): RuntimeStateReport {
  let state: { status?: unknown; pid?: unknown } | null;
  try {
    state = JSON.parse(stdout) as typeof state;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw RuntimeFailure.ofCommand(runtime.name, `unreadable state: ${text}`, error);
  }

  const status = state?.status;
  const pid = state?.pid;
  if (typeof status !== 'string' || !STATUSES.has(status) || typeof pid !== 'number') {
    throw RuntimeFailure.ofCommand(runtime.name, `unexpected state: ${stdout.trim()}`);
  }
  return { status: status as RuntimeStateReport['status'], pid };
}
