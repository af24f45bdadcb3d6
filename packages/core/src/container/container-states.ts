import type { ContainerState, RuntimeProvider } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import type { StoredContainer } from '../state/container-store.js';
import { ContainerPaths } from './container-paths.js';

const debug = createDebug('skiff:core:container');

/** The exit code recorded when a container ended unobserved and nothing knows how. */
export const UNKNOWN_EXIT_CODE = -1;

/** SIGKILL's status, for a container the engine had to kill itself. */
const KILLED_EXIT_CODE = 137;

/** isActive says whether a state is one in which the container has processes. */
export function isActive(state: ContainerState): boolean {
  return state.status === 'running' || state.status === 'paused';
}

/**
 * refreshState corrects a record that says running or paused once the container has ended:
 * the engine has no daemon, so containers end while no Skiff process watches. The monitor's
 * exit file gives the exit code. A container whose monitor is gone without one (conmon was
 * killed, or the host rebooted and emptied the runroot) has no log, no exit code and no
 * clean-up coming, so it is killed if anything of it remains and recorded as exited.
 *
 * Only records are changed here; releasing the container's mount and runtime record is
 * the cleaner's job.
 */
export async function refreshState(ctx: EngineContext, container: StoredContainer): Promise<void> {
  if (!isActive(container.state)) return;

  const provider = await ctx.runtimeProvider();
  const paths = new ContainerPaths(ctx.environment.root, ctx.environment.runroot);
  const exitCode = await provider.exitCode(paths.exitDir(), container.id);
  if (exitCode !== undefined) {
    recordExit(ctx, container, exitCode);
    return;
  }

  if (provider.monitorAlive(container.state.monitorPid ?? 0, container.id)) return;
  debug('%s: its monitor is gone without an exit code', container.id);
  recordExit(ctx, container, await killOrphan(provider, container));
}

/** recordExit writes an exited state with `exitCode`, keeping the restart bookkeeping. */
export function recordExit(ctx: EngineContext, container: StoredContainer, exitCode: number) {
  const ended: ContainerState = {
    ...container.state,
    status: 'exited',
    exitCode,
    pid: 0,
    monitorPid: 0,
    finishedAt: new Date().toISOString(),
  };
  container.state = ended;
  ctx.containers.updateState(container.id, ended);
}

async function killOrphan(provider: RuntimeProvider, container: StoredContainer): Promise<number> {
  const runtime = await provider.locate(container.runtime).catch(() => undefined);
  const state = runtime
    ? await provider.state(runtime, container.id).catch(() => undefined)
    : undefined;
  if (!runtime || !state || state.status === 'stopped') return UNKNOWN_EXIT_CODE;

  await provider.kill(runtime, container.id, 'KILL').catch(() => {});
  if (state.status === 'paused') await provider.resume(runtime, container.id).catch(() => {});
  return KILLED_EXIT_CODE;
}
