import { rmSync } from 'node:fs';

import { ContainerInUse, InvalidContainerState, SkiffError } from '@skiff/contracts';
import createDebug from 'debug';

import type { EngineContext } from '../engine-context.js';
import { ContainerLocks } from '../state/container-locks.js';
import type { StoredContainer } from '../state/container-store.js';
import { withWriteLock } from '../state/database.js';
import { SqliteLabelReservations } from '../state/sqlite-label-reservations.js';
import { ContainerCleaner } from './container-cleaner.js';
import { ContainerControl, type StopReport } from './container-control.js';
import { containerEvent } from './container-events.js';
import { ContainerPaths } from './container-paths.js';
import { isActive, refreshState } from './container-states.js';

const debug = createDebug('skiff:core:container');

/** RemoveOptions: `force` stops a running container first, waiting `timeout` seconds. */
export interface RemoveOptions {
  force: boolean;
  timeout?: number;
  /** The container has just been cleaned up, so its runtime record and mount are gone. */
  cleanedUp?: boolean;
}

/**
 * ContainerRemover deletes containers: it stops a running one when forced, removes its file
 * system, log and runtime files, then drops the record and its label reservation together.
 */
export class ContainerRemover {
  constructor(private readonly ctx: EngineContext) {}

  async remove(container: StoredContainer, options: RemoveOptions): Promise<StopReport> {
    return new ContainerLocks(this.ctx.db).hold(container.id, async () => {
      this.refuseWithDependents(container);
      const report = await this.stop(container, options);

      try {
        const images = await this.ctx.imageProvider();
        await images.removeRootfs(container.id);
        const paths = new ContainerPaths(this.ctx.environment.root, this.ctx.environment.runroot);
        rmSync(paths.userData(container.id), { recursive: true, force: true });
      } catch (error) {
        throw SkiffError.wrap(`removing file system of container ${container.id}`, error);
      }
      await this.forget(container);
      containerEvent(this.ctx, 'remove', container);
      debug('removed %s', container.id);
      return report;
    });
  }

  // A container whose namespaces others join must outlive them, even with --force.
  private refuseWithDependents(container: StoredContainer): void {
    const joins = `container:${container.id}`;
    const dependents = this.ctx.containers
      .list()
      .filter((c) => c.options.pid === joins || c.options.ipc === joins);
    if (dependents.length === 0) return;
    throw new ContainerInUse(
      `container ${container.id} has dependent containers which must be removed before it: ` +
        `${dependents.map((c) => c.id).join(', ')}: container already exists`,
    );
  }

  private async stop(container: StoredContainer, options: RemoveOptions): Promise<StopReport> {
    if (options.cleanedUp) return { wasRunning: false };
    await refreshState(this.ctx, container);

    if (isActive(container.state)) {
      if (!options.force) {
        throw new InvalidContainerState(
          `cannot remove container ${container.id} as it is ${container.state.status} - ` +
            'running or paused containers cannot be removed without force: ' +
            'container state improper',
        );
      }
      // Removal follows at once, so there is no restart to honour and no `--rm` to run.
      return new ContainerControl(this.ctx).stop(container, options.timeout, { removing: true });
    }

    const cleaner = new ContainerCleaner(this.ctx);
    if (!cleaner.holdsResources(container)) return { wasRunning: false };
    const provider = await this.ctx.runtimeProvider();
    const runtime = await provider.locate(container.runtime).catch(() => undefined);
    if (runtime) await cleaner.release(container, provider, runtime);
    return { wasRunning: false };
  }

  private async forget(container: StoredContainer): Promise<void> {
    const labels = await this.ctx.labelProvider();
    await withWriteLock(this.ctx.db, async () => {
      this.ctx.containers.delete(container.id);
      await labels.release(container.id);
      // Whichever provider is configured now, nothing this container held may outlive it.
      new SqliteLabelReservations(this.ctx.db).release(container.id);
    });
  }
}
