import { setTimeout as sleep } from 'node:timers/promises';

import { InvalidArgument, InvalidContainerState } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { ContainerLocks } from '../state/container-locks.js';
import type { StoredContainer } from '../state/container-store.js';
import { ContainerCleaner } from './container-cleaner.js';
import { containerEvent } from './container-events.js';
import { ContainerPaths } from './container-paths.js';
import { isActive, refreshState } from './container-states.js';
import { parseSignal, signalName, stopSignalOf } from './signals.js';

const debug = createDebug('skiff:core:container');

/** Podman's `stop_timeout` default, in seconds. */
export const DEFAULT_STOP_TIMEOUT = 10;

/** How long to wait for the exit a SIGKILL brings. */
const KILL_WAIT_MS = 5_000;

/** How often `wait` looks at the container, as Podman's default `--interval`. */
const WAIT_INTERVAL_MS = 250;

/** What `wait` reports for a condition other than the container's exit. */
const NO_EXIT_CODE = -1;

/** WAIT_CONDITIONS are the `--condition` values `wait` accepts, as Podman spells them. */
export const WAIT_CONDITIONS: readonly string[] = [
  'configured',
  'created',
  'exited',
  'paused',
  'running',
  'stopped',
];

/** StopReport says how a stop went; `escalated` means the stop signal was not enough. */
export interface StopReport {
  wasRunning: boolean;
  escalated?: { signal: string; timeout: number };
}

/**
 * ContainerControl acts on running containers: stop (the stop signal, then SIGKILL after the
 * timeout), kill, pause and unpause through the cgroup freezer, and wait for a state.
 */
export class ContainerControl {
  private readonly paths: ContainerPaths;

  constructor(private readonly ctx: EngineContext) {
    this.paths = new ContainerPaths(ctx.environment.root, ctx.environment.runroot);
  }

  /**
   * stop ends a running container and cleans up after it; a stopped one is left alone. With
   * `removing`, the caller removes the container next, so `--rm` is left to it.
   */
  async stop(
    container: StoredContainer,
    timeout?: number,
    { removing = false } = {},
  ): Promise<StopReport> {
    const seconds = timeout ?? container.options.stopTimeout ?? this.defaultTimeout();
    return new ContainerLocks(this.ctx.db).hold(container.id, async () => {
      await this.refresh(container);
      // An exited container's clean-up, and the restart its policy asks for, may still be on
      // the way; recording the stop keeps that restart from happening, as newer Podman does.
      if (container.state.status === 'exited') this.markStopped(container);
      if (!isActive(container.state)) return { wasRunning: false };

      this.markStopped(container);
      const report = await this.signalAndWait(container, seconds);
      containerEvent(this.ctx, 'stop', container);
      await new ContainerCleaner(this.ctx).cleanup(container.id, { keep: removing });
      return report;
    });
  }

  /** kill sends a signal to every process of a running container. */
  async kill(container: StoredContainer, signal: string): Promise<void> {
    const number = parseSignal(signal);
    await this.refresh(container);
    if (!isActive(container.state)) {
      throw new InvalidContainerState(
        `can only kill running containers. ${container.id} is in state ` +
          `${container.state.status}: container state improper`,
      );
    }

    const { provider, runtime } = await this.runtime(container);
    await provider.kill(runtime, container.id, String(number));
    containerEvent(this.ctx, 'kill', container, { signal: signalName(number) });
  }

  async pause(container: StoredContainer): Promise<void> {
    await this.refresh(container);
    if (container.state.status !== 'running') {
      const why =
        container.state.status === 'paused' ? 'is already paused' : "is not running, can't pause";
      throw new InvalidContainerState(`"${container.id}" ${why}: container state improper`);
    }

    const { provider, runtime } = await this.runtime(container);
    await provider.pause(runtime, container.id);
    this.record(container, 'paused');
    containerEvent(this.ctx, 'pause', container);
  }

  async unpause(container: StoredContainer): Promise<void> {
    await this.refresh(container);
    if (container.state.status !== 'paused') {
      throw new InvalidContainerState(
        `"${container.id}" is not paused, can't unpause: container state improper`,
      );
    }

    const { provider, runtime } = await this.runtime(container);
    await provider.resume(runtime, container.id);
    this.record(container, 'running');
    containerEvent(this.ctx, 'unpause', container);
  }

