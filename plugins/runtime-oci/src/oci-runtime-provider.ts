import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import {
  EngineEnvironment,
  SkiffError,
  StorageError,
  type RuntimeExitReport,
  type RuntimeInfo,
  type RuntimeProvider,
  type RuntimeRunOptions,
  type RuntimeStateReport,
} from '@skiff/contracts';
import createDebug from 'debug';
import { inject, injectable } from 'tsyringe';

import { RuncCommand } from './runc-command.js';
import { runForeground } from './run-foreground.js';
import { RuntimeFailure } from './runtime-failure.js';
import { RuntimeLocator } from './runtime-locator.js';
import { RuntimeLog } from './runtime-log.js';
import { startDetached } from './start-detached.js';

const debug = createDebug('skiff:runtime-oci:run');

/** The status runc exits with when it, rather than the container, failed. */
const RUNC_FAILED = 1;

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
 * OciRuntimeProvider drives runc (or a runtime with the same command line) directly: one
 * runtime invocation per operation, its state under `<runroot>/runc`, its JSON log in the
 * container's work directory.
 */
@injectable()
export class OciRuntimeProvider implements RuntimeProvider {
  private readonly locator: RuntimeLocator;
  private readonly runc: RuncCommand;

  constructor(@inject(EngineEnvironment) env: EngineEnvironment) {
    this.locator = new RuntimeLocator(env.ociRuntime);
    this.runc = new RuncCommand(join(env.runroot, 'runc'));
  }

  /** locate finds the runtime binary from checks on the file system alone. */
  locate(nameOrPath: string): Promise<RuntimeInfo> {
    return this.locator.locate(nameOrPath);
  }

  /** run runs the container attached to this process, forwarding its signals. */
  async run(options: RuntimeRunOptions): Promise<RuntimeExitReport> {
    const log = await this.markLog(options);
    const args = [...this.runc.globalArgs(log.path), 'run', '--bundle', options.bundle, options.id];

    debug('running %s in the foreground from %s', options.id, options.bundle);
    const exitCode = await this.invoke(options.runtime, () =>
      runForeground(options.runtime.path, args, log, options.interactive ?? false),
    );

    // runc exits 1 when it fails itself, otherwise with the container's status; a container
    // that exits 1 is told apart by the failure runc logs first.
    if (exitCode === RUNC_FAILED) {
      this.throwOnLoggedFailure(options.runtime, log);
    }
    debug('container %s exited with status %d', options.id, exitCode);
    return { exitCode };
  }

  /**
   * start runs the container in the background and returns once the runtime has started it.
   *
   * TODO: detached containers have no exit-code record until conmon monitors them; nothing
   * waits for the container's process once runc has returned.
   */
  async start(options: RuntimeRunOptions): Promise<RuntimeStateReport> {
    const log = await this.markLog(options);
    const verb = ['run', '--detach', '--bundle', options.bundle, options.id];
    const args = [...this.runc.globalArgs(log.path), ...verb];
    // Without a log path the caller asked for the output to be dropped (`--log-driver none`).
    const output = options.logPath ?? '/dev/null';

    debug('starting %s in the background, output to %s', options.id, output);
    const status = await this.invoke(options.runtime, () =>
      startDetached(options.runtime.path, args, output),
    );

    if (status !== 0) {
      this.throwOnLoggedFailure(options.runtime, log);
      throw RuntimeFailure.ofCommand(options.runtime.name, `run --detach exited with ${status}`);
    }
    return this.startedState(options);
  }

  /** state asks the runtime for the container's status and pid. */
  async state(runtime: RuntimeInfo, id: string): Promise<RuntimeStateReport | undefined> {
    const stdout = await this.command(runtime, ['state', id]);
    return stdout === undefined ? undefined : parseState(runtime, stdout);
  }

  /** kill signals every process of the container, not only its first one. */
  async kill(runtime: RuntimeInfo, id: string, signal: string): Promise<void> {
    debug('sending %s to %s', signal, id);
    await this.command(runtime, ['kill', '--all', id, signal], { allowMissing: false });
  }

  /** delete removes the runtime's record; a container it never knew is already deleted. */
  async delete(runtime: RuntimeInfo, id: string, force: boolean): Promise<void> {
    debug('deleting %s%s', id, force ? ' by force' : '');
    const flags = force ? ['--force'] : [];
    await this.command(runtime, ['delete', ...flags, id]);
  }

  private async markLog(options: RuntimeRunOptions): Promise<RuntimeLog> {
    try {
      await mkdir(options.workDir, { recursive: true });
    } catch (error) {
      throw new StorageError(`creating runtime directory ${options.workDir}`, { cause: error });
    }
    return RuntimeLog.mark(join(options.workDir, 'runtime.log'));
  }

  /** invoke turns a failure to launch the runtime (its binary vanished) into OciRuntime. */
  private async invoke<T>(runtime: RuntimeInfo, launch: () => Promise<T>): Promise<T> {
    try {
      return await launch();
    } catch (error) {
      if (SkiffError.is(error)) {
        throw error;
      }
      throw RuntimeFailure.ofCommand(runtime.name, errorText(error), error);
    }
  }

  private throwOnLoggedFailure(runtime: RuntimeInfo, log: RuntimeLog): void {
    const failure = log.lastFailure();
    if (failure !== undefined) {
      debug('%s failed: %s', runtime.name, failure);
      throw RuntimeFailure.ofProcess(runtime.name, failure);
    }
  }

  private async startedState(options: RuntimeRunOptions): Promise<RuntimeStateReport> {
    const state = await this.state(options.runtime, options.id);
    if (state === undefined) {
      const message = `${MISSING} right after it started: ${options.id}`;
      throw RuntimeFailure.ofCommand(options.runtime.name, message);
    }

    debug('container %s is %s with pid %d', options.id, state.status, state.pid);
    return state;
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
    throw RuntimeFailure.ofCommand(runtime.name, `unreadable state: ${errorText(error)}`, error);
  }

  const status = state?.status;
  const pid = state?.pid;
  if (typeof status !== 'string' || !STATUSES.has(status) || typeof pid !== 'number') {
    throw RuntimeFailure.ofCommand(runtime.name, `unexpected state: ${stdout.trim()}`);
  }
  return { status: status as RuntimeStateReport['status'], pid };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
