import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { RuntimeInfo, RuntimeProvider } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { ContainerLocks } from '../state/container-locks.js';
import type { StoredContainer } from '../state/container-store.js';
import { containerEvent } from './container-events.js';
import { ContainerPaths } from './container-paths.js';
import { ContainerRemover } from './container-remover.js';
import { ContainerRunner } from './container-runner.js';
import { isActive, refreshState } from './container-states.js';
import { parseRestartPolicy, shouldRestart } from './restart-policy.js';

const debug = createDebug('skiff:core:container');

/** CleanupOptions: `keep` leaves the container in place, neither removed nor restarted. */
export interface CleanupOptions {
  /** The caller is about to remove the container itself. */
  keep?: boolean;
}

/**
 * ContainerCleaner does what follows a container's exit: record the exit code, delete the
 * runtime's record, unmount the file system and drop the bundle, then remove the container
 * (`--rm`) or restart it as its policy says. It runs from the monitor's exit command with no
 * Skiff process left, from an attached run, and before any later start; whichever comes
 * first does the work, under the container's lock, and the others find nothing to do.
 */
export class ContainerCleaner {
  private readonly paths: ContainerPaths;

  constructor(private readonly ctx: EngineContext) {
    this.paths = new ContainerPaths(ctx.environment.root, ctx.environment.runroot);
  }

  async cleanup(id: string, options: CleanupOptions = {}): Promise<void> {
    // The restart happens under the same lock as the decision, so that a `stop` arriving in
    // between waits for it and stops the restarted container, instead of finding it exited.
    await new ContainerLocks(this.ctx.db).hold(id, async () => {
      const restart = await this.cleanupLocked(id, options);
      if (restart) await this.restart(restart);
    });
  }

  /**
   * holdsResources says whether a container may still hold a mount, a runtime record or a
   * bundle: one that was never started holds none, so there is nothing to ask runc about.
   */
  holdsResources(container: StoredContainer): boolean {
    return container.state.status !== 'created' || existsSync(this.paths.bundle(container.id));
  }

  /** release frees what a started container holds; each step tolerates it being gone. */
  async release(
    container: StoredContainer,
    provider: RuntimeProvider,
    runtime: RuntimeInfo,
    { killFirst = false } = {},
  ): Promise<void> {
    if (killFirst) await provider.kill(runtime, container.id, 'KILL').catch(() => {});
    await provider.delete(runtime, container.id, true);
    const images = await this.ctx.imageProvider();
    await images.unmountRootfs(container.id);
    rmSync(this.paths.bundle(container.id), { recursive: true, force: true });
    rmSync(join(this.paths.exitDir(), container.id), { force: true });
  }

  /** cleanupLocked returns the container when its restart policy asks for another start. */
  private async cleanupLocked(
    id: string,
    options: CleanupOptions,
  ): Promise<StoredContainer | undefined> {
    const container = this.ctx.containers.byId(id);
    if (!container) return undefined;

    await refreshState(this.ctx, container);
    if (isActive(container.state)) return undefined;
    // Only the first clean-up after an exit finds the bundle; later ones change nothing.
    const first = existsSync(this.paths.bundle(id));
    if (first) await this.releaseExited(container);
    if (options.keep) return undefined;

    if (container.options.autoRemove) {
      await new ContainerRemover(this.ctx).remove(container, { force: true, cleanedUp: true });
      return undefined;
    }
    return first && this.restartWanted(container) ? container : undefined;
  }

  private async releaseExited(container: StoredContainer): Promise<void> {
    const provider = await this.ctx.runtimeProvider();
    const runtime = await provider.locate(container.runtime);
    containerEvent(this.ctx, 'died', container, { containerExitCode: container.state.exitCode });
    await this.release(container, provider, runtime);
    containerEvent(this.ctx, 'cleanup', container);
    debug('%s: cleaned up after exit %d', container.id, container.state.exitCode);
  }

  private restartWanted(container: StoredContainer): boolean {
    const policy = parseRestartPolicy(container.options.restart);
    return shouldRestart(policy, {
      exitCode: container.state.exitCode,
      restartCount: container.state.restartCount ?? 0,
      stoppedByUser: container.state.stoppedByUser ?? false,
    });
  }

  private async restart(container: StoredContainer): Promise<void> {
    const restartCount = (container.state.restartCount ?? 0) + 1;
    debug('%s: restarting by policy (restart %d)', container.id, restartCount);
    containerEvent(this.ctx, 'restart', container);
    await new ContainerRunner(this.ctx).start(container, { restartCount });
  }
}