  /**
   * wait resolves with the container's exit code once it is in one of `conditions` (`stopped`
   * and `exited` both mean it has exited). A container removed meanwhile (`--rm`) reports the
   * exit code it was removed with. Any other state reached gives -1, as Podman 4.3 prints.
   */
  async wait(id: string, conditions: readonly string[], signal?: AbortSignal): Promise<number> {
    const wanted = new Set(conditions.length > 0 ? conditions : ['stopped']);
    for (const condition of wanted) {
      if (!WAIT_CONDITIONS.includes(condition)) {
        throw new InvalidArgument(`unknown container state: ${condition}: invalid argument`);
      }
    }

    for (;;) {
      const container = this.ctx.containers.byId(id);
      if (!container) return this.ctx.containers.removedExitCode(id) ?? -1;
      await refreshState(this.ctx, container);
      if (matches(container, wanted)) return reported(container, wanted);
      await sleep(WAIT_INTERVAL_MS, undefined, { signal });
    }
  }

  private async signalAndWait(container: StoredContainer, seconds: number): Promise<StopReport> {
    const { provider, runtime } = await this.runtime(container);
    const signal = stopSignalOf(container.options.stopSignal, imageStopSignal(container));
    const paused = container.state.status === 'paused';

    if (seconds > 0) {
      debug('%s: stopping with signal %d, %d s before SIGKILL', container.id, signal, seconds);
      await provider.kill(runtime, container.id, String(signal)).catch(() => {});
      // A frozen process receives its signal only once thawed.
      if (paused) await provider.resume(runtime, container.id).catch(() => {});
      if (await this.exited(container, seconds * 1000)) return { wasRunning: true };
    }

    await provider.kill(runtime, container.id, 'KILL').catch(() => {});
    if (paused && seconds <= 0) await provider.resume(runtime, container.id).catch(() => {});
    await this.exited(container, KILL_WAIT_MS);
    const escalated = seconds > 0 ? { signal: signalName(signal), timeout: seconds } : undefined;
    return { wasRunning: true, escalated };
  }

  /** exited polls for the monitor's exit file, or its end, for up to `limitMs`. */
  private async exited(container: StoredContainer, limitMs: number): Promise<boolean> {
    const provider = await this.ctx.runtimeProvider();
    const deadline = Date.now() + limitMs;
    for (let pause = 5; Date.now() < deadline; pause = Math.min(pause * 2, 100)) {
      if ((await provider.exitCode(this.paths.exitDir(), container.id)) !== undefined) return true;
      if (!provider.monitorAlive(container.state.monitorPid ?? 0, container.id)) return true;
      await sleep(pause);
    }
    return false;
  }

  private async refresh(container: StoredContainer): Promise<void> {
    Object.assign(container, this.ctx.containers.resolve(container.id));
    await refreshState(this.ctx, container);
  }

  private async runtime(container: StoredContainer) {
    const provider = await this.ctx.runtimeProvider();
    return { provider, runtime: await provider.locate(container.runtime) };
  }

  private markStopped(container: StoredContainer): void {
    container.state = { ...container.state, stoppedByUser: true };
    this.ctx.containers.updateState(container.id, container.state);
  }

  private record(container: StoredContainer, status: 'running' | 'paused'): void {
    container.state = { ...container.state, status };
    this.ctx.containers.updateState(container.id, container.state);
  }

  private defaultTimeout(): number {
    return this.ctx.config.engine.stopTimeout ?? DEFAULT_STOP_TIMEOUT;
  }
}

function matches(container: StoredContainer, wanted: Set<string>): boolean {
  const status = container.state.status;
  if (wanted.has(status)) return true;
  // Waiting for an exit ends at once for a container that is not running, even one never
  // started, as with Podman: it reports the last exit code, 0 for a new container.
  if (waitsForExit(wanted) && !isActive(container.state)) return true;
  return status === 'created' && wanted.has('configured');
}

/** reported is what `wait` prints once `matches` holds: an exit code, or -1 for a state. */
function reported(container: StoredContainer, wanted: Set<string>): number {
  return waitsForExit(wanted) && !isActive(container.state)
    ? container.state.exitCode
    : NO_EXIT_CODE;
}

function waitsForExit(wanted: Set<string>): boolean {
  return wanted.has('stopped') || wanted.has('exited');
}

function imageStopSignal(container: StoredContainer): string | undefined {
  return container.spec.annotations?.['org.opencontainers.image.stopSignal'];
}
